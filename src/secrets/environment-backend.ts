/**
 * Connections and variables from the environment, as Airflow's
 * EnvironmentVariablesBackend: `UPDRAFT_CONN_<CONN_ID>` holds a URI or a JSON
 * object of fields, `UPDRAFT_VAR_<KEY>` a variable's value (ids upper-cased).
 */
import { connectionFromValue, ConnectionValueError } from './connection-value.js';
import { contentsOf, type BackendContents, type SecretConnection, type SecretsBackend, type SecretVariable } from './secrets-backend.js';
import { isSensitiveName } from './sensitive-names.js';

export const CONN_ENV_PREFIX = 'UPDRAFT_CONN_';
export const VAR_ENV_PREFIX = 'UPDRAFT_VAR_';

export type EnvSource = Readonly<Record<string, string | undefined>>;

export class EnvironmentBackend implements SecretsBackend {
  readonly name = 'environment';

  constructor(private readonly env: EnvSource) {}

  async getConnection(connId: string): Promise<SecretConnection | null> {
    const name = CONN_ENV_PREFIX + connId.toUpperCase();
    const raw = this.env[name]?.trim();
    if (!raw) return null;
    if (!raw.startsWith('{')) return connectionFromValue(connId, raw, `the environment variable ${name}`);
    let fields: unknown;
    try {
      fields = JSON.parse(raw);
    } catch (error) {
      throw new ConnectionValueError(`connection '${connId}' in the environment variable ${name}: not valid JSON (${(error as Error).message}); give a URI or a JSON object of fields`);
    }
    return connectionFromValue(connId, fields, `the environment variable ${name}`);
  }

  async getVariable(key: string): Promise<SecretVariable | null> {
    const value = this.env[VAR_ENV_PREFIX + key.toUpperCase()];
    return value === undefined ? null : { value, secret: isSensitiveName(key) };
  }

  async contents(): Promise<BackendContents> {
    const names = Object.keys(this.env);
    const suffixes = (prefix: string) => names.filter((n) => n.startsWith(prefix) && n.length > prefix.length).map((n) => n.slice(prefix.length).toLowerCase());
    return contentsOf(this, suffixes(CONN_ENV_PREFIX), suffixes(VAR_ENV_PREFIX));
  }
}
