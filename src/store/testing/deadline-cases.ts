/** Deadline records: round trip, filling in a time, compare-and-set misses, resolving, callback results, listing, cascade. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { NewDeadline } from '../deadlines.js';
import type { CaseContext } from './harness.js';
import { at, seedRun } from './fixtures.js';

function newDeadline(run: { dagId: string; runId: string }, overrides: Partial<NewDeadline> = {}): NewDeadline {
  return {
    dagId: run.dagId,
    runId: run.runId,
    taskId: null,
    mapIndex: -1,
    alertIndex: 0,
    reference: 'run_queued',
    intervalMs: 90_000,
    deadlineTime: at(90_000),
    callback: 'emailNotifier, callback',
    ...overrides,
  };
}

export function deadlineCases(ctx: CaseContext): void {
  it('round-trips deadlines of a run and of a task, a time or none yet, a negative interval and a 64-bit one', async () => {
    const store = ctx.store();
    const { run } = await seedRun(store);
    const long = 40 * 86_400_000; // 40 days: past 32 bits of milliseconds
    const created = await store.deadlines.createMany(
      [
        newDeadline(run),
        newDeadline(run, { taskId: 'load', alertIndex: 1, reference: 'task_start', intervalMs: long, deadlineTime: null, callback: 'callback' }),
        newDeadline(run, { alertIndex: 2, reference: 'fixed', intervalMs: -1_800_000, deadlineTime: at(-1_800_000) }),
      ],
      at(5),
    );
    assert.equal(created.length, 3);
    const [first, second, third] = created;
    assert.ok(first && second && third);
    assert.deepEqual(first, {
      id: first.id,
      ...newDeadline(run),
      createdAt: at(5),
      missedAt: null,
      lateMs: null,
      callbackState: 'pending',
      callbackReason: null,
    });
    assert.equal(second.taskId, 'load');
    assert.equal(second.intervalMs, long);
    assert.equal(second.deadlineTime, null);
    assert.equal(third.intervalMs, -1_800_000);
    assert.deepEqual(await store.deadlines.get(second.id), second);
    assert.equal(await store.deadlines.get(third.id + 100_000), null);
    assert.deepEqual(await store.deadlines.createMany([], at(0)), []);
  });

  it('sets a time only once, and marks a miss only once (another scheduler loses the race)', async () => {
    const store = ctx.store();
    const { run } = await seedRun(store);
    const [pending] = await store.deadlines.createMany([newDeadline(run, { reference: 'run_start', deadlineTime: null })], at(0));
    assert.ok(pending);
    assert.equal(await store.deadlines.setTime(pending.id, at(1000)), true);
    assert.equal(await store.deadlines.setTime(pending.id, at(2000)), false, 'the time is set once');
    assert.deepEqual((await store.deadlines.get(pending.id))?.deadlineTime, at(1000));
    assert.ok((await store.deadlines.listPending()).some((d) => d.id === pending.id));

    assert.equal(await store.deadlines.markMissed(pending.id, at(1500), 500), true);
    assert.equal(await store.deadlines.markMissed(pending.id, at(1600), 600), false, 'a second scheduler does not fire it again');
    const missed = await store.deadlines.get(pending.id);
    assert.deepEqual([missed?.missedAt, missed?.lateMs, missed?.callbackState], [at(1500), 500, 'pending']);
    assert.ok(!(await store.deadlines.listPending()).some((d) => d.id === pending.id), 'a missed deadline is no longer pending');
    assert.equal(await store.deadlines.setTime(pending.id, at(3000)), false);
    assert.equal(await store.deadlines.resolve([pending.id]), 0, 'a missed deadline is kept, never resolved away');

    assert.equal(await store.deadlines.setCallbackResult(pending.id, 'failed', 'exit code 1: boom'), true);
    const failed = await store.deadlines.get(pending.id);
    assert.deepEqual([failed?.callbackState, failed?.callbackReason], ['failed', 'exit code 1: boom']);
  });

  it('resolves (deletes) pending deadlines, and records callback results only on missed ones', async () => {
    const store = ctx.store();
    const { run } = await seedRun(store);
    const [a, b] = await store.deadlines.createMany([newDeadline(run), newDeadline(run, { alertIndex: 1 })], at(0));
    assert.ok(a && b);
    assert.equal(await store.deadlines.setCallbackResult(a.id, 'success', null), false, 'nothing ran for a pending deadline');
    assert.equal(await store.deadlines.resolve([a.id, b.id, b.id + 100_000]), 2);
    assert.equal(await store.deadlines.get(a.id), null);
    assert.equal(await store.deadlines.resolve([]), 0);
  });

  it('lists a DAG\'s deadlines newest first (those without a time last), missed or pending, a page at a time', async () => {
    const store = ctx.store();
    const { run, dagId } = await seedRun(store);
    const created = await store.deadlines.createMany(
      [
        newDeadline(run, { deadlineTime: at(1000) }),
        newDeadline(run, { alertIndex: 1, deadlineTime: null, reference: 'run_start' }),
        newDeadline(run, { alertIndex: 2, deadlineTime: at(3000) }),
        newDeadline(run, { alertIndex: 3, deadlineTime: at(2000) }),
      ],
      at(0),
    );
    const ids = created.map((d) => d.id);
    await store.deadlines.markMissed(ids[2] as number, at(3500), 500);
    const all = await store.deadlines.list({ dagId });
    assert.deepEqual(all.items.map((d) => d.alertIndex), [2, 3, 0, 1]);
    assert.equal(all.total, 4);
    assert.deepEqual((await store.deadlines.list({ dagId, orderBy: 'deadlineTime' })).items.map((d) => d.alertIndex), [0, 3, 2, 1]);
    assert.deepEqual((await store.deadlines.list({ dagId, missed: true })).items.map((d) => d.alertIndex), [2]);
    assert.deepEqual((await store.deadlines.list({ dagId, missed: false })).items.map((d) => d.alertIndex), [3, 0, 1]);
    const page = await store.deadlines.list({ dagId, runId: run.runId, limit: 2, offset: 1 });
    assert.deepEqual([page.items.map((d) => d.alertIndex), page.total], [[3, 0], 4]);
    assert.equal((await store.deadlines.list({ dagId, runId: 'no_such_run' })).total, 0);
    await assert.rejects(store.deadlines.list({ orderBy: 'callback' as never }), /cannot order by "callback"/);
  });

  it('deletes a run\'s deadlines with the run', async () => {
    const store = ctx.store();
    const { run } = await seedRun(store);
    const [deadline] = await store.deadlines.createMany([newDeadline(run)], at(0));
    assert.ok(deadline);
    await store.deadlines.markMissed(deadline.id, at(100_000), 10_000);
    assert.equal(await store.dagRuns.delete(run), true);
    assert.equal(await store.deadlines.get(deadline.id), null);
  });
}
