/**
 * The operator commands end to end (config, variables, pools, connections, users,
 * info, version): the built CLI in child processes, each test with its own
 * UPDRAFT_HOME. Each spawn costs ~0.3-0.5 s, so one test checks a whole group.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

type Options = { env?: Record<string, string>; input?: string };

function updraft(home: string, args: readonly string[], options: Options = {}): Promise<Result> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' (npm test does it first)`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, NO_COLOR: '1', ...options.env },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command that must succeed and returns its stdout. */
async function ok(home: string, args: readonly string[], options: Options = {}): Promise<string> {
  const r = await updraft(home, args, options);
  assert.equal(r.status, 0, `updraft ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Runs a command that must fail with exit code 1 and one clear error line matching `pattern`. */
async function fails(home: string, args: readonly string[], pattern: RegExp, options: Options = {}): Promise<void> {
  const r = await updraft(home, args, options);
  assert.equal(r.status, 1, `updraft ${args.join(' ')} should fail; stdout: ${r.stdout}`);
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one error line: ${r.stderr}`);
  assert.match(r.stderr, /^error: /);
}

const json = <T>(text: string): T => JSON.parse(text) as T;

function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'updraft-admin-'));
}

test('config: file < env, sources, secrets masked, get, and clear errors for bad settings', async () => {
  const home = freshHome();
  writeFileSync(join(home, 'updraft.toml'), '[core]\nparallelism = 12\nfernet_key = "c2VjcmV0LWtleS1zZWNyZXQta2V5LXNlY3JldC0xMjM="\n[api]\nport = 9090\n');
  const env = { UPDRAFT__API__PORT: '9191' };
  const [listedText, section, parallelism, port] = await Promise.all([
    ok(home, ['config', 'list', '-o', 'json'], { env }),
    ok(home, ['config', 'list', '--section', 'api'], { env }),
    ok(home, ['config', 'get', 'core', 'parallelism']),
    ok(home, ['config', 'get', 'api', 'port', '-o', 'json'], { env }),
    fails(home, ['config', 'get', 'core', 'paralelism'], /unknown setting 'paralelism' in \[core\]: its settings are dags_folder, load_examples, executor, parallelism/),
    fails(home, ['config', 'list', '--section', 'web'], /unknown section 'web': the sections are core, database, scheduler, api, logging/),
    // A bad setting stops every command (here one that needs the database) with the culprit named.
    fails(home, ['variables', 'list'], /UPDRAFT__CORE__PARALLELISM: core\.parallelism must be an integer >= 1, got 'many'/, { env: { UPDRAFT__CORE__PARALLELISM: 'many' } }),
    fails(home, ['config', 'list'], /UPDRAFT__CORE__TYPO: unknown setting 'typo' in \[core\]/, { env: { UPDRAFT__CORE__TYPO: '1' } }),
  ]);
  const listed = json<{ section: string; key: string; value: unknown; source: string; origin: string | null }[]>(listedText);
  const find = (s: string, k: string) => listed.find((x) => x.section === s && x.key === k);
  assert.equal(find('core', 'parallelism')?.value, 12);
  assert.equal(find('core', 'parallelism')?.source, 'file');
  assert.equal(find('core', 'parallelism')?.origin, `${join(home, 'updraft.toml')}:2`);
  assert.equal(find('api', 'port')?.value, 9191);
  assert.equal(find('api', 'port')?.source, 'env');
  assert.equal(find('core', 'fernet_key')?.value, '***');
  assert.equal(find('core', 'max_active_runs_per_dag')?.source, 'default');
  assert.match(section, /api\s+\| port\s+\| 9191\s+\| env/);
  assert.doesNotMatch(section, /parallelism/);
  assert.match(section, /Config file: .*updraft\.toml/);
  assert.equal(parallelism.trim(), '12');
  assert.equal(json<{ value: unknown }>(port).value, 9191);

  writeFileSync(join(home, 'updraft.toml'), '[scheduler]\nheartbeat_sec = 5\ncatchup_by_default = "sometimes"\n');
  await fails(home, ['config', 'list'], /updraft\.toml:3: scheduler\.catchup_by_default must be true or false, got 'sometimes'/);
});

