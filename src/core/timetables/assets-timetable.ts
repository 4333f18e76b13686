/**
 * Runs triggered by asset updates (Airflow's `AssetTriggeredTimetable`): the
 * timetable itself never schedules by time; the asset machinery creates runs.
 */
import type { DataInterval } from '../run-model.js';
import type { DagRunInfo, Timetable } from './timetable.js';

export class AssetTriggeredTimetable implements Timetable {
  readonly summary = 'assets';
  readonly periodic = false;
  readonly canBeScheduled = true;

  constructor(readonly assets: readonly string[]) {}

  nextDagRunInfo(): DagRunInfo | null {
    return null;
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: runAfter, end: runAfter };
  }
}
