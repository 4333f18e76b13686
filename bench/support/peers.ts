/**
 * Peers measured beside Updraft in the same run, on this machine's own Redis
 * and PostgreSQL: BullMQ (a 40-step flow, each step waiting for the one
 * before) and graphile-worker (each job adding the next). Each figure is the
 * median over `runs` after one warm-up, from first enqueue to last completion.
 */
import { FlowProducer, Queue, Worker, type FlowJob } from 'bullmq';
import { Redis } from 'ioredis';
import { Logger, makeWorkerUtils, run as runGraphile, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { median } from './updraft-harness.js';

/** BullMQ wants its own ioredis client per role (a worker blocks on its connection). */
const redis = () => new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const PG_ADMIN_URL = process.env.UPDRAFT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One warm-up, then the median of `runs` timed runs. */
async function medianAfterWarmUp(once: () => Promise<number>, runs: number): Promise<number> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push(await once());
  return median(times);
}

const silent = new Logger(() => () => undefined);

/** A graphile-worker runner in this process, quiet, without cron, picking up jobs as they are added. */
function startGraphileRunner(pool: pg.Pool, concurrency: number, taskList: TaskList): Promise<Runner> {
  return runGraphile({ pgPool: pool, concurrency, noHandleSignals: true, pollInterval: 1000, logger: silent, parsedCronItems: [], taskList });
}

/** A peer that stalls (a lost Redis notification, say) fails its benchmark instead of hanging it. */
const PEER_TIMEOUT_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${PEER_TIMEOUT_MS / 1000} s`)), PEER_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function bullmqChain(steps: number, runs: number): Promise<number> {
  const queueName = `bench-chain-${process.pid}`;
  const flows = new FlowProducer({ connection: redis() });
  let onRootDone: ((jobId: string) => void) | null = null;
  const worker = new Worker(queueName, async (job) => job.data.i as number, { connection: redis(), concurrency: 1 });
  worker.on('completed', (job) => onRootDone?.(job.id ?? ''));
  await worker.waitUntilReady();
  const once = async (): Promise<number> => {
    // A flow's parent runs after its children: nest 40 levels so the steps run one after another.
    let node: FlowJob = { name: 'step', queueName, data: { i: 0 } };
    for (let i = 1; i < steps; i += 1) node = { name: 'step', queueName, data: { i }, children: [node] };
    const started = performance.now();
    // Children complete before `add` resolves: the root's id is compared only once known.
    let rootId: string | null = null;
    const done = new Promise<void>((resolve) => {
      onRootDone = (id) => {
        if (id === rootId) resolve();
      };
    });
    const tree = await flows.add(node);
    rootId = tree.job.id ?? '';
    await withTimeout(done, 'BullMQ chain');
    return performance.now() - started;
  };
  try {
    return await medianAfterWarmUp(once, runs);
  } finally {
    await worker.close();
    await flows.close();
  }
}

export async function graphileWorkerChain(steps: number, runs: number): Promise<number> {
  return withGraphileDatabase(async (pool) => {
    let finish: (() => void) | null = null;
    const runner = await startGraphileRunner(pool, 1, {
      step: async (payload, helpers) => {
        const i = (payload as { i: number }).i;
        if (i + 1 < steps) await helpers.addJob('step', { i: i + 1 });
        else finish?.();
      },
    });
    const once = async (): Promise<number> => {
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const started = performance.now();
      await runner.addJob('step', { i: 0 });
      await withTimeout(done, 'graphile-worker chain');
      return performance.now() - started;
    };
    try {
      return await medianAfterWarmUp(once, runs);
    } finally {
      await runner.stop();
    }
  });
}

/**
 * BullMQ fan-out: `jobs` trivial jobs added in bulk, one worker of the given
 * concurrency; from the first add to the last completion. Median of `runs`.
 */
export async function bullmqFanout(jobs: number, concurrency: number, runs: number): Promise<number> {
  const queueName = `bench-fanout-${process.pid}`;
  const queue = new Queue(queueName, { connection: redis() });
  let completed = 0;
  let onAllDone: (() => void) | null = null;
  let target = 0;
  const worker = new Worker(queueName, async (job) => job.data.i as number, {
    connection: redis(),
    concurrency,
    removeOnComplete: { count: 0 },
  });
  worker.on('completed', () => {
    completed += 1;
    if (completed === target) onAllDone?.();
  });
  await worker.waitUntilReady();
  const once = async (): Promise<number> => {
    completed = 0;
    target = jobs;
    const done = new Promise<void>((resolve) => (onAllDone = resolve));
    const started = performance.now();
    const batch = Array.from({ length: jobs }, (_, i) => ({ name: 'job', data: { i } }));
    for (let i = 0; i < batch.length; i += 1000) await queue.addBulk(batch.slice(i, i + 1000));
    await withTimeout(done, 'BullMQ fan-out');
    return performance.now() - started;
  };
  try {
    return await medianAfterWarmUp(once, runs);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/** graphile-worker fan-out: `jobs` jobs added with one `addJobs` call, a runner of the given concurrency. */
export async function graphileWorkerFanout(jobs: number, concurrency: number, runs: number): Promise<number> {
  return withGraphileDatabase(async (pool) => {
    let completed = 0;
    let target = 0;
    let onAllDone: (() => void) | null = null;
    const runner = await startGraphileRunner(pool, concurrency, {
      job: async () => {
        completed += 1;
        if (completed === target) onAllDone?.();
      },
    });
    const utils = await makeWorkerUtils({ pgPool: pool, logger: silent });
    const once = async (): Promise<number> => {
      completed = 0;
      target = jobs;
      const done = new Promise<void>((resolve) => (onAllDone = resolve));
      const started = performance.now();
      const specs = Array.from({ length: jobs }, (_, i) => ({ identifier: 'job', payload: { i } }));
      for (let i = 0; i < specs.length; i += 1000) await utils.addJobs(specs.slice(i, i + 1000));
      await withTimeout(done, 'graphile-worker fan-out');
      return performance.now() - started;
    };
    try {
      return await medianAfterWarmUp(once, runs);
    } finally {
      await utils.release();
      await runner.stop();
    }
  });
}

/** A throwaway PostgreSQL database for graphile-worker, dropped afterwards. */
async function withGraphileDatabase<T>(fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const database = `updraft_bench_graphile_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 8 });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    return await fn(pool);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
