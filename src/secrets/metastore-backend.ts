/**
 * Connections and variables kept in the metadata database (Airflow's
 * MetastoreBackend), read through the store's repositories, which decrypt.
 * Typed structurally so this module needs nothing from the store.
 */
import type { BackendContents, SecretConnection, SecretsBackend, SecretVariable } from './secrets-backend.js';
import { isSensitiveName } from './sensitive-names.js';

type StoredVariable = { readonly key: string; readonly value: string; readonly isSecret: boolean };

export interface MetastoreReader {
  readonly connections: {
    get(connId: string): Promise<SecretConnection | null>;
    list(): Promise<{ readonly items: readonly SecretConnection[] }>;
  };
  readonly variables: {
    get(key: string): Promise<StoredVariable | null>;
    list(): Promise<{ readonly items: readonly StoredVariable[] }>;
  };
}

export class MetastoreBackend implements SecretsBackend {
  readonly name = 'metastore';

  constructor(private readonly store: MetastoreReader) {}

  async getConnection(connId: string): Promise<SecretConnection | null> {
    const c = await this.store.connections.get(connId);
    return c && fieldsOf(c);
  }

  async getVariable(key: string): Promise<SecretVariable | null> {
    const v = await this.store.variables.get(key);
    return v && variableOf(v);
  }

  /** Every row, decrypted: a value no key decrypts fails this (the key is wrong for all of them, as a rule). */
  async contents(): Promise<BackendContents> {
    return {
      connections: (await this.store.connections.list()).items.map(fieldsOf),
      variables: (await this.store.variables.list()).items.map((v) => ({ key: v.key, ...variableOf(v) })),
    };
  }
}

/** Only the fields: the store's row carries flags a task has no use for. */
function fieldsOf(c: SecretConnection): SecretConnection {
  return { connId: c.connId, connType: c.connType, description: c.description, host: c.host, schema: c.schema, login: c.login, password: c.password, port: c.port, extra: c.extra };
}

function variableOf(v: StoredVariable): SecretVariable {
  return { value: v.value, secret: v.isSecret || isSensitiveName(v.key) };
}
