/**
 * Shared logic of the trigger timetables (Airflow's `_TriggerTimetable`): a run
 * fires at each schedule point, its logical date is that point (minus an
 * optional `interval`), and its data interval is [point - interval, point].
 */
import type { DataInterval } from '../run-model.js';
import type { ScheduleSteps } from './schedule-steps.js';
import { intervalRunInfo, maxDate, type DagRunInfo, type NextDagRunInfoInput } from './timetable.js';

export interface TriggerScheduling {
  readonly steps: ScheduleSteps;
  /** Length of the data interval that ends at each fire time, in ms (0: empty interval). */
  readonly intervalMs: number;
  /** When there is no run yet and no start date: the first fire time to use. */
  firstRun(now: Date): Date;
}

export function triggerNextDagRunInfo(tt: TriggerScheduling, input: NextDagRunInfoInput): DagRunInfo | null {
  const { lastAutomatedDataInterval: last, restriction, now } = input;
  let fireAt: Date;
  if (restriction.catchup) {
    if (last !== null) fireAt = tt.steps.next(last.end);
    else if (restriction.earliest === null) fireAt = tt.firstRun(now);
    else fireAt = tt.steps.alignToNext(restriction.earliest);
  } else {
    // Without catchup: the latest fire time already due, unless a later one is owed.
    const candidates = [tt.steps.alignToPrev(now)];
    if (last !== null) candidates.push(tt.steps.next(last.end));
    else if (restriction.earliest === null) candidates.push(tt.firstRun(now));
    if (restriction.earliest !== null) candidates.push(tt.steps.alignToNext(restriction.earliest));
    fireAt = maxDate(candidates[0] ?? now, ...candidates.slice(1));
  }
  if (restriction.latest !== null && restriction.latest.getTime() < fireAt.getTime()) return null;
  return intervalRunInfo(new Date(fireAt.getTime() - tt.intervalMs), fireAt);
}

export function triggerManualDataInterval(intervalMs: number, runAfter: Date): DataInterval {
  return { start: new Date(runAfter.getTime() - intervalMs), end: runAfter };
}
