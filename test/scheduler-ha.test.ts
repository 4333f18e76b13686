/**
 * Several schedulers on one PostgreSQL database (Airflow 2+'s HA scheduler):
 * two orchestrators in this process, each with its own store connections and
 * local executor, share a catchup DAG and a fan-out DAG triggered many times.
 * Every run is created once, every task try runs once, both schedulers queue
 * work, all runs succeed. On SQLite a second scheduler is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type App } from '../src/app.js';
import { createOrchestrator, type Orchestrator } from '../src/orchestrator.js';
import { claimSchedulerJob } from '../src/scheduler/scheduler-job.js';
import { triggerDag } from '../src/services/trigger-dag.js';
import { freshHome, lines, waitFor } from './support/scheduler-harness.js';
import { withTestDatabase } from './support/test-database.js';

const MINUTE = 60_000;
const CRON_RUNS = 30;
const FAN_RUNS = 20;
const FAN_TASKS = ['start', 'part_1', 'part_2', 'part_3', 'part_4', 'join'];

const shared = withTestDatabase(() => freshHome('updraft-ha-'));

/**
 * Every task appends `dagId runId taskId tryNumber` to `trace`; the fan-out's parts, in a pool of
 * two slots, take 150 ms and also append `start end` (ms) to `trace + '.pool'`.
 */
function dagFile(trace: string, cronStart: Date): string {
  return `import { dag, task, chain } from 'updraft';
import { appendFileSync } from 'node:fs';
type Ctx = { dagId: string; runId: string; taskId: string; tryNumber: number };
const record = (_in: unknown, ctx: Ctx) => {
  appendFileSync(${JSON.stringify(trace)}, [ctx.dagId, ctx.runId, ctx.taskId, ctx.tryNumber].join(' ') + '\\n');
};
const pooled = async (_in: unknown, ctx: Ctx) => {
  const start = Date.now();
  await new Promise((done) => setTimeout(done, 150));
  appendFileSync(${JSON.stringify(`${trace}.pool`)}, start + ' ' + Date.now() + '\\n');
  record(_in, ctx);
};
dag('ha_cron', { schedule: '* * * * *', startDate: '${cronStart.toISOString()}', catchup: true, maxActiveRuns: 8, isPausedUponCreation: true }, () => {
  chain(task('extract', record), task('load', record));
});
dag('ha_fan', { isPausedUponCreation: true, maxActiveRuns: 32 }, () => {
  chain(task('start', record), [1, 2, 3, 4].map((i) => task('part_' + i, { pool: 'narrow' }, pooled)), task('join', record));
});
`;
}

test('two schedulers on one PostgreSQL database share the work: each run created once, each try run once', { timeout: 90_000 }, async () => {
  const { home, database } = shared;
  const dagsFolder = join(home, 'dags');
  const trace = join(home, 'trace.txt');
  mkdirSync(dagsFolder, { recursive: true });
  // Catchup over 30 one-minute cron ticks before the latest whole minute (and that one).
  const cronStart = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - CRON_RUNS * MINUTE);
  writeFileSync(join(dagsFolder, 'ha.ts'), dagFile(trace, cronStart));
  const settings = { 'core.parallelism': 4, 'scheduler.heartbeat_sec': 0.5 };
  const apps: App[] = [];
  const orchestrators: Orchestrator[] = [];
  const logs: string[] = [];
  try {
    for (const name of ['a', 'b']) {
      const app = await openApp({ home, dagsFolder, databaseUrl: database.url, loadExamples: false, settings }, {});
      apps.push(app);
      // One DAG processor is enough: b reads the DAGs a parsed.
      const orchestrator = createOrchestrator(app, { withDagProcessor: name === 'a', log: (message) => logs.push(`${name}: ${message}`) });
      orchestrators.push(orchestrator);
      await orchestrator.start();
    }
    const [store] = apps.map((a) => a.store) as [App['store']];
    await store.pools.upsert({ name: 'narrow', slots: 2, description: null, includeDeferred: false });
    for (let i = 0; i < FAN_RUNS; i += 1) await triggerDag(store, { dagId: 'ha_fan', runId: `fan_${i}`, triggeredBy: 'test' }, new Date());
    // Both schedulers are up before any work exists: unpausing lets them race for all of it.
    await store.dags.setPaused('ha_cron', false);
    await store.dags.setPaused('ha_fan', false);
    for (const o of orchestrators) o.scheduler.wake(true);

    let runs = (await store.dagRuns.list()).items;
    await waitFor(
      async () => {
        runs = (await store.dagRuns.list()).items;
        return runs.filter((r) => r.dagId === 'ha_cron').length >= CRON_RUNS && runs.every((r) => r.state === 'success' || r.state === 'failed');
      },
      60_000,
      () => `every run to end: ${runs.filter((r) => r.state !== 'success').map((r) => `${r.runId}=${r.state}`).join(', ')}\n${logs.join('\n')}`,
    );
    assert.deepEqual(runs.filter((r) => r.state !== 'success').map((r) => r.runId), [], 'every run succeeded');
    assert.deepEqual(logs.filter((l) => /tick failed/.test(l)), [], 'no tick failed');

    // Every scheduled interval has exactly one run, none missing (a minute may have turned meanwhile).
    const cron = runs.filter((r) => r.dagId === 'ha_cron').map((r) => r.logicalDate?.getTime() ?? NaN).sort((x, y) => x - y);
    assert.deepEqual(cron, cron.map((_, i) => cronStart.getTime() + i * MINUTE), 'one run per interval from the start date');
    // A run per cron tick (logical date = the tick) up to now; the newest may be seconds from being created.
    const ticksUpToNow = Math.floor((Date.now() - cronStart.getTime()) / MINUTE) + 1;
    assert.ok(cron.length === ticksUpToNow || cron.length === ticksUpToNow - 1, `${cron.length} cron runs for ${ticksUpToNow} ticks`);
    assert.equal(runs.filter((r) => r.dagId === 'ha_fan').length, FAN_RUNS);

    // Each task ran once: one line per task instance, first try, and one try in the history.
    const expected = runs.flatMap((r) => (r.dagId === 'ha_cron' ? ['extract', 'load'] : FAN_TASKS).map((t) => `${r.dagId} ${r.runId} ${t} 1`));
    assert.deepEqual(lines(trace).sort(), expected.sort());
    const tis = (await store.taskInstances.list()).items;
    assert.equal(tis.length, expected.length);
    for (const ti of tis) {
      const tries = await store.taskInstances.listTries(ti);
      assert.deepEqual(tries.map((t) => [t.tryNumber, t.state]), [[1, 'success']], `${ti.dagId}/${ti.runId}/${ti.taskId}`);
    }

    // Neither the pool nor maxActiveRuns was over-admitted, though two schedulers admitted at once.
    const pooled = lines(`${trace}.pool`).map((l) => l.split(' ').map(Number) as [number, number]);
    assert.equal(pooled.length, FAN_RUNS * 4);
    assert.ok(mostAtOnce(pooled) <= 2, `at most 2 tasks of the 2-slot pool ran at once, not ${mostAtOnce(pooled)}`);
    const cronSpans = runs.filter((r) => r.dagId === 'ha_cron').map((r) => [r.startDate?.getTime() ?? 0, r.endDate?.getTime() ?? 0] as [number, number]);
    assert.ok(mostAtOnce(cronSpans) <= 8, `at most maxActiveRuns (8) cron runs ran at once, not ${mostAtOnce(cronSpans)}`);

    // Both schedulers queued (so their executors ran) a share of the tries.
    const jobs = (await store.jobs.list({ kind: 'scheduler', state: 'running' })).map((j) => j.id);
    assert.equal(jobs.length, 2);
    const perJob = new Map<number | null, number>();
    for (const ti of tis) perJob.set(ti.queuedByJobId, (perJob.get(ti.queuedByJobId) ?? 0) + 1);
    assert.deepEqual([...perJob.keys()].sort(), [...jobs].sort(), `tries per scheduler job: ${JSON.stringify([...perJob])}`);
    assert.ok(tis.every((ti) => ti.executor === 'local'));
  } finally {
    for (const o of orchestrators) await o.stop(2000);
    for (const app of apps) await app.close();
  }
});

