/**
 * Runs triggered by asset updates (Airflow's `AssetTriggeredTimetable`): the
 * timetable itself never schedules by time; the scheduler's asset step
 * (src/scheduler/create-asset-runs.ts) creates the runs when `condition` is met.
 */
import type { AssetCondition } from '../dag-spec.js';
import type { DataInterval } from '../run-model.js';
import type { DagRunInfo, Timetable } from './timetable.js';

export class AssetTriggeredTimetable implements Timetable {
  readonly summary = 'assets';
  readonly periodic = false;
  readonly canBeScheduled = true;

  constructor(
    readonly assets: readonly string[],
    /** Which of them must have been updated (see asset-condition.ts). */
    readonly condition: AssetCondition = { all: assets },
  ) {}

  nextDagRunInfo(): DagRunInfo | null {
    return null;
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: runAfter, end: runAfter };
  }
}
