/**
 * Peers measured beside Updraft in the same run, on this machine's own Redis
 * and PostgreSQL: BullMQ (a 40-step flow, each step waiting for the one
 * before) and graphile-worker (each job adding the next). Each figure is the
 * median over `runs` after one warm-up, from first enqueue to last completion.
 */
import { FlowProducer, Worker, type FlowJob } from 'bullmq';
import { Redis } from 'ioredis';
import { Logger, run as runGraphile, type Runner } from 'graphile-worker';
import pg from 'pg';
import { median } from './updraft-harness.js';

/** BullMQ wants its own ioredis client per role (a worker blocks on its connection). */
const redis = () => new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const PG_ADMIN_URL = process.env.UPDRAFT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

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
    const done = new Promise<void>((resolve) => {
      onRootDone = (id) => {
        if (id === rootId) resolve();
      };
    });
    const tree = await flows.add(node);
    const rootId = tree.job.id ?? '';
    await done;
    return performance.now() - started;
  };
  try {
    await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) times.push(await once());
    return median(times);
  } finally {
    await worker.close();
    await flows.close();
  }
}

export async function graphileWorkerChain(steps: number, runs: number): Promise<number> {
  const database = `updraft_bench_graphile_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  let finish: (() => void) | null = null;
  let runner: Runner | null = null;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  pool.on('error', () => undefined);
  try {
    runner = await runGraphile({
      pgPool: pool,
      concurrency: 1,
      noHandleSignals: true,
      pollInterval: 1000,
      logger: new Logger(() => () => undefined),
      parsedCronItems: [],
      taskList: {
        step: async (payload, helpers) => {
          const i = (payload as { i: number }).i;
          if (i + 1 < steps) await helpers.addJob('step', { i: i + 1 });
          else finish?.();
        },
      },
    });
    const active = runner;
    const once = async (): Promise<number> => {
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const started = performance.now();
      await active.addJob('step', { i: 0 });
      await done;
      return performance.now() - started;
    };
    await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) times.push(await once());
    return median(times);
  } finally {
    await runner?.stop();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
