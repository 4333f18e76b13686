/**
 * The lookup order of Airflow's secrets backends: the configured backend first
 * (here the local file backend), then the environment, then the metadata
 * database. The first backend that knows an id answers and is named as its source.
 *
 * Unlike Airflow, a backend that fails (an unreadable file, a value no key
 * decrypts) fails the lookup instead of being skipped: falling through could
 * hand a task another source's, different, credentials with only a log line.
 */
import { isAbsolute, resolve } from 'node:path';
import { EnvironmentBackend, type EnvSource } from './environment-backend.js';
import { LocalFileBackend, type LocalFileBackendOptions } from './local-file-backend.js';
import { MetastoreBackend, type MetastoreReader } from './metastore-backend.js';
import type { KeyedSecretVariable, SecretConnection, SecretsBackend, SecretVariable } from './secrets-backend.js';

export interface FoundConnection {
  readonly connection: SecretConnection;
  /** The backend's name: `local_file`, `environment` or `metastore`. */
  readonly source: string;
}

export interface FoundVariable extends SecretVariable {
  readonly source: string;
}

export class SecretsChain {
  constructor(readonly backends: readonly SecretsBackend[]) {}

  async getConnection(connId: string): Promise<FoundConnection | null> {
    for (const backend of this.backends) {
      const connection = await backend.getConnection(connId);
      if (connection) return { connection, source: backend.name };
    }
    return null;
  }

  async getVariable(key: string): Promise<FoundVariable | null> {
    for (const backend of this.backends) {
      const variable = await backend.getVariable(key);
      if (variable) return { ...variable, source: backend.name };
    }
    return null;
  }

  /**
   * What every backend holds, shadowed entries too: a task may have read any of
   * them (before an override was set, say), so masking wants them all.
   */
  async everything(): Promise<{ connections: SecretConnection[]; variables: KeyedSecretVariable[] }> {
    const contents = await Promise.all(this.backends.map((b) => b.contents()));
    return { connections: contents.flatMap((c) => c.connections), variables: contents.flatMap((c) => c.variables) };
  }

  /** Just the value (null: no backend has it), as DAG files read variables at parse time. */
  readonly variableValue = async (key: string): Promise<string | null> => (await this.getVariable(key))?.value ?? null;
}

/** The `[secrets]` settings (Airflow's names). */
export interface SecretsSettings {
  /** `local_file` (or Airflow's class path of it); null: none besides the environment and the database. */
  readonly backend: string | null;
  /** JSON object: `connections_file_path`, `variables_file_path`. */
  readonly backendKwargs: string | null;
  readonly connectionsFilePath: string | null;
  readonly variablesFilePath: string | null;
}

export const LOCAL_FILE_BACKEND_NAMES = ['local_file', 'airflow.secrets.local_filesystem.LocalFilesystemBackend'] as const;
const KWARGS = ['connections_file_path', 'variables_file_path'];

export class SecretsSettingsError extends Error {
  override name = 'SecretsSettingsError';
}

/** Local file, environment, metastore: Airflow's search path with a custom backend configured. */
export function buildSecretsChain(settings: SecretsSettings, env: EnvSource, metastore: MetastoreReader, home: string): SecretsChain {
  const files = localFileOptions(settings, home);
  return new SecretsChain([...(files ? [new LocalFileBackend(files)] : []), new EnvironmentBackend(env), new MetastoreBackend(metastore)]);
}

/** Which files the local file backend reads, or null when it is off. A file path alone (setting or kwarg) turns it on. */
export function localFileOptions(settings: SecretsSettings, home: string): LocalFileBackendOptions | null {
  const backend = settings.backend?.trim() || null;
  if (backend !== null && !(LOCAL_FILE_BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new SecretsSettingsError(`secrets.backend '${backend}' is not known: use local_file, or leave it unset for the environment and the metadata database only`);
  }
  const kwargs = parseKwargs(settings.backendKwargs);
  const path = (value: string | null | undefined) => (value ? (isAbsolute(value) ? value : resolve(home, value)) : null);
  const connectionsFile = settings.connectionsFilePath ?? path(kwargs.connections_file_path);
  const variablesFile = settings.variablesFilePath ?? path(kwargs.variables_file_path);
  if (backend === null && connectionsFile === null && variablesFile === null) return null;
  return { connectionsFile, variablesFile };
}

function parseKwargs(text: string | null): Record<string, string> {
  if (text === null || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SecretsSettingsError(`secrets.backend_kwargs is not valid JSON (${(error as Error).message}): write {"connections_file_path": "...", "variables_file_path": "..."}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretsSettingsError('secrets.backend_kwargs must be a JSON object: {"connections_file_path": "...", "variables_file_path": "..."}');
  }
  const entries = Object.entries(parsed);
  const unknown = entries.filter(([k]) => !KWARGS.includes(k)).map(([k]) => k);
  if (unknown.length > 0) throw new SecretsSettingsError(`secrets.backend_kwargs has unknown key(s) ${unknown.join(', ')}: the local file backend takes ${KWARGS.join(', ')}`);
  const bad = entries.filter(([, v]) => typeof v !== 'string').map(([k]) => k);
  if (bad.length > 0) throw new SecretsSettingsError(`secrets.backend_kwargs: ${bad.join(', ')} must be a path string`);
  return Object.fromEntries(entries) as Record<string, string>;
}
