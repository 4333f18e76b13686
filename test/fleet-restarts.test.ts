/**
 * Redis and PostgreSQL go away in the middle of a run and come back: the
 * fleet (API server, DAG processor, scheduler and worker as processes of the
 * built CLI) rides it out and the run completes, each task doing its work once.
 * Both servers are the test's own, so restarting them disturbs no other test.
 *
 * Redis runs without persistence here, so its restart loses every queued job:
 * the scheduler finds those tries queued with no job behind them and queues
 * them again (queue.task_queued_timeout). PostgreSQL stopped with `-m fast`
 * ends every connection: each process's next statement fails, and it must
 * carry on with new connections once the server is back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshHome, lines, waitFor } from './support/scheduler-harness.js';
import { startFleet, type Fleet } from './support/fleet-processes.js';
import { startPrivatePostgres, startPrivateRedis, type PrivateServer } from './support/private-services.js';

const STEPS = 8;
let home: string;
let trace: string;
let postgres: PrivateServer;
let redis: PrivateServer;
let fleet: Fleet;

interface TaskInstanceRow {
  readonly task_id: string;
  readonly state: string | null;
  readonly try_number: number;
}

before(async () => {
  home = freshHome('updraft-restarts-');
  trace = join(home, 'trace.txt');
  const dagsFolder = join(home, 'dags');
  mkdirSync(dagsFolder, { recursive: true });
  writeFileSync(
    join(dagsFolder, 'steps.ts'),
    `import { chain, dag, task } from 'updraft';
import { appendFileSync } from 'node:fs';
dag('restart_steps', { schedule: null }, () => {
  const steps = Array.from({ length: ${STEPS} }, (_, i) =>
    task('step_' + i, { retries: 1, retryDelay: '1s' }, async (_in, ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      appendFileSync(${JSON.stringify(trace)}, ctx.runId + ' ' + ctx.taskId + ' ' + ctx.tryNumber + '\\n');
      return i;
    }),
  );
  chain(...steps);
});
`,
  );
  [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  fleet = await startFleet({
    root: home,
    dagsFolder,
    databaseUrl: postgres.url,
    redisUrl: redis.url,
    env: { UPDRAFT__QUEUE__TASK_QUEUED_TIMEOUT: '2', UPDRAFT__SCHEDULER__TASK_HEARTBEAT_TIMEOUT: '30' },
  });
  await fleet.startScheduler('scheduler');
  await fleet.startWorker('worker', ['default'], 2);
});

after(async () => {
  await fleet?.stop();
  await Promise.allSettled([postgres?.stop(), redis?.stop()]);
  if (home) rmSync(home, { recursive: true, force: true });
});

async function tis(runId: string): Promise<TaskInstanceRow[]> {
  return (await fleet.get<{ task_instances: TaskInstanceRow[] }>(`/api/v2/dags/restart_steps/dagRuns/${runId}/taskInstances`)).task_instances;
}

/** Triggers a run, waits for `step_1` to succeed, runs `interrupt`, and waits for the run to succeed. */
async function runThrough(runId: string, interrupt: () => Promise<void>): Promise<void> {
  await fleet.post('/api/v2/dags/restart_steps/dagRuns', { logical_date: null, dag_run_id: runId });
  const describe = async () => `${JSON.stringify(await tis(runId).catch((e: Error) => e.message))}\n${fleet.output().slice(-15_000)}`;
  await waitFor(async () => (await tis(runId)).some((ti) => ti.task_id === 'step_1' && ti.state === 'success'), 60_000, async () => `step_1 of ${runId} to succeed: ${await describe()}`);
  await interrupt();
  let state = '';
  await waitFor(
    async () => {
      state = await fleet
        .get<{ state: string }>(`/api/v2/dags/restart_steps/dagRuns/${runId}`)
        .then((r) => r.state)
        .catch(() => 'unreachable');
      return state === 'success' || state === 'failed';
    },
    90_000,
    async () => `${runId} to end (${state}): ${await describe()}`,
  );
  assert.equal(state, 'success', await describe());
  // Each step did its work exactly once.
  const done = lines(trace).filter((line) => line.startsWith(`${runId} `));
  assert.deepEqual(done.map((line) => line.split(' ')[1]).sort(), Array.from({ length: STEPS }, (_, i) => `step_${i}`).sort(), done.join('\n'));
}

test('a run completes through a restart of Redis that loses every queued job', { timeout: 150_000 }, async () => {
  await runThrough('through_redis_restart', () => redis.restart(2000));
});

test('a run completes through a restart of PostgreSQL', { timeout: 150_000 }, async () => {
  await runThrough('through_postgres_restart', () => postgres.restart(3000));
});