test('variables: set/get/list/delete, --json, defaults, import/export round trip', async () => {
  const home = freshHome();
  await Promise.all([
    ok(home, ['variables', 'set', 'greeting', 'hello world', '--description', 'how we say hi']),
    ok(home, ['variables', 'set', 'limits', '{"rows": 10}', '--json']),
    fails(home, ['variables', 'set', 'broken', '{rows: 10}', '--json'], /the value of 'broken' is not valid JSON/),
  ]);
  const [greeting, limits, described, fallback, list, values] = await Promise.all([
    ok(home, ['variables', 'get', 'greeting']),
    ok(home, ['variables', 'get', 'limits', '--json']),
    ok(home, ['variables', 'get', 'greeting', '-o', 'json']),
    ok(home, ['variables', 'get', 'missing', '--default', 'fallback']),
    ok(home, ['variables', 'list', '-o', 'json']),
    ok(home, ['variables', 'list', '--show-values', '-o', 'plain']),
    fails(home, ['variables', 'get', 'missing'], /variable 'missing' does not exist/),
  ]);
  assert.equal(greeting, 'hello world\n');
  assert.deepEqual(json(limits), { rows: 10 });
  assert.deepEqual(json(described), { key: 'greeting', value: 'hello world', description: 'how we say hi', source: 'metastore' });
  assert.equal(fallback, 'fallback\n');
  assert.deepEqual(json(list), [
    { key: 'greeting', description: 'how we say hi' },
    { key: 'limits', description: null },
  ]);
  assert.equal(values, 'greeting\thello world\thow we say hi\nlimits\t{"rows": 10}\t\n');

  // Airflow's file format: strings as they are, anything else as JSON text.
  const file = join(home, 'vars.json');
  writeFileSync(file, JSON.stringify({ count: 3, flag: true, list: [1, 'a'], plain: 'text', described: { value: 'v', description: 'd' } }));
  assert.match(await ok(home, ['variables', 'import', file]), /5 of 5 variables successfully updated/);
  const exported = join(home, 'out.json');
  const [count, listVar, describedVar, , toStdout] = await Promise.all([
    ok(home, ['variables', 'get', 'count']),
    ok(home, ['variables', 'get', 'list']),
    ok(home, ['variables', 'get', 'described', '-o', 'json']),
    ok(home, ['variables', 'export', exported]),
    ok(home, ['variables', 'export', '-']),
  ]);
  assert.equal(count, '3\n');
  assert.equal(listVar, '[1,"a"]\n');
  assert.deepEqual(json(describedVar), { key: 'described', value: 'v', description: 'd', source: 'metastore' });
  assert.equal(statSync(exported).mode & 0o777, 0o600, 'an export may hold secrets: owner-only');
  const data = json<Record<string, unknown>>(readFileSync(exported, 'utf8'));
  assert.deepEqual(data, {
    count: 3,
    described: { value: 'v', description: 'd' },
    flag: true,
    greeting: { value: 'hello world', description: 'how we say hi' },
    limits: { rows: 10 },
    list: [1, 'a'],
    plain: 'text',
  });
  assert.deepEqual(json(toStdout), data, 'export to stdout is the same file');

  // Round trip into a fresh home: the same values come back (JSON re-serialized compactly).
  const other = freshHome();
  writeFileSync(join(home, 'bad.json'), '[1, 2]');
  await Promise.all([
    ok(other, ['variables', 'import', exported]),
    ok(home, ['variables', 'delete', 'greeting']),
  ]);
  const [limitsBack, greetingBack] = await Promise.all([
    ok(other, ['variables', 'get', 'limits']),
    ok(other, ['variables', 'get', 'greeting', '-o', 'json']),
    fails(home, ['variables', 'delete', 'greeting'], /variable 'greeting' does not exist/),
    fails(other, ['variables', 'import', join(home, 'nope.json')], /nope\.json: no such file/),
    fails(other, ['variables', 'import', join(home, 'bad.json')], /must hold a JSON object keyed by name/),
    fails(other, ['variables', 'import', exported, '--action-on-existing-key', 'fail'], /these variables already exist: count, described/),
  ]);
  assert.equal(limitsBack, '{"rows":10}\n');
  assert.deepEqual(json(greetingBack), { key: 'greeting', value: 'hello world', description: 'how we say hi', source: 'metastore' });
});

