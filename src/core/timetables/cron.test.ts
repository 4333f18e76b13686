import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CRON_PRESETS, expandCronPreset, parseCron, validateCron } from './cron.js';
import { instantsAtWallClock } from './wall-clock.js';

const iso = (d: Date): string => d.toISOString();
const at = (text: string): Date => new Date(text);

function fires(expression: string, zone: string, from: string, count: number): string[] {
  const cron = parseCron(expression, zone);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < count; i++) {
    t = cron.next(t);
    out.push(iso(t));
  }
  return out;
}

describe('validateCron', () => {
  it('accepts five fields, names, lists, steps and every preset', () => {
    for (const ok of ['0 2 * * *', '*/15 9-17 * * MON-FRI', '0 0 1,15 JAN-MAR *', '0 0 * * 7', '0 0 L * *', '1/5 * * * *']) {
      assert.equal(validateCron(ok, 'UTC'), null, ok);
    }
    for (const preset of Object.keys(CRON_PRESETS)) assert.equal(validateCron(preset, 'Europe/Paris'), null, preset);
  });

  // from Airflow: tests/unit/timetables/test_trigger_timetable.py::test_validate_failure (cron)
  it('rejects an out-of-range month, naming the field and the range', () => {
    const message = validateCron('0 0 1 13 0', 'UTC');
    assert.match(message ?? '', /month value 13 is out of range \(1-12\)/);
    assert.match(message ?? '', /e\.g\. '0 2 \* \* \*'/);
  });

  it('says what is wrong with other bad fields', () => {
    assert.match(validateCron('61 * * * *', 'UTC') ?? '', /minute value 61 is out of range \(0-59\)/);
    assert.match(validateCron('0 24 * * *', 'UTC') ?? '', /hour value 24 is out of range \(0-23\)/);
    assert.match(validateCron('0 0 0 * *', 'UTC') ?? '', /day-of-month value 0 is out of range \(1-31\)/);
    assert.match(validateCron('0 0 * * 8', 'UTC') ?? '', /day-of-week value 8 is out of range \(0-7\)/);
    assert.match(validateCron('*/0 * * * *', 'UTC') ?? '', /step '0'/);
    assert.match(validateCron('0 5-1 * * *', 'UTC') ?? '', /goes backwards/);
    assert.match(validateCron('0 0 * * FUNDAY', 'UTC') ?? '', /not a number or a name/);
    assert.match(validateCron('* * *', 'UTC') ?? '', /has 3 fields, not 5/);
    assert.match(validateCron('0 0 0 * * *', 'UTC') ?? '', /has 6 fields, not 5/);
    assert.match(validateCron('? * * * *', 'UTC') ?? '', /only allowed in the day-of-month and day-of-week/);
    assert.match(validateCron('0 0 30 2 *', 'UTC') ?? '', /never fires/);
  });

  it('rejects @once, None and unknown presets, pointing at the schedule kinds', () => {
    assert.match(validateCron('@once', 'UTC') ?? '', /schedule kind 'once'/);
    assert.match(validateCron('None', 'UTC') ?? '', /schedule kind 'none'/);
    assert.match(validateCron('@fortnightly', 'UTC') ?? '', /Unknown cron preset '@fortnightly'.*@daily/);
  });

  it('rejects an unknown time zone', () => {
    assert.match(validateCron('0 0 * * *', 'Mars/Olympus_Mons') ?? '', /Unknown time zone 'Mars\/Olympus_Mons'/);
    assert.match(validateCron('0 0 * * *', '') ?? '', /Unknown time zone/);
  });

  it('parseCron throws the same message', () => {
    assert.throws(() => parseCron('0 0 1 13 0', 'UTC'), /month value 13 is out of range/);
  });
});

