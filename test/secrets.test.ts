/**
 * Secrets end to end (issue 6's "done when"): a connection password is encrypted
 * in the SQLite file and in the PostgreSQL row (the plaintext is nowhere in the
 * bytes), masked in the log of a real task that printed it, and readable after
 * `updraft rotate-fernet-key`; a wrong key is a clear error; environment
 * overrides and the local file backend win over the database, in a real run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openApp } from '../src/app.js';
import { taskLogPath } from '../src/runner/log-file.js';
import { generateFernetKey } from '../src/secrets/fernet.js';
import { MultiFernet } from '../src/secrets/multi-fernet.js';
import { openStore } from '../src/store/open-store.js';
import { DEFAULT_TEST_DATABASE_URL } from '../src/store/testing/harness.js';
import type { ConnectionInput } from '../src/store/types.js';
import { cliPath, freshHome, startHarness, type Harness } from './support/scheduler-harness.js';

const PASSWORD = 'Pl41nT3xt-P@ssw0rd!';
const EXTRA_TOKEN = 'extra-api-token-0f9e8d';
const VARIABLE_SECRET = 'flagged-variable-value-77';

const warehouse = (password = PASSWORD): ConnectionInput => ({
  connId: 'warehouse',
  connType: 'postgres',
  description: 'the warehouse',
  host: 'warehouse-host.example.internal',
  schema: 'dw',
  login: 'etl',
  password,
  port: 5432,
  extra: JSON.stringify({ sslmode: 'require', api_token: EXTRA_TOKEN }),
});

/** Every byte SQLite keeps for the database: the file and its write-ahead log. */
function sqliteBytes(home: string): Buffer {
  const db = join(home, 'updraft.db');
  return Buffer.concat([db, `${db}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

describe('encryption at rest', () => {
  it('SQLite: a key is generated into UPDRAFT_HOME/fernet.key (mode 600, said once); no secret is in the database file', async () => {
    const home = freshHome('updraft-secrets-');
    try {
      const app = await openApp({ home, loadExamples: false }, {});
      const keyFile = join(home, 'fernet.key');
      assert.match(app.fernetKeyNotice ?? '', new RegExp(`^Generated a Fernet key in ${keyFile}: .*Back it up`));
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      assert.match(readFileSync(keyFile, 'utf8'), /^[A-Za-z0-9_-]{43}=\n$/);
      const stored = await app.store.connections.upsert(warehouse());
      assert.deepEqual([stored.isEncrypted, stored.isExtraEncrypted], [true, true]);
      await app.store.variables.set({ key: 'flagged_var', value: VARIABLE_SECRET, isSecret: true });
      await app.close();

      const bytes = sqliteBytes(home);
      // The same bytes hold the unencrypted fields, so the absence checks below can fail.
      assert.ok(bytes.includes('warehouse-host.example.internal'), 'the connection row is in the bytes read');
      assert.ok(bytes.includes('gAAAAA'), 'Fernet tokens are stored');
      for (const secret of [PASSWORD, EXTRA_TOKEN, VARIABLE_SECRET]) assert.ok(!bytes.includes(secret), `${secret} is not in the database file`);

      const again = await openApp({ home, loadExamples: false }, {});
      assert.equal(again.fernetKeyNotice, null, 'said once');
      assert.equal((await again.store.connections.get('warehouse'))?.password, PASSWORD);
      assert.equal((await again.store.variables.get('flagged_var'))?.value, VARIABLE_SECRET);
      await again.close();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: the password, extra and variable columns hold Fernet tokens, not the plaintext', async () => {
    const database = `updraft_test_secrets_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: DEFAULT_TEST_DATABASE_URL });
    await admin.connect();
    const url = new URL(DEFAULT_TEST_DATABASE_URL);
    url.pathname = `/${database}`;
    const home = freshHome('updraft-secrets-');
    try {
      await admin.query(`create database "${database}"`);
      const key = generateFernetKey();
      const app = await openApp({ home, loadExamples: false, databaseUrl: url.toString() }, { UPDRAFT_FERNET_KEY: key });
      assert.equal(app.fernetKeyNotice, null);
      assert.ok(!existsSync(join(home, 'fernet.key')), 'a configured key generates no file');
      await app.store.connections.upsert(warehouse());
      await app.store.variables.set({ key: 'flagged_var', value: VARIABLE_SECRET, isSecret: true });
      await app.close();

      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const conn = (await client.query(`select row_to_json(c)::text as row, password, extra, is_encrypted, is_extra_encrypted from connection c where conn_id = 'warehouse'`)).rows[0];
        assert.match(conn.row, /warehouse-host\.example\.internal/);
        assert.match(conn.password, /^gAAAAA[A-Za-z0-9_-]+=*$/);
        assert.match(conn.extra, /^gAAAAA/);
        assert.deepEqual([conn.is_encrypted, conn.is_extra_encrypted], [true, true]);
        const variable = (await client.query(`select row_to_json(v)::text as row, val, is_encrypted, is_secret from variable v where key = 'flagged_var'`)).rows[0];
        assert.match(variable.val, /^gAAAAA/);
        assert.deepEqual([variable.is_encrypted, variable.is_secret], [true, true]);
        for (const secret of [PASSWORD, EXTRA_TOKEN, VARIABLE_SECRET]) assert.ok(!`${conn.row}${variable.row}`.includes(secret), `${secret} is not in the rows`);
        // A plain Fernet token under the configured key (what Airflow would read with the same key).
        assert.equal(new MultiFernet([key], 'test').decrypt(conn.password), PASSWORD);
      } finally {
        await client.end();
      }
    } finally {
      await admin.query(`drop database if exists "${database}" with (force)`);
      await admin.end();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(home: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'npm run build'`);
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, NO_COLOR: '1', ...env }, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end();
  });
}

async function ok(home: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const r = await cli(home, args, env);
  assert.equal(r.status, 0, `updraft ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe('rotate-fernet-key and wrong keys (the CLI, SQLite file)', () => {
  it('encrypt with A; set "B,A" and rotate; then B alone reads everything and A alone is a clear error', async () => {
    const home = freshHome('updraft-rotate-');
    const [a, b] = [generateFernetKey(), generateFernetKey()];
    try {
      await ok(home, ['connections', 'add', 'warehouse', '--conn-uri', `postgres://etl:${encodeURIComponent(PASSWORD)}@db.example.com:5432/dw`], { UPDRAFT_FERNET_KEY: a });
      await ok(home, ['variables', 'set', 'flagged_var', VARIABLE_SECRET, '--secret'], { UPDRAFT_FERNET_KEY: a });
      assert.ok(!existsSync(join(home, 'fernet.key')));
      assert.ok(!sqliteBytes(home).includes(PASSWORD));
      const tokenBefore = await rawPassword(home);

      const rotated = await ok(home, ['rotate-fernet-key'], { UPDRAFT_FERNET_KEY: `${b},${a}` });
      assert.equal(rotated, 'Re-encrypted 1 connection(s) and 1 variable(s) with the first Fernet key.\n');
      assert.notEqual(await rawPassword(home), tokenBefore, 'the stored token changed');

      const shown = JSON.parse(await ok(home, ['connections', 'get', 'warehouse', '--show-secrets', '-o', 'json'], { UPDRAFT_FERNET_KEY: b })) as Record<string, unknown>;
      assert.deepEqual([shown.password, shown.source], [PASSWORD, 'metastore']);
      assert.equal(await ok(home, ['variables', 'get', 'flagged_var'], { UPDRAFT_FERNET_KEY: b }), `${VARIABLE_SECRET}\n`);
      // Flagged secret: masked where values are listed.
      assert.match(await ok(home, ['variables', 'list', '--show-values', '-o', 'plain'], { UPDRAFT_FERNET_KEY: b }), /^flagged_var\t\*\*\*\t/);

      const stale = await cli(home, ['connections', 'get', 'warehouse'], { UPDRAFT_FERNET_KEY: a });
      assert.equal(stale.status, 1);
      assert.equal(stale.stderr.trim().split('\n').length, 1, stale.stderr);
      assert.match(
        stale.stderr,
        /^error: the password of connection "warehouse" cannot be decrypted: the Fernet key in UPDRAFT_FERNET_KEY \/ core\.fernet_key does not decrypt it: it was written with another key\. .*\(UPDRAFT_FERNET_KEY=<new key>,<old key>\).*'updraft rotate-fernet-key'/,
      );
      const staleVariable = await cli(home, ['variables', 'get', 'flagged_var'], { UPDRAFT_FERNET_KEY: a });
      assert.match(staleVariable.stderr, /^error: variable "flagged_var" cannot be decrypted: /);
      assert.ok(!stale.stderr.includes('gAAAAA') && !stale.stderr.includes(PASSWORD), 'neither ciphertext nor a guess is shown');

      const malformed = await cli(home, ['connections', 'list'], { UPDRAFT_FERNET_KEY: `${b},not-a-key` });
      assert.match(malformed.stderr, /^error: key 2 of 2 in UPDRAFT_FERNET_KEY \/ core\.fernet_key is not a valid Fernet key: a Fernet key must be 32 url-safe base64-encoded bytes/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('rotation also encrypts values written in plaintext before keys were set up; a value no key reads fails it and changes nothing', async () => {
    const home = freshHome('updraft-rotate-');
    const key = generateFernetKey();
    try {
      // An older database: written without a cipher.
      const plain = await openStore({ home });
      await plain.connections.upsert(warehouse());
      await plain.variables.set({ key: 'region', value: 'eu-west-1' });
      await plain.close();
      assert.ok(sqliteBytes(home).includes(PASSWORD));
      assert.match(await ok(home, ['rotate-fernet-key'], { UPDRAFT_FERNET_KEY: key }), /Re-encrypted 1 connection\(s\) and 1 variable\(s\)/);
      assert.ok(!sqliteBytes(home).includes(PASSWORD), 'no plaintext left after rotation');

      const other = await openStore({ home, cipher: MultiFernet.fromList(generateFernetKey(), 'test') });
      await other.variables.set({ key: 'foreign', value: 'x' });
      await other.close();
      const before = await rawPassword(home);
      const failed = await cli(home, ['rotate-fernet-key'], { UPDRAFT_FERNET_KEY: key });
      assert.equal(failed.status, 1);
      assert.match(failed.stderr, /^error: variable "foreign" cannot be decrypted/);
      assert.equal(await rawPassword(home), before, 'the failed rotation rolled back');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
  it('a lost key file is an error naming what it encrypted, and no new key is made beside the old values', async () => {
    const home = freshHome('updraft-lost-key-');
    try {
      await ok(home, ['connections', 'add', 'warehouse', '--conn-uri', `postgres://etl:${encodeURIComponent(PASSWORD)}@db.example.com:5432/dw`]);
      const keyFile = join(home, 'fernet.key');
      const kept = readFileSync(keyFile, 'utf8');
      rmSync(keyFile);

      const lost = await cli(home, ['connections', 'add', 'other', '--conn-uri', 'http://u:second-secret@h']);
      assert.equal(lost.status, 1);
      assert.match(
        lost.stderr,
        new RegExp(`^error: no Fernet key: UPDRAFT_FERNET_KEY / core\\.fernet_key is not set and ${keyFile} does not exist, but the metadata database holds values encrypted with a key \\(connection "warehouse"\\)\\. Restore the key file from a backup`),
      );
      assert.ok(!existsSync(keyFile), 'no new key file');
      assert.ok(!lost.stderr.includes('Generated a Fernet key'));

      writeFileSync(keyFile, kept, { mode: 0o600 });
      const shown = JSON.parse(await ok(home, ['connections', 'get', 'warehouse', '--show-secrets', '-o', 'json'])) as Record<string, unknown>;
      assert.equal(shown.password, PASSWORD, 'the restored key reads the value: nothing was written under another key');
      assert.equal((await cli(home, ['connections', 'get', 'other'])).status, 1, 'the refused add wrote nothing');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

/** The stored password column of `warehouse`, read without a cipher. */
async function rawPassword(home: string): Promise<string> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(home, 'updraft.db'), { readonly: true });
  try {
    return (db.prepare(`select password from connection where conn_id = 'warehouse'`).get() as { password: string }).password;
  } finally {
    db.close();
  }
}

describe('a real run: backends in order, secrets masked in the task log', () => {
  let h: Harness;
  let files = '';
  before(async () => {
    files = mkdtempSync(join(tmpdir(), 'updraft-secret-files-'));
    writeFileSync(join(files, 'variables.yaml'), 'file_token: file-secret-token-123\nregion: eu-west-1\n');
    writeFileSync(join(files, 'connections.json'), JSON.stringify({ from_file: { conn_type: 'http', host: 'file-host', password: 'file-pa55word' } }));
    h = await startHarness(
      {
        'leaky.ts': `import { bash, dag, sqlQuery, task } from 'updraft';
dag('leaky', {}, () => {
  task('print_secrets', async (_in, ctx) => {
    const conn = await ctx.connections.get('warehouse');
    console.log('password is ' + conn.password);
    ctx.log.info('as a URI: postgres://etl:' + encodeURIComponent(conn.password ?? '') + '@db/dw');
    ctx.log.info('extra token ' + String(conn.extra.api_token) + ', sslmode ' + String(conn.extra.sslmode));
    console.log('flagged ' + (await ctx.variables.get('flagged_var')));
    console.log('file token ' + (await ctx.variables.get('file_token')) + ', region ' + (await ctx.variables.get('region')));
    const shadowed = await ctx.connections.get('shadowed');
    console.log('shadowed host ' + shadowed.host + ' password ' + shadowed.password);
    const fromFile = await ctx.connections.get('from_file');
    console.log('file host ' + fromFile.host + ' password ' + fromFile.password);
    console.log(JSON.stringify(conn));
  });
  bash('echo_secret', {}, async (_in, ctx) => 'echo "bash sees ' + (await ctx.connections.get('warehouse')).password + '"');
  task('read_undecryptable', async (_in, ctx) => { await ctx.connections.get('foreign'); });
  bash('templated', 'echo "day {{ ds }}"', { env: { API_TOKEN: 'token-in-the-dag-4455', REGION: 'eu' } });
  sqlQuery('query_sql', { connId: 'scratch_db', sql: "select '{{ ds }}' as day" });
});
`,
      },
      {
        env: { UPDRAFT_CONN_SHADOWED: 'http://user:env-pa55word@env-host' },
        settings: { 'secrets.variables_file_path': join(files, 'variables.yaml'), 'secrets.connections_file_path': join(files, 'connections.json') },
      },
    );
    const store = h.app.store;
    await store.connections.upsert(warehouse());
    await store.connections.upsert({ ...warehouse(), connId: 'shadowed', host: 'db-host', password: 'db-pa55word' });
    await store.connections.upsert({ ...warehouse(), connId: 'from_file', host: 'db-host', password: 'db-pa55word' });
    await store.variables.set({ key: 'flagged_var', value: VARIABLE_SECRET, isSecret: true });
    await store.variables.set({ key: 'region', value: 'db-region' });
    await store.connections.upsert({ connId: 'scratch_db', connType: 'sqlite', description: null, host: join(files, 'scratch.db'), schema: null, login: null, password: null, port: null, extra: null });
    // A connection written under a key this installation does not have.
    const foreign = await openStore({ home: h.home, cipher: MultiFernet.fromList(generateFernetKey(), 'test') });
    await foreign.connections.upsert({ ...warehouse(), connId: 'foreign' });
    await foreign.close();
  });
  after(async () => {
    await h?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('prints every secret the task fetched as ***, reads local file > environment > database, and fails clearly on a key it lacks', async () => {
    const run = await h.waitForRun(await h.trigger('leaky'));
    const tis = await h.tis(run);
    assert.equal(tis.get('print_secrets')?.state, 'success', tis.get('print_secrets')?.stateReason ?? '');
    assert.equal(tis.get('echo_secret')?.state, 'success');
    const log = (taskId: string) => readFileSync(taskLogPath(h.app.config.logsFolder, { dagId: 'leaky', runId: run.runId, taskId, mapIndex: -1 }, 1), 'utf8');

    const printed = log('print_secrets');
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), EXTRA_TOKEN, VARIABLE_SECRET, 'file-secret-token-123', 'env-pa55word', 'file-pa55word', 'db-pa55word']) {
      assert.ok(!printed.includes(secret), `${secret} is not in the log:\n${printed}`);
    }
    assert.match(printed, /INFO\s+password is \*\*\*$/m);
    assert.match(printed, /as a URI: postgres:\/\/etl:\*\*\*@db\/dw$/m);
    assert.match(printed, /extra token \*\*\*, sslmode require$/m);
    assert.match(printed, /flagged \*\*\*$/m);
    assert.match(printed, /file token \*\*\*, region eu-west-1$/m, 'the variables file wins over the database');
    assert.match(printed, /shadowed host env-host password \*\*\*$/m, 'UPDRAFT_CONN_SHADOWED wins over the database');
    assert.match(printed, /file host file-host password \*\*\*$/m, 'the connections file wins over the database');
    assert.match(printed, /"password":"\*\*\*"/);

    const bashLog = log('echo_secret');
    assert.ok(!bashLog.includes(PASSWORD), bashLog);
    assert.match(bashLog, /Running command: echo "bash sees \*\*\*"/);
    assert.match(bashLog, /INFO\s+bash sees \*\*\*$/m);

    // Rendered fields: the templates as this try rendered them, with the same secrets masked as in its log.
    const ds = (run.logicalDate as Date).toISOString().slice(0, 10);
    assert.deepEqual(tis.get('echo_secret')?.renderedFields, { command: 'echo "bash sees ***"', env: null, cwd: null });
    assert.deepEqual(tis.get('templated')?.renderedFields, { command: `echo "day ${ds}"`, env: { API_TOKEN: '***', REGION: 'eu' }, cwd: null });
    assert.equal(tis.get('query_sql')?.state, 'success', tis.get('query_sql')?.stateReason ?? '');
    assert.deepEqual(tis.get('query_sql')?.renderedFields, { connId: 'scratch_db', sql: `select '${ds}' as day`, parameters: null, maxRows: 1000 });
    assert.equal(tis.get('print_secrets')?.renderedFields, null, 'a function task has no templated fields');

    const failed = tis.get('read_undecryptable');
    assert.equal(failed?.state, 'failed');
    assert.match(log('read_undecryptable'), /the password of connection "foreign" cannot be decrypted: the Fernet key in the key file .*fernet\.key .*does not decrypt it/);
  });
});