test('pools: set/get/list with slot usage, default_pool protected, import/export round trip', async () => {
  const home = freshHome();
  await ok(home, ['pools', 'set', 'etl', '4', 'nightly loads']);
  await ok(home, ['pools', 'set', 'api', '-1', 'unlimited calls', '--include-deferred']);
  const file = join(home, 'pools.json');
  const [etl, list, table] = await Promise.all([
    ok(home, ['pools', 'get', 'etl', '-o', 'json']),
    ok(home, ['pools', 'list', '-o', 'json']),
    ok(home, ['pools', 'list']),
    ok(home, ['pools', 'export', file]),
    fails(home, ['pools', 'set', 'x', 'many', 'd'], /slots must be an integer >= 0, or -1 for unlimited; got 'many'/),
    fails(home, ['pools', 'get', 'nope'], /pool 'nope' does not exist/),
    fails(home, ['pools', 'delete', 'default_pool'], /"default_pool" cannot be deleted/),
  ]);
  assert.deepEqual(json(etl), [
    { pool: 'etl', slots: 4, occupied: 0, running: 0, queued: 0, deferred: 0, scheduled: 0, open: 4, include_deferred: false, description: 'nightly loads' },
  ]);
  assert.deepEqual(json<{ pool: string; open: number }[]>(list).map((p) => [p.pool, p.open]), [['api', -1], ['default_pool', 128], ['etl', 4]]);
  assert.match(table, /etl\s+\| 4\s+\| 0\s+\|/);
  assert.deepEqual(json(readFileSync(file, 'utf8')), {
    api: { slots: -1, description: 'unlimited calls', include_deferred: true },
    default_pool: { slots: 128, description: 'Default pool', include_deferred: false },
    etl: { slots: 4, description: 'nightly loads', include_deferred: false },
  });

  await ok(home, ['pools', 'delete', 'etl']);
  await fails(home, ['pools', 'delete', 'etl'], /pool 'etl' does not exist/);
  assert.match(await ok(home, ['pools', 'import', file]), /Imported 3 pool\(s\)/);
  writeFileSync(join(home, 'bad.json'), JSON.stringify({ ok_pool: { slots: 2, description: 'x' }, bad_pool: { slots: 'two' } }));
  await fails(home, ['pools', 'import', join(home, 'bad.json')], /pool 'bad_pool' must be \{"slots": <integer >= -1>.*nothing was imported/);
  const names = json<{ pool: string; slots: number }[]>(await ok(home, ['pools', 'list', '-o', 'json'])).map((p) => `${p.pool}:${p.slots}`);
  assert.deepEqual(names, ['api:-1', 'default_pool:128', 'etl:4'], 'etl is back, ok_pool was not imported');
});

test('connections: add from a URI or fields, secrets masked, list/delete, import/export in both formats', async () => {
  const home = freshHome();
  const [added] = await Promise.all([
    ok(home, ['connections', 'add', 'warehouse', '--conn-uri', 'postgresql://etl:s3cr%40t@db.example.com:5432/dw?sslmode=require']),
    ok(home, ['connections', 'add', 'gcp', '--conn-type', 'google-cloud-platform', '--conn-extra', '{"project": "p1", "keyfile_dict": "{...}"}', '--conn-description', 'GCP']),
    fails(home, ['connections', 'add', 'x', '--conn-uri', 'http://h', '--conn-host', 'h'], /give either --conn-uri or --conn-type/),
    fails(home, ['connections', 'add', 'x'], /give --conn-uri, or --conn-type/),
    fails(home, ['connections', 'add', 'x', '--conn-type', 'http', '--conn-extra', '[1]'], /--conn-extra: the extra must be a JSON object/),
    fails(home, ['connections', 'add', 'x', '--conn-type', 'http', '--conn-port', 'eighty'], /the port must be an integer from 0 to 65535/),
    fails(home, ['connections', 'add', '<b>', '--conn-type', 'http'], /'<b>' is not a valid connection id/),
    fails(home, ['connections', 'add', 'x', '--conn-uri', 'type://user:pass@protocol://host:port?param=value'], /connection 'x': --conn-uri: invalid connection URI: a host with its own protocol/),
    fails(home, ['connections', 'add', 'x', '--conn-uri', 'postgres://u:pa#ss@h:5432/db'], /connection 'x': --conn-uri: invalid connection URI: .*'#' as %23/),
  ]);
  assert.match(added, /Added connection warehouse: postgres:\/\/etl:\*\*\*@db\.example\.com:5432\/dw\?sslmode=require/);

  const asJson = join(home, 'conns.json');
  const asUri = join(home, 'conns-uri.json');
  const [maskedText, clearText, gcpText, tableText, listText] = await Promise.all([
    ok(home, ['connections', 'get', 'warehouse', '-o', 'json']),
    ok(home, ['connections', 'get', 'warehouse', '--show-secrets', '-o', 'json']),
    ok(home, ['connections', 'get', 'gcp', '-o', 'json']),
    ok(home, ['connections', 'get', 'warehouse']),
    ok(home, ['connections', 'list', '-o', 'json']),
    ok(home, ['connections', 'export', asJson]),
    ok(home, ['connections', 'export', asUri, '--format', 'uri']),
    fails(home, ['connections', 'add', 'warehouse', '--conn-type', 'http'], /connection 'warehouse' already exists/),
    fails(home, ['connections', 'get', 'nope'], /connection 'nope' does not exist/),
  ]);
  assert.deepEqual(json(maskedText), {
    conn_id: 'warehouse',
    conn_type: 'postgres',
    description: null,
    host: 'db.example.com',
    schema: 'dw',
    login: 'etl',
    password: '***',
    port: 5432,
    extra: '{"sslmode":"require"}',
    uri: 'postgres://etl:***@db.example.com:5432/dw?sslmode=require',
    source: 'metastore',
  });
  const clear = json<Record<string, unknown>>(clearText);
  assert.equal(clear.password, 's3cr@t');
  assert.equal(clear.uri, 'postgres://etl:s3cr%40t@db.example.com:5432/dw?sslmode=require');
  const gcp = json<{ conn_type: string; extra: string }>(gcpText);
  assert.equal(gcp.conn_type, 'google_cloud_platform');
  assert.deepEqual(JSON.parse(gcp.extra), { project: 'p1', keyfile_dict: '***' });
  assert.doesNotMatch(tableText, /s3cr/);
  assert.deepEqual(json<{ conn_id: string }[]>(listText).map((c) => c.conn_id), ['gcp', 'warehouse']);
  assert.deepEqual(json<Record<string, unknown>>(readFileSync(asJson, 'utf8')).warehouse, {
    conn_type: 'postgres',
    description: null,
    login: 'etl',
    password: 's3cr@t',
    host: 'db.example.com',
    port: 5432,
    schema: 'dw',
    extra: '{"sslmode":"require"}',
  });
  for (const file of [asJson, asUri]) assert.equal(statSync(file).mode & 0o777, 0o600, `${file} holds passwords: owner-only`);
  // An existing, world-readable file is narrowed before the passwords go in, and its old text replaced.
  const shared = join(home, 'shared.json');
  writeFileSync(shared, `${'old text '.repeat(500)}\n`);
  chmodSync(shared, 0o644);
  await ok(home, ['connections', 'export', shared]);
  assert.equal(statSync(shared).mode & 0o777, 0o600);
  assert.equal(readFileSync(shared, 'utf8'), readFileSync(asJson, 'utf8'));
  assert.deepEqual(json(readFileSync(asUri, 'utf8')), {
    gcp: 'google-cloud-platform:///?project=p1&keyfile_dict=%7B...%7D',
    warehouse: 'postgres://etl:s3cr%40t@db.example.com:5432/dw?sslmode=require',
  });

  // Both formats import into fresh homes and give the same connections back.
  const homes = [freshHome(), freshHome()];
  const imported = await Promise.all([ok(homes[0] as string, ['connections', 'import', asJson]), ok(homes[1] as string, ['connections', 'import', asUri])]);
  for (const text of imported) assert.match(text, /Imported 2 connection\(s\)/);
  const back = await Promise.all(homes.map((h) => ok(h, ['connections', 'get', 'warehouse', '--show-secrets', '-o', 'json'])));
  for (const text of back) assert.deepEqual(json(text), clear);

  // Existing ones are skipped unless --overwrite; bad entries stop the whole import.
  await ok(home, ['connections', 'delete', 'gcp']);
  writeFileSync(join(home, 'bad.json'), JSON.stringify({ fine: 'http://h', weird: { conn_type: 'http', hots: 'typo' } }));
  const [again] = await Promise.all([
    ok(home, ['connections', 'import', asJson]),
    fails(home, ['connections', 'import', join(home, 'bad.json')], /connection 'weird': unknown field\(s\) hots; .*nothing was imported/),
  ]);
  assert.match(again, /Imported 1 connection\(s\)/);
  assert.match(again, /Skipped warehouse: already exist/);
  const ids = json<{ conn_id: string }[]>(await ok(home, ['connections', 'list', '-o', 'json'])).map((c) => c.conn_id);
  assert.deepEqual(ids, ['gcp', 'warehouse'], 'gcp is back and "fine" was not imported');
});

test('variables: the secret flag survives export, delete and import; a bad flag names the key', async () => {
  const home = freshHome();
  // One after the other: the first command on a fresh home generates the Fernet key.
  await ok(home, ['variables', 'set', 'internal_url', 'https://10.0.0.7/hook', '--secret', '--description', 'webhook']);
  await ok(home, ['variables', 'set', 'region', 'eu-west-1']);
  const file = join(home, 'vars.json');
  writeFileSync(file, '{}');
  chmodSync(file, 0o644);
  await ok(home, ['variables', 'export', file]);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'an existing file is narrowed to owner-only');
  assert.deepEqual(json(readFileSync(file, 'utf8')), {
    internal_url: { value: 'https://10.0.0.7/hook', description: 'webhook', is_secret: true },
    region: 'eu-west-1',
  });
  await ok(home, ['variables', 'delete', 'internal_url']);
  assert.match(await ok(home, ['variables', 'import', file]), /2 of 2 variables successfully updated/);
  const [values, value] = await Promise.all([ok(home, ['variables', 'list', '--show-values', '-o', 'plain']), ok(home, ['variables', 'get', 'internal_url'])]);
  assert.equal(values, 'internal_url\t***\twebhook\nregion\teu-west-1\t\n');
  assert.equal(value, 'https://10.0.0.7/hook\n');
  writeFileSync(join(home, 'bad.json'), JSON.stringify({ fine: 'x', odd: { value: 'v', is_secret: 'yes' } }));
  await fails(home, ['variables', 'import', join(home, 'bad.json')], /variable 'odd': "is_secret" must be true or false/);
  await fails(home, ['variables', 'get', 'fine'], /variable 'fine' does not exist/);
});

