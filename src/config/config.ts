/**
 * Settings, read from the environment in Airflow's style: `UPDRAFT__SECTION__KEY`
 * (e.g. `UPDRAFT__CORE__PARALLELISM=32`), plus short names for the ones people
 * set most (`UPDRAFT_HOME`, `UPDRAFT_DATABASE_URL`, `UPDRAFT_LOAD_EXAMPLES`).
 * A bad value is an error naming the variable, never a silent default.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface UpdraftConfig {
  /** Where the embedded database, logs and caches live (default `~/updraft`). */
  readonly home: string;
  /** `postgres://...` for PostgreSQL; `null` for the embedded SQLite file under `home`. */
  readonly databaseUrl: string | null;
  readonly dagsFolder: string;
  readonly loadExamples: boolean;
  /** How long one DAG file may take to import. */
  readonly dagFileImportTimeoutMs: number;
  /** Largest XCom value accepted. */
  readonly maxXcomBytes: number;
  /** Task instances running at once on this installation. */
  readonly parallelism: number;
  readonly logsFolder: string;
  readonly cacheFolder: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function first(env: Env, names: readonly string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value: value.trim() };
  }
  return null;
}

function readBoolean(env: Env, names: readonly string[], fallback: boolean): boolean {
  const found = first(env, names);
  if (!found) return fallback;
  const value = found.value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${found.name}=${found.value} is not a boolean: use true or false`);
}

function readNumber(env: Env, names: readonly string[], fallback: number, unit: string): number {
  const found = first(env, names);
  if (!found) return fallback;
  const value = Number(found.value);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${found.name}=${found.value} is not a positive number of ${unit}`);
  }
  return value;
}

export interface ConfigOverrides {
  readonly home?: string;
  readonly dagsFolder?: string;
  readonly loadExamples?: boolean;
  readonly databaseUrl?: string;
}

export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): UpdraftConfig {
  const home = resolve(overrides.home ?? first(env, ['UPDRAFT_HOME'])?.value ?? join(homedir(), 'updraft'));
  const databaseUrl =
    overrides.databaseUrl ?? first(env, ['UPDRAFT_DATABASE_URL', 'UPDRAFT__DATABASE__SQL_ALCHEMY_CONN'])?.value ?? null;
  if (databaseUrl !== null && !/^(postgres(ql)?|sqlite):\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `UPDRAFT_DATABASE_URL=${databaseUrl} is not supported: use postgres://user:password@host:5432/db, or leave it unset for the embedded SQLite file`,
    );
  }
  const dagsFolder = resolve(overrides.dagsFolder ?? first(env, ['UPDRAFT_DAGS_FOLDER', 'UPDRAFT__CORE__DAGS_FOLDER'])?.value ?? join(home, 'dags'));
  return {
    home,
    databaseUrl,
    dagsFolder,
    loadExamples: overrides.loadExamples ?? readBoolean(env, ['UPDRAFT_LOAD_EXAMPLES', 'UPDRAFT__CORE__LOAD_EXAMPLES'], false),
    dagFileImportTimeoutMs: readNumber(env, ['UPDRAFT__CORE__DAGBAG_IMPORT_TIMEOUT'], 30, 'seconds') * 1000,
    maxXcomBytes: readNumber(env, ['UPDRAFT__CORE__MAX_XCOM_BYTES'], 1024 * 1024, 'bytes'),
    parallelism: readNumber(env, ['UPDRAFT__CORE__PARALLELISM'], 32, 'task slots'),
    logsFolder: join(home, 'logs'),
    cacheFolder: join(home, 'cache'),
  };
}
