/**
 * No schedule (Airflow's `NullTimetable`, `schedule=None`): runs only when
 * triggered by hand or by the API.
 */
import type { DataInterval } from '../run-model.js';
import type { DagRunInfo, Timetable } from './timetable.js';

export class NullTimetable implements Timetable {
  readonly summary = 'None';
  readonly periodic = false;
  readonly canBeScheduled = false;

  nextDagRunInfo(): DagRunInfo | null {
    return null;
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: runAfter, end: runAfter };
  }
}
