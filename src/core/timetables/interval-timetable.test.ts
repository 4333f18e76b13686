import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataInterval } from '../run-model.js';
import { CronDataIntervalTimetable } from './cron-data-interval-timetable.js';
import { DeltaDataIntervalTimetable } from './delta-data-interval-timetable.js';
import { dueRuns } from './plan-runs.js';
import { intervalRunInfo, type DagRunInfo, type Timetable, type TimeRestriction } from './timetable.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0): Date => new Date(Date.UTC(y, mo - 1, d, h, mi));
const plus = (t: Date, ms: number): Date => new Date(t.getTime() + ms);
const interval = (start: Date, end: Date): DataInterval => ({ start, end });

// Constants of Airflow's tests/unit/timetables/test_interval_timetable.py
const START_DATE = utc(2021, 9, 4);
const PREV_DATA_INTERVAL_END = plus(START_DATE, DAY);
const PREV_DATA_INTERVAL = interval(START_DATE, PREV_DATA_INTERVAL_END);
const CURRENT_TIME = utc(2021, 9, 7);
const YESTERDAY = plus(CURRENT_TIME, -DAY);
const OLD_INTERVAL = interval(YESTERDAY, CURRENT_TIME);
const DELTA_FROM_MIDNIGHT = 16 * HOUR + 30 * 60_000;
const hourlyTimetables = (): Array<[string, Timetable]> => [
  ['cron', new CronDataIntervalTimetable('@hourly', 'UTC')],
  ['timedelta', new DeltaDataIntervalTimetable(HOUR)],
];
const cronTimetable = (): CronDataIntervalTimetable => new CronDataIntervalTimetable('30 16 * * *', 'UTC');

function next(tt: Timetable, last: DataInterval | null, restriction: TimeRestriction, now: Date): DagRunInfo | null {
  return tt.nextDagRunInfo({ lastAutomatedDataInterval: last, restriction, now });
}

describe('data-interval timetables (ported from Airflow)', () => {
  // from Airflow: tests/unit/timetables/test_interval_timetable.py::test_no_catchup_first_starts_at_current_time
  for (const [id, last] of [['first-run', null], ['subsequent', PREV_DATA_INTERVAL]] as const) {
    it(`no catchup, start a day before: the latest complete interval (${id})`, () => {
      const info = next(cronTimetable(), last, { earliest: YESTERDAY, latest: null, catchup: false }, CURRENT_TIME);
      assert.deepEqual(info, intervalRunInfo(plus(YESTERDAY, DELTA_FROM_MIDNIGHT), plus(CURRENT_TIME, DELTA_FROM_MIDNIGHT)));
    });
  }

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::test_new_schedule_next_info_starts_at_new_time
  for (const earliest of [null, START_DATE]) {
    for (const catchup of [true, false]) {
      it(`first run after a schedule change starts on the new schedule (earliest ${earliest ? 'set' : 'none'}, catchup ${catchup})`, () => {
        const info = next(cronTimetable(), OLD_INTERVAL, { earliest, latest: null, catchup }, CURRENT_TIME);
        assert.deepEqual(info, intervalRunInfo(plus(YESTERDAY, DELTA_FROM_MIDNIGHT), plus(CURRENT_TIME, DELTA_FROM_MIDNIGHT)));
      });
    }
  }

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::test_no_catchup_next_info_starts_at_current_time
  for (const [name, tt] of hourlyTimetables()) {
    for (const [id, last] of [['first-run', null], ['subsequent', PREV_DATA_INTERVAL]] as const) {
      it(`no catchup: the next interval ends now (${name}, ${id})`, () => {
        const info = next(tt, last, { earliest: START_DATE, latest: null, catchup: false }, CURRENT_TIME);
        assert.deepEqual(info, intervalRunInfo(plus(CURRENT_TIME, -HOUR), CURRENT_TIME));
      });
    }
  }

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::test_catchup_next_info_starts_at_previous_interval_end
  for (const [name, tt] of hourlyTimetables()) {
    it(`catchup: the next interval starts at the previous one's end (${name})`, () => {
      const info = next(tt, PREV_DATA_INTERVAL, { earliest: START_DATE, latest: null, catchup: true }, CURRENT_TIME);
      assert.deepEqual(info, intervalRunInfo(PREV_DATA_INTERVAL_END, plus(PREV_DATA_INTERVAL_END, HOUR)));
    });
  }

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::test_validate_failure
  it('rejects an invalid cron expression and a zero or negative delta', () => {
    assert.throws(() => new CronDataIntervalTimetable('0 0 1 13 0', 'UTC'), /month value 13 is out of range/);
    assert.throws(() => new DeltaDataIntervalTimetable(0), /must be a positive/);
    assert.throws(() => new DeltaDataIntervalTimetable(-DAY), /must be a positive/);
  });

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::test_cron_infer_manual_data_interval_alignment
  it('a manual run covers the last complete interval (adhoc and exact)', () => {
    const tt = new CronDataIntervalTimetable('@daily', 'UTC');
    assert.deepEqual(tt.inferManualDataInterval(utc(2022, 8, 8, 1)), interval(utc(2022, 8, 7), utc(2022, 8, 8)));
    assert.deepEqual(tt.inferManualDataInterval(utc(2022, 8, 8)), interval(utc(2022, 8, 7), utc(2022, 8, 8)));
  });

  it('a manual run of a delta schedule covers the delta before it', () => {
    assert.deepEqual(new DeltaDataIntervalTimetable(HOUR).inferManualDataInterval(utc(2022, 8, 8, 1, 10)), interval(utc(2022, 8, 8, 0, 10), utc(2022, 8, 8, 1, 10)));
  });

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::test_cron_next_dagrun_info_alignment
  for (const [id, last] of [
    ['exact', interval(utc(2022, 8, 7), utc(2022, 8, 8))],
    ['changed', interval(utc(2022, 8, 7, 1), utc(2022, 8, 8, 1))],
  ] as const) {
    it(`the next interval is aligned to the schedule (${id})`, () => {
      const info = next(new CronDataIntervalTimetable('@daily', 'UTC'), last, { earliest: null, latest: null, catchup: true }, CURRENT_TIME);
      assert.deepEqual(info, intervalRunInfo(utc(2022, 8, 8), utc(2022, 8, 9)));
    });
  }
});

