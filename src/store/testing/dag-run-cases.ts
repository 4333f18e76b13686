/** DAG runs: creation and its uniqueness rules, listing, compare-and-set state changes. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isStoreError } from '../errors.js';
import type { CaseContext } from './harness.js';
import { T0, at, dagRun, seedDag, taskInstance, uid } from './fixtures.js';

export function dagRunCases(ctx: CaseContext): void {
  it('round-trips every field: dates to the millisecond, conf JSON with unicode and numbers', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const run = dagRun(dagId, uid('scheduled__2025'), versionId, {
      runType: 'scheduled',
      state: 'running',
      logicalDate: new Date('2025-02-03T04:05:06.789Z'),
      dataInterval: { start: new Date('2025-02-02T04:05:06.001Z'), end: new Date('2025-02-03T04:05:06.789Z') },
      runAfter: new Date('2025-02-03T04:05:06.999Z'),
      queuedAt: new Date('2025-02-03T04:05:07.000Z'),
      startDate: new Date('2025-02-03T04:05:07.123Z'),
      endDate: null,
      conf: { nested: { list: [1, -2.5, 1e21, 0.1, null, true, 'ß∂ƒ 日本 🚀'] }, empty: {}, quote: '"\'\\' },
      triggeredBy: 'scheduler',
      note: 'nöte',
      clearNumber: 2,
    });
    assert.deepEqual(await store.dagRuns.create(run), run);
    assert.deepEqual(await store.dagRuns.get(run), run);
    assert.equal(await store.dagRuns.get({ dagId, runId: uid('missing') }), null);
  });

  it('getMany reads the runs of many keys at once, across DAGs, skipping keys with no run', async () => {
    const store = ctx.store();
    const a = await seedDag(store);
    const b = await seedDag(store);
    const first = await store.dagRuns.create(dagRun(a.dagId, uid('run'), a.versionId));
    const second = await store.dagRuns.create(dagRun(a.dagId, uid('run'), a.versionId, { state: 'running' }));
    const other = await store.dagRuns.create(dagRun(b.dagId, uid('run'), b.versionId, { state: 'success' }));
    const keyOf = (x: { dagId: string; runId: string }) => `${x.dagId}/${x.runId}`;
    // A missing run id, and a run id that exists only under another DAG.
    const found = await store.dagRuns.getMany([first, second, other, { dagId: a.dagId, runId: uid('missing') }, { dagId: b.dagId, runId: first.runId }]);
    assert.deepEqual(found.map(keyOf).sort(), [first, second, other].map(keyOf).sort());
    assert.deepEqual(found.find((r) => keyOf(r) === keyOf(other)), other);
    assert.deepEqual(await store.dagRuns.getMany([]), []);
    // More keys than one query takes.
    const many = Array.from({ length: 1200 }, (_, i) => ({ dagId: a.dagId, runId: i === 1100 ? second.runId : uid('none') }));
    assert.deepEqual(await store.dagRuns.getMany(many), [second]);
  });

  it('rejects a duplicate run id with a message naming the DAG and run', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const runId = uid('manual');
    await store.dagRuns.create(dagRun(dagId, runId, versionId));
    await assert.rejects(store.dagRuns.create(dagRun(dagId, runId, versionId, { runAfter: at(5) })), (error: unknown) => {
      assert.ok(isStoreError(error, 'conflict'));
      assert.match(error.message, new RegExp(`DAG "${dagId}" already has a run with id "${runId}"`));
      return true;
    });
  });

  it('rejects a second run for the same logical date, naming the date and the existing run', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const logicalDate = new Date('2025-05-06T00:00:00.000Z');
    const first = await store.dagRuns.create(dagRun(dagId, uid('a'), versionId, { logicalDate }));
    await assert.rejects(
      store.dagRuns.create(dagRun(dagId, uid('b'), versionId, { logicalDate })),
      new RegExp(`logical date 2025-05-06T00:00:00.000Z \\("${first.runId}"\\)`),
    );
    // Runs without a logical date never clash with each other.
    await store.dagRuns.create(dagRun(dagId, uid('c'), versionId));
    await store.dagRuns.create(dagRun(dagId, uid('d'), versionId));
    // Another DAG may use the same run id and logical date.
    const other = await seedDag(store);
    await store.dagRuns.create(dagRun(other.dagId, first.runId, other.versionId, { logicalDate }));
  });

  it('lists with state, type and logical date filters, ordering and paging totals', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const day = (n: number) => new Date(Date.UTC(2025, 0, n));
    for (let n = 1; n <= 6; n++) {
      await store.dagRuns.create(
        dagRun(dagId, `run_${n}`, versionId, {
          logicalDate: day(n),
          runAfter: day(n),
          runType: n % 2 ? 'scheduled' : 'manual',
          state: n <= 2 ? 'success' : n <= 4 ? 'running' : 'queued',
        }),
      );
    }
    const ids = async (filter: Parameters<typeof store.dagRuns.list>[0]) => (await store.dagRuns.list({ dagId, ...filter })).items.map((r) => r.runId);
    assert.deepEqual(await ids({}), ['run_6', 'run_5', 'run_4', 'run_3', 'run_2', 'run_1']);
    assert.deepEqual(await ids({ orderBy: 'logicalDate' }), ['run_1', 'run_2', 'run_3', 'run_4', 'run_5', 'run_6']);
    assert.deepEqual(await ids({ states: ['running', 'queued'], orderBy: 'runId' }), ['run_3', 'run_4', 'run_5', 'run_6']);
    assert.deepEqual(await ids({ states: [] }), []);
    assert.deepEqual(await ids({ runTypes: ['manual'], orderBy: 'runId' }), ['run_2', 'run_4', 'run_6']);
    assert.deepEqual(await ids({ logicalDateGte: day(2), logicalDateLte: day(4), orderBy: 'runId' }), ['run_2', 'run_3', 'run_4']);
    assert.deepEqual(await ids({ runAfterLte: day(1) }), ['run_1']);
    const page = await store.dagRuns.list({ dagId, orderBy: 'logicalDate', limit: 2, offset: 2 });
    assert.deepEqual([page.items.map((r) => r.runId), page.total], [['run_3', 'run_4'], 6]);
    const filteredPage = await store.dagRuns.list({ dagId, states: ['running'], limit: 1 });
    assert.equal(filteredPage.total, 2);

    assert.equal((await store.dagRuns.latestRun(dagId))?.runId, 'run_6');
    assert.equal((await store.dagRuns.previousRun(dagId, day(4)))?.runId, 'run_3');
    assert.equal(await store.dagRuns.previousRun(dagId, day(1)), null);
    assert.equal(await store.dagRuns.countActive(dagId), 4);
    assert.deepEqual(await store.dagRuns.countByState(dagId), { queued: 2, running: 2, success: 2, failed: 0 });
    assert.equal(await store.dagRuns.latestRun(uid('none')), null);
  });

  it('a paged total follows every write: its own, another connection\'s, a rollback, a commit that was in progress', async () => {
    // PostgreSQL keeps totals while its snapshot is unchanged (row-counts.ts): each way data can change must show.
    const store = ctx.store();
    const other = await ctx.openMain();
    try {
      const { dagId, versionId } = await seedDag(store);
      const total = async () => (await store.dagRuns.list({ dagId, limit: 1 })).total;
      const taskTotal = async () => (await store.taskInstances.list({ dagId, limit: 1 })).total;
      assert.equal(await total(), 0);
      assert.equal(await total(), 0, 'asked again, unchanged');
      await other.dagRuns.create(dagRun(dagId, uid('run'), versionId));
      assert.equal(await total(), 1, 'a commit on another connection');
      const mine = await store.dagRuns.create(dagRun(dagId, uid('run'), versionId));
      assert.equal(await total(), 2, 'a write of its own');
      await assert.rejects(
        other.transaction(async (tx) => {
          await tx.dagRuns.create(dagRun(dagId, uid('run'), versionId));
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(await total(), 2, 'a rolled-back insert');
      let commit: () => void = () => undefined;
      const inserted = new Promise<void>((resolve) => {
        void other.transaction(async (tx) => {
          await tx.dagRuns.create(dagRun(dagId, uid('run'), versionId));
          resolve();
          await new Promise<void>((release) => (commit = release));
        });
      });
      await inserted;
      assert.equal(await total(), 2, 'an insert not committed yet');
      commit();
      // The transaction commits once its callback returns: wait until another reader sees it.
      for (let i = 0; i < 100 && (await other.dagRuns.list({ dagId, limit: 1 })).total !== 3; i += 1) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await total(), 3, 'that insert, committed');
      assert.equal(await taskTotal(), 0);
      await store.taskInstances.createMany([taskInstance(mine, 'a'), taskInstance(mine, 'b')]);
      assert.equal(await taskTotal(), 2, 'task instances too');
      await other.dagRuns.delete(mine);
      assert.equal(await total(), 2, 'a delete on another connection');
      assert.equal(await taskTotal(), 0, 'cascaded to its task instances');
    } finally {
      await other.close();
    }
  });

  it('filters by several DAGs, run-after, start and end date bounds; orders by DAG id', async () => {
    const store = ctx.store();
    const a = await seedDag(store);
    const b = await seedDag(store);
    const c = await seedDag(store);
    const day = (n: number) => new Date(Date.UTC(2025, 1, n));
    for (const [n, { dagId, versionId }] of [a, b, c, a].entries()) {
      await store.dagRuns.create(
        dagRun(dagId, `r${n}`, versionId, { runAfter: day(n + 1), startDate: n === 3 ? null : day(n + 1), endDate: n < 2 ? day(n + 2) : null }),
      );
    }
    const keys = async (filter: Parameters<typeof store.dagRuns.list>[0]) =>
      (await store.dagRuns.list({ dagIds: [a.dagId, b.dagId, c.dagId], orderBy: 'runAfter', ...filter })).items.map((r) => r.runId);
    assert.deepEqual(await keys({}), ['r0', 'r1', 'r2', 'r3']);
    assert.deepEqual(await keys({ dagIds: [b.dagId, c.dagId] }), ['r1', 'r2']);
    assert.deepEqual(await keys({ dagIds: [] }), []);
    assert.deepEqual(await keys({ dagId: a.dagId, dagIds: [a.dagId, b.dagId] }), ['r0', 'r3']);
    assert.deepEqual(await keys({ runAfterGte: day(2) }), ['r1', 'r2', 'r3']);
    assert.deepEqual(await keys({ startDateGte: day(2), startDateLte: day(3) }), ['r1', 'r2']);
    assert.deepEqual(await keys({ endDateGte: day(3) }), ['r1']);
    assert.deepEqual(await keys({ endDateLte: day(2) }), ['r0']);
    const byDag = (await store.dagRuns.list({ dagIds: [a.dagId, b.dagId], orderBy: '-dagId' })).items.map((r) => r.dagId);
    assert.deepEqual(byDag, [a.dagId, b.dagId].sort().reverse().flatMap((id) => (id === a.dagId ? [id, id] : [id])));
    // Ties (runs due at the same time) are broken by DAG id, then run id, in the sort's direction.
    const same = day(20);
    for (const { dagId, versionId } of [b, a, c]) await store.dagRuns.create(dagRun(dagId, `tie_${dagId}`, versionId, { runAfter: same }));
    const tied = async (orderBy: 'runAfter' | '-runAfter') =>
      (await store.dagRuns.list({ dagIds: [a.dagId, b.dagId, c.dagId], runAfterGte: same, orderBy })).items.map((r) => r.dagId);
    const dagIds = [a.dagId, b.dagId, c.dagId].sort();
    assert.deepEqual(await tied('runAfter'), dagIds);
    assert.deepEqual(await tied('-runAfter'), [...dagIds].reverse());
  });

  it('latestRun prefers runs with a logical date, then the latest runAfter', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    await store.dagRuns.create(dagRun(dagId, 'manual_late', versionId, { runAfter: at(10_000) }));
    assert.equal((await store.dagRuns.latestRun(dagId))?.runId, 'manual_late');
    await store.dagRuns.create(dagRun(dagId, 'dated', versionId, { logicalDate: T0, runAfter: T0 }));
    assert.equal((await store.dagRuns.latestRun(dagId))?.runId, 'dated');
  });

  it('applies a state change only from the expected state (compare-and-set)', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const key = { dagId, runId: uid('run') };
    await store.dagRuns.create(dagRun(dagId, key.runId, versionId));
    assert.equal(await store.dagRuns.updateState(key, 'running', 'success'), false);
    assert.equal((await store.dagRuns.get(key))?.state, 'queued');
    assert.equal(await store.dagRuns.updateState(key, 'queued', 'running', { startDate: at(7) }), true);
    assert.equal(await store.dagRuns.updateState(key, ['queued', 'running'], 'failed', { endDate: at(9) }), true);
    const run = await store.dagRuns.get(key);
    assert.deepEqual([run?.state, run?.startDate, run?.endDate], ['failed', at(7), at(9)]);
    assert.equal(await store.dagRuns.updateState({ dagId, runId: 'nope' }, 'queued', 'running'), false);
  });

  it('lets exactly one of many concurrent compare-and-set updates apply', async () => {
    const store = ctx.store();
    const other = await ctx.openMain();
    try {
      const { dagId, versionId } = await seedDag(store);
      const key = { dagId, runId: uid('race') };
      await store.dagRuns.create(dagRun(dagId, key.runId, versionId));
      const targets = ['running', 'failed', 'success', 'running', 'failed', 'success'] as const;
      const results = await Promise.all(targets.map((to, i) => (i % 2 ? other : store).dagRuns.updateState(key, 'queued', to)));
      assert.equal(results.filter(Boolean).length, 1);
      const winner = targets[results.indexOf(true)];
      assert.equal((await store.dagRuns.get(key))?.state, winner);
    } finally {
      await other.close();
    }
  });

  it('updates note, conf and timestamps, optionally guarded by state; deletes a run', async () => {
    const store = ctx.store();
    const { dagId, versionId } = await seedDag(store);
    const key = { dagId, runId: uid('run') };
    await store.dagRuns.create(dagRun(dagId, key.runId, versionId));
    assert.equal(await store.dagRuns.update(key, { note: 'hello', conf: { a: [1] }, clearNumber: 1 }), true);
    assert.equal(await store.dagRuns.update(key, { note: 'guarded' }, 'success'), false);
    assert.equal(await store.dagRuns.update(key, { endDate: null, startDate: at(3) }, ['queued']), true);
    const run = await store.dagRuns.get(key);
    assert.deepEqual([run?.note, run?.conf, run?.clearNumber, run?.startDate], ['hello', { a: [1] }, 1, at(3)]);
    assert.equal(await store.dagRuns.update(key, {}), true);
    assert.equal(await store.dagRuns.delete(key), true);
    assert.equal(await store.dagRuns.delete(key), false);
  });
}
