import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DagSpec } from '../core/dag-spec.js';
import type { DagRunState } from '../core/states.js';
import { startBackfillRuns } from '../scheduler/start-backfill-runs.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { dagRun, seedDag, taskInstance, taskSpec, uid } from '../store/testing/fixtures.js';
import {
  backfillProgress,
  cancelBackfill,
  createBackfill,
  dryRunBackfill,
  pauseBackfill,
  type BackfillRequest,
} from './backfill.js';
import { BadRequestError, ConflictError, NotFoundError } from './errors.js';

const DAILY = { kind: 'cron', expression: '0 0 * * *', timezone: 'UTC', dataIntervals: true } as const;
const NOW = new Date('2021-02-01T00:00:00.000Z');
const d = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const dates = (list: readonly { logicalDate: Date }[]) => list.map((x) => x.logicalDate.toISOString().slice(0, 10));

let dir = '';
let store: Store;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'updraft-backfill-'));
  store = await openStore({ home: dir });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dailyDag(overrides: Partial<DagSpec> = {}): Promise<{ dagId: string; versionId: number }> {
  return seedDag(store, { schedule: DAILY, catchup: false, ...overrides });
}

function request(dagId: string, overrides: Partial<BackfillRequest> = {}): BackfillRequest {
  return { dagId, from: d('2021-01-01'), to: d('2021-01-05'), maxActiveRuns: 2, triggeredBy: 'test', ...overrides };
}

/** A finished (or in-flight) run for a date, with its task instances in the same state. */
async function existingRun(dagId: string, versionId: number, date: string, state: DagRunState) {
  const run = await store.dagRuns.create(
    dagRun(dagId, `scheduled__${date}`, versionId, {
      runType: 'scheduled',
      state,
      logicalDate: d(date),
      dataInterval: { start: d(date), end: new Date(d(date).getTime() + 86_400_000) },
      startDate: d(date),
      endDate: state === 'success' || state === 'failed' ? d(date) : null,
    }),
  );
  const tiState = state === 'queued' ? null : state;
  await store.taskInstances.createMany([taskInstance(run, 'extract', { state: tiState }), taskInstance(run, 'load', { state: tiState })]);
  return run;
}