/** The data intervals of the first `count` runs from `earliest`, with catchup. */
function chain(tt: Timetable, earliest: Date, count: number): DataInterval[] {
  const restriction = { earliest, latest: null, catchup: true };
  const out: DataInterval[] = [];
  let last: DataInterval | null = null;
  for (let i = 0; i < count; i++) {
    const info = next(tt, last, restriction, utc(2099, 1, 1));
    assert.ok(info);
    out.push(info.dataInterval);
    last = info.dataInterval;
  }
  return out;
}

// In 2023 Zurich entered DST on 26 March (02:00 CET -> 03:00 CEST) and left it on
// 29 October (03:00 CEST -> 02:00 CET).
describe('CronDataIntervalTimetable across DST (ported from Airflow)', () => {
  // from Airflow: tests/unit/timetables/test_interval_timetable.py::TestCronIntervalDst::test_entering_exact
  it('entering DST, 03:00 exists', () => {
    assert.deepEqual(chain(new CronDataIntervalTimetable('0 3 * * *', 'Europe/Zurich'), utc(2023, 3, 24), 3), [
      interval(utc(2023, 3, 24, 2), utc(2023, 3, 25, 2)),
      interval(utc(2023, 3, 25, 2), utc(2023, 3, 26, 1)),
      interval(utc(2023, 3, 26, 1), utc(2023, 3, 27, 1)),
    ]);
  });

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::TestCronIntervalDst::test_entering_skip
  it('entering DST, 02:00 is skipped', () => {
    assert.deepEqual(chain(new CronDataIntervalTimetable('0 2 * * *', 'Europe/Zurich'), utc(2023, 3, 24), 3), [
      interval(utc(2023, 3, 24, 1), utc(2023, 3, 25, 1)),
      interval(utc(2023, 3, 25, 1), utc(2023, 3, 26, 1)),
      interval(utc(2023, 3, 26, 1), utc(2023, 3, 27, 0)),
    ]);
  });

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::TestCronIntervalDst::test_exiting_exact
  it('leaving DST, 03:00 is unambiguous', () => {
    assert.deepEqual(chain(new CronDataIntervalTimetable('0 3 * * *', 'Europe/Zurich'), utc(2023, 10, 27), 3), [
      interval(utc(2023, 10, 27, 1), utc(2023, 10, 28, 1)),
      interval(utc(2023, 10, 28, 1), utc(2023, 10, 29, 2)),
      interval(utc(2023, 10, 29, 2), utc(2023, 10, 30, 2)),
    ]);
  });

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::TestCronIntervalDst::test_exiting_fold
  it('leaving DST, 02:00 happens twice: the interval ends on the second', () => {
    assert.deepEqual(chain(new CronDataIntervalTimetable('0 2 * * *', 'Europe/Zurich'), utc(2023, 10, 27), 3), [
      interval(utc(2023, 10, 27, 0), utc(2023, 10, 28, 0)),
      interval(utc(2023, 10, 28, 0), utc(2023, 10, 29, 1)),
      interval(utc(2023, 10, 29, 1), utc(2023, 10, 30, 1)),
    ]);
  });

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::TestCronIntervalDstNonTrivial::test_7_to_8_entering
  it('Los Angeles 2020, 0 7-8 * * *: the interval across the switch ends an hour early', () => {
    assert.deepEqual(chain(new CronDataIntervalTimetable('0 7-8 * * *', 'America/Los_Angeles'), utc(2020, 3, 7), 3), [
      interval(utc(2020, 3, 7, 15), utc(2020, 3, 7, 16)),
      interval(utc(2020, 3, 7, 16), utc(2020, 3, 8, 14)),
      interval(utc(2020, 3, 8, 14), utc(2020, 3, 8, 15)),
    ]);
  });

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::TestCronIntervalDstNonTrivial::test_7_and_9_entering
  it('Los Angeles 2020, 0 7,9 * * *', () => {
    assert.deepEqual(chain(new CronDataIntervalTimetable('0 7,9 * * *', 'America/Los_Angeles'), utc(2020, 3, 7), 3), [
      interval(utc(2020, 3, 7, 15), utc(2020, 3, 7, 17)),
      interval(utc(2020, 3, 7, 17), utc(2020, 3, 8, 14)),
      interval(utc(2020, 3, 8, 14), utc(2020, 3, 8, 16)),
    ]);
  });

  // from Airflow: tests/unit/timetables/test_interval_timetable.py::test_fold_scheduling
  it('*/30 keeps 30-minute intervals through the repeated hour', () => {
    assert.deepEqual(chain(new CronDataIntervalTimetable('*/30 * * * *', 'Europe/Zurich'), utc(2023, 10, 28, 23, 30), 5), [
      interval(utc(2023, 10, 28, 23, 30), utc(2023, 10, 29, 0, 0)),
      interval(utc(2023, 10, 29, 0, 0), utc(2023, 10, 29, 0, 30)),
      interval(utc(2023, 10, 29, 0, 30), utc(2023, 10, 29, 1, 0)),
      interval(utc(2023, 10, 29, 1, 0), utc(2023, 10, 29, 1, 30)),
      interval(utc(2023, 10, 29, 1, 30), utc(2023, 10, 29, 2, 0)),
    ]);
  });

  it('New York daily 02:30 across spring-forward and fall-back', () => {
    const tt = new CronDataIntervalTimetable('30 2 * * *', 'America/New_York');
    assert.deepEqual(chain(tt, utc(2025, 3, 8), 2), [
      interval(utc(2025, 3, 8, 7, 30), utc(2025, 3, 9, 7, 30)), // ends 03:30 EDT: 02:30 is skipped
      interval(utc(2025, 3, 9, 7, 30), utc(2025, 3, 10, 6, 30)),
    ]);
    assert.deepEqual(chain(new CronDataIntervalTimetable('30 1 * * *', 'America/New_York'), utc(2025, 11, 1), 2), [
      interval(utc(2025, 11, 1, 5, 30), utc(2025, 11, 2, 6, 30)), // 25 hours: ends on the second 01:30
      interval(utc(2025, 11, 2, 6, 30), utc(2025, 11, 3, 6, 30)),
    ]);
  });
});

