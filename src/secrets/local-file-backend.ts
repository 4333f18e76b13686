/**
 * Airflow's LocalFilesystemBackend: connections and variables from files
 * (`.env`, `.json`, `.yaml`; see secret-files.ts), read again at every lookup so
 * an edit applies to the next task without a restart, as in Airflow.
 *
 * Connections: a URI string or an object of fields per id (a one-element list is
 * accepted, as Airflow's `.env` parsing yields; more than one is an error).
 * Variables: a string value as is; any other JSON value as its JSON text.
 */
import { connectionFromValue } from './connection-value.js';
import { readSecretFile, SecretFileError } from './secret-files.js';
import { contentsOf, type BackendContents, type SecretConnection, type SecretsBackend, type SecretVariable } from './secrets-backend.js';
import { isSensitiveName } from './sensitive-names.js';

export interface LocalFileBackendOptions {
  readonly connectionsFile: string | null;
  readonly variablesFile: string | null;
}

export class LocalFileBackend implements SecretsBackend {
  readonly name = 'local_file';

  constructor(private readonly options: LocalFileBackendOptions) {}

  async getConnection(connId: string): Promise<SecretConnection | null> {
    const path = this.options.connectionsFile;
    if (path === null) return null;
    const file = readSecretFile(path, 'the connections file');
    if (!file.entries.has(connId)) return null;
    let value = file.entries.get(connId);
    if (Array.isArray(value)) {
      if (value.length !== 1) throw new SecretFileError(`the connections file ${path} has ${value.length} values for '${connId}': keep one`);
      value = value[0];
    }
    return connectionFromValue(connId, value, `the connections file ${path}`);
  }

  async getVariable(key: string): Promise<SecretVariable | null> {
    const path = this.options.variablesFile;
    if (path === null) return null;
    const file = readSecretFile(path, 'the variables file');
    if (!file.entries.has(key)) return null;
    let value = file.entries.get(key);
    if (file.format === 'env') {
      const values = value as string[];
      if (values.length !== 1) throw new SecretFileError(`the variables file ${path} has ${values.length} values for '${key}': keep one`);
      value = values[0];
    }
    return { value: typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'), secret: isSensitiveName(key) };
  }

  async contents(): Promise<BackendContents> {
    const ids = (path: string | null, what: string) => {
      if (path === null) return [];
      try {
        return [...readSecretFile(path, what).entries.keys()];
      } catch {
        return [];
      }
    };
    return contentsOf(this, ids(this.options.connectionsFile, 'the connections file'), ids(this.options.variablesFile, 'the variables file'));
  }
}
