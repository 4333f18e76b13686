/**
 * The whole fleet as separate processes of the built CLI on the real local
 * PostgreSQL and Redis: an API server, a DAG processor, two schedulers and
 * three workers (two on queue `default`, one on `etl`) run a few hundred DAG
 * runs of mixed shapes (chains, fan-out over mapped tasks, retries, a task
 * routed to `etl`, a DAG meant to fail) while one worker and one scheduler are
 * killed with SIGKILL in the middle of their work.
 *
 * What must hold afterwards: every run ends in the state its DAG is built to
 * end in, with the right XComs; no task instance has two successful tries;
 * every successful one did its work once in the try that is recorded (a trace
 * line per try that got through its work, written by the task itself), and
 * only the killed worker did work whose outcome was lost (at-least-once, as
 * with any queue: a worker can die after the work and before its report);
 * the killed worker's task was retried per
 * its retries on another worker; `etl` tasks ran only on the `etl` worker; and
 * the monitoring API shows the dead worker and the dead scheduler as unhealthy.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freshHome, lines, sleep, waitFor } from './support/scheduler-harness.js';
import { startFleet, type Fleet, type FleetProcess } from './support/fleet-processes.js';
import { TEST_REDIS_URL } from '../src/executor/queue/testing/redis-prefix.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const HOUR = 3600_000;
/** Scheduled runs per DAG (catchup over hourly intervals): 4 DAGs, 200 runs, about 750 tries. */
const RUNS = { fleet_chain: 60, fleet_fanout: 50, fleet_retry: 50, fleet_doomed: 40 } as const;
const EXPECTED_STATE: Record<string, string> = { fleet_chain: 'success', fleet_fanout: 'success', fleet_retry: 'success', fleet_doomed: 'failed', fleet_slow: 'success' };
/** A try on a killed worker goes silent; the schedulers fail it after this and retry it. */
const TASK_HEARTBEAT_TIMEOUT_S = 10;

// One before() hook: node runs a file's top-level before() hooks concurrently.
let home: string;
let database: TestDatabase;
let fleet: Fleet;
let db: pg.Client;
let trace: string;

function dagFile(tracePath: string, start: Date): string {
  return `import { chain, dag, task } from 'updraft';
import { appendFileSync } from 'node:fs';
import type { TaskContext } from 'updraft';

/** One line per try that finished its work: who ran it (the worker is the task process's parent). */
const done = (ctx: TaskContext) =>
  appendFileSync(${JSON.stringify(tracePath)}, [ctx.dagId, ctx.runId, ctx.taskId, ctx.mapIndex, ctx.tryNumber, process.ppid].join(' ') + '\\n');
const catchupHourly = (runs: number) => ({ schedule: '@hourly', startDate: ${JSON.stringify(start.toISOString())}, endDate: endOf(runs), catchup: true, maxActiveRuns: 8 });
function endOf(runs: number) {
  return new Date(Date.parse(${JSON.stringify(start.toISOString())}) + (runs - 1) * ${HOUR}).toISOString();
}
// A worker killed mid-task takes its other tries with it: every task may run once more.
const defaultArgs = { retries: 1, retryDelay: '1s' } as const;

dag('fleet_chain', { ...catchupHourly(${RUNS.fleet_chain}), defaultArgs }, () => {
  const a = task('a', (_in, ctx) => { done(ctx); return 1; });
  const b = task('b', { inputs: { a } }, ({ a }, ctx) => { done(ctx); return a + 1; });
  task('c', { inputs: { b } }, ({ b }, ctx) => { done(ctx); return b + 1; });
});

dag('fleet_fanout', { ...catchupHourly(${RUNS.fleet_fanout}), defaultArgs }, () => {
  const numbers = task('numbers', (_in, ctx) => { done(ctx); return [1, 2, 3, 4]; });
  const squares = task('square', { expand: { n: numbers } }, ({ n }, ctx) => { done(ctx); return n * n; });
  task('total', { inputs: { squares } }, ({ squares }, ctx) => { done(ctx); return squares.reduce((sum, x) => sum + x, 0); });
});

dag('fleet_retry', { ...catchupHourly(${RUNS.fleet_retry}), defaultArgs }, () => {
  const flaky = task('flaky', { retries: 2 }, (_in, ctx) => {
    if (ctx.tryNumber === 1) throw new Error('the first try of flaky always fails');
    done(ctx);
    return 'rows';
  });
  task('transform', { queue: 'etl', inputs: { flaky } }, ({ flaky }, ctx) => { done(ctx); return flaky + ' transformed'; });
});

dag('fleet_doomed', { ...catchupHourly(${RUNS.fleet_doomed}), defaultArgs }, () => {
  const boom = task('boom', { retries: 0 }, () => { throw new Error('boom fails on purpose'); });
  // cleanup runs anyway (all_done); report never does (upstream_failed), so the run fails.
  const cleanup = task('cleanup', { triggerRule: 'all_done' }, (_in, ctx) => { done(ctx); });
  const report = task('report', (_in, ctx) => { done(ctx); });
  chain(boom, [cleanup, report]);
});

dag('fleet_slow', { schedule: null, defaultArgs }, () => {
  task('sleeper', async (_in, ctx) => {
    if (ctx.tryNumber === 1) await new Promise((resolve) => setTimeout(resolve, 60_000));
    done(ctx);
    return 'woke up on try ' + ctx.tryNumber;
  });
});
`;
}