// Lord Howe Island moves its clocks by 30 minutes: 02:00 (+10:30) -> 02:30 (+11)
// in October, 02:00 (+11) -> 01:30 (+10:30) in April. Antarctica/Troll moves
// them by 2 hours, at 01:00 UTC.
describe('CronDataIntervalTimetable where clocks move by other than one hour', () => {
  // Found by the property test in timetable-properties.test.ts (fast-check seed 1842549470,
  // "data intervals are contiguous, non-overlapping and complete before their run").
  it('Lord Howe spring-forward, 0-0 * */1 * 0: intervals stay contiguous', () => {
    const start = new Date('2026-10-01T04:30:00.001Z');
    const now = plus(start, 214_199_999); // 2026-10-03T16:00Z, 03:00 on the 4th, after the jump
    const runs = dueRuns(new CronDataIntervalTimetable('0-0 * */1 * 0', 'Australia/Lord_Howe'), {
      startDate: start,
      endDate: null,
      catchup: true,
      lastAutomatedDataInterval: null,
      now,
      limit: 60,
    });
    assert.equal(runs.length, 59); // every hour: a restricted day-of-month ORs with the day of week, as croniter does
    for (const [i, run] of runs.entries()) {
      assert.ok(run.dataInterval.start < run.dataInterval.end);
      const previous = runs[i - 1];
      if (previous) assert.deepEqual(run.dataInterval.start, previous.dataInterval.end, `run ${i} follows run ${i - 1}`);
    }
    assert.deepEqual(
      runs.slice(-3).map((run) => run.dataInterval),
      [
        interval(utc(2026, 10, 3, 13, 30), utc(2026, 10, 3, 14, 30)), // 00:00 -> 01:00 (+10:30)
        interval(utc(2026, 10, 3, 14, 30), utc(2026, 10, 3, 15, 30)), // 01:00 -> 02:30 (+11): 02:00 moves forward by the jump
        interval(utc(2026, 10, 3, 15, 30), utc(2026, 10, 3, 16, 0)), // 02:30 -> 03:00
      ],
    );
  });

  it('Lord Howe fall-back, hourly: 01:00 to 02:00 lasts 90 minutes', () => {
    // Airflow steps an hour in absolute time from 01:00 (+11) and lands on the
    // second 01:30, which is not on the schedule (and stepping back from 02:00 it
    // lands on the first 01:30, so its intervals overlap); we fire where the
    // clock shows a scheduled time.
    assert.deepEqual(chain(new CronDataIntervalTimetable('0 * * * *', 'Australia/Lord_Howe'), utc(2026, 4, 4, 13), 3), [
      interval(utc(2026, 4, 4, 13), utc(2026, 4, 4, 14)), // 00:00 -> 01:00 (+11)
      interval(utc(2026, 4, 4, 14), utc(2026, 4, 4, 15, 30)), // 01:00 (+11) -> 02:00 (+10:30)
      interval(utc(2026, 4, 4, 15, 30), utc(2026, 4, 4, 16, 30)),
    ]);
  });

  // Found by a local run of the property tests with more zones.
  it('Lord Howe spring-forward, 20,40 1-3 * * *: a skipped 02:20 does not pass 02:40', () => {
    // 02:20 does not exist; moved forward by the 30-minute jump it would be 02:50,
    // after 02:40. As when Airflow moves several skipped times onto the hour after
    // a one-hour jump, only the first time on the clock after the jump fires.
    assert.deepEqual(chain(new CronDataIntervalTimetable('20,40 1-3 * * *', 'Australia/Lord_Howe'), utc(2011, 10, 1, 15, 10), 3), [
      interval(utc(2011, 10, 1, 15, 10), utc(2011, 10, 1, 15, 40)), // 01:40 (+10:30) -> 02:40 (+11)
      interval(utc(2011, 10, 1, 15, 40), utc(2011, 10, 1, 16, 20)), // 02:40 -> 03:20
      interval(utc(2011, 10, 1, 16, 20), utc(2011, 10, 1, 16, 40)),
    ]);
  });

  it('Troll, hourly: one-hour intervals through the 2-hour jumps, as in Airflow', () => {
    const hourly = new CronDataIntervalTimetable('0 * * * *', 'Antarctica/Troll');
    const hours = (from: Date): DataInterval[] => [0, 1, 2].map((i) => interval(plus(from, i * HOUR), plus(from, (i + 1) * HOUR)));
    assert.deepEqual(chain(hourly, utc(2025, 3, 29, 23), 3), hours(utc(2025, 3, 29, 23))); // 23:00, 00:00, 03:00 (+2), 04:00
    assert.deepEqual(chain(hourly, utc(2025, 10, 25, 23), 3), hours(utc(2025, 10, 25, 23))); // 01:00, 02:00 (+2), 01:00, 02:00 (+0)
  });
});

