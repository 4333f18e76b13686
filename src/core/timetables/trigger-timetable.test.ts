import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataInterval } from '../run-model.js';
import { CronTriggerTimetable } from './cron-trigger-timetable.js';
import { DeltaTriggerTimetable } from './delta-trigger-timetable.js';
import { dueRuns } from './plan-runs.js';
import { exactRunInfo, intervalRunInfo, type DagRunInfo, type Timetable } from './timetable.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0): Date => new Date(Date.UTC(y, mo - 1, d, h, mi));
const plus = (t: Date, ms: number): Date => new Date(t.getTime() + ms);
const exact = (t: Date): DataInterval => ({ start: t, end: t });

// Constants of Airflow's tests/unit/timetables/test_trigger_timetable.py
const START_DATE = utc(2021, 9, 4);
const PREV_DATA_INTERVAL_EXACT = exact(plus(START_DATE, DAY));
const CURRENT_TIME = utc(2021, 9, 7);
const YESTERDAY = plus(CURRENT_TIME, -DAY);
const DELTA_FROM_MIDNIGHT = 16 * HOUR + 30 * 60_000;
const hourlyCron = (): CronTriggerTimetable => new CronTriggerTimetable('@hourly', 'UTC', { runImmediately: true });
const hourlyDelta = (): DeltaTriggerTimetable => new DeltaTriggerTimetable(HOUR);

function next(tt: Timetable, last: DataInterval | null, earliest: Date | null, catchup: boolean, now: Date, latest: Date | null = null): DagRunInfo | null {
  return tt.nextDagRunInfo({ lastAutomatedDataInterval: last, restriction: { earliest, latest, catchup }, now });
}

describe('CronTriggerTimetable (ported from Airflow)', () => {
  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_daily_cron_trigger_no_catchup_first_starts_at_next_schedule
  for (const [id, last, expected] of [
    ['first-run', null, plus(YESTERDAY, DELTA_FROM_MIDNIGHT)],
    ['before-now', exact(plus(YESTERDAY, DELTA_FROM_MIDNIGHT)), plus(CURRENT_TIME, DELTA_FROM_MIDNIGHT)],
    ['after-now', exact(plus(CURRENT_TIME, DELTA_FROM_MIDNIGHT)), plus(CURRENT_TIME, DAY + DELTA_FROM_MIDNIGHT)],
  ] as const) {
    it(`daily cron, no catchup, start a day before: ${id}`, () => {
      const tt = new CronTriggerTimetable('30 16 * * *', 'UTC', { runImmediately: false });
      assert.deepEqual(next(tt, last, YESTERDAY, false, CURRENT_TIME), exactRunInfo(expected));
    });
  }

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_hourly_cron_trigger_no_catchup_next_info
  for (const [id, now, earliest, expected] of [
    ['current_time_on_boundary', utc(2022, 7, 27, 0), START_DATE, utc(2022, 7, 27, 0)],
    ['current_time_not_on_boundary', utc(2022, 7, 27, 0, 30), START_DATE, utc(2022, 7, 27, 0)],
    ['current_time_miss_one_interval_on_boundary', utc(2022, 7, 27, 1), START_DATE, utc(2022, 7, 27, 1)],
    ['current_time_miss_one_interval_not_on_boundary', utc(2022, 7, 27, 1, 30), START_DATE, utc(2022, 7, 27, 1)],
    ['future_start_date', utc(2022, 7, 27, 0, 30), utc(2199, 12, 31, 22, 30), utc(2199, 12, 31, 23)],
  ] as const) {
    it(`hourly cron, no catchup: ${id}`, () => {
      assert.deepEqual(next(hourlyCron(), PREV_DATA_INTERVAL_EXACT, earliest, false, now), exactRunInfo(expected));
    });
  }

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_hourly_cron_trigger_catchup_next_info
  for (const [id, last, earliest, expected] of [
    ['last_automated_on_boundary', exact(utc(2022, 7, 27, 0)), START_DATE, utc(2022, 7, 27, 1)],
    ['last_automated_not_on_boundary', exact(utc(2022, 7, 27, 0, 30)), START_DATE, utc(2022, 7, 27, 1)],
    ['no_last_automated_with_earliest_on_boundary', null, utc(2022, 7, 27, 0), utc(2022, 7, 27, 0)],
    ['no_last_automated_with_earliest_not_on_boundary', null, utc(2022, 7, 27, 0, 30), utc(2022, 7, 27, 1)],
  ] as const) {
    it(`hourly cron, catchup: ${id}`, () => {
      assert.deepEqual(next(hourlyCron(), last, earliest, true, utc(2030, 1, 1)), exactRunInfo(expected));
    });
  }

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_cron_trigger_next_info_with_interval
  it('with an interval: the run covers the time before the fire, logical date = interval start', () => {
    const tt = new CronTriggerTimetable('30 16 * * MON', 'UTC', { intervalMs: 16 * HOUR + 30 * 60_000 });
    const info = next(tt, { start: utc(2022, 8, 1), end: utc(2022, 8, 1, 16, 30) }, START_DATE, true, utc(2030, 1, 1));
    assert.deepEqual(info, intervalRunInfo(utc(2022, 8, 8), utc(2022, 8, 8, 16, 30)));
    assert.deepEqual(tt.inferManualDataInterval(utc(2022, 8, 9, 12)), { start: utc(2022, 8, 8, 19, 30), end: utc(2022, 8, 9, 12) });
  });

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_validate_failure (cron)
  it('rejects an invalid expression', () => {
    assert.throws(() => new CronTriggerTimetable('0 0 1 13 0', 'UTC'), /month value 13 is out of range/);
  });

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_run_immediately
  const JUST_AFTER = utc(2024, 8, 15, 3, 5);
  const WAY_AFTER = utc(2024, 8, 15, 12, 5);
  const PREVIOUS = exactRunInfo(utc(2024, 8, 15, 3));
  const NEXT = exactRunInfo(utc(2024, 8, 16, 3));
  for (const catchup of [true, false]) {
    for (const [runImmediately, now, expected, label] of [
      [true, WAY_AFTER, PREVIOUS, 'true, way after'],
      [false, JUST_AFTER, PREVIOUS, 'false, just after'],
      [false, WAY_AFTER, NEXT, 'false, way after'],
      [10 * 60_000, JUST_AFTER, PREVIOUS, '10 minutes, just after'],
      [10 * 60_000, WAY_AFTER, NEXT, '10 minutes, way after'],
    ] as const) {
      it(`run immediately ${label} (catchup ${catchup})`, () => {
        const tt = new CronTriggerTimetable('0 3 * * *', 'UTC', { runImmediately });
        assert.deepEqual(next(tt, null, null, catchup, now), expected);
      });
    }
    // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_run_immediately_fast_dag
    it(`run immediately falls back to a 5-minute buffer for fast schedules (catchup ${catchup})`, () => {
      const tt = new CronTriggerTimetable('*/10 3 * * *', 'UTC', { runImmediately: false });
      assert.deepEqual(next(tt, null, null, catchup, JUST_AFTER), PREVIOUS);
    });
  }
});