interface ClusterWorker {
  readonly name: string;
  readonly pid: number;
  readonly healthy: boolean;
  readonly running: readonly { dag_id: string; task_id: string }[];
}
interface Cluster {
  readonly fleet: { readonly workers: readonly ClusterWorker[] } | null;
}
interface JobRow {
  readonly id: number;
  readonly job_type: string;
  readonly state: string;
  readonly hostname: string;
}

const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await db.query<T>(text, values)).rows;

async function runStates(): Promise<Map<string, Map<string, number>>> {
  const rows = await query<{ dag_id: string; state: string; n: string }>('select dag_id, state, count(*) as n from dag_run group by dag_id, state');
  const states = new Map<string, Map<string, number>>();
  for (const row of rows) states.set(row.dag_id, (states.get(row.dag_id) ?? new Map()).set(row.state, Number(row.n)));
  return states;
}

/** The task instances of the runs that have not ended, for a failure message. */
async function describeUnfinished(): Promise<string> {
  const rows = await query<{ run: string; ti: string }>(
    `select r.dag_id || '/' || r.run_id as run, ti.task_id || '[' || ti.map_index || ']=' || coalesce(ti.state, 'none') || '#' || ti.try_number || ' ' || coalesce(ti.state_reason, '') as ti
     from dag_run r join task_instance ti on ti.dag_id = r.dag_id and ti.run_id = r.run_id where r.state not in ('success', 'failed') order by 1, 2`,
  );
  return rows.map((r) => `${r.run}: ${r.ti}`).join('\n');
}

const describeStates = (states: Map<string, Map<string, number>>) =>
  [...states].map(([dag, byState]) => `${dag}: ${[...byState].map(([s, n]) => `${s}=${n}`).join(' ')}`).join('; ');

before(async () => {
  home = freshHome('updraft-fleet-');
  database = await createTestDatabase();
  const dagsFolder = join(home, 'dags');
  mkdirSync(dagsFolder, { recursive: true });
  trace = join(home, 'trace.txt');
  // Whole hours, so the catchup runs are exactly the ones the DAGs' start and end dates allow.
  const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - 100 * HOUR);
  writeFileSync(join(dagsFolder, 'fleet.ts'), dagFile(trace, start));
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  fleet = await startFleet({
    root: home,
    dagsFolder,
    databaseUrl: database.url,
    redisUrl: TEST_REDIS_URL,
    env: {
      UPDRAFT__SCHEDULER__TASK_HEARTBEAT_TIMEOUT: String(TASK_HEARTBEAT_TIMEOUT_S),
      UPDRAFT__SCHEDULER__HEALTH_CHECK_THRESHOLD: '5',
      UPDRAFT__CORE__PARALLELISM: '32',
    },
  });
});

after(async () => {
  await fleet?.stop();
  await db?.end();
  await database?.drop();
  if (home) rmSync(home, { recursive: true, force: true });
});

