/**
 * Queueing as a critical section, on PostgreSQL with two connections standing
 * for two schedulers: the second waits for the first's commit, then counts its
 * queued instances, so a pool is never over-admitted and each scheduler queues
 * instances of its own. Each queued instance names its scheduler's job.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../store/store.js';
import { postgresFactory } from '../store/testing/harness.js';
import { dagSpec, seedDag, taskSpec, uid } from '../store/testing/fixtures.js';
import { openTransaction } from '../store/testing/lock-cases.js';
import { createRun } from './create-run.js';
import { DagCatalog } from './dag-catalog.js';
import { poolSnapshots } from './pool-snapshots.js';
import { queueTasksOnce, type QueueResult } from './queue-tasks.js';

const NOW = new Date('2025-06-01T00:00:00.000Z');

describe('queueing with two schedulers on PostgreSQL', () => {
  const factory = postgresFactory();
  let first: Store;
  let second: Store;
  before(async () => {
    await factory.setup();
    first = await factory.openMain();
    second = await factory.openMain();
  });
  after(() => factory.teardown());

  /** A running run of `count` tasks in `pool`. */
  async function runningRun(count: number, pool: string): Promise<{ dagId: string; runId: string }> {
    const spec = dagSpec(uid('q'), { tasks: Array.from({ length: count }, (_, i) => taskSpec(`t${i}`, { pool })) });
    const { versionId } = await seedDag(first, spec);
    const run = await createRun(first, spec, versionId, { runType: 'manual', logicalDate: null, dataInterval: null, runAfter: NOW, triggeredBy: 'test' }, NOW);
    await first.dagRuns.updateState(run, 'queued', 'running', { startDate: NOW });
    return run;
  }

  /** Its tasks planned: scheduled, waiting for admission. */
  const schedule = async (store: Store, run: { dagId: string }) =>
    store.taskInstances.updateMany((await store.taskInstances.list({ dagId: run.dagId })).items, { state: 'scheduled' });

  const queue = async (tx: Store, jobId: number, freeSlots: number): Promise<QueueResult> =>
    queueTasksOnce(
      { store: tx, catalog: new DagCatalog(), freeSlots, pools: await poolSnapshots(tx), folders: [{ path: '/dags', filelocPrefix: '' }], logsFolder: '/logs', maxXcomBytes: 1000, jobId, executorName: 'local' },
      NOW,
    );

  /**
   * The first scheduler plans `planned` (if any) and queues inside an open transaction; the second
   * starts meanwhile and must wait for its commit.
   */
  async function race(freeSlots: number, planned?: { dagId: string }): Promise<[QueueResult, QueueResult, string[]]> {
    const order: string[] = [];
    const open = await openTransaction(first);
    let secondDone: Promise<QueueResult> = Promise.resolve({ workloads: [], refused: [] });
    let firstResult: QueueResult;
    try {
      firstResult = await open.run(async (tx) => {
        if (planned) await schedule(tx, planned);
        return queue(tx, 1, freeSlots);
      });
      secondDone = second.transaction(async (tx) => {
        const result = await queue(tx, 2, freeSlots);
        order.push('second queued');
        return result;
      });
      await new Promise((done) => setTimeout(done, 150));
      order.push('first commits');
    } finally {
      await open.end();
    }
    return [firstResult, await secondDone, order];
  }

  it('a pool is not over-admitted: the second scheduler sees the first one’s queued instances', async () => {
    const pool = uid('pair');
    await first.pools.upsert({ name: pool, slots: 2, description: null, includeDeferred: false });
    // The first scheduler queues what it has just planned (the second cannot see those yet), the second what was planned before.
    const mine = await runningRun(3, pool);
    const older = await runningRun(3, pool);
    await schedule(first, older);
    const [a, b, order] = await race(8, mine);
    assert.deepEqual(order, ['first commits', 'second queued']);
    assert.equal(a.workloads.length, 2);
    assert.equal(b.workloads.length, 0, 'the pool is full');
    const queued = (await first.taskInstances.list({ pool, states: ['queued'] })).items;
    assert.deepEqual(queued.map((ti) => [ti.dagId, ti.queuedByJobId, ti.executor]), [[mine.dagId, 1, 'local'], [mine.dagId, 1, 'local']]);
  });

  it('each scheduler queues instances of its own, none twice', async () => {
    const run = await runningRun(6, 'default_pool');
    await schedule(first, run);
    const [a, b] = await race(3);
    const keys = [...a.workloads, ...b.workloads].map((w) => w.ti.taskId);
    assert.equal(new Set(keys).size, 6, `six different instances queued: ${keys.join(', ')}`);
    const queued = (await first.taskInstances.list({ dagId: run.dagId, states: ['queued'] })).items;
    assert.deepEqual(queued.map((ti) => ti.queuedByJobId).sort(), [1, 1, 1, 2, 2, 2]);
    assert.deepEqual(b.workloads.map((w) => w.ti.queuedByJobId), [2, 2, 2], 'the workload carries its scheduler job');
  });
});