describe('data-interval timetables: restrictions', () => {
  it('no start date and no runs: nothing to schedule', () => {
    assert.equal(next(cronTimetable(), null, { earliest: null, latest: null, catchup: true }, CURRENT_TIME), null);
  });

  it('a future start date: the first interval starts at the first fire time after it', () => {
    const info = next(cronTimetable(), null, { earliest: utc(2030, 1, 1, 17), latest: null, catchup: false }, CURRENT_TIME);
    assert.deepEqual(info, intervalRunInfo(utc(2030, 1, 2, 16, 30), utc(2030, 1, 3, 16, 30)));
  });

  it('the end date bounds the interval start (inclusive)', () => {
    const tt = new CronDataIntervalTimetable('@daily', 'UTC');
    const restriction = { earliest: utc(2024, 1, 1), latest: utc(2024, 1, 2), catchup: true };
    assert.deepEqual(next(tt, interval(utc(2024, 1, 1), utc(2024, 1, 2)), restriction, CURRENT_TIME), intervalRunInfo(utc(2024, 1, 2), utc(2024, 1, 3)));
    assert.equal(next(tt, interval(utc(2024, 1, 2), utc(2024, 1, 3)), restriction, CURRENT_TIME), null);
  });

  it('no catchup with a delta: starts one delta before now rounded down to the delta since the epoch', () => {
    const tt = new DeltaDataIntervalTimetable(6 * HOUR);
    const info = next(tt, null, { earliest: utc(2020, 1, 1), latest: null, catchup: false }, utc(2024, 5, 5, 13, 20));
    assert.deepEqual(info, intervalRunInfo(utc(2024, 5, 5, 6), utc(2024, 5, 5, 12)));
  });
});
