/**
 * Connections and variables kept in the metadata database (Airflow's
 * MetastoreBackend), read through the store's repositories, which decrypt.
 * Typed structurally so this module needs nothing from the store.
 */
import type { SecretConnection, SecretsBackend, SecretVariable } from './secrets-backend.js';
import { isSensitiveName } from './sensitive-names.js';

export interface MetastoreReader {
  readonly connections: { get(connId: string): Promise<SecretConnection | null> };
  readonly variables: { get(key: string): Promise<{ readonly value: string; readonly isSecret: boolean } | null> };
}

export class MetastoreBackend implements SecretsBackend {
  readonly name = 'metastore';

  constructor(private readonly store: MetastoreReader) {}

  async getConnection(connId: string): Promise<SecretConnection | null> {
    const c = await this.store.connections.get(connId);
    if (!c) return null;
    // Only the fields: the store's row carries flags a task has no use for.
    return { connId: c.connId, connType: c.connType, description: c.description, host: c.host, schema: c.schema, login: c.login, password: c.password, port: c.port, extra: c.extra };
  }

  async getVariable(key: string): Promise<SecretVariable | null> {
    const v = await this.store.variables.get(key);
    return v ? { value: v.value, secret: v.isSecret || isSensitiveName(key) } : null;
  }
}
