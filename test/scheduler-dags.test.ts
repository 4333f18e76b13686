/**
 * DAG-level behaviour under the scheduler: the DAG's own callbacks when a run
 * ends (run in a process of their own), and pausing (a paused DAG's runs wait
 * until it is unpaused; `dags_are_paused_at_creation` decides for new DAGs).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dagCallbackLogPath } from '../src/runner/log-file.js';
import { setDagPaused } from '../src/services/pause-dag.js';
import { lines, sleep, startHarness, waitFor, type Harness } from './support/scheduler-harness.js';

let h: Harness;
const path = (name: string) => join(h.scratch, name);

before(async () => {
  h = await startHarness(({ scratch }) => ({
    'callbacks.ts': `import { appendFileSync } from 'node:fs';
import { dag, task } from 'updraft';
const note = (line: string) => appendFileSync(${JSON.stringify(join(scratch, 'callbacks.txt'))}, line + '\\n');
dag('with_callbacks', {
  onSuccess: ({ runId, state, log }) => { note('success ' + runId + ' ' + state + ' pid=' + process.pid); log.info('all good'); },
  onFailure: ({ runId, reason }) => note('failure ' + runId + ' ' + reason),
}, () => {
  task('work', (_in, { params }) => { if (params.fail) throw new Error('asked to fail'); return 1; });
});
`,
    'paused.ts': `import { dag, task } from 'updraft';
dag('pausable', {}, () => { task('work', () => 1); });
dag('born_paused', { isPausedUponCreation: true }, () => { task('work', () => 1); });
`,
  }));
});

after(async () => {
  await h?.close();
});

test("a run's end runs the DAG's onSuccess or onFailure callback, outside the scheduler's process", async () => {
  const ok = await h.waitForRun(await h.trigger('with_callbacks'));
  assert.equal(ok.state, 'success');
  const failed = await h.waitForRun(await h.trigger('with_callbacks', { conf: { fail: true } }));
  assert.equal(failed.state, 'failed');
  await waitFor(async () => lines(path('callbacks.txt')).length >= 2, 15_000, async () => `both callbacks to run:\n${h.logs.join('\n')}`);
  const written = lines(path('callbacks.txt'));
  const failure = written.find((line) => line.startsWith('failure '));
  const success = written.find((line) => line.startsWith('success '));
  assert.ok(failure?.startsWith(`failure ${failed.runId} failed: leaf task work failed`), failure);
  assert.ok(success?.startsWith(`success ${ok.runId} success pid=`), success);
  assert.notEqual(Number(/pid=(\d+)/.exec(success ?? '')?.[1]), process.pid, 'the callback ran in another process');
  const log = readFileSync(dagCallbackLogPath(h.app.config.logsFolder, ok, 'success'), 'utf8');
  assert.match(log, /INFO\s+all good/);
});

test('a paused DAG keeps its triggered runs queued until it is unpaused', async () => {
  await setDagPaused(h.app.store, 'pausable', true, 'test', new Date());
  const run = await h.trigger('pausable');
  await sleep(1500);
  assert.equal((await h.app.store.dagRuns.get(run))?.state, 'queued');
  assert.equal((await h.ti(run, 'work')).state, null);
  await setDagPaused(h.app.store, 'pausable', false, 'test', new Date());
  h.orchestrator.scheduler.wake(true);
  assert.equal((await h.waitForRun(run)).state, 'success');
});

test('new DAGs start unpaused unless the DAG (or core.dags_are_paused_at_creation) says otherwise', async () => {
  assert.equal((await h.app.store.dags.get('pausable'))?.isPaused, false);
  assert.equal((await h.app.store.dags.get('born_paused'))?.isPaused, true);
  const airflowLike = await startHarness({ 'one.ts': `import { dag, task } from 'updraft';\ndag('airflow_like', {}, () => { task('t', () => 1); });\n` }, {
    settings: { 'core.dags_are_paused_at_creation': true },
  });
  try {
    assert.equal((await airflowLike.app.store.dags.get('airflow_like'))?.isPaused, true);
  } finally {
    await airflowLike.close();
  }
});
