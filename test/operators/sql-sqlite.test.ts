/**
 * SQL operators end to end on SQLite: a real orchestrator runs a DAG whose
 * tasks execute statements and query rows against a SQLite file named by a
 * connection; results land in XCom, failures say why.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { taskLogPath } from '../../src/runner/log-file.js';
import { startHarness, type Harness } from '../support/scheduler-harness.js';

let h: Harness;
let dbFile = '';

async function xcom(run: { dagId: string; runId: string }, taskId: string): Promise<unknown> {
  const entries = await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
  return entries.find((e) => e.key === 'return_value')?.value;
}

before(async () => {
  h = await startHarness(({ scratch }) => {
    dbFile = join(scratch, 'warehouse.db');
    return {
      'sql_basics.ts': `import { dag, sqlExecute, sqlQuery, task } from 'updraft';
import { SqliteHook, sqlHook } from 'updraft/hooks';
dag('sql_basics', {}, () => {
  const setup = sqlExecute('setup', {
    connId: 'warehouse',
    sql: \`CREATE TABLE IF NOT EXISTS sales (day TEXT, amount REAL);
          DELETE FROM sales WHERE day = '{{ params.day }}';
          INSERT INTO sales VALUES ('{{ params.day }}', 10.5), ('{{ params.day }}', 4.5);\`,
  });
  const totals = sqlQuery<{ day: string; total: number; n: number }>('totals', {
    connId: 'warehouse',
    sql: 'SELECT day, SUM(amount) AS total, COUNT(*) AS n FROM sales WHERE day = :day GROUP BY day',
    parameters: { day: '{{ params.day }}' },
  });
  setup.before(totals);
  task('report', { inputs: { totals } }, ({ totals }) => totals[0]?.total ?? -1);
  sqlQuery('too_many', { connId: 'warehouse', sql: 'SELECT * FROM sales', maxRows: 1, triggerRule: 'all_done' }).after(setup);
  const viaHook = task('via_hook', async (_in, ctx) => {
    const db = await SqliteHook.fromConnection(ctx.connections, 'warehouse', { log: ctx.log, signal: ctx.signal });
    try {
      return await db.first<{ n: number }>('SELECT COUNT(*) AS n FROM sales WHERE day = :day', { day: ctx.params.day as string });
    } finally {
      await db.close();
    }
  });
  const viaAnyHook = task('via_any_hook', async (_in, ctx) => {
    const db = await sqlHook(ctx.connections, 'warehouse');
    try {
      return { dialect: db.dialect, rows: await db.queryArrays('SELECT 1, 1') };
    } finally {
      await db.close();
    }
  });
  setup.before(viaHook, viaAnyHook);
});
`,
    };
  });
  await h.app.store.connections.upsert({
    connId: 'warehouse',
    connType: 'sqlite',
    description: null,
    host: dbFile,
    schema: null,
    login: null,
    password: null,
    port: null,
    extra: null,
  });
});

after(async () => {
  await h?.close();
});

test('sqlExecute runs a templated script, sqlQuery returns typed rows to XCom, a task consumes them', async () => {
  const run = await h.waitForRun(await h.trigger('sql_basics', { conf: { day: '2024-03-01' } }));
  const tis = await h.tis(run);
  assert.equal(tis.get('setup')?.state, 'success');
  assert.equal(tis.get('totals')?.state, 'success');
  assert.deepEqual(await xcom(run, 'setup'), { statements: 3, rowsAffected: 2 });
  assert.deepEqual(await xcom(run, 'totals'), [{ day: '2024-03-01', total: 15, n: 2 }]);
  assert.equal(await xcom(run, 'report'), 15);
  assert.deepEqual(await xcom(run, 'via_hook'), { n: 2 }, "task code uses the hooks from 'updraft/hooks'");
  assert.deepEqual(await xcom(run, 'via_any_hook'), { dialect: 'sqlite', rows: { columns: ['1', '1'], rows: [[1, 1]] } });
  const rows = new Database(dbFile, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM sales').get() as { n: number };
  assert.equal(rows.n, 2);
});

test('a result over maxRows fails the task with a message saying what to do', async () => {
  const run = await h.waitForRun(await h.trigger('sql_basics', { conf: { day: '2024-03-02' } }));
  const ti = tisOf(await h.tis(run), 'too_many');
  assert.equal(ti.state, 'failed');
  const log = readFileSync(taskLogPath(h.app.config.logsFolder, ti, 1), 'utf8');
  assert.match(log, /more than 1 row \(maxRows 1\): raise maxRows .* or aggregate/);
});

function tisOf<T>(map: Map<string, T>, id: string): T {
  const value = map.get(id);
  assert.ok(value, `task ${id} exists`);
  return value;
}
