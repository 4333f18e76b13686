/**
 * Every setting Updraft knows, in one table: its section and key (Airflow's names
 * where Airflow has the setting), type, default, description and whether it is a
 * secret. The config file, `UPDRAFT__SECTION__KEY` variables, `updraft config list`
 * and the validation messages are all driven by this table; add a row here and
 * the rest follows.
 */
import { join } from 'node:path';
import { BUILT_IN_AUTHORING_DEFAULTS } from '../sdk/authoring-defaults.js';

export type OptionType = 'string' | 'path' | 'boolean' | 'integer' | 'number' | 'enum';

/** A resolved setting's value; `null` only for optional strings that are unset. */
export type ConfigValue = string | number | boolean | null;

export interface ConfigOption {
  readonly section: string;
  readonly key: string;
  readonly type: OptionType;
  /** Allowed values of an `enum` (matched case-insensitively, stored as written here). */
  readonly choices?: readonly string[];
  /** Inclusive bounds of a number. */
  readonly min?: number;
  readonly max?: number;
  /** True when the number must be strictly greater than `min`. */
  readonly minExclusive?: boolean;
  /** A value, or one computed from UPDRAFT_HOME (paths under it). */
  readonly default: ConfigValue | ((home: string) => ConfigValue);
  readonly description: string;
  /** Shown as `***` by `updraft config list`. */
  readonly secret?: boolean;
  /** Other names for the same key (Airflow's or older ones), accepted in files and variables. */
  readonly aliases?: readonly string[];
  /** Short environment variables, read before `UPDRAFT__SECTION__KEY`. */
  readonly env?: readonly string[];
  /** Extra check of a string value; returns what is wrong, or null. */
  readonly check?: (value: string) => string | null;
}

const DATABASE_URL = /^(postgres(ql)?|sqlite):\/\//i;

