/**
 * The scheduler's deadline step over a real SQLite store and a hand-moved
 * clock: rows created with a run, times filled in when a run or task starts,
 * deadlines met (deleted), moot (a task that never ran), missed once (and how
 * late), a failed run still missing its deadline, and when the next one is due.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DagSpec } from '../core/dag-spec.js';
import type { DagRun } from '../core/run-model.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { dagSpec, seedDag, taskSpec, uid } from '../store/testing/fixtures.js';
import { createRun } from './create-run.js';
import { checkDeadlines } from './deadlines.js';

const T = new Date('2025-05-01T12:00:00.000Z');
const after_ = (ms: number) => new Date(T.getTime() + ms);

describe('deadline checks', () => {
  let home = '';
  let store: Store;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'updraft-deadlines-'));
    store = await openStore({ home });
  });
  after(async () => {
    await store.close();
    rmSync(home, { recursive: true, force: true });
  });

  async function newRun(overrides: Partial<DagSpec>, logicalDate: Date | null = null): Promise<DagRun> {
    const dagId = uid('dl');
    const spec = dagSpec(dagId, overrides);
    const { versionId } = await seedDag(store, spec);
    return createRun(store, spec, versionId, { runType: 'manual', logicalDate, dataInterval: null, runAfter: T, triggeredBy: 'test' }, T);
  }
  const rowsOf = async (run: DagRun) => (await store.deadlines.list({ dagId: run.dagId, orderBy: 'id' })).items;
  const setRun = (run: DagRun, patch: Partial<DagRun>) => store.dagRuns.update(run, patch);
  const setTi = (run: DagRun, taskId: string, patch: Record<string, unknown>) => store.taskInstances.update({ dagId: run.dagId, runId: run.runId, taskId, mapIndex: -1 }, patch);

  it('creates a row per deadline with the run: known times now, run_start and task deadlines later, none for a missing logical date', async () => {
    const run = await newRun({
      deadlines: [
        { reference: 'run_queued', intervalMs: 1000, at: null, callbacks: ['page'] },
        { reference: 'run_start', intervalMs: 1000, at: null, callbacks: ['page'] },
        { reference: 'logical_date', intervalMs: 1000, at: null, callbacks: ['page'] },
        { reference: 'fixed', intervalMs: -1000, at: '2025-05-02T00:00:00.000Z', callbacks: ['page', 'mail'] },
      ],
      tasks: [taskSpec('extract', { deadlines: [{ afterMs: 500, callbacks: ['emailNotifier'] }] }), taskSpec('load', { upstream: ['extract'] })],
    });
    const rows = await rowsOf(run);
    assert.deepEqual(
      rows.map((d) => [d.taskId, d.alertIndex, d.reference, d.deadlineTime?.toISOString() ?? null, d.callback]),
      [
        [null, 0, 'run_queued', '2025-05-01T12:00:01.000Z', 'page'],
        [null, 1, 'run_start', null, 'page'],
        [null, 3, 'fixed', '2025-05-01T23:59:59.000Z', 'page, mail'],
        ['extract', 0, 'task_start', null, 'emailNotifier'],
      ],
    );
  });

  it('misses a deadline once, says how late, and tells when the next one is due', async () => {
    const run = await newRun({ deadlines: [{ reference: 'run_queued', intervalMs: 1000, at: null, callbacks: ['page'] }, { reference: 'run_queued', intervalMs: 60_000, at: null, callbacks: ['page'] }] });
    const early = await checkDeadlines(store, after_(500));
    assert.deepEqual(early.missed.filter((m) => m.run.dagId === run.dagId), []);
    assert.ok(early.nextAt !== null && early.nextAt <= after_(1000), 'the timer wakes by the first deadline');
    const late = await checkDeadlines(store, after_(2500));
    const mine = late.missed.filter((m) => m.run.dagId === run.dagId);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.deadline.lateMs, 1500);
    assert.equal(mine[0]?.state, 'queued', 'a run stuck in the queue misses a run_queued deadline');
    assert.ok(late.messages.some((m) => m.includes(run.runId) && /the run was not done by 2025-05-01T12:00:01.000Z \(run_queued \+ 1s\), 1s 500ms late/.test(m)), late.messages.join('\n'));
    const again = await checkDeadlines(store, after_(3000));
    assert.deepEqual(again.missed.filter((m) => m.run.dagId === run.dagId), [], 'a missed deadline fires once');
    const [first, second] = await rowsOf(run);
    assert.deepEqual([first?.missedAt, first?.lateMs, first?.callbackState], [after_(2500), 1500, 'pending']);
    assert.equal(second?.missedAt, null);
  });

  it('fills in a run_start deadline when the run starts and deletes it when the run succeeds in time', async () => {
    const run = await newRun({ deadlines: [{ reference: 'run_start', intervalMs: 5000, at: null, callbacks: ['page'] }] });
    await checkDeadlines(store, after_(100));
    assert.equal((await rowsOf(run))[0]?.deadlineTime, null, 'not started: no time yet');
    await setRun(run, { state: 'running', startDate: after_(1000) });
    const check = await checkDeadlines(store, after_(1200));
    assert.deepEqual((await rowsOf(run))[0]?.deadlineTime, after_(6000));
    assert.ok(check.nextAt !== null && check.nextAt <= after_(6000));
    await setRun(run, { state: 'success', endDate: after_(4000) });
    const done = await checkDeadlines(store, after_(4100));
    assert.deepEqual(done.missed.filter((m) => m.run.dagId === run.dagId), []);
    assert.deepEqual(await rowsOf(run), [], 'met: the deadline is resolved right after the run ends, not at its time');
  });

  it('still fires for a run that failed before its deadline (as Airflow: only success meets it)', async () => {
    const run = await newRun({ deadlines: [{ reference: 'run_queued', intervalMs: 5000, at: null, callbacks: ['page'] }] });
    await setRun(run, { state: 'failed', startDate: after_(100), endDate: after_(2000) });
    assert.deepEqual((await checkDeadlines(store, after_(3000))).missed.filter((m) => m.run.dagId === run.dagId), []);
    const missed = (await checkDeadlines(store, after_(5000))).missed.filter((m) => m.run.dagId === run.dagId);
    assert.deepEqual(missed.map((m) => [m.deadline.lateMs, m.state]), [[0, 'failed']]);
  });

  it('times a task deadline from its start, resolves it when the task is done in time, and drops it when the task never ran', async () => {
    const run = await newRun({
      tasks: [
        taskSpec('extract', { deadlines: [{ afterMs: 1000, callbacks: ['page'] }] }),
        taskSpec('load', { upstream: ['extract'], deadlines: [{ afterMs: 1000, callbacks: ['page'] }] }),
        taskSpec('report', { upstream: ['load'], deadlines: [{ afterMs: 1000, callbacks: ['page'] }] }),
      ],
    });
    await setRun(run, { state: 'running', startDate: after_(0) });
    await setTi(run, 'extract', { state: 'running', startDate: after_(100), tryNumber: 1 });
    await checkDeadlines(store, after_(200));
    const byTask = async () => new Map((await rowsOf(run)).map((d) => [d.taskId, d]));
    assert.deepEqual((await byTask()).get('extract')?.deadlineTime, after_(1100));
    await setTi(run, 'extract', { state: 'success', endDate: after_(900) });
    await setTi(run, 'load', { state: 'running', startDate: after_(950), tryNumber: 1 });
    const check = await checkDeadlines(store, after_(1200));
    assert.deepEqual(check.missed.filter((m) => m.run.dagId === run.dagId), []);
    assert.equal((await byTask()).has('extract'), false, 'extract was done in time');
    const missed = (await checkDeadlines(store, after_(2500))).missed.filter((m) => m.run.dagId === run.dagId);
    assert.deepEqual(missed.map((m) => [m.deadline.taskId, m.deadline.lateMs, m.state]), [['load', 550, 'running']]);
    await setTi(run, 'load', { state: 'failed', endDate: after_(2600) });
    await setTi(run, 'report', { state: 'upstream_failed', endDate: after_(2600) });
    await setRun(run, { state: 'failed', endDate: after_(2600) });
    await checkDeadlines(store, after_(2700));
    assert.deepEqual([...(await byTask()).keys()], ['load'], 'report never started: its deadline is moot; the missed one is kept');
  });
});
