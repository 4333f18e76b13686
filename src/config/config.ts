/**
 * Settings, in Airflow's style. Read in increasing priority from the defaults, the
 * config file in UPDRAFT_HOME (`updraft.toml` or `updraft.yaml`), the environment
 * (`UPDRAFT__SECTION__KEY`, e.g. `UPDRAFT__CORE__PARALLELISM=32`, plus short names
 * for the ones people set most: `UPDRAFT_DATABASE_URL`, `UPDRAFT_DAGS_FOLDER`,
 * `UPDRAFT_LOAD_EXAMPLES`, `UPDRAFT_FERNET_KEY`), then explicit overrides (CLI flags).
 * The known settings are the table in `options.ts`. A bad value or an unknown key is
 * an error naming the file or variable, never a silent default.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { findConfigFile, readConfigFile } from './config-file.js';
import { ConfigError } from './config-error.js';
import type { ConfigValue } from './options.js';
import { resolveSettings, type Env, type ResolvedSetting } from './settings.js';

export { ConfigError };
export type { ConfigValue, ResolvedSetting };

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
export type ExecutorKind = 'local' | 'queue';

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
  /** Heap limit of each task process (V8's `--max-old-space-size`), in MB. */
  readonly taskMemoryLimitMb: number;
  readonly logsFolder: string;
  readonly cacheFolder: string;

  readonly executor: ExecutorKind;
  readonly maxActiveTasksPerDag: number;
  readonly maxActiveRunsPerDag: number;
  readonly dagsArePausedAtCreation: boolean;
  readonly defaultTaskRetries: number;
  /** Fernet key(s), comma-separated, newest first; null: generated once into `<home>/fernet.key`. */
  readonly fernetKey: string | null;
  readonly schedulerHeartbeatMs: number;
  /** A scheduler silent this long is dead: the others end its job and settle its task instances (Airflow's scheduler_health_check_threshold). */
  readonly schedulerHealthCheckThresholdMs: number;
  /** A running task silent this long is presumed dead (Airflow's task_instance_heartbeat_timeout). */
  readonly taskHeartbeatTimeoutMs: number;
  readonly catchupByDefault: boolean;
  readonly apiHost: string;
  readonly apiPort: number;
  /** Null: generated and kept in `<home>/jwt_secret` by the API server. */
  readonly apiJwtSecret: string | null;
  readonly apiAccessTokenExpirationSec: number;
  readonly apiMaximumPageLimit: number;
  readonly apiExposeConfig: boolean;
  /** Processes of `updraft api-server` (api.workers). */
  readonly apiWorkers: number;
  /** Memory per API process for answers kept while the database is unchanged; 0: off. */
  readonly apiResponseCacheMb: number;
  /** `GET /metrics` is served (metrics.enabled), and needs a token (metrics.require_auth). */
  readonly metricsEnabled: boolean;
  readonly metricsRequireAuth: boolean;
  /** The `[secrets]` settings: the local file backend (see src/secrets/secrets-chain.ts). */
  readonly secrets: {
    readonly backend: string | null;
    readonly backendKwargs: string | null;
    readonly connectionsFilePath: string | null;
    readonly variablesFilePath: string | null;
  };
  /** core.test_connection: may connections be tested from the API/UI. */
  readonly testConnection: 'Disabled' | 'Enabled' | 'Hidden';
  readonly logLevel: LogLevel;

  /** The config file that was read, or null. */
  readonly configFile: string | null;
  /** Every known setting with its value and where it came from (for `updraft config list`). */
  readonly settings: readonly ResolvedSetting[];
}

export interface ConfigOverrides {
  readonly home?: string;
  readonly dagsFolder?: string;
  readonly loadExamples?: boolean;
  readonly databaseUrl?: string;
  /** Any other setting, keyed `section.key` (e.g. `{ 'core.parallelism': 8 }`). */
  readonly settings?: Readonly<Record<string, ConfigValue | undefined>>;
}

