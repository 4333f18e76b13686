/** Backfills: one active per DAG, listing, pause/complete, per-date rows with run states, completion. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isStoreError } from '../errors.js';
import type { Store } from '../store.js';
import type { NewBackfill } from '../types.js';
import type { CaseContext } from './harness.js';
import { at, dagRun, seedDag, uid } from './fixtures.js';

const day = (n: number) => new Date(Date.UTC(2025, 0, n));

function newBackfill(dagId: string, overrides: Partial<NewBackfill> = {}): NewBackfill {
  return {
    dagId,
    fromDate: day(1),
    toDate: day(3),
    reprocessBehavior: 'none',
    maxActiveRuns: 2,
    runBackwards: false,
    dagRunConf: {},
    triggeredBy: 'test',
    ...overrides,
  };
}

async function backfillRun(store: Store, dagId: string, versionId: number, backfillId: number, n: number, state: 'queued' | 'running' | 'success' | 'failed') {
  return store.dagRuns.create(
    dagRun(dagId, `backfill__2025-01-0${n}`, versionId, { runType: 'backfill', state, logicalDate: day(n), runAfter: day(n + 1), backfillId }),
  );
}

export function backfillCases(ctx: CaseContext): void {
  it('round-trips a backfill with its conf, dates and flags', async () => {
    const store = ctx.store();
    const { dagId } = await seedDag(store);
    const input = newBackfill(dagId, {
      fromDate: new Date('2025-01-01T06:07:08.009Z'),
      reprocessBehavior: 'completed',
      maxActiveRuns: 263,
      runBackwards: true,
      dagRunConf: { this: 'param', n: [1, 2.5], 'ü': null },
      triggeredBy: 'alice',
    });
    const created = await store.backfills.create(input, at(1000));
    assert.ok(created.id > 0);
    assert.deepEqual(created, { ...input, id: created.id, isPaused: false, createdAt: at(1000), completedAt: null });
    assert.deepEqual(await store.backfills.get(created.id), created);
    assert.equal(await store.backfills.get(created.id + 100_000), null);
  });

  // from Airflow: tests/unit/models/test_backfill.py::test_active_dag_run
  it('allows one active backfill per DAG, and another once it completed', async () => {
    const store = ctx.store();
    const { dagId } = await seedDag(store);
    const first = await store.backfills.create(newBackfill(dagId), at(0));
    await assert.rejects(store.backfills.create(newBackfill(dagId, { fromDate: day(10), toDate: day(12) }), at(1)), (error: unknown) => {
      assert.ok(isStoreError(error, 'conflict'));
      assert.match(error.message, new RegExp(`DAG "${dagId}" already has a running backfill \\(id ${first.id}\\)`));
      return true;
    });
    // Another DAG is not affected.
    const other = await seedDag(store);
    await store.backfills.create(newBackfill(other.dagId), at(1));
    assert.equal(await store.backfills.update(first.id, { completedAt: at(2) }), true);
    const second = await store.backfills.create(newBackfill(dagId), at(3));
    assert.notEqual(second.id, first.id);
  });

  it('rejects a backfill of an unknown DAG', async () => {
    const store = ctx.store();
    await assert.rejects(store.backfills.create(newBackfill(uid('nope')), at(0)), (error: unknown) => isStoreError(error, 'not_found'));
  });

  it('a failed create inside a transaction does not abort it', async () => {
    const store = ctx.store();
    const { dagId } = await seedDag(store);
    await store.backfills.create(newBackfill(dagId), at(0));
    const listed = await store.transaction(async (tx) => {
      await assert.rejects(tx.backfills.create(newBackfill(dagId), at(1)));
      return tx.backfills.list({ dagId });
    });
    assert.equal(listed.total, 1);
  });

  it('lists by DAG and activity, newest first by default, with paging totals', async () => {
    const store = ctx.store();
    const { dagId } = await seedDag(store);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const b = await store.backfills.create(newBackfill(dagId), at(i));
      ids.push(b.id);
      if (i < 2) await store.backfills.update(b.id, { completedAt: at(i + 10) });
    }
    const list = async (filter: Parameters<Store['backfills']['list']>[0]) => (await store.backfills.list({ dagId, ...filter })).items.map((b) => b.id);
    assert.deepEqual(await list({}), [...ids].reverse());
    assert.deepEqual(await list({ orderBy: 'createdAt' }), ids);
    assert.deepEqual(await list({ active: true }), [ids[2]]);
    assert.deepEqual(await list({ active: false, orderBy: 'id' }), [ids[0], ids[1]]);
    const page = await store.backfills.list({ dagId, limit: 1, offset: 1 });
    assert.deepEqual([page.items.map((b) => b.id), page.total], [[ids[1]], 3]);
    await assert.rejects(store.backfills.list({ orderBy: 'nope' as 'id' }), /cannot order by "nope"/);
  });

  it('pauses and unpauses; onlyActive leaves a completed backfill alone', async () => {
    const store = ctx.store();
    const { dagId } = await seedDag(store);
    const b = await store.backfills.create(newBackfill(dagId), at(0));
    assert.equal(await store.backfills.update(b.id, { isPaused: true }, { onlyActive: true }), true);
    assert.equal((await store.backfills.get(b.id))?.isPaused, true);
    assert.equal(await store.backfills.update(b.id, { isPaused: false }), true);
    assert.equal((await store.backfills.get(b.id))?.isPaused, false);
    assert.equal(await store.backfills.update(b.id, { completedAt: at(5) }), true);
    assert.equal(await store.backfills.update(b.id, { isPaused: true }, { onlyActive: true }), false);
    assert.equal((await store.backfills.get(b.id))?.isPaused, false);
    assert.equal(await store.backfills.update(b.id + 100_000, { isPaused: true }), false);
  });

  it('keeps per-date rows in sort order with the current state of each run', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const b = await store.backfills.create(newBackfill(dagId, { runBackwards: true }), at(0));
    const r3 = await backfillRun(store, dagId, versionId, b.id, 3, 'queued');
    const r1 = await backfillRun(store, dagId, versionId, b.id, 1, 'running');
    await store.backfills.addRuns([
      { backfillId: b.id, sortOrdinal: 1, logicalDate: day(3), runId: r3.runId, exceptionReason: null },
      { backfillId: b.id, sortOrdinal: 2, logicalDate: day(2), runId: null, exceptionReason: 'already exists' },
      { backfillId: b.id, sortOrdinal: 3, logicalDate: day(1), runId: r1.runId, exceptionReason: null },
    ]);
    assert.deepEqual(await store.backfills.listRuns(b.id), [
      { backfillId: b.id, sortOrdinal: 1, logicalDate: day(3), runId: r3.runId, exceptionReason: null, runState: 'queued' },
      { backfillId: b.id, sortOrdinal: 2, logicalDate: day(2), runId: null, exceptionReason: 'already exists', runState: null },
      { backfillId: b.id, sortOrdinal: 3, logicalDate: day(1), runId: r1.runId, exceptionReason: null, runState: 'running' },
    ]);
    assert.deepEqual((await store.backfills.listRuns(b.id, { runStates: ['queued'] })).map((r) => r.sortOrdinal), [1]);
    assert.deepEqual(await store.backfills.listRuns(b.id, { runStates: [] }), []);
    // A run with the same id in another DAG is not mixed in.
    const other = await seedDag(store);
    await store.dagRuns.create(dagRun(other.dagId, r3.runId, other.versionId, { state: 'failed' }));
    assert.equal((await store.backfills.listRuns(b.id))[0]?.runState, 'queued');
    // A deleted run reads back without a state.
    await store.dagRuns.delete(r1);
    assert.equal((await store.backfills.listRuns(b.id))[2]?.runState, null);
    await assert.rejects(
      store.backfills.addRuns([{ backfillId: b.id, sortOrdinal: 2, logicalDate: day(2), runId: null, exceptionReason: 'unknown' }]),
      (error: unknown) => isStoreError(error, 'conflict'),
    );
  });

  it('lists runs of one backfill, or of none', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const b = await store.backfills.create(newBackfill(dagId), at(0));
    await backfillRun(store, dagId, versionId, b.id, 1, 'queued');
    await store.dagRuns.create(dagRun(dagId, uid('manual'), versionId));
    const ids = async (backfillId: number | null) => (await store.dagRuns.list({ dagId, backfillId })).items.map((r) => r.runType);
    assert.deepEqual(await ids(b.id), ['backfill']);
    assert.deepEqual(await ids(null), ['manual']);
  });

  it('a run taken over by a backfill gets its type, trigger and backfill id', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const b = await store.backfills.create(newBackfill(dagId), at(0));
    const run = await store.dagRuns.create(dagRun(dagId, uid('scheduled'), versionId, { runType: 'scheduled', state: 'failed' }));
    assert.equal(await store.dagRuns.update(run, { runType: 'backfill', triggeredBy: 'backfill', backfillId: b.id }), true);
    const after = await store.dagRuns.get(run);
    assert.deepEqual([after?.runType, after?.triggeredBy, after?.backfillId], ['backfill', 'backfill', b.id]);
  });

  it('completes active backfills none of whose runs is queued or running', async () => {
    const store = ctx.store();
    const busy = await seedDag(store);
    const idle = await seedDag(store);
    const empty = await seedDag(store);
    const bBusy = await store.backfills.create(newBackfill(busy.dagId), at(0));
    const bIdle = await store.backfills.create(newBackfill(idle.dagId), at(0));
    const bEmpty = await store.backfills.create(newBackfill(empty.dagId), at(0));
    await backfillRun(store, busy.dagId, busy.versionId, bBusy.id, 1, 'success');
    const running = await backfillRun(store, busy.dagId, busy.versionId, bBusy.id, 2, 'running');
    await backfillRun(store, idle.dagId, idle.versionId, bIdle.id, 1, 'success');
    await backfillRun(store, idle.dagId, idle.versionId, bIdle.id, 2, 'failed');

    const done = await store.backfills.completeFinished(at(50));
    assert.ok(done.includes(bIdle.id) && done.includes(bEmpty.id) && !done.includes(bBusy.id), `completed ${done.join(', ')}`);
    assert.deepEqual((await store.backfills.get(bIdle.id))?.completedAt, at(50));
    assert.equal((await store.backfills.get(bBusy.id))?.completedAt, null);
    // Already completed backfills keep their time.
    assert.ok(!(await store.backfills.completeFinished(at(60))).includes(bIdle.id));
    assert.deepEqual((await store.backfills.get(bIdle.id))?.completedAt, at(50));

    await store.dagRuns.updateState(running, 'running', 'success');
    assert.ok((await store.backfills.completeFinished(at(70))).includes(bBusy.id));
  });

  it('deleting the DAG deletes its backfills and their rows', async () => {
    const store = ctx.store();
    const { dagId } = await seedDag(store);
    const b = await store.backfills.create(newBackfill(dagId), at(0));
    await store.backfills.addRuns([{ backfillId: b.id, sortOrdinal: 1, logicalDate: day(1), runId: null, exceptionReason: 'unknown' }]);
    await store.dags.delete(dagId);
    assert.equal(await store.backfills.get(b.id), null);
    assert.deepEqual(await store.backfills.listRuns(b.id), []);
  });
}
