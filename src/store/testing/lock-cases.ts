/**
 * `store.locks`: on PostgreSQL two connections contend for real (advisory locks,
 * SKIP LOCKED, the stalled-session timeout); on SQLite every lock is granted.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { DagRunKey, Store } from '../store.js';
import type { CaseContext } from './harness.js';
import { dagRun, seedDag, uid } from './fixtures.js';

/** A transaction left open until `end()`: what another scheduler's tick looks like meanwhile. */
export interface OpenTransaction {
  /** Runs `fn` inside the open transaction. */
  run<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Commits; resolves once committed (rejects with the transaction's error, if it failed). */
  end(): Promise<void>;
}

export function openTransaction(store: Store): Promise<OpenTransaction> {
  return new Promise((ready, failed) => {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((done) => (finish = done));
    const committed = store.transaction(async (tx) => {
      ready({
        run: (fn) => fn(tx),
        end: async () => {
          finish();
          await committed;
        },
      });
      await finished;
    });
    committed.catch(failed);
  });
}

const sorted = (keys: readonly DagRunKey[]) => keys.map((k) => k.runId).sort();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export function lockCases(ctx: CaseContext): void {
  let other: Store;
  before(async () => {
    other = await ctx.openMain();
  });
  after(() => other.close());

  it('refuses to lock outside a transaction, where the lock would end with its statement', async () => {
    await assert.rejects(ctx.store().locks.tryHold('create_runs'), /store\.locks\.tryHold\(\) must run inside store\.transaction\(\)/);
    await assert.rejects(ctx.store().locks.hold('queue_tasks'), /must run inside store\.transaction\(\)/);
    await assert.rejects(ctx.store().locks.dagRunsSkipLocked([]), /must run inside store\.transaction\(\)/);
  });

  it('tryHold: the second holder is refused until the first commits; other names stay free', async () => {
    const first = await openTransaction(ctx.store());
    try {
      assert.equal(await first.run((tx) => tx.locks.tryHold('create_runs')), true);
      // Taken again by its holder: still its own.
      assert.equal(await first.run((tx) => tx.locks.tryHold('create_runs')), true);
      if (ctx.dialect === 'postgres') {
        assert.equal(await other.transaction((tx) => tx.locks.tryHold('create_runs')), false);
        assert.equal(await other.transaction((tx) => tx.locks.tryHold('start_runs')), true);
      }
    } finally {
      await first.end();
    }
    assert.equal(await other.transaction((tx) => tx.locks.tryHold('create_runs')), true);
  });

  it('hold waits until the holder commits', async () => {
    if (ctx.dialect === 'sqlite') {
      // One writer at a time: a second transaction could not even begin; the lock is granted at once.
      await ctx.store().transaction(async (tx) => {
        await tx.locks.hold('queue_tasks');
        await tx.locks.hold('queue_tasks');
      });
      return;
    }
    const first = await openTransaction(ctx.store());
    const order: string[] = [];
    let waiting: Promise<void> = Promise.resolve();
    try {
      await first.run((tx) => tx.locks.hold('queue_tasks'));
      waiting = other.transaction(async (tx) => {
        await tx.locks.hold('queue_tasks');
        order.push('second holds');
      });
      await sleep(150);
      order.push('first commits');
    } finally {
      await first.end();
    }
    await waiting;
    assert.deepEqual(order, ['first commits', 'second holds']);
  });

  it('dagRunsSkipLocked returns the runs it locked: not those another transaction holds or writes, nor missing ones (SQLite: all)', async () => {
    const { dagId, versionId } = await seedDag(ctx.store());
    const create = (name: string): Promise<DagRunKey> => ctx.store().dagRuns.create(dagRun(dagId, uid(`run_${name}`), versionId));
    const [a, b, c] = [await create('a'), await create('b'), await create('c')];
    const missing = { dagId, runId: uid('missing') };
    const all = [a, b, c, missing];
    const first = await openTransaction(ctx.store());
    try {
      assert.deepEqual(sorted(await first.run((tx) => tx.locks.dagRunsSkipLocked([a]))), sorted([a]));
      // A run written (not yet committed) is locked as well.
      await first.run((tx) => tx.dagRuns.updateState(b, 'queued', 'running'));
      // SQLite: one writer, so the same transaction asks (a second one could not begin).
      const got = ctx.dialect === 'postgres' ? await other.transaction((tx) => tx.locks.dagRunsSkipLocked(all)) : await first.run((tx) => tx.locks.dagRunsSkipLocked(all));
      assert.deepEqual(sorted(got), ctx.dialect === 'postgres' ? sorted([c]) : sorted(all));
    } finally {
      await first.end();
    }
    assert.deepEqual(sorted(await other.transaction((tx) => tx.locks.dagRunsSkipLocked(all))), sorted(ctx.dialect === 'postgres' ? [a, b, c] : all));
    assert.deepEqual(await other.transaction((tx) => tx.locks.dagRunsSkipLocked([])), []);
  });

  it('releaseIfStalled: a transaction idle past the limit loses its session and its locks', async () => {
    if (ctx.dialect === 'sqlite') {
      await ctx.store().transaction(async (tx) => {
        await tx.locks.releaseIfStalled(50);
        await sleep(100);
        assert.equal(await tx.locks.tryHold('deadlines'), true);
      });
      return;
    }
    const stalled = await ctx.openMain();
    try {
      const first = await openTransaction(stalled);
      await first.run(async (tx) => {
        await tx.locks.releaseIfStalled(100);
        assert.equal(await tx.locks.tryHold('deadlines'), true);
      });
      assert.equal(await other.transaction((tx) => tx.locks.tryHold('deadlines')), false);
      await sleep(400);
      // The server ended the stalled session: the lock is free, and the stalled transaction fails.
      assert.equal(await other.transaction((tx) => tx.locks.tryHold('deadlines')), true);
      await assert.rejects(first.run((tx) => tx.locks.tryHold('deadlines')));
      await first.end().catch(() => undefined);
    } finally {
      await stalled.close();
    }
  });
}
