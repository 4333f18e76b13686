/**
 * A timetable decides when automated DAG runs happen and which data interval
 * each covers: Airflow's `Timetable` protocol, as plain TypeScript. Every
 * implementation is pure: the current time is always passed in as `now`.
 */
import type { DataInterval } from '../run-model.js';

/**
 * Bounds on the next automated run (Airflow's `TimeRestriction`): not before
 * `earliest` (the start date), not after `latest` (the end date), both
 * inclusive. With `catchup: false`, runs missed in the past are skipped.
 */
export interface TimeRestriction {
  readonly earliest: Date | null;
  readonly latest: Date | null;
  readonly catchup: boolean;
}

/** What to create for the next automated run (Airflow's `DagRunInfo`). */
export interface DagRunInfo {
  /** The run may not start before this instant. */
  readonly runAfter: Date;
  /** Always `dataInterval.start`, as in Airflow. */
  readonly logicalDate: Date;
  readonly dataInterval: DataInterval;
}

export interface NextDagRunInfoInput {
  /** Data interval of the latest scheduled or backfill run (manual runs do not count); null if none. */
  readonly lastAutomatedDataInterval: DataInterval | null;
  readonly restriction: TimeRestriction;
  readonly now: Date;
}

export interface Timetable {
  /** Short text for lists, e.g. `0 2 * * *`, `@once`, `None`, `assets`. */
  readonly summary: string;
  /** Runs periodically (false for `none`, `@once` and asset schedules); backfills need a periodic timetable. */
  readonly periodic: boolean;
  /** Creates runs by itself (false only for the manual-only timetable). */
  readonly canBeScheduled: boolean;
  /** The next automated run, or null if there is none now (another may come later). */
  nextDagRunInfo(input: NextDagRunInfoInput): DagRunInfo | null;
  /** The data interval of a run triggered by hand at `runAfter`. */
  inferManualDataInterval(runAfter: Date): DataInterval;
}

/** A run at an exact instant: empty data interval, logical date = run after = `at`. */
export function exactRunInfo(at: Date): DagRunInfo {
  return { runAfter: at, logicalDate: at, dataInterval: { start: at, end: at } };
}

/** A run covering [start, end) that may start once the interval is over. */
export function intervalRunInfo(start: Date, end: Date): DagRunInfo {
  return { runAfter: end, logicalDate: start, dataInterval: { start, end } };
}

export function maxDate(first: Date, ...rest: Date[]): Date {
  return rest.reduce((a, b) => (b.getTime() > a.getTime() ? b : a), first);
}
