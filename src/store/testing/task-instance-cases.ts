/** Task instances: bulk creation, listing, compare-and-set updates, tries, slot counts. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isStoreError } from '../errors.js';
import type { CaseContext } from './harness.js';
import type { TaskInstanceTry } from '../../core/run-model.js';
import { at, dagRun, seedRun, taskInstance, uid } from './fixtures.js';

export function taskInstanceCases(ctx: CaseContext): void {
  it('round-trips every field of a task instance', async () => {
    const store = ctx.store();
    const { run } = await seedRun(store);
    const ti = taskInstance(run, 'mapped', {
      mapIndex: 3,
      state: 'running',
      tryNumber: 2,
      maxTries: 4,
      startDate: new Date('2025-01-02T03:04:05.678Z'),
      endDate: null,
      durationMs: 40 * 86_400_000, // 40 days: beyond 32-bit milliseconds
      queuedAt: new Date('2025-01-02T03:04:05.001Z'),
      nextRetryAt: null,
      pool: 'etl',
      poolSlots: 2,
      queue: 'heavy',
      priorityWeight: 7,
      operator: 'BashOperator',
      hostname: 'worker-1',
      pid: 4242,
      executor: 'LocalExecutor',
      lastHeartbeatAt: new Date('2025-01-02T03:04:06.999Z'),
      queuedByJobId: 17,
      note: 'a note',
      stateReason: 'because',
      renderedFields: { command: 'echo "ünï"', env: { A: '1' }, list: [1.25, null] },
    });
    await store.taskInstances.createMany([ti]);
    assert.deepEqual(await store.taskInstances.get(ti), ti);
    assert.equal(await store.taskInstances.get({ ...ti, mapIndex: 4 }), null);
  });

  it('rejects creating an existing instance and writes none of the batch', async () => {
    const store = ctx.store();
    const { run, dagId } = await seedRun(store);
    await assert.rejects(store.taskInstances.createMany([taskInstance(run, 'new_one'), taskInstance(run, 'load')]), (error: unknown) => {
      assert.ok(isStoreError(error, 'conflict'));
      assert.match(error.message, new RegExp(`task "load" of run "${run.runId}" \\(DAG "${dagId}"\\) already exists`));
      return true;
    });
    assert.equal(await store.taskInstances.get({ ...run, taskId: 'new_one', mapIndex: -1 }), null);
  });

  it('creates large batches (more rows than one INSERT holds)', async () => {
    const store = ctx.store();
    const { run } = await seedRun(store);
    const many = Array.from({ length: 1234 }, (_, i) => taskInstance(run, 'mapped', { mapIndex: i }));
    await store.taskInstances.createMany(many);
    const page = await store.taskInstances.list({ dagId: run.dagId, runId: run.runId, taskId: 'mapped', limit: 10, offset: 1230 });
    assert.deepEqual([page.items.map((t) => t.mapIndex), page.total], [[1230, 1231, 1232, 1233], 1234]);
    // By map index (Airflow's default order): the unmapped instances first, ties by task id.
    const byMapIndex = await store.taskInstances.list({ dagId: run.dagId, runId: run.runId, orderBy: 'mapIndex', limit: 4 });
    assert.deepEqual(byMapIndex.items.map((t) => `${t.taskId}[${t.mapIndex}]`), ['extract[-1]', 'load[-1]', 'mapped[0]', 'mapped[1]']);
    const lastFirst = await store.taskInstances.list({ dagId: run.dagId, runId: run.runId, orderBy: '-mapIndex', limit: 2 });
    assert.deepEqual(lastFirst.items.map((t) => t.mapIndex), [1233, 1232]);
  });

  it('lists by run, by DAG and by state (null = no state yet), with paging totals', async () => {
    const store = ctx.store();
    const { run, dagId } = await seedRun(store);
    await store.taskInstances.createMany([
      taskInstance(run, 'a_running', { state: 'running', priorityWeight: 5 }),
      taskInstance(run, 'b_queued', { state: 'queued', priorityWeight: 9 }),
      taskInstance(run, 'c_failed', { state: 'failed', pool: 'other' }),
    ]);
    const ids = async (filter: Parameters<typeof store.taskInstances.list>[0]) =>
      (await store.taskInstances.list({ dagId, ...filter })).items.map((t) => t.taskId);
    assert.deepEqual(await ids({ runId: run.runId }), ['a_running', 'b_queued', 'c_failed', 'extract', 'load']);
    assert.deepEqual(await ids({ states: [null] }), ['extract', 'load']);
    assert.deepEqual(await ids({ states: ['running', null] }), ['a_running', 'extract', 'load']);
    assert.deepEqual(await ids({ states: [] }), []);
    assert.deepEqual(await ids({ pool: 'other' }), ['c_failed']);
    assert.deepEqual(await ids({ orderBy: '-priorityWeight', limit: 2 }), ['b_queued', 'a_running']);
    const page = await store.taskInstances.list({ dagId, states: [null, 'queued'], limit: 1, offset: 1 });
    assert.deepEqual([page.items.map((t) => t.taskId), page.total], [['extract'], 3]);
    // Across all DAGs by state: ours are among them.
    const running = await store.taskInstances.list({ states: ['running'] });
    assert.ok(running.items.some((t) => t.dagId === dagId && t.taskId === 'a_running'));
  });

  it('updates partially, and with an expected state only when it still holds', async () => {
    const store = ctx.store();
    const { tis } = await seedRun(store);
    const key = tis[0]!;
    assert.equal(await store.taskInstances.update(key, { state: 'queued', queuedAt: at(1) }, 'scheduled'), false);
    assert.equal(await store.taskInstances.update(key, { state: 'scheduled' }, null), true);
    assert.equal(await store.taskInstances.update(key, { state: 'queued', queuedAt: at(1) }, ['scheduled', 'up_for_retry']), true);
    assert.equal(await store.taskInstances.update(key, { hostname: 'h', pid: 1, renderedFields: { x: 1 } }), true);
    const ti = await store.taskInstances.get(key);
    assert.deepEqual(
      [ti?.state, ti?.queuedAt, ti?.hostname, ti?.pid, ti?.renderedFields, ti?.operator],
      ['queued', at(1), 'h', 1, { x: 1 }, 'PythonOperator'],
    );
    assert.equal(await store.taskInstances.update(key, { state: null, queuedAt: null, renderedFields: null }), true);
    const cleared = await store.taskInstances.get(key);
    assert.deepEqual([cleared?.state, cleared?.queuedAt, cleared?.renderedFields], [null, null, null]);
    assert.equal(await store.taskInstances.update({ ...key, taskId: 'nope' }, { state: 'failed' }), false);
  });

  it('updates many instances at once, only those still in an expected state, and returns them', async () => {
    const store = ctx.store();
    const { run } = await seedRun(store);
    // More than one statement's chunk, two map indexes, some already moved on, one missing.
    const many = Array.from({ length: 1203 }, (_, i) => taskInstance(run, `t${i}`, { mapIndex: i % 2 === 0 ? -1 : 0, state: i % 7 === 0 ? 'running' : null }));
    await store.taskInstances.createMany(many);
    const keys = [...many.map((t) => ({ dagId: t.dagId, runId: t.runId, taskId: t.taskId, mapIndex: t.mapIndex })), { ...many[1]!, taskId: 'missing' }];
    const changed = await store.taskInstances.updateMany(keys, { state: 'scheduled', stateReason: null }, [null, 'up_for_retry']);
    const expected = many.filter((t) => t.state === null).map((t) => `${t.taskId}/${t.mapIndex}`).sort();
    assert.deepEqual(changed.map((k) => `${k.taskId}/${k.mapIndex}`).sort(), expected);
    assert.ok(changed.every((k) => k.dagId === run.dagId && k.runId === run.runId));
    const states = await store.taskInstances.countByState({ dagId: run.dagId, runId: run.runId });
    assert.equal(states.scheduled, expected.length);
    assert.equal(states.running, many.length - expected.length);
    // Nothing in the expected state any more: nothing changes.
    assert.deepEqual(await store.taskInstances.updateMany(keys, { state: 'queued' }, null), []);
    assert.deepEqual(await store.taskInstances.updateMany([], { state: 'queued' }), []);
    // Without an expected state every existing key changes.
    assert.equal((await store.taskInstances.updateMany(keys.slice(0, 10), { note: 'n' })).length, 10);
    assert.equal((await store.taskInstances.get(keys[3]!))?.note, 'n');
  });

  it("lists one run's instances of some tasks, and probes for an instance in given states", async () => {
    const store = ctx.store();
    const { run, tis } = await seedRun(store);
    const { run: otherRun } = await seedRun(store, { runId: 'other_run' });
    const mapped = Array.from({ length: 3 }, (_, i) => taskInstance(run, 'mapped', { mapIndex: i, state: i === 1 ? 'running' : 'success' }));
    await store.taskInstances.createMany([...mapped, taskInstance(otherRun, 'mapped', { state: 'queued' })]);
    const many = Array.from({ length: 600 }, (_, i) => taskInstance(run, `wide${i}`));
    await store.taskInstances.createMany(many);
    const found = await store.taskInstances.listForTasks(run, ['mapped', 'extract', 'absent', ...many.map((t) => t.taskId)]);
    assert.equal(found.length, 3 + 1 + 600);
    assert.ok(found.every((t) => t.runId === run.runId));
    assert.deepEqual(found.filter((t) => t.taskId === 'mapped').map((t) => t.mapIndex).sort(), [0, 1, 2]);
    assert.deepEqual(await store.taskInstances.listForTasks(run, []), []);
    assert.equal(await store.taskInstances.anyInStates(run, ['running']), true);
    assert.equal(await store.taskInstances.anyInStates(run, ['queued', 'failed']), false);
    assert.equal(await store.taskInstances.anyInStates(otherRun, ['queued']), true);
    assert.equal(await store.taskInstances.anyInStates(run, [null]), true); // extract, load, wide*
    await store.taskInstances.updateMany([...tis, ...many], { state: 'skipped' });
    assert.equal(await store.taskInstances.anyInStates(run, [null]), false);
  });

  it("lists many runs' instances of one DAG, narrowed to what the grid shows", async () => {
    const store = ctx.store();
    const { run, dagId, versionId } = await seedRun(store);
    const second = await store.dagRuns.create(dagRun(dagId, uid('run'), versionId, { logicalDate: at(86_400_000) }));
    await store.taskInstances.createMany([
      taskInstance(second, 'extract', { state: 'failed', tryNumber: 2, startDate: at(1000), endDate: at(3000) }),
      taskInstance(second, 'fan', { mapIndex: 0, state: 'running', tryNumber: 1, startDate: at(2000) }),
    ]);
    const { run: elsewhere } = await seedRun(store);
    const rows = await store.taskInstances.listSummaries(dagId, [run.runId, second.runId, elsewhere.runId, 'no_such_run']);
    const key = (t: { runId: string; taskId: string; mapIndex: number }) => `${t.runId === run.runId ? 'first' : 'second'} ${t.taskId} ${t.mapIndex}`;
    assert.deepEqual(rows.map(key).sort(), ['first extract -1', 'first load -1', 'second extract -1', 'second fan 0']);
    assert.deepEqual(
      rows.find((t) => t.runId === second.runId && t.taskId === 'extract'),
      { runId: second.runId, taskId: 'extract', mapIndex: -1, state: 'failed', tryNumber: 2, startDate: at(1000), endDate: at(3000) },
    );
    assert.equal(rows.find((t) => t.taskId === 'load')?.state, null);
    assert.deepEqual(await store.taskInstances.listSummaries(dagId, []), []);
  });

  it('lists scheduled instances, highest priority weight first, up to a limit', async () => {
    const store = ctx.store();
    const { run } = await seedRun(store);
    // The database is shared with other cases: weights far above theirs keep this run's on top.
    const base = 1_000_000_000 + Math.floor(Math.random() * 1000) * 100;
    const weights = [3, 9, 1, 9, 5, 7].map((w) => base + w);
    await store.taskInstances.createMany([
      ...weights.map((w, i) => taskInstance(run, `s${i}`, { state: 'scheduled', priorityWeight: w })),
      taskInstance(run, 'queued_one', { state: 'queued', priorityWeight: base + 100 }),
    ]);
    const top = await store.taskInstances.listScheduled(3);
    assert.deepEqual(top.map((t) => t.priorityWeight - base), [9, 9, 7]);
    assert.deepEqual(top.slice(0, 2).map((t) => t.taskId).sort(), ['s1', 's3']);
    assert.ok(top.every((t) => t.state === 'scheduled' && t.runId === run.runId));
    const ours = (await store.taskInstances.listScheduled(10_000)).filter((t) => t.runId === run.runId);
    assert.deepEqual(ours.map((t) => t.priorityWeight - base), [9, 9, 7, 5, 3, 1]);
  });

  it('lets exactly one of concurrent compare-and-set updates apply', async () => {
    const store = ctx.store();
    const other = await ctx.openMain();
    try {
      const { tis } = await seedRun(store);
      const key = tis[1]!;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? other : store).taskInstances.update(key, { state: 'queued', pid: i }, null)),
      );
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal((await store.taskInstances.get(key))?.pid, results.indexOf(true));
    } finally {
      await other.close();
    }
  });

  it('expands a mapped placeholder into map indexes 0..n-1, keeping its fields', async () => {
    const store = ctx.store();
    const { run, tis } = await seedRun(store);
    const placeholder = taskInstance(run, 'mapped', { priorityWeight: 3, pool: 'etl', maxTries: 2 });
    await store.taskInstances.createMany([placeholder]);
    const expanded = await store.taskInstances.expandMapped(placeholder, 3);
    assert.deepEqual(expanded, [0, 1, 2].map((mapIndex) => ({ ...placeholder, mapIndex })));
    const listed = await store.taskInstances.list({ dagId: run.dagId, runId: run.runId, taskId: 'mapped' });
    assert.deepEqual(listed.items, expanded);
    await assert.rejects(store.taskInstances.expandMapped(placeholder, 3), /does not exist \(already expanded\?\)/);
    await assert.rejects(store.taskInstances.expandMapped(tis[0]!, 0), /count must be an integer >= 1/);
    await assert.rejects(store.taskInstances.expandMapped({ ...placeholder, mapIndex: 0 }, 2), /only an unmapped placeholder/);
    // Inside a failing transaction the expansion is undone.
    const other = taskInstance(run, 'mapped_too');
    await store.taskInstances.createMany([other]);
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.taskInstances.expandMapped(other, 2);
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.deepEqual((await store.taskInstances.list({ dagId: run.dagId, taskId: 'mapped_too' })).items.map((t) => t.mapIndex), [-1]);
  });

  it('records each finished try once and lists them oldest first', async () => {
    const store = ctx.store();
    const { tis } = await seedRun(store);
    const ti = tis[0]!;
    const attempt = (tryNumber: number, state: 'failed' | 'success'): TaskInstanceTry => ({
      dagId: ti.dagId,
      runId: ti.runId,
      taskId: ti.taskId,
      mapIndex: ti.mapIndex,
      tryNumber,
      state,
      startDate: at(tryNumber * 1000),
      endDate: at(tryNumber * 1000 + 500),
      durationMs: 500,
      hostname: 'w',
      pid: 10 + tryNumber,
      executor: 'local',
      dagVersionId: ti.dagVersionId,
      stateReason: state === 'failed' ? 'exit code 1' : null,
    });
    await store.taskInstances.recordTry(attempt(2, 'success'));
    await store.taskInstances.recordTry(attempt(1, 'failed'));
    await store.taskInstances.recordTry(attempt(1, 'failed'));
    assert.deepEqual(await store.taskInstances.listTries(ti), [attempt(1, 'failed'), attempt(2, 'success')]);
    // History belongs to the run: clearing the instance itself leaves the tries.
    await store.taskInstances.update(ti, { state: null, tryNumber: 0 });
    assert.equal((await store.taskInstances.listTries(ti)).length, 2);
  });

  it('counts occupied pool slots, states and active instances per DAG', async () => {
    const store = await ctx.openFresh();
    const { run, dagId } = await seedRun(store);
    await store.taskInstances.createMany([
      taskInstance(run, 'r1', { state: 'running', pool: 'etl', poolSlots: 2 }),
      taskInstance(run, 'r2', { state: 'running', pool: 'etl', poolSlots: 3 }),
      taskInstance(run, 'q1', { state: 'queued', pool: 'etl' }),
      taskInstance(run, 'd1', { state: 'deferred', pool: 'default_pool', poolSlots: 4 }),
      taskInstance(run, 's1', { state: 'scheduled', pool: 'default_pool' }),
      taskInstance(run, 'done', { state: 'success', pool: 'etl', poolSlots: 100 }),
    ]);
    const second = await seedRun(store);
    await store.taskInstances.update(second.tis[0]!, { state: 'queued' });
    assert.deepEqual(await store.taskInstances.slotsByPool(), {
      etl: { queued: 1, running: 5, deferred: 0, scheduled: 0 },
      default_pool: { queued: 1, running: 0, deferred: 4, scheduled: 1 },
    });
    assert.deepEqual(await store.taskInstances.countByState({ dagId }), { running: 2, queued: 1, deferred: 1, scheduled: 1, success: 1, none: 2 });
    assert.deepEqual(await store.taskInstances.countByState({ dagId: second.dagId, runId: second.run.runId }), { queued: 1, none: 1 });
    assert.deepEqual(await store.taskInstances.activeCountsByDag(), { [dagId]: 3, [second.dagId]: 1 });
    await store.close();
  });
}
