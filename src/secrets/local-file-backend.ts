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
import { readSecretFile, SecretFileError, type ParsedSecretFile } from './secret-files.js';
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
    return connectionIn(this.connectionsFile(), connId);
  }

  async getVariable(key: string): Promise<SecretVariable | null> {
    return variableIn(this.variablesFile(), key);
  }

  /** Each file read once (not once per entry); a file that does not parse holds nothing to mask. */
  async contents(): Promise<BackendContents> {
    const read = (file: () => LoadedFile | null): LoadedFile | null => {
      try {
        return file();
      } catch {
        return null;
      }
    };
    const [connections, variables] = [read(() => this.connectionsFile()), read(() => this.variablesFile())];
    return contentsOf(
      { getConnection: async (id) => connectionIn(connections, id), getVariable: async (key) => variableIn(variables, key) },
      connections?.parsed.entries.keys() ?? [],
      variables?.parsed.entries.keys() ?? [],
    );
  }

  private connectionsFile(): LoadedFile | null {
    const path = this.options.connectionsFile;
    return path === null ? null : { path, parsed: readSecretFile(path, 'the connections file') };
  }

  private variablesFile(): LoadedFile | null {
    const path = this.options.variablesFile;
    return path === null ? null : { path, parsed: readSecretFile(path, 'the variables file') };
  }
}

interface LoadedFile {
  readonly path: string;
  readonly parsed: ParsedSecretFile;
}

function connectionIn(file: LoadedFile | null, connId: string): SecretConnection | null {
  if (file === null || !file.parsed.entries.has(connId)) return null;
  let value = file.parsed.entries.get(connId);
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new SecretFileError(`the connections file ${file.path} has ${value.length} values for '${connId}': keep one`);
    value = value[0];
  }
  return connectionFromValue(connId, value, `the connections file ${file.path}`);
}

function variableIn(file: LoadedFile | null, key: string): SecretVariable | null {
  if (file === null || !file.parsed.entries.has(key)) return null;
  let value = file.parsed.entries.get(key);
  if (file.parsed.format === 'env') {
    const values = value as string[];
    if (values.length !== 1) throw new SecretFileError(`the variables file ${file.path} has ${values.length} values for '${key}': keep one`);
    value = values[0];
  }
  return { value: typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'), secret: isSensitiveName(key) };
}