/** The most of the [start, end) spans that overlap at one moment. */
function mostAtOnce(spans: readonly (readonly [number, number])[]): number {
  const edges = spans.flatMap(([start, end]) => [[start, 1], [end, -1]] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, (now += step));
  return most;
}

test('on SQLite a second scheduler is refused with the reason, naming the running one', async () => {
  const sqliteHome = freshHome('updraft-ha-sqlite-');
  const app = await openApp({ home: sqliteHome, loadExamples: false }, {});
  const options = { thresholdMs: 30_000, heartbeatIntervalMs: 5000, clock: () => new Date(), loopTime: () => undefined, log: () => undefined, onRevived: () => undefined };
  try {
    const first = await claimSchedulerJob(app.store, options);
    await assert.rejects(
      claimSchedulerJob(app.store, options),
      new RegExp(`another scheduler is already running on this SQLite database \\(pid ${process.pid} on .*SQLite supports one scheduler: stop the other one, or use PostgreSQL`),
    );
    await first.end(new Date());
    // Once the first has ended, a scheduler starts.
    const second = await claimSchedulerJob(app.store, options);
    await second.end(new Date());
  } finally {
    await app.close();
    rmSync(sqliteHome, { recursive: true, force: true });
  }
});

test('a scheduler whose job another one ended (its heartbeat was late) registers again and says so', async () => {
  const sqliteHome = freshHome('updraft-ha-revive-');
  const app = await openApp({ home: sqliteHome, loadExamples: false }, {});
  const logs: string[] = [];
  let revived = 0;
  try {
    const job = await claimSchedulerJob(app.store, {
      thresholdMs: 30_000,
      heartbeatIntervalMs: 50,
      clock: () => new Date(),
      loopTime: () => undefined,
      log: (message) => logs.push(message),
      onRevived: () => (revived += 1),
    });
    const first = job.id;
    // What another scheduler's adopt-or-reset does to a job it finds dead.
    await app.store.jobs.markEnded(first, 'failed', new Date());
    await waitFor(() => revived === 1, 5000, 'the scheduler to register again');
    assert.notEqual(job.id, first);
    assert.equal((await app.store.jobs.get(job.id))?.state, 'running');
    assert.deepEqual(logs, [
      `scheduler job ${first} was ended by another scheduler (no heartbeat for over 30 s): the task instances it queued were handed on; carrying on as job ${job.id}`,
    ]);
    await job.end(new Date());
    assert.equal((await app.store.jobs.get(job.id))?.state, 'success');
  } finally {
    await app.close();
    rmSync(sqliteHome, { recursive: true, force: true });
  }
});