test('connections test: refused unless core.test_connection is Enabled; success, failure (exit 1), never the password', async () => {
  const home = freshHome();
  const enabled = { UPDRAFT__CORE__TEST_CONNECTION: 'Enabled' };
  const pg = { ...enabled, UPDRAFT_CONN_PG_LOCAL: 'postgres://postgres:pg-s3cret@127.0.0.1:5432/postgres' };
  await ok(home, ['connections', 'add', 'pg_closed', '--conn-uri', 'postgres://postgres:closed-s3cret@127.0.0.1:1/postgres']);
  await ok(home, ['connections', 'add', 'files', '--conn-uri', 'ftp://u:p@ftp.example.com']);
  const [success, failure] = await Promise.all([
    updraft(home, ['connections', 'test', 'pg_local'], { env: pg }),
    updraft(home, ['connections', 'test', 'pg_closed'], { env: enabled }),
    fails(home, ['connections', 'test', 'pg_local'], /testing connections is disabled \(core\.test_connection is Disabled\): enable it with UPDRAFT__CORE__TEST_CONNECTION=Enabled, or test_connection = "Enabled" under \[core\] in .*updraft\.toml/, { env: { UPDRAFT_CONN_PG_LOCAL: pg.UPDRAFT_CONN_PG_LOCAL } }),
    fails(home, ['connections', 'test', 'nope'], /connection 'nope' does not exist/, { env: enabled }),
    fails(home, ['connections', 'test', 'files'], /connection 'files' is of type 'ftp', which cannot be tested: the testable types are postgres, sqlite, http/, { env: enabled }),
  ]);
  assert.equal(success.status, 0, success.stderr);
  assert.match(success.stdout, /^Retrieving connection: 'pg_local' \(from environment\)\n\nTesting\.\.\.\n\nConnection success!\n$/);
  assert.equal(failure.status, 1, failure.stdout);
  assert.match(failure.stdout, /\nConnection failed!\n.*127\.0\.0\.1:1.*ECONNREFUSED/);
  for (const r of [success, failure]) assert.doesNotMatch(r.stdout + r.stderr, /s3cret/);
  // The gate also reads the config file.
  writeFileSync(join(home, 'updraft.toml'), '[core]\ntest_connection = "Enabled"\n');
  assert.match(await ok(home, ['connections', 'test', 'pg_local'], { env: { UPDRAFT_CONN_PG_LOCAL: pg.UPDRAFT_CONN_PG_LOCAL } }), /Connection success!/);
});