describe('DeltaTriggerTimetable (ported from Airflow)', () => {
  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_daily_delta_trigger_no_catchup_first_starts_at_next_schedule
  for (const [id, last, expected] of [
    ['first-run', null, CURRENT_TIME],
    ['before-now', exact(plus(YESTERDAY, DELTA_FROM_MIDNIGHT)), plus(CURRENT_TIME, DELTA_FROM_MIDNIGHT)],
    ['after-now', exact(plus(CURRENT_TIME, DELTA_FROM_MIDNIGHT)), plus(CURRENT_TIME, DAY + DELTA_FROM_MIDNIGHT)],
  ] as const) {
    it(`daily delta, no catchup, start a day before: ${id}`, () => {
      assert.deepEqual(next(new DeltaTriggerTimetable(DAY), last, YESTERDAY, false, CURRENT_TIME), exactRunInfo(expected));
    });
  }

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_hourly_delta_trigger_no_catchup_next_info
  for (const [id, now, earliest, expected] of [
    ['current_time_on_boundary', utc(2022, 7, 27, 0), START_DATE, utc(2022, 7, 27, 0)],
    ['current_time_not_on_boundary', utc(2022, 7, 27, 0, 30), START_DATE, utc(2022, 7, 27, 0, 30)],
    ['current_time_miss_one_interval_on_boundary', utc(2022, 7, 27, 1), START_DATE, utc(2022, 7, 27, 1)],
    ['current_time_miss_one_interval_not_on_boundary', utc(2022, 7, 27, 1, 30), START_DATE, utc(2022, 7, 27, 1, 30)],
    ['future_start_date', utc(2022, 7, 27, 0, 30), utc(2199, 12, 31, 22, 30), utc(2199, 12, 31, 22, 30)],
  ] as const) {
    it(`hourly delta, no catchup: ${id}`, () => {
      assert.deepEqual(next(hourlyDelta(), PREV_DATA_INTERVAL_EXACT, earliest, false, now), exactRunInfo(expected));
    });
  }

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_hourly_delta_trigger_catchup_next_info
  for (const [id, last, earliest, expected] of [
    ['last_automated_on_boundary', exact(utc(2022, 7, 27, 0)), START_DATE, utc(2022, 7, 27, 1)],
    ['last_automated_not_on_boundary', exact(utc(2022, 7, 27, 0, 30)), START_DATE, utc(2022, 7, 27, 1, 30)],
    ['no_last_automated_with_earliest_on_boundary', null, utc(2022, 7, 27, 0), utc(2022, 7, 27, 0)],
    ['no_last_automated_with_earliest_not_on_boundary', null, utc(2022, 7, 27, 0, 30), utc(2022, 7, 27, 0, 30)],
  ] as const) {
    it(`hourly delta, catchup: ${id}`, () => {
      assert.deepEqual(next(hourlyDelta(), last, earliest, true, utc(2030, 1, 1)), exactRunInfo(expected));
    });
  }

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_validate_failure (timedelta)
  it('rejects a negative or zero delta', () => {
    assert.throws(() => new DeltaTriggerTimetable(-DAY), /must be a positive whole number of milliseconds/);
    assert.throws(() => new DeltaTriggerTimetable(0), /must be a positive/);
  });

  it('without a start date or runs, the first run is now', () => {
    assert.deepEqual(next(hourlyDelta(), null, null, true, utc(2024, 1, 1, 10, 17)), exactRunInfo(utc(2024, 1, 1, 10, 17)));
  });
});