describe('createBackfill', () => {
  // from Airflow: tests/unit/models/test_backfill.py::test_create_backfill_simple
  for (const runBackwards of [false, true]) {
    it(`creates queued backfill runs for every date${runBackwards ? ', newest first' : ''}`, async () => {
      const { dagId } = await dailyDag();
      const { backfill, dates: plan } = await createBackfill(store, request(dagId, { runBackwards, conf: {} }), NOW);
      const expected = ['2021-01-01', '2021-01-02', '2021-01-03', '2021-01-04', '2021-01-05'];
      assert.deepEqual(dates(plan), runBackwards ? [...expected].reverse() : expected);
      assert.deepEqual(plan.map((p) => p.action), Array(5).fill('create'));
      const rows = await store.backfills.listRuns(backfill.id);
      assert.deepEqual(dates(rows), runBackwards ? [...expected].reverse() : expected);
      assert.deepEqual(rows.map((r) => r.sortOrdinal), [1, 2, 3, 4, 5]);
      const runs = (await store.dagRuns.list({ dagId, orderBy: 'logicalDate' })).items;
      assert.deepEqual(runs.map((r) => r.runId), expected.map((x) => `backfill__${x}T00:00:00+00:00`));
      for (const run of runs) {
        assert.deepEqual([run.state, run.runType, run.triggeredBy, run.backfillId], ['queued', 'backfill', 'backfill', backfill.id]);
        assert.equal(run.runAfter.getTime(), run.logicalDate!.getTime() + 86_400_000);
        assert.equal((await store.taskInstances.list({ dagId, runId: run.runId })).total, 2);
      }
      assert.deepEqual(
        [backfill.maxActiveRuns, backfill.runBackwards, backfill.reprocessBehavior, backfill.isPaused, backfill.completedAt],
        [2, runBackwards, 'none', false, null],
      );
    });
  }

  // from Airflow: tests/unit/models/test_backfill.py::test_reprocess_behavior
  const cases = [
    { reprocess: 'none', inBackfill: 4, reasons: { '2021-01-05': 'already exists', '2021-01-06': 'already exists', '2021-01-07': 'in flight' } },
    { reprocess: 'failed', inBackfill: 5, reasons: { '2021-01-05': 'already exists', '2021-01-07': 'in flight' } },
    { reprocess: 'completed', inBackfill: 6, reasons: { '2021-01-07': 'in flight' } },
  ] as const;
  for (const { reprocess, inBackfill, reasons } of cases) {
    it(`reprocess ${reprocess}: skips or re-runs existing runs`, async () => {
      // Noise: another DAG with a run on one of the dates must not be picked up.
      const noise = await dailyDag();
      await existingRun(noise.dagId, noise.versionId, '2021-01-06', 'success');
      const { dagId, versionId } = await dailyDag();
      await existingRun(dagId, versionId, '2021-01-05', 'success');
      await existingRun(dagId, versionId, '2021-01-06', 'failed');
      await existingRun(dagId, versionId, '2021-01-07', 'running');

      const req = request(dagId, { from: d('2021-01-03'), to: d('2021-01-09'), reprocess, conf: { again: true } });
      const dry = await dryRunBackfill(store, req, NOW);
      const { backfill, dates: plan } = await createBackfill(store, req, NOW);
      assert.deepEqual(dry, plan, 'the dry run predicts what happens');

      const rows = await store.backfills.listRuns(backfill.id);
      const skipped = Object.fromEntries(rows.filter((r) => r.exceptionReason).map((r) => [r.logicalDate.toISOString().slice(0, 10), r.exceptionReason]));
      assert.deepEqual(skipped, reasons);
      const runs = (await store.dagRuns.list({ dagId, backfillId: backfill.id })).items;
      assert.equal(runs.length, inBackfill);
      for (const run of runs) {
        assert.deepEqual([run.state, run.runType, run.triggeredBy, run.conf], ['queued', 'backfill', 'backfill', { again: true }]);
      }
      // A re-run keeps its run id, is queued again and its task instances are cleared.
      const rerun = plan.filter((p) => p.action === 'rerun');
      assert.deepEqual(rerun.map((p) => p.runId), [
        ...(reprocess === 'completed' ? ['scheduled__2021-01-05'] : []),
        ...(reprocess !== 'none' ? ['scheduled__2021-01-06'] : []),
      ]);
      for (const p of rerun) {
        const run = await store.dagRuns.get({ dagId, runId: p.runId! });
        assert.deepEqual([run?.state, run?.clearNumber, run?.startDate, run?.endDate], ['queued', 1, null, null]);
        const tis = (await store.taskInstances.list({ dagId, runId: p.runId! })).items;
        assert.deepEqual(tis.map((t) => t.state), [null, null]);
      }
      // The in-flight run is untouched.
      const inFlight = await store.dagRuns.get({ dagId, runId: 'scheduled__2021-01-07' });
      assert.deepEqual([inFlight?.state, inFlight?.runType, inFlight?.backfillId], ['running', 'scheduled', null]);
      const noiseRun = await store.dagRuns.get({ dagId: noise.dagId, runId: 'scheduled__2021-01-06' });
      assert.equal(noiseRun?.state, 'success');
    });
  }

  it('leaves out dates whose data interval has not ended', async () => {
    const { dagId } = await dailyDag();
    const { dates: plan } = await createBackfill(store, request(dagId, { from: d('2021-01-29'), to: d('2021-02-05') }), NOW);
    assert.deepEqual(dates(plan), ['2021-01-29', '2021-01-30']);
  });

  // from Airflow: tests/unit/models/test_backfill.py::test_params_stored_correctly
  it('stores the request on the backfill', async () => {
    const { dagId } = await dailyDag();
    const { backfill } = await createBackfill(store, request(dagId, { maxActiveRuns: 263, conf: { this: 'param' }, triggeredBy: 'alice' }), NOW);
    const stored = await store.backfills.get(backfill.id);
    assert.deepEqual(
      [stored?.dagId, stored?.fromDate, stored?.toDate, stored?.maxActiveRuns, stored?.dagRunConf, stored?.triggeredBy],
      [dagId, d('2021-01-01'), d('2021-01-05'), 263, { this: 'param' }, 'alice'],
    );
  });

  describe('errors', () => {
    it('an unknown DAG', async () => {
      await assert.rejects(createBackfill(store, request(uid('missing')), NOW), (e: unknown) => e instanceof NotFoundError && /not found/.test(e.message));
    });

    it('from after to', async () => {
      const { dagId } = await dailyDag();
      await assert.rejects(createBackfill(store, request(dagId, { from: d('2021-01-05'), to: d('2021-01-01') }), NOW), (e: unknown) =>
        e instanceof BadRequestError && e.message.includes(dagId) && /must not be after/.test(e.message),
      );
    });

    it('no dates in the range, and a range in the future', async () => {
      const { dagId } = await dailyDag({ schedule: { ...DAILY, expression: '0 0 1 * *' } });
      await assert.rejects(createBackfill(store, request(dagId, { from: d('2021-01-02'), to: d('2021-01-20') }), NOW), /No runs to backfill/);
      await assert.rejects(createBackfill(store, request(dagId, { from: d('2022-01-01'), to: d('2022-02-01') }), NOW), /future/);
      assert.equal((await store.backfills.list({ dagId })).total, 0, 'nothing is created');
    });

    it('a DAG without a periodic schedule', async () => {
      const { dagId } = await dailyDag({ schedule: { kind: 'none' } });
      await assert.rejects(createBackfill(store, request(dagId), NOW), (e: unknown) => e instanceof BadRequestError && /not periodic/.test(e.message));
    });

    // from Airflow: tests/unit/models/test_backfill.py::test_active_dag_run
    it('a DAG that already has a running backfill', async () => {
      const { dagId } = await dailyDag();
      const first = await createBackfill(store, request(dagId), NOW);
      await assert.rejects(createBackfill(store, request(dagId, { from: d('2021-01-10'), to: d('2021-01-12') }), NOW), (e: unknown) =>
        e instanceof ConflictError && e.message.includes(`id ${first.backfill.id}`),
      );
      // Once it is cancelled (completed), a new one may start.
      await cancelBackfill(store, first.backfill.id, 'test', NOW);
      await createBackfill(store, request(dagId, { from: d('2021-01-10'), to: d('2021-01-12') }), NOW);
    });

    it('conf that the params reject', async () => {
      const params = { schema: { type: 'object', properties: { n: { type: 'integer' } } }, defaults: {} };
      const { dagId } = await dailyDag({ params });
      await assert.rejects(createBackfill(store, request(dagId, { conf: { n: 'many' } }), NOW), (e: unknown) => e instanceof BadRequestError && /n:/.test(e.message));
      assert.equal((await store.backfills.list({ dagId })).total, 0);
    });

    it('max active runs below 1', async () => {
      const { dagId } = await dailyDag();
      await assert.rejects(createBackfill(store, request(dagId, { maxActiveRuns: 0 }), NOW), /at least 1/);
    });

    // from Airflow: tests/unit/models/test_backfill.py::test_reverse_and_depends_on_past_fails
    it('depends_on_past: no running backwards, and reprocess must not be none', async () => {
      const { dagId } = await dailyDag({ tasks: [taskSpec('extract', { dependsOnPast: true })] });
      await assert.rejects(createBackfill(store, request(dagId, { runBackwards: true, reprocess: 'failed' }), NOW), /cannot be backfilled backwards/);
      await assert.rejects(createBackfill(store, request(dagId), NOW), /choose reprocess 'failed' or 'completed'/);
      await createBackfill(store, request(dagId, { reprocess: 'failed' }), NOW);
    });
  });
});

