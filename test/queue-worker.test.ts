/**
 * The queue executor end to end in one process, on the real local Redis: a
 * scheduler puts tries on BullMQ queues, `Worker`s run them in real task
 * processes and report through the API server's execution API (over HTTP),
 * and the database ends up as under the local executor: states, tries,
 * XComs, logs. Routing by queue, retries, a try stopped by a user while it
 * runs on a worker, and a job Redis lost are covered here; several processes
 * and kill -9 are in fleet-processes.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Queue, Worker as BullWorker } from 'bullmq';
import { Redis } from 'ioredis';
import { createApiServer, type ApiServer } from '../src/api/server.js';
import { dagFoldersOf } from '../src/app.js';
import { bullQueueName } from '../src/executor/queue/queue-keys.js';
import { taskLogPath } from '../src/runner/log-file.js';
import { locateDagFile } from '../src/scheduler/dag-file-locator.js';
import { markTaskInstances } from '../src/services/mark-task-instances.js';
import { Worker } from '../src/worker/worker.js';
import { describeTis, sleep, startHarness, waitFor, type Harness } from './support/scheduler-harness.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `updraft-test-${randomBytes(4).toString('hex')}`;
let h: Harness;
let api: ApiServer;
let apiUrl: string;
const workers: Worker[] = [];

function startWorker(name: string, queues: string[], concurrency = 4): Promise<Worker> {
  const folders = dagFoldersOf(h.app.config);
  const worker = new Worker({
    name,
    queues,
    concurrency,
    redisUrl: REDIS_URL,
    prefix,
    apiUrl,
    locateDagFile: (fileloc) => locateDagFile(folders, fileloc),
    logsFolder: join(h.home, `worker-${name}-logs`),
    cacheDir: join(h.home, `worker-${name}-cache`),
    version: 'test',
    heartbeatMs: 300,
    log: (message) => h.logs.push(`[worker ${name}] ${message}`),
  });
  workers.push(worker);
  return worker.start().then(() => worker);
}

before(async () => {
  h = await startHarness(
    ({ scratch }) => ({
      'fleet.ts': `import { dag, task } from 'updraft';
import { existsSync, writeFileSync } from 'node:fs';
dag('fleet_etl', {}, () => {
  const extract = task('extract', async (_inputs, ctx) => ({ rows: 3, table: await ctx.variables.get('target_table') }));
  const transform = task('transform', { queue: 'etl', inputs: { extract } }, ({ extract }) => {
    console.log('transforming ' + extract.rows + ' rows for ' + extract.table);
    return extract.rows * 10;
  });
  const flaky = task('flaky', { retries: 1, retryDelay: '1s' }, () => {
    if (!existsSync(${JSON.stringify(join(scratch, 'flaky-ran'))})) {
      writeFileSync(${JSON.stringify(join(scratch, 'flaky-ran'))}, '1');
      throw new Error('first try fails');
    }
    return 'second try';
  });
  task('load', { inputs: { transform, flaky } }, ({ transform, flaky }) => transform + ' loaded, ' + flaky);
});
dag('fleet_two_queues', {}, () => {
  for (const queue of ['q_a', 'q_b']) task('on_' + queue, { queue }, () => new Promise((resolve) => setTimeout(() => resolve(queue), 2500)));
});
dag('fleet_sleepy', {}, () => {
  task('sleepy', async () => {
    console.log('going to sleep');
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  });
});
`,
    }),
    {
      settings: { 'core.executor': 'queue', 'queue.redis_url': REDIS_URL, 'queue.prefix': prefix, 'queue.task_queued_timeout': 1, 'scheduler.task_heartbeat_timeout': 30 },
      env: { UPDRAFT_VAR_TARGET_TABLE: 'songplays' },
    },
  );
  api = createApiServer(h.app, { log: (message) => h.logs.push(message) });
  apiUrl = (await api.listen(0, '127.0.0.1')).url;
});

after(async () => {
  await Promise.all(workers.map((w) => w.stop(1000)));
  await api?.close();
  await h?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

test('tries run on the workers of their queue, report through the execution API, and the run ends as under the local executor', { timeout: 60_000 }, async () => {
  await startWorker('default-1', ['default']);
  const run = await h.trigger('fleet_etl');
  // No worker takes 'etl' yet: transform waits, queued, while the rest goes on.
  await waitFor(async () => (await h.ti(run, 'extract')).state === 'success', 20_000, async () => `extract to succeed: ${await describeTis(h.app, run)}\n${h.logs.join('\n')}`);
  await sleep(1500);
  assert.equal((await h.ti(run, 'transform')).state, 'queued', 'no worker listens on etl yet');
  await startWorker('etl-1', ['etl']);
  const ended = await h.waitForRun(run, 30_000);
  assert.equal(ended.state, 'success', await describeTis(h.app, run));

  const tis = await h.tis(run);
  for (const ti of tis.values()) assert.equal(ti.executor, 'queue', `${ti.taskId} ran on a worker`);
  assert.deepEqual((await h.app.store.xcom.get({ ...run, taskId: 'load', mapIndex: -1, key: 'return_value' }))?.value, '30 loaded, second try');
  // The first try of flaky failed and was retried, as with the local executor.
  const flaky = tis.get('flaky');
  assert.equal(flaky?.tryNumber, 2);
  // Logs were shipped to the API server's logs folder, where the API and UI read them.
  const transformLog = readFileSync(taskLogPath(h.app.config.logsFolder, { ...run, taskId: 'transform', mapIndex: -1 }, 1), 'utf8');
  assert.match(transformLog, /transforming 3 rows for songplays/);
  assert.match(transformLog, /Task succeeded/);
  assert.match(readFileSync(taskLogPath(h.app.config.logsFolder, { ...run, taskId: 'flaky', mapIndex: -1 }, 1), 'utf8'), /first try fails/);
});

test('a try marked failed while it runs on a worker is stopped there', { timeout: 60_000 }, async () => {
  if (workers.length === 0) await startWorker('default-1', ['default']);
  const run = await h.trigger('fleet_sleepy');
  const key = { ...run, taskId: 'sleepy', mapIndex: -1 };
  const logPath = taskLogPath(h.app.config.logsFolder, key, 1);
  await waitFor(() => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('going to sleep'), 20_000, async () => `sleepy to start and ship its log: ${await describeTis(h.app, run)}\n${h.logs.join('\n')}`);
  await markTaskInstances(h.app.store, { key, state: 'failed', actor: 'tester' }, new Date());
  h.orchestrator.scheduler.wake(true);
  await waitFor(() => /Task failed: .*set to failed while it ran/.test(readFileSync(logPath, "utf8")), 10_000, () => `the worker to stop the try:\n${readFileSync(logPath, "utf8")}\n${h.logs.join("\n")}`);
  await waitFor(() => workers.every((w) => w.health().running === 0), 10_000, 'the worker to free its slot');
  assert.equal((await h.ti(run, 'sleepy')).state, 'failed');
});

test('a queued try whose job Redis lost is queued again and runs', { timeout: 60_000 }, async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(1000)));
  const run = await h.trigger('fleet_etl');
  await waitFor(async () => (await h.ti(run, 'extract')).state === 'queued', 10_000, async () => `extract to be queued: ${await describeTis(h.app, run)}`);
  // What a Redis restart without persistence does: the waiting job is gone.
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(bullQueueName('default'), { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  writeFileSync(join(h.scratch, 'flaky-ran'), '1');
  await startWorker('default-2', ['default']);
  await startWorker('etl-2', ['etl']);
  const ended = await h.waitForRun(run, 30_000);
  assert.equal(ended.state, 'success', await describeTis(h.app, run));
  assert.equal((await h.ti(run, 'extract')).tryNumber, 1, 'the lost job was queued again as the same try');
  assert.ok(h.logs.some((line) => /queued again \(no job in Redis would run them\)/.test(line)), h.logs.join('\n'));
});

test('a queued try whose job ended without starting it (its worker died first) is queued again and runs', { timeout: 60_000 }, async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(1000)));
  const run = await h.trigger('fleet_etl');
  await waitFor(async () => (await h.ti(run, 'extract')).state === 'queued', 10_000, async () => `extract to be queued: ${await describeTis(h.app, run)}`);
  // A worker that takes the job and dies before starting the try: BullMQ's stalled check fails
  // such a job (the retries are the scheduler's), and it stays in Redis as failed.
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const doomed = new BullWorker(bullQueueName('default'), async () => Promise.reject(new Error('the worker died before starting the try')), { connection, prefix });
  const queue = new Queue(bullQueueName('default'), { connection, prefix });
  await waitFor(async () => (await queue.getFailedCount()) > 0, 10_000, 'the job to fail');
  await doomed.close();
  await queue.close();
  await connection.quit();
  writeFileSync(join(h.scratch, 'flaky-ran'), '1');
  await startWorker('default-3', ['default']);
  await startWorker('etl-3', ['etl']);
  const ended = await h.waitForRun(run, 30_000);
  assert.equal(ended.state, 'success', await describeTis(h.app, run));
  assert.equal((await h.ti(run, 'extract')).tryNumber, 1, 'the try was queued again as the same try, under the same job id');
});

test('a worker on several queues takes no more jobs than it has slots: the rest stay in Redis for other workers', { timeout: 60_000 }, async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(1000)));
  const worker = await startWorker('two-queues', ['q_a', 'q_b'], 1);
  const run = await h.trigger('fleet_two_queues');
  await waitFor(async () => [...(await h.tis(run)).values()].some((ti) => ti.state === 'running'), 20_000, async () => `one task to run: ${await describeTis(h.app, run)}`);
  await sleep(1000);
  const tis = await h.tis(run);
  const waiting = [...tis.values()].find((ti) => ti.state !== 'running');
  assert.equal(waiting?.state, 'queued', await describeTis(h.app, run));
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(bullQueueName(waiting.queue), { connection, prefix });
  const counts = await queue.getJobCounts('waiting', 'active');
  await queue.close();
  await connection.quit();
  assert.deepEqual(counts, { waiting: 1, active: 0 }, `the job on ${waiting.queue} waits in Redis while the one slot is taken`);
  assert.equal(worker.health().running, 1);
  const ended = await h.waitForRun(run, 30_000);
  assert.equal(ended.state, 'success', await describeTis(h.app, run));
});
