/**
 * `@once` (Airflow's `OnceTimetable`): a single automated run at the start date,
 * or as soon as the DAG is seen when it has none; catchup makes no difference.
 */
import type { DataInterval } from '../run-model.js';
import { exactRunInfo, type DagRunInfo, type NextDagRunInfoInput, type Timetable } from './timetable.js';

export class OnceTimetable implements Timetable {
  readonly summary = '@once';
  readonly periodic = false;
  readonly canBeScheduled = true;

  nextDagRunInfo({ lastAutomatedDataInterval, restriction, now }: NextDagRunInfoInput): DagRunInfo | null {
    if (lastAutomatedDataInterval !== null) return null; // already ran
    const runAfter = restriction.earliest ?? now;
    if (restriction.latest !== null && runAfter.getTime() > restriction.latest.getTime()) return null;
    return exactRunInfo(runAfter);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: runAfter, end: runAfter };
  }
}