describe('progress, pause, cancel', () => {
  it('counts runs by state; skipped dates are apart', async () => {
    const { dagId, versionId } = await dailyDag();
    await existingRun(dagId, versionId, '2021-01-02', 'success');
    const { backfill } = await createBackfill(store, request(dagId, { to: d('2021-01-04') }), NOW);
    await store.dagRuns.update({ dagId, runId: 'backfill__2021-01-01T00:00:00+00:00' }, { state: 'success' });
    await store.dagRuns.update({ dagId, runId: 'backfill__2021-01-03T00:00:00+00:00' }, { state: 'failed' });
    const progress = await backfillProgress(store, backfill.id);
    assert.deepEqual([progress.total, progress.done, progress.skipped], [3, 2, 1]);
    assert.deepEqual(progress.byState, { queued: 1, running: 0, success: 1, failed: 1 });
    await assert.rejects(backfillProgress(store, 999_999), NotFoundError);
  });

  it('pause and unpause; a completed backfill cannot be paused', async () => {
    const { dagId } = await dailyDag();
    const { backfill } = await createBackfill(store, request(dagId), NOW);
    assert.equal((await pauseBackfill(store, backfill.id, true, 'test', NOW)).isPaused, true);
    assert.equal((await pauseBackfill(store, backfill.id, false, 'test', NOW)).isPaused, false);
    await cancelBackfill(store, backfill.id, 'test', NOW);
    await assert.rejects(pauseBackfill(store, backfill.id, true, 'test', NOW), ConflictError);
    await assert.rejects(cancelBackfill(store, backfill.id, 'test', NOW), /already completed/);
  });

  it('cancel fails the queued runs, lets running ones finish and completes the backfill', async () => {
    const { dagId } = await dailyDag();
    const { backfill } = await createBackfill(store, request(dagId, { to: d('2021-01-03') }), NOW);
    const running = { dagId, runId: 'backfill__2021-01-01T00:00:00+00:00' };
    await store.dagRuns.updateState(running, 'queued', 'running');
    const { backfill: after, failedRuns } = await cancelBackfill(store, backfill.id, 'test', NOW);
    assert.deepEqual(failedRuns.sort(), ['backfill__2021-01-02T00:00:00+00:00', 'backfill__2021-01-03T00:00:00+00:00']);
    assert.deepEqual([after.isPaused, after.completedAt], [true, NOW]);
    assert.equal((await store.dagRuns.get(running))?.state, 'running');
  });
});

