import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CronDataIntervalTimetable } from './cron-data-interval-timetable.js';
import { CronTriggerTimetable } from './cron-trigger-timetable.js';
import { DeltaDataIntervalTimetable } from './delta-data-interval-timetable.js';
import { DeltaTriggerTimetable } from './delta-trigger-timetable.js';
import { NullTimetable } from './null-timetable.js';
import { OnceTimetable } from './once-timetable.js';
import { dueRuns, planBackfill } from './plan-runs.js';
import type { DagRunInfo } from './timetable.js';

const HOUR = 3_600_000;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0): Date => new Date(Date.UTC(y, mo - 1, d, h, mi));
const days = (runs: DagRunInfo[]): string[] => runs.map((r) => r.logicalDate.toISOString().slice(0, 10));
const spans = (runs: DagRunInfo[]): string[] =>
  runs.map((r) => `${r.dataInterval.start.toISOString().slice(0, 16)}..${r.dataInterval.end.toISOString().slice(0, 16)}`);

describe('dueRuns', () => {
  const daily = () => new CronTriggerTimetable('@daily', 'UTC');
  const dailyIntervals = () => new CronDataIntervalTimetable('@daily', 'UTC');
  const base = { endDate: null, lastAutomatedDataInterval: null } as const;

  it('catchup from a past start date: every fire time up to now', () => {
    const runs = dueRuns(daily(), { ...base, startDate: utc(2024, 1, 1), catchup: true, now: utc(2024, 1, 4, 12) });
    assert.deepEqual(days(runs), ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
    assert.ok(runs.every((r) => r.runAfter.getTime() === r.logicalDate.getTime()));
  });

  it('catchup with data intervals: only complete intervals, each run after its interval', () => {
    const runs = dueRuns(dailyIntervals(), { ...base, startDate: utc(2024, 1, 1), catchup: true, now: utc(2024, 1, 4, 12) });
    assert.deepEqual(spans(runs), ['2024-01-01T00:00..2024-01-02T00:00', '2024-01-02T00:00..2024-01-03T00:00', '2024-01-03T00:00..2024-01-04T00:00']);
    assert.ok(runs.every((r) => r.runAfter.getTime() === r.dataInterval.end.getTime()));
  });

  it('no catchup: only the latest due run', () => {
    assert.deepEqual(days(dueRuns(daily(), { ...base, startDate: utc(2024, 1, 1), catchup: false, now: utc(2024, 1, 4, 12) })), ['2024-01-04']);
    assert.deepEqual(spans(dueRuns(dailyIntervals(), { ...base, startDate: utc(2024, 1, 1), catchup: false, now: utc(2024, 1, 4, 12) })), [
      '2024-01-03T00:00..2024-01-04T00:00',
    ]);
  });

  it('a start date in the future: nothing due yet', () => {
    for (const catchup of [true, false]) {
      assert.deepEqual(dueRuns(daily(), { ...base, startDate: utc(2030, 1, 1), catchup, now: utc(2024, 1, 4, 12) }), []);
      assert.deepEqual(dueRuns(dailyIntervals(), { ...base, startDate: utc(2030, 1, 1), catchup, now: utc(2024, 1, 4, 12) }), []);
    }
  });

  it('continues after the latest existing run', () => {
    const runs = dueRuns(daily(), {
      ...base,
      startDate: utc(2024, 1, 1),
      catchup: true,
      lastAutomatedDataInterval: { start: utc(2024, 1, 2), end: utc(2024, 1, 2) },
      now: utc(2024, 1, 4, 12),
    });
    assert.deepEqual(days(runs), ['2024-01-03', '2024-01-04']);
  });

  it('stops at the end date (inclusive)', () => {
    const runs = dueRuns(daily(), { ...base, startDate: utc(2024, 1, 1), endDate: utc(2024, 1, 2), catchup: true, now: utc(2024, 1, 9) });
    assert.deepEqual(days(runs), ['2024-01-01', '2024-01-02']);
  });

  it('limit caps the list; asking again continues', () => {
    const first = dueRuns(daily(), { ...base, startDate: utc(2024, 1, 1), catchup: true, now: utc(2024, 1, 9), limit: 3 });
    assert.deepEqual(days(first), ['2024-01-01', '2024-01-02', '2024-01-03']);
    const rest = dueRuns(daily(), {
      ...base,
      startDate: utc(2024, 1, 1),
      catchup: true,
      now: utc(2024, 1, 9),
      lastAutomatedDataInterval: first[first.length - 1]?.dataInterval ?? null,
    });
    assert.deepEqual(days(rest), ['2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08', '2024-01-09']);
  });

  it('@once gives one run, then none; manual-only gives none', () => {
    const once = dueRuns(new OnceTimetable(), { ...base, startDate: utc(2024, 1, 1), catchup: true, now: utc(2024, 1, 9) });
    assert.deepEqual(days(once), ['2024-01-01']);
    assert.deepEqual(dueRuns(new NullTimetable(), { ...base, startDate: utc(2024, 1, 1), catchup: true, now: utc(2024, 1, 9) }), []);
  });

  it('interval schedules: every 6 hours from the start date', () => {
    const runs = dueRuns(new DeltaTriggerTimetable(6 * HOUR), { ...base, startDate: utc(2024, 1, 1, 1), catchup: true, now: utc(2024, 1, 1, 20) });
    assert.deepEqual(runs.map((r) => r.runAfter.toISOString()), ['2024-01-01T01:00:00.000Z', '2024-01-01T07:00:00.000Z', '2024-01-01T13:00:00.000Z', '2024-01-01T19:00:00.000Z']);
    const intervals = dueRuns(new DeltaDataIntervalTimetable(6 * HOUR), { ...base, startDate: utc(2024, 1, 1, 1), catchup: true, now: utc(2024, 1, 1, 20) });
    assert.deepEqual(spans(intervals), ['2024-01-01T01:00..2024-01-01T07:00', '2024-01-01T07:00..2024-01-01T13:00', '2024-01-01T13:00..2024-01-01T19:00']);
  });
});

describe('planBackfill', () => {
  // from Airflow: tests/unit/models/test_backfill.py::test_create_backfill_simple (no existing runs)
  for (const runBackwards of [false, true]) {
    it(`@daily from 2021-01-01 to 2021-01-05 gives five runs, both ends included (backwards: ${runBackwards})`, () => {
      const expected = ['2021-01-01', '2021-01-02', '2021-01-03', '2021-01-04', '2021-01-05'];
      for (const tt of [new CronTriggerTimetable('@daily', 'UTC'), new CronDataIntervalTimetable('@daily', 'UTC')]) {
        const runs = planBackfill(tt, { from: utc(2021, 1, 1), to: utc(2021, 1, 5), runBackwards, now: utc(2025, 1, 1) });
        assert.deepEqual(days(runs), runBackwards ? [...expected].reverse() : expected);
      }
    });
  }

  it('aligns the start to the schedule', () => {
    const runs = planBackfill(new CronTriggerTimetable('0 6 * * *', 'UTC'), { from: utc(2021, 1, 1, 7), to: utc(2021, 1, 3, 6) });
    assert.deepEqual(runs.map((r) => r.logicalDate.toISOString()), ['2021-01-02T06:00:00.000Z', '2021-01-03T06:00:00.000Z']);
  });

  it('leaves out runs whose data interval has not ended before now, as Airflow does', () => {
    const runs = planBackfill(new CronDataIntervalTimetable('@daily', 'UTC'), { from: utc(2021, 1, 1), to: utc(2021, 1, 5), now: utc(2021, 1, 4, 12) });
    assert.deepEqual(days(runs), ['2021-01-01', '2021-01-02', '2021-01-03']);
  });

  it('a reversed range is a clear error', () => {
    assert.throws(
      () => planBackfill(new CronTriggerTimetable('@daily', 'UTC'), { from: utc(2021, 1, 5), to: utc(2021, 1, 1) }),
      /from \(2021-01-05T00:00:00.000Z\) must not be after to \(2021-01-01T00:00:00.000Z\)/,
    );
  });

  it('a range with no run in it is a clear error', () => {
    assert.throws(
      () => planBackfill(new CronTriggerTimetable('0 6 * * *', 'UTC'), { from: utc(2021, 1, 1, 7), to: utc(2021, 1, 1, 23) }),
      /No runs to backfill between 2021-01-01T07:00:00.000Z and 2021-01-01T23:00:00.000Z/,
    );
  });

  it('a non-periodic schedule cannot be backfilled', () => {
    assert.throws(() => planBackfill(new OnceTimetable(), { from: utc(2021, 1, 1), to: utc(2021, 1, 5) }), /needs a periodic schedule/);
    assert.throws(() => planBackfill(new NullTimetable(), { from: utc(2021, 1, 1), to: utc(2021, 1, 5) }), /needs a periodic schedule/);
  });

  it('a range wholly in the future is an error', () => {
    assert.throws(
      () => planBackfill(new CronTriggerTimetable('@daily', 'UTC'), { from: utc(2030, 1, 1), to: utc(2030, 1, 5), now: utc(2025, 1, 1) }),
      /cannot run for future dates/,
    );
  });

  it('refuses an absurdly large range', () => {
    assert.throws(
      () => planBackfill(new CronTriggerTimetable('* * * * *', 'UTC'), { from: utc(2000, 1, 1), to: utc(2021, 1, 1), maxRuns: 100 }),
      /more than 100 runs/,
    );
  });

  it('keeps DST-correct fire times in the zone', () => {
    const runs = planBackfill(new CronTriggerTimetable('30 2 * * *', 'Europe/Paris'), { from: utc(2025, 3, 29), to: utc(2025, 3, 31, 12) });
    assert.deepEqual(runs.map((r) => r.logicalDate.toISOString()), ['2025-03-29T01:30:00.000Z', '2025-03-30T01:30:00.000Z', '2025-03-31T00:30:00.000Z']);
  });
});
