import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCron, validateCron } from './cron.js';
import { CronDataIntervalTimetable } from './cron-data-interval-timetable.js';
import { CronTriggerTimetable } from './cron-trigger-timetable.js';
import { DeltaDataIntervalTimetable } from './delta-data-interval-timetable.js';
import { DeltaTriggerTimetable } from './delta-trigger-timetable.js';
import { dueRuns, planBackfill } from './plan-runs.js';
import type { Timetable } from './timetable.js';

// Zones with DST at 02:00, at midnight (Sao Paulo until 2019), by 30 minutes
// (Lord Howe), by 2 hours (Troll), at odd offsets (Chatham, St John's,
// Kathmandu), and none at all.
const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
  'Antarctica/Troll',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Asia/Kolkata',
];

function field(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  return fc.oneof(
    fc.constant('*'),
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.integer({ min: 1, max: Math.max(1, max - min) }).map((step) => `*/${step}`),
    fc.uniqueArray(value, { minLength: 2, maxLength: 4 }).map((values) => values.sort((a, b) => a - b).join(',')),
  );
}

/**
 * Valid five-field expressions; day-of-month stays within 1-28 so every month has
 * it. Hours around DST switches (0-3) come up often, to exercise gaps and folds.
 */
const cronExpression = fc
  .tuple(
    fc.oneof(field(0, 59), fc.constantFrom('0', '30', '45')),
    fc.oneof(field(0, 23), fc.constantFrom('0', '1', '2', '3', '1-3', '*/2')),
    field(1, 28),
    field(1, 12),
    field(0, 6),
  )
  .map((fields) => fields.join(' '));
const zone = fc.constantFrom(...ZONES);

// DST switches of some of the zones, so instants land in gaps and folds often.
const SWITCHES: ReadonlyArray<readonly [string, string]> = [
  ['Europe/Paris', '2025-03-30T01:00:00Z'],
  ['Europe/Paris', '2025-10-26T01:00:00Z'],
  ['America/New_York', '2025-03-09T07:00:00Z'],
  ['America/New_York', '2025-11-02T06:00:00Z'],
  ['America/Sao_Paulo', '2018-11-04T03:00:00Z'],
  ['America/Sao_Paulo', '2019-02-17T02:00:00Z'],
  ['Australia/Lord_Howe', '2025-04-05T15:00:00Z'],
  ['Australia/Lord_Howe', '2025-10-04T15:30:00Z'],
  ['Antarctica/Troll', '2025-03-30T01:00:00Z'],
  ['Antarctica/Troll', '2025-10-26T01:00:00Z'],
  ['Pacific/Chatham', '2025-04-05T14:00:00Z'],
  ['Pacific/Chatham', '2025-09-27T14:00:00Z'],
  ['America/St_Johns', '2025-03-09T05:30:00Z'],
  ['America/St_Johns', '2025-11-02T04:30:00Z'],
];
const uniformInstant = fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t));
const instant = uniformInstant;
/** A zone and an instant, half the time within a few hours of one of the zone's DST switches. */
const zonedInstant: fc.Arbitrary<[string, Date]> = fc.oneof(
  fc.tuple(zone, uniformInstant),
  fc
    .tuple(fc.constantFrom(...SWITCHES), fc.integer({ min: -4 * 3_600_000, max: 4 * 3_600_000 }))
    .map(([[tz, at], offset]): [string, Date] => [tz, new Date(Date.parse(at) + offset)]),
);
const RUNS = { numRuns: 500 };

describe('cron properties', () => {
  it('the generator makes valid expressions', () => {
    fc.assert(fc.property(cronExpression, zone, (expr, tz) => validateCron(expr, tz) === null), RUNS);
  });

  it('next fire > instant and previous fire < instant, in any zone', () => {
    fc.assert(
      fc.property(cronExpression, zonedInstant, (expr, [tz, t]) => {
        const cron = parseCron(expr, tz);
        return cron.next(t).getTime() > t.getTime() && cron.prev(t).getTime() < t.getTime();
      }),
      RUNS,
    );
  });

  it('aligning keeps an instant on the schedule and otherwise moves it the right way', () => {
    fc.assert(
      fc.property(cronExpression, zonedInstant, (expr, [tz, t]) => {
        const cron = parseCron(expr, tz);
        return cron.alignToNext(t).getTime() >= t.getTime() && cron.alignToPrev(t).getTime() <= t.getTime();
      }),
      RUNS,
    );
  });
});

