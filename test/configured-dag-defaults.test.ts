/**
 * The configured DAG defaults through a real orchestrator (processor, scheduler, task
 * processes): with scheduler.catchup_by_default on, a DAG that says nothing of catchup
 * creates the runs it missed since its start date (at most core.max_active_runs_per_dag at
 * once); with core.default_task_retries 2, a failing task that sets no retries is tried three
 * times, while a DAG's defaultArgs.retries still wins. The task process, which loads the DAG
 * file itself, sees the same defaults.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { describeTis, startHarness, waitFor, type Harness } from './support/scheduler-harness.js';

const DAY = 86_400_000;
const startOfDay = (ms: number) => Math.floor(ms / DAY) * DAY;
const START = startOfDay(Date.now()) - 3 * DAY;

const FILES = {
  'catching_up.ts': `import { dag, task } from 'updraft';
const catchingUp = dag('catching_up', { schedule: '@daily', startDate: '${new Date(START).toISOString()}' }, () => {
  task('seen', () => ({ catchup: catchingUp.spec.catchup, maxActiveRuns: catchingUp.spec.maxActiveRuns }));
});
`,
  'flaky.ts': `import { dag, task } from 'updraft';
dag('flaky', {}, () => {
  task('config_retries', { retryDelay: 0 }, () => { throw new Error('boom'); });
});
dag('flaky_own', { defaultArgs: { retries: 1, retryDelay: 0 } }, () => {
  task('dag_retries', () => { throw new Error('boom'); });
});
`,
};

let harness: Harness | null = null;
after(() => harness?.close());

test('configured defaults: a DAG catches up on its missed runs, a failing task is retried twice', async () => {
  const h = await startHarness(FILES, {
    settings: { 'scheduler.catchup_by_default': true, 'core.default_task_retries': 2, 'core.max_active_runs_per_dag': 3 },
  });
  harness = h;
  const flaky = await h.trigger('flaky');
  const flakyOwn = await h.trigger('flaky_own');

  const runsOf = async () => (await h.app.store.dagRuns.list({ dagId: 'catching_up', orderBy: 'logicalDate' })).items;
  const missed = () => {
    const dates: string[] = [];
    for (let at = START; at <= Date.now(); at += DAY) dates.push(new Date(at).toISOString());
    return dates;
  };
  await waitFor(
    async () => {
      const runs = await runsOf();
      return runs.length === missed().length && runs.every((run) => run.state === 'success');
    },
    30_000,
    async () => `every missed run of catching_up to succeed: ${(await runsOf()).map((r) => `${r.logicalDate?.toISOString()}=${r.state}`).join(', ')}\n${h.logs.join('\n')}`,
  );
  const runs = await runsOf();
  assert.deepEqual(runs.map((run) => run.logicalDate?.toISOString()), missed(), 'one run per day since the start date');
  const spec = (await h.app.store.dags.latestVersion('catching_up'))?.spec;
  assert.deepEqual([spec?.catchup, spec?.maxActiveRuns], [true, 3]);
  const seen = await h.app.store.xcom.listForRun({ dagId: 'catching_up', runId: (runs[0] as (typeof runs)[number]).runId, taskId: 'seen' });
  assert.deepEqual(seen.map((x) => x.value), [{ catchup: true, maxActiveRuns: 3 }], 'the task process loaded the file with the same defaults');

  assert.equal((await h.waitForRun(flaky)).state, 'failed', await describeTis(h.app, flaky));
  const configRetries = await h.ti(flaky, 'config_retries');
  assert.deepEqual([configRetries.state, configRetries.tryNumber, configRetries.maxTries], ['failed', 3, 2], 'tried once and retried twice');
  assert.equal((await h.waitForRun(flakyOwn)).state, 'failed');
  const dagRetries = await h.ti(flakyOwn, 'dag_retries');
  assert.deepEqual([dagRetries.state, dagRetries.tryNumber, dagRetries.maxTries], ['failed', 2, 1], "the DAG's defaultArgs.retries beats the setting");
});