test('rotate-fernet-key with the generated key file: "new,old" on its line, rotate, then the new key alone reads everything', async () => {
  const home = freshHome();
  await ok(home, ['variables', 'set', 'token', 'tok-123']);
  const keyFile = join(home, 'fernet.key');
  const old = readFileSync(keyFile, 'utf8').trim();
  const fresh = 'x3KS1ZmVbYzfkmXMMMTPAhj7CHsyNrw7xaQYQvHo4yw=';
  writeFileSync(keyFile, `${fresh},${old}\n`);
  assert.equal(await ok(home, ['variables', 'get', 'token']), 'tok-123\n', 'the old key still reads');
  assert.match(await ok(home, ['rotate-fernet-key']), /Re-encrypted 0 connection\(s\) and 1 variable\(s\)/);
  writeFileSync(keyFile, `${fresh}\n`);
  assert.equal(await ok(home, ['variables', 'get', 'token']), 'tok-123\n', 'the new key alone reads the rotated value');
  const help = (await ok(home, ['rotate-fernet-key', '--help'])).replace(/\s+/g, ' ');
  assert.match(help, /put "new,old" on its one line in \$UPDRAFT_HOME\/fernet\.key/);
});

test('users: create with a role and a hashed password, random passwords, list, delete', async () => {
  const home = freshHome();
  const [admin, random] = await Promise.all([
    ok(home, ['users', 'create', '--username', 'admin', '--role', 'Admin', '--email', 'admin@example.com', '--firstname', 'Ada', '--lastname', 'L', '--password', 'pw-1234']),
    ok(home, ['users', 'create', '-u', 'viewer', '-r', 'viewer', '-e', 'v@example.com', '--use-random-password']),
    fails(home, ['users', 'create', '-u', 'x', '-r', 'Superuser', '-e', 'x@example.com', '--password', 'p'], /unknown role 'Superuser': use one of Admin, Op, User, Viewer/),
    fails(home, ['users', 'create', '-u', 'y', '-r', 'Op', '-e', 'y@example.com'], /give --password <password> or --use-random-password/),
    fails(home, ['users', 'create', '-u', 'y', '-r', 'Op', '-e', 'not-an-email', '--password', 'p'], /'not-an-email' is not an email address/),
  ]);
  assert.match(admin, /User admin created with role Admin/);
  assert.match(random, /User viewer created with role Viewer\nPassword \(shown only once\): [A-Za-z0-9_-]{20}\n$/);
  const [list] = await Promise.all([
    ok(home, ['users', 'list', '-o', 'json']),
    fails(home, ['users', 'create', '-u', 'admin', '-r', 'Op', '-e', 'a@example.com', '--password', 'p'], /a user named "admin" already exists/),
  ]);
  const users = json<{ username: string; roles: string[]; first_name: string | null }[]>(list);
  assert.deepEqual(users.map((u) => [u.username, u.roles, u.first_name]), [['admin', ['Admin'], 'Ada'], ['viewer', ['Viewer'], null]]);
  assert.doesNotMatch(JSON.stringify(users), /pw-1234|scrypt/, 'no password or hash is listed');
  await ok(home, ['users', 'delete', '--username', 'viewer']);
  await fails(home, ['users', 'delete', '--username', 'viewer'], /user 'viewer' does not exist/);
});

