/**
 * The example star-schema DAG (examples/dags/example_sql_quality.ts) runs as
 * shipped, with no setup: `sqlite_default` is a SQLite file in the temp folder
 * until a connection of that id is defined, which then wins.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { root, startHarness, type Harness } from '../support/scheduler-harness.js';

let h: Harness;

before(async () => {
  h = await startHarness({ 'example_sql_quality.ts': readFileSync(join(root, 'examples', 'dags', 'example_sql_quality.ts'), 'utf8') });
});

after(async () => {
  await h?.close();
});

async function xcom(run: { dagId: string; runId: string }, taskId: string): Promise<unknown> {
  const entries = await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
  return entries.find((e) => e.key === 'return_value')?.value;
}

async function runDay(day: string) {
  const run = await h.waitForRun(await h.trigger('example_sql_quality', { logicalDate: new Date(`${day}T00:00:00Z`) }), 60_000);
  const tis = await h.tis(run);
  assert.deepEqual([...tis.values()].filter((ti) => ti.state !== 'success').map((ti) => `${ti.taskId}: ${ti.state} ${ti.stateReason ?? ''}`), []);
  assert.equal(run.state, 'success');
  return run;
}

test('with no connection defined, the example loads the star schema into the temp sqlite_default and its checks pass', async () => {
  const run = await runDay('2024-03-08');
  assert.ok(existsSync(join(tmpdir(), 'sqlite_default.db')));
  assert.deepEqual(await xcom(run, 'top_songs'), [
    { title: 'Yellow', plays: 2 },
    { title: 'Clocks', plays: 1 },
  ]);
  assert.equal(await xcom(run, 'report'), 2);
  assert.deepEqual(await xcom(run, 'quality_checks.check_songplays'), { row_count: true, has_song: true, has_start_time: true });
});

test('a defined sqlite_default connection wins over the built-in one', async () => {
  const file = join(h.scratch, 'warehouse.db');
  await h.app.store.connections.upsert({ connId: 'sqlite_default', connType: 'sqlite', description: null, host: file, schema: null, login: null, password: null, port: null, extra: null });
  await runDay('2024-03-09');
  const db = new Database(file, { readonly: true });
  try {
    assert.deepEqual(db.prepare('SELECT ds, COUNT(*) AS n FROM songplays GROUP BY ds').all(), [{ ds: '2024-03-09', n: 3 }]);
  } finally {
    db.close();
  }
});