export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  // ------------------------------------------------------------------ core
  {
    section: 'core',
    key: 'dags_folder',
    type: 'path',
    default: (home) => join(home, 'dags'),
    env: ['UPDRAFT_DAGS_FOLDER'],
    description: 'Folder of DAG files (*.ts); relative paths in the config file are relative to UPDRAFT_HOME',
  },
  {
    section: 'core',
    key: 'load_examples',
    type: 'boolean',
    // Airflow defaults to True; a fresh Updraft install starts clean and `--examples` opts in.
    default: false,
    env: ['UPDRAFT_LOAD_EXAMPLES'],
    description: 'Also load the example DAGs shipped with Updraft',
  },
  {
    section: 'core',
    key: 'executor',
    type: 'enum',
    choices: ['local', 'queue'],
    default: 'local',
    description: 'What runs task code: local (a pool of child processes on this machine) or queue (BullMQ on queue.redis_url, run by `updraft worker` processes)',
  },
  { section: 'core', key: 'parallelism', type: 'integer', min: 1, default: 32, description: 'Task instances running at once on this installation' },
  {
    section: 'core',
    key: 'max_active_tasks_per_dag',
    type: 'integer',
    min: 1,
    // The SDK's own default (a DAG file imported by plain Node): the two never disagree.
    default: BUILT_IN_AUTHORING_DEFAULTS.maxActiveTasks,
    description: 'Default for a DAG’s maxActiveTasks: its task instances running at once across its runs',
  },
  {
    section: 'core',
    key: 'max_active_runs_per_dag',
    type: 'integer',
    min: 1,
    default: BUILT_IN_AUTHORING_DEFAULTS.maxActiveRuns,
    description: 'Default for a DAG’s maxActiveRuns: its runs queued or running at once',
  },
  {
    section: 'core',
    key: 'dags_are_paused_at_creation',
    type: 'boolean',
    // Airflow's default is true; ours is false so that a DAG file dropped into the folder runs
    // on its schedule without a trip to the UI (catchup is off by default, so at most one run).
    default: false,
    description: 'New DAGs start paused (true is Airflow’s default); a DAG can say so itself with isPausedUponCreation',
  },
  {
    section: 'core',
    key: 'default_task_retries',
    type: 'integer',
    min: 0,
    default: BUILT_IN_AUTHORING_DEFAULTS.retries,
    description: 'Default for a task’s retries, when neither the task nor the defaultArgs of its group or DAG set them',
  },
  {
    section: 'core',
    key: 'dagbag_import_timeout',
    type: 'number',
    min: 0,
    minExclusive: true,
    default: 30,
    description: 'Seconds one DAG file may take to import before it becomes an import error',
  },
  {
    section: 'core',
    key: 'max_xcom_bytes',
    type: 'integer',
    min: 1,
    default: 1024 * 1024,
    description: 'Largest XCom value accepted, in bytes of its JSON',
  },
  {
    section: 'core',
    key: 'task_memory_limit_mb',
    type: 'integer',
    min: 16,
    default: 1024,
    description: 'Heap limit of each task process, in MB: a task that needs more fails as out of memory, the scheduler carries on',
  },
  {
    section: 'core',
    key: 'fernet_key',
    type: 'string',
    default: null,
    secret: true,
    env: ['UPDRAFT_FERNET_KEY'],
    description: 'Key(s) encrypting connection passwords, extras and variables at rest (comma-separated, newest first, to rotate); unset: generated once and kept in <UPDRAFT_HOME>/fernet.key',
  },
  {
    section: 'core',
    key: 'test_connection',
    type: 'enum',
    choices: ['Disabled', 'Enabled', 'Hidden'],
    // Airflow's default: testing makes the server connect wherever a connection points, so a deployment opts in.
    default: 'Disabled',
    description: 'Whether the API, the UI and `updraft connections test` may test a connection (Enabled), refuse to (Disabled), or hide the button (Hidden)',
  },
  // ------------------------------------------------------------------ database
  {
    section: 'database',
    key: 'url',
    type: 'string',
    default: null,
    secret: true,
    env: ['UPDRAFT_DATABASE_URL'],
    aliases: ['sql_alchemy_conn'],
    check: (value) =>
      DATABASE_URL.test(value)
        ? null
        : 'use postgres://user:password@host:5432/db, sqlite:///absolute/path.db, or leave it unset for the embedded SQLite file',
    description: 'Metadata database: postgres://... or sqlite:///...; unset means <UPDRAFT_HOME>/updraft.db',
  },
  // ------------------------------------------------------------------ scheduler
  {
    section: 'scheduler',
    key: 'heartbeat_sec',
    type: 'number',
    min: 0,
    minExclusive: true,
    default: 5,
    aliases: ['scheduler_heartbeat_sec', 'job_heartbeat_sec'],
    description: 'Seconds between heartbeats of the scheduler and of running tasks',
  },
  {
    section: 'scheduler',
    key: 'task_heartbeat_timeout',
    type: 'number',
    min: 0,
    minExclusive: true,
    default: 300,
    aliases: ['task_instance_heartbeat_timeout', 'scheduler_zombie_task_threshold'],
    description: 'Seconds without a heartbeat after which a running task is presumed dead and its try failed',
  },
  {
    section: 'scheduler',
    key: 'catchup_by_default',
    type: 'boolean',
    default: BUILT_IN_AUTHORING_DEFAULTS.catchup,
    description: 'Default of a DAG’s catchup: create the runs missed between its start date and now',
  },
  {
    section: 'scheduler',
    key: 'health_check_port',
    type: 'integer',
    min: 0,
    max: 65535,
    default: null,
    aliases: ['scheduler_health_check_server_port'],
    description: 'Port where `updraft scheduler` serves GET /health (Airflow uses 8974; 0: any free port); unset: no health server (`updraft jobs check` still works)',
  },
  {
    section: 'scheduler',
    key: 'health_check_threshold',
    type: 'number',
    min: 0,
    minExclusive: true,
    default: 30,
    aliases: ['scheduler_health_check_threshold'],
    description:
      'Seconds without a heartbeat after which a scheduler, triggerer or DAG processor counts as dead: its /health answers 503, `updraft jobs check` skips it, and a dead scheduler’s local task instances are settled by the others (queued ones queued again, running ones retried)',
  },
  // ------------------------------------------------------------------ api
  { section: 'api', key: 'host', type: 'string', default: '0.0.0.0', description: 'Address the API server and UI listen on' },
  { section: 'api', key: 'port', type: 'integer', min: 1, max: 65535, default: 8080, description: 'Port of the API server and UI' },
  {
    section: 'api',
    key: 'base_url',
    type: 'string',
    default: null,
    description: 'URL where people reach the UI (e.g. https://updraft.example.com), for links in notifications; unset: http://localhost:<api.port>',
  },
  {
    section: 'api',
    key: 'jwt_secret',
    type: 'string',
    default: null,
    secret: true,
    env: ['UPDRAFT_JWT_SECRET'],
    aliases: ['secret_key'],
    description: 'Key signing the API’s access tokens (HS256); unset: generated once and kept in <UPDRAFT_HOME>/jwt_secret, so tokens survive restarts',
  },
  {
    section: 'api',
    key: 'access_token_expiration_time',
    type: 'integer',
    min: 1,
    default: 86_400,
    aliases: ['jwt_expiration_time'],
    description: 'Seconds an access token from POST /auth/token stays valid',
  },
  {
    section: 'api',
    key: 'maximum_page_limit',
    type: 'integer',
    min: 1,
    default: 100,
    description: 'Largest page a list endpoint returns; a bigger `limit` is lowered to it (as Airflow does)',
  },
  { section: 'api', key: 'expose_config', type: 'boolean', default: false, description: 'Whether GET /api/v2/config shows the settings (secrets always masked)' },
  {
    section: 'api',
    key: 'workers',
    type: 'integer',
    min: 1,
    max: 64,
    default: 1,
    description: 'Processes serving the API in `updraft api-server` (each a Node.js process on the same port; one per CPU core is a good start)',
  },
  {
    section: 'api',
    key: 'response_cache_mb',
    type: 'integer',
    min: 0,
    max: 4096,
    default: 32,
    description:
      'Memory (MB) each API process may use to keep the answers of read-only list routes while the database is unchanged; any commit, by any process, makes the next request read afresh. 0 turns it off',
  },
  // ------------------------------------------------------------------ logging
  {
    section: 'logging',
    key: 'level',
    type: 'enum',
    choices: ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'],
    default: 'INFO',
    aliases: ['logging_level'],
    description: 'Least severe level written by Updraft’s own processes',
  },
  {
    section: 'logging',
    key: 'base_log_folder',
    type: 'path',
    default: (home) => join(home, 'logs'),
    description: 'Folder of task logs (one file per try)',
  },
  // ------------------------------------------------------------------ secrets
  {
    section: 'secrets',
    key: 'backend',
    type: 'string',
    default: null,
    check: (value) =>
      ['local_file', 'airflow.secrets.local_filesystem.LocalFilesystemBackend'].includes(value)
        ? null
        : 'use local_file (connections and variables from files), or leave it unset for the environment and the metadata database only',
    description: 'Secrets backend asked before the environment and the metadata database: local_file (Airflow’s LocalFilesystemBackend)',
  },
  {
    section: 'secrets',
    key: 'backend_kwargs',
    type: 'string',
    default: null,
    // Airflow treats it as sensitive: other backends' kwargs hold credentials.
    secret: true,
    description: 'JSON object of the backend’s settings: {"connections_file_path": "...", "variables_file_path": "..."}',
  },
  {
    section: 'secrets',
    key: 'connections_file_path',
    type: 'path',
    default: null,
    description: 'Connections file of the local file backend (.env, .json, .yaml): a URI or an object of fields per connection id',
  },
  {
    section: 'secrets',
    key: 'variables_file_path',
    type: 'path',
    default: null,
    description: 'Variables file of the local file backend (.env, .json, .yaml): a value per key',
  },
  // ------------------------------------------------------------------ smtp (Airflow's [smtp], for email alerts)
  { section: 'smtp', key: 'host', type: 'string', default: null, aliases: ['smtp_host'], description: 'Mail server for task email alerts (emailOnFailure / emailOnRetry); unset: the email.email_conn_id connection, else no mail is sent' },
  { section: 'smtp', key: 'port', type: 'integer', min: 1, max: 65535, default: 25, aliases: ['smtp_port'], description: 'Port of smtp.host' },
  { section: 'smtp', key: 'starttls', type: 'boolean', default: true, aliases: ['smtp_starttls'], description: 'Upgrade the connection to smtp.host with STARTTLS (required when true)' },
  { section: 'smtp', key: 'ssl', type: 'boolean', default: false, aliases: ['smtp_ssl'], description: 'Speak TLS to smtp.host from the first byte (port 465 servers)' },
  { section: 'smtp', key: 'user', type: 'string', default: null, aliases: ['smtp_user'], description: 'Login at smtp.host (default: the email.email_conn_id connection’s login, if any)' },
  { section: 'smtp', key: 'password', type: 'string', default: null, secret: true, aliases: ['smtp_password'], description: 'Password at smtp.host (default: the email.email_conn_id connection’s password, if any)' },
  { section: 'smtp', key: 'mail_from', type: 'string', default: null, aliases: ['smtp_mail_from'], description: 'Sender of email alerts (default: email.from_email, else the connection’s extra.from_email, else updraft@<host name>)' },
  { section: 'smtp', key: 'timeout', type: 'integer', min: 1, default: 30, aliases: ['smtp_timeout'], description: 'Seconds to wait for smtp.host' },
  { section: 'smtp', key: 'retry_limit', type: 'integer', min: 1, default: 5, aliases: ['smtp_retry_limit'], description: 'Connection attempts to smtp.host before an alert is given up' },
  // ------------------------------------------------------------------ email (Airflow's [email])
  {
    section: 'email',
    key: 'email_conn_id',
    type: 'string',
    default: 'smtp_default',
    aliases: ['conn_id'],
    description: 'smtp connection for email alerts: its login and password with smtp.host, or the whole server when smtp.host is unset',
  },
  { section: 'email', key: 'from_email', type: 'string', default: null, description: 'Sender of email alerts when smtp.mail_from is unset' },
  { section: 'email', key: 'default_email_on_failure', type: 'boolean', default: true, description: 'Mail a task’s `email` when it fails, unless it sets emailOnFailure' },
  { section: 'email', key: 'default_email_on_retry', type: 'boolean', default: true, description: 'Mail a task’s `email` when a try fails and it will be retried, unless it sets emailOnRetry' },
  {
    section: 'email',
    key: 'ssl_context',
    type: 'enum',
    choices: ['default', 'none'],
    default: 'default',
    description: 'TLS to smtp.host: default verifies its certificate, none does not (a self-signed lab server)',
  },
  // ------------------------------------------------------------------ queue (the queue executor and its workers)
  {
    section: 'queue',
    key: 'redis_url',
    type: 'string',
    default: null,
    secret: true,
    env: ['UPDRAFT_REDIS_URL'],
    aliases: ['broker_url'],
    check: (value) => (/^rediss?:\/\//i.test(value) ? null : 'use redis://[user:password@]host:6379[/db] (or rediss:// for TLS)'),
    description: 'Redis of the queue executor (BullMQ): where the scheduler puts tasks and workers take them; needed when core.executor is queue',
  },
  { section: 'queue', key: 'prefix', type: 'string', default: 'updraft', description: 'Prefix of every Redis key the queue executor and workers use (several installations can share one Redis)' },
  {
    section: 'queue',
    key: 'task_queued_timeout',
    type: 'number',
    min: 0,
    minExclusive: true,
    default: 30,
    description: 'Seconds a task may stay queued before the scheduler checks that its job still exists in Redis and queues it again if not (a Redis restart loses jobs)',
  },
  {
    section: 'queue',
    key: 'execution_token_expiration_time',
    type: 'integer',
    min: 10,
    default: 600,
    aliases: ['jwt_expiration_time'],
    description: 'Seconds a running task’s execution API token is valid; every call refreshes it, so only a silent task loses it',
  },
  // ------------------------------------------------------------------ worker (`updraft worker`)
  {
    section: 'worker',
    key: 'api_url',
    type: 'string',
    default: null,
    env: ['UPDRAFT_API_URL'],
    check: (value) => (/^https?:\/\//i.test(value) ? null : 'use the API server’s address, e.g. http://api-server:8080'),
    description: 'API server a worker reports to (its execution API: task state, logs, XComs, variables, connections); unset: http://localhost:<api.port>',
  },
  { section: 'worker', key: 'queues', type: 'string', default: 'default', description: 'Comma-separated queues a worker takes tasks from (a task’s `queue`, default `default`)' },
  { section: 'worker', key: 'concurrency', type: 'integer', min: 1, default: 8, aliases: ['worker_concurrency'], description: 'Tasks one worker runs at once' },
  // ------------------------------------------------------------------ metrics
  // Airflow's [metrics] pushes to StatsD/OpenTelemetry; Updraft's API server is a Prometheus target instead.
  { section: 'metrics', key: 'enabled', type: 'boolean', default: true, description: 'Whether the API server serves Prometheus metrics at GET /metrics' },
  {
    section: 'metrics',
    key: 'require_auth',
    type: 'boolean',
    default: false,
    description: 'Whether GET /metrics needs a bearer token (any role); off by default, as a Prometheus scrape target usually is',
  },
  // ------------------------------------------------------------------ triggerer, dag_processor (separate services)
  {
    section: 'triggerer',
    key: 'health_check_port',
    type: 'integer',
    min: 0,
    max: 65535,
    default: null,
    description: 'Port where `updraft triggerer` serves GET /health (0: any free port); unset: no health server',
  },
  {
    section: 'dag_processor',
    key: 'health_check_port',
    type: 'integer',
    min: 0,
    max: 65535,
    default: null,
    description: 'Port where `updraft dag-processor` serves GET /health (0: any free port); unset: no health server',
  },
];

export const CONFIG_SECTIONS: readonly string[] = [...new Set(CONFIG_OPTIONS.map((o) => o.section))];

export function optionsOf(section: string): ConfigOption[] {
  return CONFIG_OPTIONS.filter((o) => o.section === section);
}

/** The option named `section.key`, by its key or one of its aliases (case-insensitive). */
export function findOption(section: string, key: string): ConfigOption | undefined {
  const s = section.toLowerCase();
  const k = key.toLowerCase();
  return CONFIG_OPTIONS.find((o) => o.section === s && (o.key === k || (o.aliases ?? []).includes(k)));
}

/** What values an option takes, for error messages: "an integer >= 1", "one of DEBUG, INFO". */
export function describeAllowed(option: ConfigOption): string {
  switch (option.type) {
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${(option.choices ?? []).join(', ')}`;
    case 'string':
      return 'a string';
    case 'path':
      return 'a path';
    case 'integer':
    case 'number': {
      const noun = option.type === 'integer' ? 'an integer' : 'a number';
      const bounds: string[] = [];
      if (option.min !== undefined) bounds.push(`${option.minExclusive ? '>' : '>='} ${option.min}`);
      if (option.max !== undefined) bounds.push(`<= ${option.max}`);
      return bounds.length > 0 ? `${noun} ${bounds.join(' and ')}` : noun;
    }
  }
}