const span = fc.integer({ min: 1, max: 40 * 86_400_000 });

describe('dueRuns properties', () => {
  const dataIntervalTimetable: fc.Arbitrary<Timetable> = fc.oneof(
    fc.tuple(cronExpression, zone).map(([expr, tz]) => new CronDataIntervalTimetable(expr, tz)),
    fc.integer({ min: 60_000, max: 7 * 86_400_000 }).map((ms) => new DeltaDataIntervalTimetable(ms)),
  );

  it('data intervals are contiguous, non-overlapping and complete before their run', () => {
    fc.assert(
      fc.property(dataIntervalTimetable, instant, span, (tt, start, length) => {
        const now = new Date(start.getTime() + length);
        const runs = dueRuns(tt, { startDate: start, endDate: null, catchup: true, lastAutomatedDataInterval: null, now, limit: 60 });
        runs.forEach((run, i) => {
          assert.ok(run.dataInterval.start < run.dataInterval.end, 'an interval has positive length');
          assert.equal(run.logicalDate.getTime(), run.dataInterval.start.getTime());
          assert.equal(run.runAfter.getTime(), run.dataInterval.end.getTime());
          assert.ok(run.runAfter <= now, 'only due runs');
          const previous = runs[i - 1];
          if (previous) assert.equal(run.dataInterval.start.getTime(), previous.dataInterval.end.getTime(), 'contiguous');
        });
      }),
      { numRuns: 400 },
    );
  });

  it('trigger timetables fire at strictly increasing times, each already due', () => {
    const triggerTimetable: fc.Arbitrary<Timetable> = fc.oneof(
      fc.tuple(cronExpression, zone).map(([expr, tz]) => new CronTriggerTimetable(expr, tz)),
      fc.integer({ min: 60_000, max: 7 * 86_400_000 }).map((ms) => new DeltaTriggerTimetable(ms)),
    );
    fc.assert(
      fc.property(triggerTimetable, instant, span, (tt, start, length) => {
        const now = new Date(start.getTime() + length);
        const runs = dueRuns(tt, { startDate: start, endDate: null, catchup: true, lastAutomatedDataInterval: null, now, limit: 60 });
        runs.forEach((run, i) => {
          assert.ok(run.runAfter >= start && run.runAfter <= now);
          const previous = runs[i - 1];
          if (previous) assert.ok(run.logicalDate > previous.logicalDate);
        });
      }),
      { numRuns: 400 },
    );
  });
});

describe('planBackfill properties', () => {
  it('running backwards gives the forward runs in reverse', () => {
    const periodic: fc.Arbitrary<Timetable> = fc.oneof(
      fc.tuple(cronExpression, zone).map(([expr, tz]) => new CronTriggerTimetable(expr, tz)),
      fc.tuple(cronExpression, zone).map(([expr, tz]) => new CronDataIntervalTimetable(expr, tz)),
      fc.integer({ min: 3_600_000, max: 7 * 86_400_000 }).map((ms) => new DeltaDataIntervalTimetable(ms)),
    );
    fc.assert(
      fc.property(periodic, instant, fc.integer({ min: 0, max: 20 * 86_400_000 }), (tt, from, length) => {
        const to = new Date(from.getTime() + length);
        let forwards;
        try {
          forwards = planBackfill(tt, { from, to, maxRuns: 2000 });
        } catch (error) {
          // An empty range (or a huge one) is an error both ways.
          assert.throws(() => planBackfill(tt, { from, to, runBackwards: true, maxRuns: 2000 }));
          return /No runs to backfill|more than/.test(String(error));
        }
        const backwards = planBackfill(tt, { from, to, runBackwards: true, maxRuns: 2000 });
        assert.deepEqual(backwards, [...forwards].reverse());
        for (const run of forwards) assert.ok(run.logicalDate >= from && run.logicalDate <= to, 'logical dates within [from, to]');
        return true;
      }),
      { numRuns: 400 },
    );
  });
});