describe('startBackfillRuns (scheduler)', () => {
  const running = async (dagId: string) => (await store.dagRuns.list({ dagId, states: ['running'], orderBy: 'logicalDate' })).items.map((r) => r.runId.slice(10, 20));

  for (const runBackwards of [false, true]) {
    it(`starts runs ${runBackwards ? 'newest' : 'oldest'} first, at most max_active_runs at a time`, async () => {
      const { dagId } = await dailyDag({ maxActiveRuns: 1 });
      await createBackfill(store, request(dagId, { maxActiveRuns: 2, runBackwards }), NOW);
      await startBackfillRuns(store, NOW);
      assert.deepEqual(await running(dagId), runBackwards ? ['2021-01-04', '2021-01-05'] : ['2021-01-01', '2021-01-02']);
      await startBackfillRuns(store, NOW);
      assert.equal((await running(dagId)).length, 2, 'no more while two run');
      const first = `backfill__${runBackwards ? '2021-01-05' : '2021-01-01'}T00:00:00+00:00`;
      await store.dagRuns.updateState({ dagId, runId: first }, 'running', 'success');
      const { started } = await startBackfillRuns(store, NOW);
      assert.deepEqual(started.map((k) => k.runId.slice(10, 20)), ['2021-01-03']);
    });
  }

  it('a paused backfill starts nothing; the DAG limit neither blocks nor counts backfill runs', async () => {
    const { dagId, versionId } = await dailyDag({ maxActiveRuns: 1 });
    // The DAG's own limit is full with a scheduled run.
    await existingRun(dagId, versionId, '2021-01-20', 'running');
    const { backfill } = await createBackfill(store, request(dagId, { maxActiveRuns: 1 }), NOW);
    await pauseBackfill(store, backfill.id, true, 'test', NOW);
    assert.deepEqual((await startBackfillRuns(store, NOW)).started, []);
    await pauseBackfill(store, backfill.id, false, 'test', NOW);
    const result = await startBackfillRuns(store, NOW);
    assert.deepEqual(result.started.map((k) => k.runId), ['backfill__2021-01-01T00:00:00+00:00']);
    assert.ok(result.activeBackfillIds.has(backfill.id));
    assert.equal((await store.dagRuns.list({ dagId, backfillId: null, states: ['running'] })).total, 1, 'the DAG count leaves backfill runs out');
  });

  it('completes the backfill once every run ended', async () => {
    const { dagId } = await dailyDag();
    const { backfill } = await createBackfill(store, request(dagId, { to: d('2021-01-02') }), NOW);
    for (const date of ['2021-01-01', '2021-01-02']) await store.dagRuns.update({ dagId, runId: `backfill__${date}T00:00:00+00:00` }, { state: 'success' });
    const result = await startBackfillRuns(store, NOW);
    assert.ok(result.completed.includes(backfill.id));
    assert.ok(!result.activeBackfillIds.has(backfill.id));
    assert.deepEqual((await store.backfills.get(backfill.id))?.completedAt, NOW);
  });
});
