/**
 * Deadline times from their references (Airflow's DeadlineReference: queued
 * at, logical date, fixed datetime, plus the run's start and a task's start),
 * intervals either side, and the verdict: met, missed and how late, or pending.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration } from './duration.js';
import { describeDeadline, firstStart, judgeDeadline, knownAtCreation, runDeadlineTime, taskDeadlineTime, taskSubject, type RunDeadlineSpec } from './deadlines.js';

const t = (iso: string) => new Date(iso);
const run = { queuedAt: t('2025-03-01T09:00:00Z'), startDate: t('2025-03-01T09:05:00Z'), logicalDate: t('2025-03-01T00:00:00Z') };
const spec = (reference: RunDeadlineSpec['reference'], intervalMs: number, at: string | null = null): RunDeadlineSpec => ({ reference, intervalMs, at, callbacks: ['callback'] });

describe('deadline times', () => {
  // from Airflow: tests/unit/models/test_deadline.py::test_deadline_database_integration (reference + interval)
  it('adds the interval to the reference time of each kind', () => {
    assert.deepEqual(runDeadlineTime(spec('run_queued', 15 * 60_000), run), t('2025-03-01T09:15:00Z'));
    assert.deepEqual(runDeadlineTime(spec('run_start', 30 * 60_000), run), t('2025-03-01T09:35:00Z'));
    assert.deepEqual(runDeadlineTime(spec('logical_date', 3_600_000), run), t('2025-03-01T01:00:00Z'));
    assert.deepEqual(runDeadlineTime(spec('fixed', 0, '2025-03-02T10:00:00.000Z'), run), t('2025-03-02T10:00:00Z'));
  });

  // from Airflow docs (deadline-alerts.rst): a negative interval on FIXED_DATETIME alerts before the reference
  it('counts back from a fixed time with a negative interval', () => {
    assert.deepEqual(runDeadlineTime(spec('fixed', -30 * 60_000, '2025-03-02T10:00:00.000Z'), run), t('2025-03-02T09:30:00Z'));
  });

  it('has no time while the reference is unknown: a run not started, a run without a logical date', () => {
    assert.equal(runDeadlineTime(spec('run_start', 1000), { ...run, startDate: null }), null);
    assert.equal(runDeadlineTime(spec('logical_date', 1000), { ...run, logicalDate: null }), null);
    assert.equal(knownAtCreation('run_queued'), true);
    assert.equal(knownAtCreation('run_start'), false);
    assert.equal(knownAtCreation('task_start'), false);
  });

  it('starts a task deadline at the first start among the task\'s instances', () => {
    assert.equal(firstStart([{ startDate: null }]), null);
    const first = firstStart([{ startDate: t('2025-03-01T10:00:02Z') }, { startDate: null }, { startDate: t('2025-03-01T10:00:01Z') }]);
    assert.deepEqual(first, t('2025-03-01T10:00:01Z'));
    assert.deepEqual(taskDeadlineTime(600_000, first as Date), t('2025-03-01T10:10:01Z'));
  });

  it('describes how a deadline is computed', () => {
    assert.equal(describeDeadline('run_start', 1000, null, formatDuration), 'run_start + 1s');
    assert.equal(describeDeadline('fixed', -1_800_000, '2025-03-02T10:00:00.000Z', formatDuration), 'fixed 2025-03-02T10:00:00.000Z - 30m');
    assert.equal(describeDeadline('run_queued', 0, null, formatDuration), 'run_queued');
  });
});

describe('deadline verdicts', () => {
  const deadline = t('2025-03-01T10:00:00Z');

  // from Airflow: tests/unit/models/test_deadline.py::test_prune_deadlines (on time is pruned, overdue is kept)
  it('is met by a success at or before the deadline, and missed by one after it', () => {
    assert.deepEqual(judgeDeadline(deadline, { succeeded: true, endedAt: t('2025-03-01T09:59:59Z') }, t('2025-03-01T12:00:00Z')), { kind: 'met' });
    assert.deepEqual(judgeDeadline(deadline, { succeeded: true, endedAt: deadline }, t('2025-03-01T12:00:00Z')), { kind: 'met' });
    assert.deepEqual(judgeDeadline(deadline, { succeeded: true, endedAt: t('2025-03-01T10:00:03Z') }, t('2025-03-01T10:00:05Z')), { kind: 'missed', lateMs: 5000 });
  });

  it('is pending until the time, then missed by work still going, and by a failure (as Airflow)', () => {
    const going = { succeeded: false, endedAt: null };
    assert.deepEqual(judgeDeadline(deadline, going, t('2025-03-01T09:59:00Z')), { kind: 'pending', dueAt: deadline });
    assert.deepEqual(judgeDeadline(deadline, going, deadline), { kind: 'missed', lateMs: 0 });
    const failed = { succeeded: false, endedAt: t('2025-03-01T09:00:00Z') };
    assert.deepEqual(judgeDeadline(deadline, failed, t('2025-03-01T09:30:00Z')), { kind: 'pending', dueAt: deadline });
    assert.deepEqual(judgeDeadline(deadline, failed, t('2025-03-01T10:00:01Z')), { kind: 'missed', lateMs: 1000 });
  });

  it('treats a task as done when every instance succeeded or was skipped, at the last one\'s end', () => {
    assert.deepEqual(taskSubject([]), { succeeded: false, endedAt: null });
    assert.deepEqual(taskSubject([{ state: 'success', endDate: t('2025-03-01T09:00:00Z') }, { state: 'running', endDate: null }]), { succeeded: false, endedAt: null });
    assert.deepEqual(taskSubject([{ state: 'failed', endDate: t('2025-03-01T09:00:00Z') }]), { succeeded: false, endedAt: null });
    assert.deepEqual(
      taskSubject([
        { state: 'success', endDate: t('2025-03-01T09:00:00Z') },
        { state: 'skipped', endDate: t('2025-03-01T09:02:00Z') },
      ]),
      { succeeded: true, endedAt: t('2025-03-01T09:02:00Z') },
    );
  });
});