describe('trigger timetables: restrictions, manual runs and DST', () => {
  it('stops after the end date (inclusive)', () => {
    const tt = new CronTriggerTimetable('@daily', 'UTC');
    assert.deepEqual(next(tt, exact(utc(2024, 1, 1)), null, true, utc(2030, 1, 1), utc(2024, 1, 2)), exactRunInfo(utc(2024, 1, 2)));
    assert.equal(next(tt, exact(utc(2024, 1, 2)), null, true, utc(2030, 1, 1), utc(2024, 1, 2, 23, 59)), null);
  });

  it('a future start date schedules the first fire at or after it, whatever catchup', () => {
    const tt = new CronTriggerTimetable('0 6 * * *', 'UTC');
    for (const catchup of [true, false]) {
      assert.deepEqual(next(tt, null, utc(2030, 5, 5, 7), catchup, utc(2024, 1, 1)), exactRunInfo(utc(2030, 5, 6, 6)));
    }
  });

  it('a manual run has an empty data interval at the trigger time', () => {
    const tt = new CronTriggerTimetable('@daily', 'UTC');
    assert.deepEqual(tt.inferManualDataInterval(utc(2024, 3, 3, 13, 14)), exact(utc(2024, 3, 3, 13, 14)));
    assert.deepEqual(hourlyDelta().inferManualDataInterval(utc(2024, 3, 3, 13, 14)), exact(utc(2024, 3, 3, 13, 14)));
  });

  const fireTimes = (tt: Timetable, start: Date, now: Date): string[] =>
    dueRuns(tt, { startDate: start, endDate: null, catchup: true, lastAutomatedDataInterval: null, now }).map((r) =>
      r.logicalDate.toISOString(),
    );

  it('catch-up over spring-forward: Europe/Paris 02:30 runs at 03:30 CEST that day', () => {
    const tt = new CronTriggerTimetable('30 2 * * *', 'Europe/Paris');
    assert.deepEqual(fireTimes(tt, utc(2025, 3, 29), utc(2025, 3, 31, 12)), [
      '2025-03-29T01:30:00.000Z',
      '2025-03-30T01:30:00.000Z',
      '2025-03-31T00:30:00.000Z',
    ]);
  });

  it('catch-up over fall-back: America/New_York 01:30 runs once, at the second 01:30', () => {
    const tt = new CronTriggerTimetable('30 1 * * *', 'America/New_York');
    assert.deepEqual(fireTimes(tt, utc(2025, 11, 1), utc(2025, 11, 3, 12)), [
      '2025-11-01T05:30:00.000Z',
      '2025-11-02T06:30:00.000Z',
      '2025-11-03T06:30:00.000Z',
    ]);
  });

  it('catch-up over spring-forward: America/New_York 02:30 runs at 03:30 EDT that day', () => {
    const tt = new CronTriggerTimetable('30 2 * * *', 'America/New_York');
    assert.deepEqual(fireTimes(tt, utc(2025, 3, 8), utc(2025, 3, 10, 12)), [
      '2025-03-08T07:30:00.000Z',
      '2025-03-09T07:30:00.000Z',
      '2025-03-10T06:30:00.000Z',
    ]);
  });

  it('catch-up over fall-back: Europe/Paris 02:30 runs once, at 02:30 CET', () => {
    const tt = new CronTriggerTimetable('30 2 * * *', 'Europe/Paris');
    assert.deepEqual(fireTimes(tt, utc(2025, 10, 25), utc(2025, 10, 27, 12)), [
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T01:30:00.000Z',
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('no catchup from inside the repeated hour does not lose the fall-back fire', () => {
    const tt = new CronTriggerTimetable('30 2 * * *', 'Europe/Paris');
    const last = exact(utc(2025, 10, 25, 0, 30));
    // now = 02:45 CEST, first pass: the day's run (02:30 CET) is still ahead.
    assert.deepEqual(next(tt, last, utc(2025, 1, 1), false, utc(2025, 10, 26, 0, 45)), exactRunInfo(utc(2025, 10, 26, 1, 30)));
  });
});