export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): UpdraftConfig {
  const home = resolve(overrides.home ?? (env.UPDRAFT_HOME?.trim() || join(homedir(), 'updraft')));
  const filePath = findConfigFile(home);
  const settings = resolveSettings({
    home,
    file: filePath ? readConfigFile(filePath) : null,
    env,
    overrides: {
      ...overrides.settings,
      'core.dags_folder': overrides.dagsFolder,
      'core.load_examples': overrides.loadExamples,
      'database.url': overrides.databaseUrl,
    },
  });
  const byId = new Map(settings.map((s) => [`${s.option.section}.${s.option.key}`, s.value]));
  const get = (id: string): ConfigValue => {
    if (!byId.has(id)) throw new Error(`no setting ${id} in the options table`);
    return byId.get(id) ?? null;
  };
  const num = (id: string) => get(id) as number;
  const str = (id: string) => get(id) as string;
  const bool = (id: string) => get(id) as boolean;

  return {
    home,
    databaseUrl: get('database.url') as string | null,
    dagsFolder: str('core.dags_folder'),
    loadExamples: bool('core.load_examples'),
    dagFileImportTimeoutMs: num('core.dagbag_import_timeout') * 1000,
    maxXcomBytes: num('core.max_xcom_bytes'),
    parallelism: num('core.parallelism'),
    taskMemoryLimitMb: num('core.task_memory_limit_mb'),
    logsFolder: str('logging.base_log_folder'),
    cacheFolder: join(home, 'cache'),
    executor: str('core.executor') as ExecutorKind,
    maxActiveTasksPerDag: num('core.max_active_tasks_per_dag'),
    maxActiveRunsPerDag: num('core.max_active_runs_per_dag'),
    dagsArePausedAtCreation: bool('core.dags_are_paused_at_creation'),
    defaultTaskRetries: num('core.default_task_retries'),
    fernetKey: get('core.fernet_key') as string | null,
    secrets: {
      backend: get('secrets.backend') as string | null,
      backendKwargs: get('secrets.backend_kwargs') as string | null,
      connectionsFilePath: get('secrets.connections_file_path') as string | null,
      variablesFilePath: get('secrets.variables_file_path') as string | null,
    },
    testConnection: str('core.test_connection') as 'Disabled' | 'Enabled' | 'Hidden',
    schedulerHeartbeatMs: num('scheduler.heartbeat_sec') * 1000,
    schedulerHealthCheckThresholdMs: num('scheduler.health_check_threshold') * 1000,
    taskHeartbeatTimeoutMs: num('scheduler.task_heartbeat_timeout') * 1000,
    catchupByDefault: bool('scheduler.catchup_by_default'),
    apiHost: str('api.host'),
    apiPort: num('api.port'),
    apiJwtSecret: get('api.jwt_secret') as string | null,
    apiAccessTokenExpirationSec: num('api.access_token_expiration_time'),
    apiMaximumPageLimit: num('api.maximum_page_limit'),
    apiExposeConfig: bool('api.expose_config'),
    apiWorkers: num('api.workers'),
    apiResponseCacheMb: num('api.response_cache_mb'),
    metricsEnabled: bool('metrics.enabled'),
    metricsRequireAuth: bool('metrics.require_auth'),
    logLevel: str('logging.level') as LogLevel,
    configFile: filePath,
    settings,
  };
}

/** One setting's resolved entry, or a ConfigError listing the sections / the section's keys. */
export function settingOf(config: UpdraftConfig, section: string, key: string): ResolvedSetting {
  const s = section.toLowerCase();
  const k = key.toLowerCase();
  const inSection = config.settings.filter((x) => x.option.section === s);
  if (inSection.length === 0) {
    const sections = [...new Set(config.settings.map((x) => x.option.section))];
    throw new ConfigError(`unknown section '${section}': the sections are ${sections.join(', ')}`);
  }
  const found = inSection.find((x) => x.option.key === k || (x.option.aliases ?? []).includes(k));
  if (!found) throw new ConfigError(`unknown setting '${key}' in [${s}]: its settings are ${inSection.map((x) => x.option.key).join(', ')}`);
  return found;
}
