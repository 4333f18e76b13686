/**
 * Which runs a timetable asks for: the automated runs due now (what a scheduler
 * creates, catch-up included) and the runs of a backfill over a date range.
 */
import type { DataInterval } from '../run-model.js';
import type { DagRunInfo, Timetable, TimeRestriction } from './timetable.js';

export const DEFAULT_DUE_RUNS_LIMIT = 1000;

export interface DueRunsInput {
  readonly startDate: Date | null;
  readonly endDate: Date | null;
  readonly catchup: boolean;
  /** Data interval of the latest scheduled or backfill run, null if none. */
  readonly lastAutomatedDataInterval: DataInterval | null;
  readonly now: Date;
  /** At most this many runs (default 1000); ask again after creating them. */
  readonly limit?: number;
}

function sameInterval(a: DataInterval | null, b: DataInterval): boolean {
  return a !== null && a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();
}

/**
 * Every run that should exist now, oldest first: each next run whose `runAfter`
 * is not in the future, following on from `lastAutomatedDataInterval`.
 */
export function dueRuns(timetable: Timetable, input: DueRunsInput): DagRunInfo[] {
  const limit = input.limit ?? DEFAULT_DUE_RUNS_LIMIT;
  const restriction: TimeRestriction = { earliest: input.startDate, latest: input.endDate, catchup: input.catchup };
  const runs: DagRunInfo[] = [];
  let last = input.lastAutomatedDataInterval;
  while (runs.length < limit) {
    const info = timetable.nextDagRunInfo({ lastAutomatedDataInterval: last, restriction, now: input.now });
    if (info === null || info.runAfter.getTime() > input.now.getTime()) break;
    if (sameInterval(last, info.dataInterval)) break; // no progress: stop rather than repeat a run
    runs.push(info);
    last = info.dataInterval;
  }
  return runs;
}

export interface BackfillInput {
  /** First logical date to cover (inclusive). */
  readonly from: Date;
  /** Last logical date to cover (inclusive). */
  readonly to: Date;
  /** Newest run first. */
  readonly runBackwards?: boolean;
  /**
   * The current time. When given, as in Airflow, runs whose data interval has not
   * ended before `now` are left out, and a range wholly in the future is an error.
   */
  readonly now?: Date;
  /** Refuse to plan more runs than this (default 10,000). */
  readonly maxRuns?: number;
}

function iso(d: Date): string {
  return d.toISOString();
}

/**
 * The runs of a backfill from `from` to `to` (logical dates, inclusive), as
 * Airflow 3's backfill plans them: the timetable's runs with catchup on,
 * starting at `from` and stopping after `to`. Throws an Error that says why
 * when there is nothing to backfill.
 */
export function planBackfill(timetable: Timetable, input: BackfillInput): DagRunInfo[] {
  const { from, to, now } = input;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new Error('Backfill dates must be valid dates.');
  if (!timetable.periodic) {
    throw new Error(`A backfill needs a periodic schedule; this DAG's schedule (${timetable.summary}) is not periodic.`);
  }
  if (from.getTime() > to.getTime()) {
    throw new Error(`Backfill range is reversed: from (${iso(from)}) must not be after to (${iso(to)}).`);
  }
  if (now !== undefined && from.getTime() >= now.getTime() && to.getTime() >= now.getTime()) {
    throw new Error(`Backfill cannot run for future dates: ${iso(from)} to ${iso(to)} is after now (${iso(now)}).`);
  }
  const maxRuns = input.maxRuns ?? 10_000;
  const restriction: TimeRestriction = { earliest: from, latest: to, catchup: true };
  const runs: DagRunInfo[] = [];
  let last: DataInterval | null = null;
  for (;;) {
    const info = timetable.nextDagRunInfo({ lastAutomatedDataInterval: last, restriction, now: now ?? to });
    if (info === null || sameInterval(last, info.dataInterval)) break;
    if (now === undefined || info.dataInterval.end.getTime() < now.getTime()) runs.push(info);
    if (runs.length > maxRuns) {
      throw new Error(`Backfill from ${iso(from)} to ${iso(to)} would create more than ${maxRuns} runs; narrow the range.`);
    }
    last = info.dataInterval;
  }
  if (runs.length === 0) {
    throw new Error(
      `No runs to backfill between ${iso(from)} and ${iso(to)}: the schedule (${timetable.summary}) ` +
        'has no complete run with a logical date in that range.',
    );
  }
  return input.runBackwards === true ? runs.reverse() : runs;
}