describe('presets', () => {
  it('expand as Airflow maps them', () => {
    assert.equal(expandCronPreset('@hourly'), '0 * * * *');
    assert.equal(expandCronPreset('@daily'), '0 0 * * *');
    assert.equal(expandCronPreset('@midnight'), '0 0 * * *');
    assert.equal(expandCronPreset('@weekly'), '0 0 * * 0');
    assert.equal(expandCronPreset('@monthly'), '0 0 1 * *');
    assert.equal(expandCronPreset('@quarterly'), '0 0 1 */3 *');
    assert.equal(expandCronPreset('@yearly'), '0 0 1 1 *');
    assert.equal(expandCronPreset('@annually'), '0 0 1 1 *');
    assert.equal(expandCronPreset('  0   2 * *  * '), '0 2 * * *');
  });

  it('@quarterly fires on the first day of January, April, July and October', () => {
    assert.deepEqual(fires('@quarterly', 'UTC', '2024-02-10T00:00:00Z', 4), [
      '2024-04-01T00:00:00.000Z',
      '2024-07-01T00:00:00.000Z',
      '2024-10-01T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    ]);
  });
});

describe('next and prev', () => {
  it('are strictly after and strictly before', () => {
    const hourly = parseCron('@hourly', 'UTC');
    assert.equal(iso(hourly.next(at('2024-01-01T01:00:00Z'))), '2024-01-01T02:00:00.000Z');
    assert.equal(iso(hourly.prev(at('2024-01-01T01:00:00Z'))), '2024-01-01T00:00:00.000Z');
    assert.equal(iso(hourly.prev(at('2024-01-01T01:00:00.500Z'))), '2024-01-01T01:00:00.000Z');
    assert.equal(iso(hourly.next(at('2024-01-01T00:59:59.999Z'))), '2024-01-01T01:00:00.000Z');
  });

  it('align to the schedule, keeping an instant already on it', () => {
    const daily = parseCron('30 16 * * *', 'UTC');
    assert.equal(iso(daily.alignToNext(at('2024-01-01T16:30:00Z'))), '2024-01-01T16:30:00.000Z');
    assert.equal(iso(daily.alignToNext(at('2024-01-01T16:31:00Z'))), '2024-01-02T16:30:00.000Z');
    assert.equal(iso(daily.alignToPrev(at('2024-01-01T16:30:00Z'))), '2024-01-01T16:30:00.000Z');
    assert.equal(iso(daily.alignToPrev(at('2024-01-01T16:29:00Z'))), '2023-12-31T16:30:00.000Z');
  });

  it('reads fields in the DAG zone, not UTC', () => {
    assert.deepEqual(fires('0 9 * * 1-5', 'Asia/Kolkata', '2024-06-07T00:00:00Z', 2), [
      '2024-06-07T03:30:00.000Z', // Friday 09:00 IST
      '2024-06-10T03:30:00.000Z', // Monday
    ]);
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Asia/Kolkata', 'America/Los_Angeles']) {
        process.env.TZ = tz;
        assert.equal(iso(parseCron('0 0 * * *', 'UTC').next(at('2024-06-01T10:02:00Z'))), '2024-06-02T00:00:00.000Z');
        assert.equal(iso(parseCron('0 2 * * *', 'Europe/Paris').prev(at('2024-06-01T10:02:00Z'))), '2024-06-01T00:00:00.000Z');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('ORs a restricted day-of-month with a restricted day-of-week, as croniter does', () => {
    assert.deepEqual(fires('0 0 13 * 5', 'UTC', '2024-09-01T00:00:00Z', 3), [
      '2024-09-06T00:00:00.000Z', // a Friday
      '2024-09-13T00:00:00.000Z', // the 13th (also a Friday)
      '2024-09-20T00:00:00.000Z',
    ]);
  });
});

describe('DST, matching Airflow (pendulum, fold=1)', () => {
  it('a 02:30 job on spring-forward day fires at 03:30 local in Europe/Paris', () => {
    assert.deepEqual(fires('30 2 * * *', 'Europe/Paris', '2025-03-29T00:00:00Z', 3), [
      '2025-03-29T01:30:00.000Z', // 02:30 CET
      '2025-03-30T01:30:00.000Z', // 02:30 does not exist: 03:30 CEST
      '2025-03-31T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('a 02:30 job on spring-forward day fires at 03:30 local in America/New_York', () => {
    assert.deepEqual(fires('30 2 * * *', 'America/New_York', '2025-03-08T00:00:00Z', 3), [
      '2025-03-08T07:30:00.000Z', // 02:30 EST
      '2025-03-09T07:30:00.000Z', // 03:30 EDT
      '2025-03-10T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('a 01:30 job on fall-back day fires once, at the second 01:30, in America/New_York', () => {
    assert.deepEqual(fires('30 1 * * *', 'America/New_York', '2025-11-01T00:00:00Z', 3), [
      '2025-11-01T05:30:00.000Z', // 01:30 EDT
      '2025-11-02T06:30:00.000Z', // 01:30 EST, the second one
      '2025-11-03T06:30:00.000Z',
    ]);
  });

  it('a 02:30 job on fall-back day fires once, at the second 02:30, in Europe/Paris', () => {
    assert.deepEqual(fires('30 2 * * *', 'Europe/Paris', '2025-10-25T00:00:00Z', 3), [
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T01:30:00.000Z', // 02:30 CET
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('an every-hour schedule keeps firing through the repeated hour', () => {
    // Zurich 2023-10-29: 03:00 CEST became 02:00 CET.
    assert.deepEqual(fires('0 * * * *', 'Europe/Zurich', '2023-10-28T23:00:00Z', 4), [
      '2023-10-29T00:00:00.000Z', // 02:00 CEST
      '2023-10-29T01:00:00.000Z', // 02:00 CET
      '2023-10-29T02:00:00.000Z', // 03:00 CET
      '2023-10-29T03:00:00.000Z',
    ]);
  });

  it('an every-hour schedule skips the missing hour on spring-forward day', () => {
    assert.deepEqual(fires('0 * * * *', 'America/New_York', '2025-03-09T06:00:00Z', 3), [
      '2025-03-09T07:00:00.000Z', // 03:00 EDT (02:00 never happens)
      '2025-03-09T08:00:00.000Z',
      '2025-03-09T09:00:00.000Z',
    ]);
  });

  it('an every-hour schedule on some days keeps its wall-clock time across a DST switch in a gap between days', () => {
    // Saturdays only; the switch is on Sunday. Airflow's absolute step would land on Friday 23:00 EDT.
    const cron = parseCron('0 * * * 6', 'America/New_York');
    assert.equal(iso(cron.next(at('2025-03-09T04:00:00Z'))), '2025-03-15T04:00:00.000Z'); // Sat 00:00 EDT
    assert.equal(iso(cron.prev(at('2025-03-15T04:00:00Z'))), '2025-03-09T04:00:00.000Z'); // Sat 23:00 EST
  });

  // from Airflow (2.x): tests/models/test_dag.py::TestDag::test_following_previous_schedule
  it('*/5 across the fold (Europe/Zurich 2018-10-28)', () => {
    const cron = parseCron('*/5 * * * *', 'Europe/Zurich');
    const start = at('2018-10-28T00:55:00Z'); // 02:55 CEST
    const next = cron.next(start);
    assert.equal(iso(next), '2018-10-28T01:00:00.000Z'); // 02:00 CET
    assert.equal(iso(cron.prev(start)), '2018-10-28T00:50:00.000Z'); // 02:50 CEST
    assert.equal(iso(cron.prev(next)), iso(start));
  });

  // from Airflow (2.x): tests/models/test_dag.py::TestDag::test_following_previous_schedule_daily_dag_cest_to_cet
  it('a daily 03:00 job from CEST to CET', () => {
    const cron = parseCron('0 3 * * *', 'Europe/Zurich');
    const start = at('2018-10-27T01:00:00Z'); // 03:00 CEST
    assert.equal(iso(cron.prev(start)), '2018-10-26T01:00:00.000Z');
    const next = cron.next(start);
    assert.equal(iso(next), '2018-10-28T02:00:00.000Z'); // 03:00 CET
    assert.equal(iso(cron.prev(next)), '2018-10-27T01:00:00.000Z');
  });

  // from Airflow (2.x): tests/models/test_dag.py::TestDag::test_following_previous_schedule_daily_dag_cet_to_cest
  it('a daily 03:00 job from CET to CEST', () => {
    const cron = parseCron('0 3 * * *', 'Europe/Zurich');
    // The test builds 02:00 (a wall time the jump skips) with pendulum's PRE_TRANSITION rule: 00:00 UTC.
    const start = at('2018-03-25T00:00:00Z');
    assert.equal(iso(cron.prev(start)), '2018-03-24T02:00:00.000Z'); // 03:00 CET
    const next = cron.next(start);
    assert.equal(iso(next), '2018-03-25T01:00:00.000Z'); // 03:00 CEST
    assert.equal(iso(cron.prev(next)), '2018-03-24T02:00:00.000Z');
  });

  it('prev from inside the repeated hour is before the instant (Airflow would answer a later time)', () => {
    const cron = parseCron('30 2 * * *', 'Europe/Paris');
    // 02:45 CEST, the first pass of the repeated hour: the 02:30 fire (02:30 CET) is still to come.
    assert.equal(iso(cron.prev(at('2025-10-26T00:45:00Z'))), '2025-10-25T00:30:00.000Z');
    assert.equal(iso(cron.next(at('2025-10-25T00:30:00Z'))), '2025-10-26T01:30:00.000Z');
    // 02:45 CET, the second pass: the fire has happened.
    assert.equal(iso(cron.prev(at('2025-10-26T01:45:00Z'))), '2025-10-26T01:30:00.000Z');
  });

  it('prev from just after a shifted spring-forward fire, and just before it', () => {
    const cron = parseCron('30 2 * * *', 'Europe/Paris');
    assert.equal(iso(cron.prev(at('2025-03-30T01:10:00Z'))), '2025-03-29T01:30:00.000Z'); // 03:10 CEST
    assert.equal(iso(cron.prev(at('2025-03-30T01:40:00Z'))), '2025-03-30T01:30:00.000Z'); // 03:40 CEST
  });
});

describe('wall clock', () => {
  it('finds two instants in a fold and none in a gap', () => {
    assert.deepEqual(
      instantsAtWallClock(Date.UTC(2025, 10, 2, 1, 30), 'America/New_York').map((t) => new Date(t).toISOString()),
      ['2025-11-02T05:30:00.000Z', '2025-11-02T06:30:00.000Z'],
    );
    assert.deepEqual(instantsAtWallClock(Date.UTC(2025, 2, 9, 2, 30), 'America/New_York'), []);
    assert.deepEqual(instantsAtWallClock(Date.UTC(2025, 0, 1), 'Asia/Kathmandu'), [Date.UTC(2024, 11, 31, 18, 15)]);
  });
});