test('info and version', async () => {
  const home = freshHome();
  const pg = { UPDRAFT_DATABASE_URL: 'postgres://u:hunter2@nowhere:1/x' };
  const [infoText, table, plainVersion, jsonVersion, dbUrl, configList] = await Promise.all([
    ok(home, ['info', '-o', 'json'], { env: { UPDRAFT_DATABASE_URL: `sqlite:///${join(home, 'meta.db')}` } }),
    ok(home, ['info']),
    ok(home, ['version']),
    ok(home, ['version', '-o', 'json']),
    ok(home, ['config', 'get', 'database', 'url', '-o', 'json'], { env: pg }),
    ok(home, ['config', 'list'], { env: pg }),
    fails(home, ['version', '-o', 'yaml'], /unknown output format 'yaml': use one of table, json, plain/),
  ]);
  const info = json<Record<string, unknown>>(infoText);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(info.version, version);
  assert.equal(info.node_version, process.version);
  assert.equal(info.updraft_home, home);
  assert.equal(info.database_dialect, 'sqlite');
  assert.equal(info.database, `sqlite:///${join(home, 'meta.db').replace(/^\//, '')}`);
  assert.equal(info.dags_folder, join(home, 'dags'));
  assert.equal(info.executor, 'local');
  assert.equal(info.parallelism, 32);
  assert.deepEqual([info.dags, info.dag_runs, info.import_errors], [0, 0, 0]);
  assert.match(table, /^version\s+\d+\.\d+\.\d+/m);
  assert.equal(plainVersion.trim(), version);
  assert.deepEqual(json(jsonVersion), { version });
  // A database URL is a secret: `config list` masks it (config get prints it, for scripts).
  assert.equal(json<{ source: string }>(dbUrl).source, 'env');
  assert.match(configList, /database\s+\| url\s+\| \*\*\*\s+\| env/);
  assert.doesNotMatch(configList, /hunter2/);
});

test('every admin command has --help with a description', async () => {
  const home = freshHome();
  const groups: Record<string, string[]> = {
    config: ['list', 'get'],
    variables: ['get', 'set', 'delete', 'list', 'import', 'export'],
    pools: ['set', 'get', 'list', 'delete', 'import', 'export'],
    connections: ['add', 'get', 'list', 'delete', 'import', 'export', 'test'],
    users: ['create', 'list', 'delete'],
  };
  const [top, addHelp, ...helps] = await Promise.all([
    ok(home, ['--help']),
    ok(home, ['connections', 'add', '--help']),
    ...Object.keys(groups).map((group) => ok(home, [group, '--help'])),
  ]);
  for (const name of [...Object.keys(groups), 'info', 'version']) assert.match(top, new RegExp(`\\n  ${name}\\b.*\\S`), `${name} in the top-level help`);
  Object.entries(groups).forEach(([group, commands], i) => {
    for (const command of commands) assert.match(helps[i] ?? '', new RegExp(`\\n  ${command}\\b[^\\n]*  \\S`), `${group} ${command} has a description`);
  });
  assert.match(addHelp, /--conn-uri <uri>/);
});
