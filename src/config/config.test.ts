import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, settingOf } from './config.js';
import { parseConfigFile } from './config-file.js';
import { CONFIG_OPTIONS } from './options.js';

function home(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'updraft-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const sourceOf = (config: ReturnType<typeof loadConfig>, section: string, key: string) => settingOf(config, section, key).source;

test('defaults follow Airflow where it has the setting, but for pausing new DAGs', () => {
  const h = home();
  const config = loadConfig({ UPDRAFT_HOME: h });
  assert.equal(config.home, h);
  assert.equal(config.dagsFolder, join(h, 'dags'));
  assert.equal(config.logsFolder, join(h, 'logs'));
  assert.equal(config.databaseUrl, null);
  assert.equal(config.parallelism, 32);
  assert.equal(config.maxActiveRunsPerDag, 16);
  assert.equal(config.maxActiveTasksPerDag, 16);
  // The one deliberate difference: new DAGs run without a trip to the UI (see options.ts).
  assert.equal(config.dagsArePausedAtCreation, false);
  assert.equal(config.dagFileImportTimeoutMs, 30_000);
  assert.equal(config.taskHeartbeatTimeoutMs, 300_000);
  assert.equal(config.catchupByDefault, false);
  assert.equal(config.executor, 'local');
  assert.equal(config.apiPort, 8080);
  assert.equal(config.logLevel, 'INFO');
  assert.equal(config.configFile, null);
  assert.ok(config.settings.every((s) => s.source === 'default'));
  assert.equal(config.settings.length, CONFIG_OPTIONS.length);
});

test('layers: default < TOML file < environment < overrides', () => {
  const h = home({
    'updraft.toml': '[core]\nparallelism = 64\nmax_active_runs_per_dag = 3\ndags_folder = "my-dags"\n\n[logging]\nlevel = "debug"\n',
  });
  const config = loadConfig({ UPDRAFT_HOME: h, UPDRAFT__CORE__MAX_ACTIVE_RUNS_PER_DAG: '5' }, { settings: { 'logging.level': 'ERROR' } });
  assert.equal(config.configFile, join(h, 'updraft.toml'));
  assert.equal(config.parallelism, 64);
  assert.equal(sourceOf(config, 'core', 'parallelism'), 'file');
  assert.equal(settingOf(config, 'core', 'parallelism').origin, `${join(h, 'updraft.toml')}:2`);
  assert.equal(config.maxActiveRunsPerDag, 5);
  assert.equal(sourceOf(config, 'core', 'max_active_runs_per_dag'), 'env');
  assert.equal(config.dagsFolder, join(h, 'my-dags'), 'relative paths in the file are relative to UPDRAFT_HOME');
  assert.equal(config.logLevel, 'ERROR');
  assert.equal(sourceOf(config, 'logging', 'level'), 'override');
  assert.equal(sourceOf(config, 'core', 'executor'), 'default');
});

test('a YAML file works the same, and {UPDRAFT_HOME} expands in paths', () => {
  const h = home({ 'updraft.yaml': 'core:\n  parallelism: 8\n  load_examples: true\nlogging:\n  base_log_folder: "{UPDRAFT_HOME}/custom-logs"\napi:\n' });
  const config = loadConfig({ UPDRAFT_HOME: h });
  assert.equal(config.parallelism, 8);
  assert.equal(config.loadExamples, true);
  assert.equal(config.logsFolder, join(h, 'custom-logs'));
});

test('short environment names beat UPDRAFT__ names, and old Airflow names are aliases', () => {
  const h = home();
  const config = loadConfig({
    UPDRAFT_HOME: h,
    UPDRAFT_DAGS_FOLDER: '/srv/dags',
    UPDRAFT__CORE__DAGS_FOLDER: '/elsewhere',
    UPDRAFT__DATABASE__SQL_ALCHEMY_CONN: 'postgres://u:p@db:5432/x',
    UPDRAFT__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT: '60',
    UPDRAFT_LOAD_EXAMPLES: 'yes',
    UPDRAFT__CORE__PARALLELISM: '',
  });
  assert.equal(config.dagsFolder, '/srv/dags');
  assert.equal(settingOf(config, 'core', 'dags_folder').origin, 'UPDRAFT_DAGS_FOLDER');
  assert.equal(config.databaseUrl, 'postgres://u:p@db:5432/x');
  assert.equal(config.taskHeartbeatTimeoutMs, 60_000);
  assert.equal(config.loadExamples, true);
  assert.equal(config.parallelism, 32, 'an empty variable counts as unset');
});

test('the existing override fields still win', () => {
  const h = home();
  const config = loadConfig({ UPDRAFT_HOME: h, UPDRAFT_LOAD_EXAMPLES: 'false' }, { loadExamples: true, dagsFolder: '/x/dags', databaseUrl: 'sqlite:///tmp/a.db' });
  assert.equal(config.loadExamples, true);
  assert.equal(config.dagsFolder, '/x/dags');
  assert.equal(config.databaseUrl, 'sqlite:///tmp/a.db');
});

test('bad values name the variable, the setting and what it accepts', () => {
  const h = home();
  const bad = (env: Record<string, string>, pattern: RegExp) =>
    assert.throws(() => loadConfig({ UPDRAFT_HOME: h, ...env }), (e: unknown) => e instanceof ConfigError && pattern.test(e.message));
  bad({ UPDRAFT__CORE__PARALLELISM: 'lots' }, /^UPDRAFT__CORE__PARALLELISM: core\.parallelism must be an integer >= 1, got 'lots'$/);
  bad({ UPDRAFT__CORE__PARALLELISM: '-4' }, /must be an integer >= 1, got '-4'/);
  bad({ UPDRAFT__CORE__PARALLELISM: '2.5' }, /must be an integer/);
  bad({ UPDRAFT__CORE__DAGBAG_IMPORT_TIMEOUT: '0' }, /core\.dagbag_import_timeout must be a number > 0/);
  bad({ UPDRAFT__API__PORT: '70000' }, /api\.port must be an integer >= 1 and <= 65535/);
  bad({ UPDRAFT__CORE__EXECUTOR: 'celery' }, /core\.executor must be one of local, queue, got 'celery'/);
  bad({ UPDRAFT__LOGGING__LEVEL: 'loud' }, /must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL/);
  bad({ UPDRAFT_LOAD_EXAMPLES: 'maybe' }, /^UPDRAFT_LOAD_EXAMPLES: core\.load_examples must be true or false/);
  bad({ UPDRAFT__CORE__PARALELLISM: '3' }, /^UPDRAFT__CORE__PARALELLISM: unknown setting 'paralellism' in \[core\]: its settings are dags_folder, load_examples/);
  bad({ UPDRAFT__WEBSERVER__PORT: '1' }, /unknown section 'webserver': the sections are core, database, scheduler, api, logging/);
  bad({ UPDRAFT__PARALLELISM: '1' }, /not a setting variable: use UPDRAFT__SECTION__KEY/);
});

test('a bad database URL is rejected without echoing the secret', () => {
  const h = home();
  assert.throws(
    () => loadConfig({ UPDRAFT_HOME: h, UPDRAFT_DATABASE_URL: 'mysql://root:hunter2@db/x' }),
    (e: unknown) => e instanceof ConfigError && /^UPDRAFT_DATABASE_URL: database\.url is not valid: use postgres:\/\//.test(e.message) && !e.message.includes('hunter2'),
  );
});

test('file errors name the file and line: unknown key, unknown section, bad value, syntax', () => {
  const check = (files: Record<string, string>, pattern: RegExp) => {
    const h = home(files);
    assert.throws(() => loadConfig({ UPDRAFT_HOME: h }), (e: unknown) => e instanceof ConfigError && pattern.test(e.message.replace(h, 'HOME')));
  };
  check({ 'updraft.toml': '[core]\nparallelism = 4\nparalelism = 5\n' }, /^HOME\/updraft\.toml:3: unknown setting 'paralelism' in \[core\]: its settings are dags_folder, /);
  check({ 'updraft.toml': '[core]\n\n[webserver]\nport = 1\n' }, /^HOME\/updraft\.toml:4: unknown section \[webserver\]: the sections are core, database/);
  check({ 'updraft.toml': '[api]\nport = "eighty"\n' }, /^HOME\/updraft\.toml:2: api\.port must be an integer >= 1 and <= 65535, got 'eighty'$/);
  check({ 'updraft.toml': '[core]\nparallelism = = 3\n' }, /^HOME\/updraft\.toml:2:\d+: Invalid TOML document/);
  check({ 'updraft.yml': 'core:\n  parallelism: 2\n  max_active_runs_per_dag: -1\n' }, /^HOME\/updraft\.yml:3: core\.max_active_runs_per_dag must be an integer >= 1, got -1$/);
  check({ 'updraft.yaml': 'scheduler:\n  catchup: true\n' }, /^HOME\/updraft\.yaml:2: unknown setting 'catchup' in \[scheduler\]: its settings are heartbeat_sec, task_heartbeat_timeout, catchup_by_default, health_check_port, health_check_threshold$/);
  check({ 'updraft.yaml': 'core: 3\n' }, /^HOME\/updraft\.yaml:1: \[core\] must be a table of settings/);
  check({ 'updraft.yaml': 'core:\n  parallelism: [1\n' }, /^HOME\/updraft\.yaml:\d+:\d+: /);
  check({ 'updraft.toml': '', 'updraft.yaml': '' }, /keep only one config file/);
});

test('parseConfigFile maps Airflow aliases to the canonical key', () => {
  const file = parseConfigFile('/x/updraft.toml', '[database]\nsql_alchemy_conn = "postgres://a@b/c"\n');
  assert.deepEqual(file.entries, [{ section: 'database', key: 'url', value: 'postgres://a@b/c', line: 2 }]);
});

test('settingOf: unknown keys list the section’s keys', () => {
  const config = loadConfig({ UPDRAFT_HOME: home() });
  assert.equal(settingOf(config, 'CORE', 'Parallelism').value, 32);
  assert.throws(() => settingOf(config, 'core', 'nope'), /unknown setting 'nope' in \[core\]: its settings are dags_folder, load_examples, executor/);
  assert.throws(() => settingOf(config, 'nope', 'x'), /unknown section 'nope': the sections are core, database/);
});

test('the options table is well formed', () => {
  const ids = CONFIG_OPTIONS.map((o) => `${o.section}.${o.key}`);
  assert.equal(new Set(ids).size, ids.length, 'no duplicate settings');
  for (const o of CONFIG_OPTIONS) {
    assert.ok(o.description.length > 10, `${o.section}.${o.key} has a description`);
    if (o.type === 'enum') assert.ok((o.choices ?? []).length > 0);
    assert.match(o.key, /^[a-z0-9_]+$/);
  }
  assert.deepEqual(CONFIG_OPTIONS.filter((o) => o.secret).map((o) => `${o.section}.${o.key}`), ['core.fernet_key', 'database.url', 'api.jwt_secret', 'secrets.backend_kwargs', 'smtp.password', 'queue.redis_url']);
});
