/**
 * The variables and connections a DAG test hands its tasks, as the first of
 * the secrets backends: tasks read them with `ctx.variables.get` and
 * `ctx.connections.get` exactly as they read production values. What is not
 * given falls through to `UPDRAFT_VAR_*` / `UPDRAFT_CONN_*`, then to the test's
 * own throwaway database (where `setDefault` writes), as in production.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import { connectionFromValue } from '../secrets/connection-value.js';
import { EnvironmentBackend } from '../secrets/environment-backend.js';
import { MetastoreBackend, type MetastoreReader } from '../secrets/metastore-backend.js';
import { contentsOf, type BackendContents, type SecretConnection, type SecretsBackend, type SecretVariable } from '../secrets/secrets-backend.js';
import { SecretsChain } from '../secrets/secrets-chain.js';
import { isSensitiveName } from '../secrets/sensitive-names.js';

/** A variable's value: a string as is, anything else stored as its JSON (read it with `ctx.variables.getJson`). */
export type GivenVariables = Readonly<Record<string, JsonValue>>;

/** A connection as Airflow's `Connection` fields (the JSON form `UPDRAFT_CONN_<ID>` takes). */
export interface ConnectionFields {
  readonly conn_type: string;
  readonly description?: string;
  readonly host?: string;
  readonly login?: string;
  readonly password?: string;
  readonly schema?: string;
  readonly port?: number | string;
  /** JSON text, or give `extra_dejson` as an object. */
  readonly extra?: string;
  readonly extra_dejson?: JsonObject;
}

/** By connection id: a URI (`postgres://user:pass@host:5432/db`) or its fields. */
export type GivenConnections = Readonly<Record<string, string | ConnectionFields>>;

class GivenSecretsBackend implements SecretsBackend {
  readonly name = 'test';
  private readonly connections: ReadonlyMap<string, SecretConnection>;

  constructor(
    private readonly variables: GivenVariables,
    connections: GivenConnections,
  ) {
    // Parsed up front, so a bad URI fails the test at once and names the connection.
    this.connections = new Map(Object.entries(connections).map(([id, value]) => [id, connectionFromValue(id, value, 'the `connections` test option')]));
  }

  async getConnection(connId: string): Promise<SecretConnection | null> {
    return this.connections.get(connId) ?? null;
  }

  async getVariable(key: string): Promise<SecretVariable | null> {
    if (!Object.hasOwn(this.variables, key)) return null;
    const value = this.variables[key] as JsonValue;
    return { value: typeof value === 'string' ? value : JSON.stringify(value), secret: isSensitiveName(key) };
  }

  async contents(): Promise<BackendContents> {
    return contentsOf(this, this.connections.keys(), Object.keys(this.variables));
  }
}

export function testSecretsChain(store: MetastoreReader, variables: GivenVariables = {}, connections: GivenConnections = {}): SecretsChain {
  return new SecretsChain([new GivenSecretsBackend(variables, connections), new EnvironmentBackend(process.env), new MetastoreBackend(store)]);
}
