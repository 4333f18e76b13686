/**
 * Shared logic of the data-interval timetables (Airflow's `_DataIntervalTimetable`):
 * each run covers [point, next point) and may start once that interval is over.
 */
import type { ScheduleSteps } from './schedule-steps.js';
import { intervalRunInfo, maxDate, type DagRunInfo, type NextDagRunInfoInput } from './timetable.js';

export interface DataIntervalScheduling {
  readonly steps: ScheduleSteps;
  /** With catchup off: the earliest interval start allowed now (the latest complete interval). */
  skipToLatest(earliest: Date | null, now: Date): Date;
}

export function dataIntervalNextDagRunInfo(tt: DataIntervalScheduling, input: NextDagRunInfoInput): DagRunInfo | null {
  const { lastAutomatedDataInterval: last, restriction, now } = input;
  let earliest = restriction.earliest;
  if (!restriction.catchup) earliest = tt.skipToLatest(earliest, now);
  else if (earliest !== null) earliest = tt.steps.alignToNext(earliest);
  let start: Date;
  if (last === null) {
    // First run: the first schedule point at or after the start date.
    if (earliest === null) return null;
    start = earliest;
  } else {
    // Re-align in case the schedule changed since the last run.
    const lastEnd = tt.steps.alignToPrev(last.end);
    start = earliest === null ? lastEnd : maxDate(lastEnd, earliest);
  }
  if (restriction.latest !== null && start.getTime() > restriction.latest.getTime()) return null;
  return intervalRunInfo(start, tt.steps.next(start));
}