test('2 schedulers and 3 workers run 200 mixed runs through a kill -9 of a worker and of a scheduler', { timeout: 300_000 }, async () => {
  const schedulerA = await fleet.startScheduler('scheduler-a');
  const schedulerB = await fleet.startScheduler('scheduler-b');
  const workers = [await fleet.startWorker('default-1', ['default'], 4), await fleet.startWorker('default-2', ['default'], 4), await fleet.startWorker('etl-1', ['etl'], 2)];
  const etlWorker = workers[2] as FleetProcess;

  // The slow task: whichever default worker takes it is killed while it runs.
  await fleet.post('/api/v2/dags/fleet_slow/dagRuns', { logical_date: null, dag_run_id: 'slow' });
  let victim: FleetProcess | undefined;
  await waitFor(
    async () => {
      const cluster = await fleet.get<Cluster>('/ui/cluster');
      const holder = cluster.fleet?.workers.find((w) => w.running.some((t) => t.dag_id === 'fleet_slow'));
      victim = holder && workers.find((w) => w.name === holder.name);
      return victim !== undefined;
    },
    60_000,
    () => `a worker to run fleet_slow's sleeper:\n${fleet.output()}`,
  );
  const deadWorker = victim as FleetProcess;
  assert.notEqual(deadWorker, etlWorker, 'the sleeper is on queue default');
  // Mid-flight: wait until the catchup runs are well under way, then kill both.
  await waitFor(async () => Number((await query<{ n: string }>(`select count(*) as n from dag_run where state = 'success'`))[0]?.n) >= 20, 120_000, async () => `20 runs to succeed: ${describeStates(await runStates())}`);
  deadWorker.child.kill('SIGKILL');
  schedulerB.child.kill('SIGKILL');
  await Promise.all([deadWorker.exited, schedulerB.exited]);

  const total = Object.values(RUNS).reduce((a, b) => a + b, 1);
  let states = new Map<string, Map<string, number>>();
  await waitFor(
    async () => {
      states = await runStates();
      const ended = [...states.values()].flatMap((byState) => [...byState].filter(([s]) => s === 'success' || s === 'failed').map(([, n]) => n));
      return ended.reduce((a, b) => a + b, 0) >= total;
    },
    240_000,
    async () => `all ${total} runs to end: ${describeStates(states)}\n${await describeUnfinished()}\n${fleet.output().slice(-20_000)}`,
  );
  await sleep(500); // anything still arriving would show as a second run or try below

  // Every run, exactly as many as the DAGs allow, in the state its DAG is built to end in.
  states = await runStates();
  for (const [dagId, runs] of Object.entries({ ...RUNS, fleet_slow: 1 })) {
    assert.deepEqual(Object.fromEntries(states.get(dagId) ?? []), { [EXPECTED_STATE[dagId] as string]: runs }, `${dagId}: ${describeStates(states)}`);
  }

  // The values flowed: each chain ends with 3, each fan-out sums 1+4+9+16.
  const returns = await query<{ dag_id: string; value: string; n: string }>(
    `select dag_id, value::text as value, count(*) as n from xcom where key = 'return_value' and task_id in ('c', 'total', 'transform', 'sleeper') group by dag_id, value::text order by dag_id`,
  );
  assert.deepEqual(
    returns.map((r) => [r.dag_id, JSON.parse(r.value) as unknown, Number(r.n)]),
    [
      ['fleet_chain', 3, RUNS.fleet_chain],
      ['fleet_fanout', 30, RUNS.fleet_fanout],
      ['fleet_retry', 'rows transformed', RUNS.fleet_retry],
      ['fleet_slow', 'woke up on try 2', 1],
    ],
  );

  // No task instance has two successful tries (the history keeps every finished try, the last one too).
  const twice = await query(
    `select dag_id, run_id, task_id, map_index, count(*) as n from task_instance_history
     where state = 'success' group by dag_id, run_id, task_id, map_index having count(*) > 1`,
  );
  assert.deepEqual(twice, [], 'task instances with more than one successful try');

  // Each successful task instance did its work once, in the try that is recorded.
  const traced = new Map<string, string[]>();
  for (const line of lines(trace)) {
    const [dagId, runId, taskId, mapIndex, tryNumber, ppid] = line.split(' ');
    const key = `${dagId} ${runId} ${taskId} ${mapIndex}`;
    traced.set(key, [...(traced.get(key) ?? []), `${tryNumber} ${ppid}`]);
  }
  const succeeded = await query<{ dag_id: string; run_id: string; task_id: string; map_index: number; try_number: number; queue: string }>(
    `select dag_id, run_id, task_id, map_index, try_number, queue from task_instance where state = 'success'`,
  );
  assert.ok(succeeded.length > 600, `${succeeded.length} successful task instances`);
  for (const ti of succeeded) {
    const key = `${ti.dag_id} ${ti.run_id} ${ti.task_id} ${ti.map_index}`;
    const runs = (traced.get(key) ?? []).map((line) => line.split(' ').map(Number) as [number, number]);
    const recorded = runs.filter(([tryNumber]) => tryNumber === ti.try_number);
    assert.equal(recorded.length, 1, `${key}: the recorded try ${ti.try_number} did its work once: ${JSON.stringify(runs)}`);
    // Work done by any other try is work the killed worker did before it could report it.
    for (const [tryNumber, ppid] of runs) {
      if (tryNumber !== ti.try_number) assert.equal(ppid, deadWorker.pid, `${key}: try ${tryNumber} did its work too, under pid ${ppid}, which was not killed`);
    }
    // The etl worker takes only etl; the default workers never take it.
    const [, ppid] = recorded[0] as [number, number];
    assert.equal(ppid === etlWorker.pid, ti.queue === 'etl', `${key} (queue ${ti.queue}) ran under pid ${ppid}; etl-1 is ${etlWorker.pid}`);
  }

  // The killed worker's try failed for its silence and was retried, per its retries, elsewhere.
  const sleeper = await query<{ try_number: number; state: string; state_reason: string | null }>(
    `select try_number, state, state_reason from task_instance_history where dag_id = 'fleet_slow' order by try_number`,
  );
  assert.deepEqual(sleeper.map((t) => [t.try_number, t.state]), [[1, 'up_for_retry'], [2, 'success']]);
  assert.match(sleeper[0]?.state_reason ?? '', /stopped heartbeating/);
  const sleeperRuns = traced.get('fleet_slow slow sleeper -1') ?? [];
  assert.notEqual(Number(sleeperRuns[0]?.split(' ')[1]), deadWorker.pid, 'try 2 ran on a live worker');

  // The monitoring API: the dead worker is unhealthy (its heartbeats stopped), the others healthy...
  await waitFor(
    async () => {
      const workersNow = (await fleet.get<Cluster>('/ui/cluster')).fleet?.workers ?? [];
      const health = Object.fromEntries(workersNow.map((w) => [w.name, w.healthy]));
      return health[deadWorker.name] === false && workers.filter((w) => w !== deadWorker).every((w) => health[w.name] === true);
    },
    30_000,
    async () => `the dead worker to show unhealthy: ${JSON.stringify((await fleet.get<Cluster>('/ui/cluster')).fleet?.workers.map((w) => [w.name, w.healthy]))}`,
  );
  // ...and the dead scheduler's job is no longer running, while the survivor's is alive.
  const jobs = (await fleet.get<{ jobs: JobRow[] }>('/api/v2/jobs?job_type=SchedulerJob&limit=100')).jobs;
  const alive = (await fleet.get<{ jobs: JobRow[] }>('/api/v2/jobs?job_type=SchedulerJob&is_alive=true')).jobs;
  const pidOf = async (job: JobRow) => Number((await query<{ pid: number }>('select pid from job where id = $1', [job.id]))[0]?.pid);
  const dead = [];
  for (const job of jobs) if ((await pidOf(job)) === schedulerB.pid) dead.push(job);
  assert.equal(dead.length, 1, `one job of the killed scheduler: ${JSON.stringify(jobs)}`);
  assert.notEqual(dead[0]?.state, 'running', 'the killed scheduler is not shown running');
  assert.deepEqual(await Promise.all(alive.map(pidOf)), [schedulerA.pid], 'the survivor is the one live scheduler');
});
