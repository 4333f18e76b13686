import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ScheduleSpec } from '../dag-spec.js';
import type { DataInterval } from '../run-model.js';
import { AssetTriggeredTimetable } from './assets-timetable.js';
import { CronDataIntervalTimetable } from './cron-data-interval-timetable.js';
import { CronTriggerTimetable } from './cron-trigger-timetable.js';
import { DeltaDataIntervalTimetable } from './delta-data-interval-timetable.js';
import { DeltaTriggerTimetable } from './delta-trigger-timetable.js';
import { NullTimetable } from './null-timetable.js';
import { OnceTimetable } from './once-timetable.js';
import { exactRunInfo, type Timetable } from './timetable.js';
import { timetableFor } from './timetable-for.js';

const DAY = 86_400_000;
// from Airflow: tests/unit/timetables/test_once_timetable.py (FROZEN_NOW)
const FROZEN_NOW = new Date(Date.UTC(2025, 2, 4, 5, 6, 7));
const PREVIOUS: DataInterval = { start: new Date(FROZEN_NOW.getTime() - DAY), end: new Date(FROZEN_NOW.getTime() - DAY) };
const plusDays = (n: number): Date => new Date(FROZEN_NOW.getTime() + n * DAY);

describe('OnceTimetable', () => {
  // from Airflow: tests/unit/timetables/test_once_timetable.py::test_no_start_date_means_now
  for (const catchup of [true, false]) {
    for (const [label, last, endDate, expected] of [
      ['no run, no end date', null, null, exactRunInfo(FROZEN_NOW)],
      ['no run, end date after', null, plusDays(1), exactRunInfo(FROZEN_NOW)],
      ['no run, end date before', null, plusDays(-1), null],
      ['already ran', PREVIOUS, null, null],
      ['already ran, end date after', PREVIOUS, plusDays(1), null],
      ['already ran, end date before', PREVIOUS, plusDays(-1), null],
    ] as const) {
      it(`no start date means now: ${label} (catchup ${catchup})`, () => {
        const info = new OnceTimetable().nextDagRunInfo({
          lastAutomatedDataInterval: last,
          restriction: { earliest: null, latest: endDate, catchup },
          now: FROZEN_NOW,
        });
        assert.deepEqual(info, expected);
      });
    }
  }

  it('runs at the start date when there is one, past or future', () => {
    for (const start of [plusDays(-30), plusDays(30)]) {
      const info = new OnceTimetable().nextDagRunInfo({ lastAutomatedDataInterval: null, restriction: { earliest: start, latest: null, catchup: false }, now: FROZEN_NOW });
      assert.deepEqual(info, exactRunInfo(start));
    }
  });

  it('is not periodic but can be scheduled; a manual run gets an empty interval', () => {
    const tt = new OnceTimetable();
    assert.equal(tt.periodic, false);
    assert.equal(tt.canBeScheduled, true);
    assert.equal(tt.summary, '@once');
    assert.deepEqual(tt.inferManualDataInterval(FROZEN_NOW), { start: FROZEN_NOW, end: FROZEN_NOW });
  });
});

describe('NullTimetable and AssetTriggeredTimetable', () => {
  it('never schedule by time', () => {
    for (const tt of [new NullTimetable(), new AssetTriggeredTimetable(['s3://bucket/orders'])] as Timetable[]) {
      const info = tt.nextDagRunInfo({ lastAutomatedDataInterval: null, restriction: { earliest: plusDays(-9), latest: null, catchup: true }, now: FROZEN_NOW });
      assert.equal(info, null);
      assert.equal(tt.periodic, false);
      assert.deepEqual(tt.inferManualDataInterval(FROZEN_NOW), { start: FROZEN_NOW, end: FROZEN_NOW });
    }
  });

  it('manual only cannot be scheduled; assets can (by their events)', () => {
    assert.equal(new NullTimetable().canBeScheduled, false);
    assert.equal(new NullTimetable().summary, 'None');
    assert.equal(new AssetTriggeredTimetable([]).canBeScheduled, true);
    assert.equal(new AssetTriggeredTimetable([]).summary, 'assets');
  });
});

describe('timetableFor', () => {
  const cases: Array<[ScheduleSpec, new (...args: never[]) => unknown, string]> = [
    [{ kind: 'none' }, NullTimetable, 'None'],
    [{ kind: 'once' }, OnceTimetable, '@once'],
    [{ kind: 'cron', expression: '@daily', timezone: 'UTC', dataIntervals: false }, CronTriggerTimetable, '0 0 * * *'],
    [{ kind: 'cron', expression: '0 2 * * *', timezone: 'Europe/Paris', dataIntervals: true }, CronDataIntervalTimetable, '0 2 * * *'],
    [{ kind: 'interval', everyMs: 6 * 3_600_000, dataIntervals: false }, DeltaTriggerTimetable, '6h'],
    [{ kind: 'interval', everyMs: 90 * 60_000, dataIntervals: true }, DeltaDataIntervalTimetable, '1h 30m'],
    [{ kind: 'assets', assets: ['a'] }, AssetTriggeredTimetable, 'assets'],
  ];
  for (const [spec, type, summary] of cases) {
    it(`${JSON.stringify(spec)} -> ${type.name}`, () => {
      const tt = timetableFor(spec);
      assert.ok(tt instanceof type);
      assert.equal(tt.summary, summary);
    });
  }

  it('throws a clear error for a bad cron expression, zone or interval', () => {
    assert.throws(() => timetableFor({ kind: 'cron', expression: '0 25 * * *', timezone: 'UTC', dataIntervals: false }), /hour value 25/);
    assert.throws(() => timetableFor({ kind: 'cron', expression: '@daily', timezone: 'Europe/Pariss', dataIntervals: false }), /Unknown time zone/);
    assert.throws(() => timetableFor({ kind: 'interval', everyMs: 0, dataIntervals: true }), /positive/);
  });
});
