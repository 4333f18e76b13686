/**
 * Fixed-interval schedule with data intervals (Airflow's `DeltaDataIntervalTimetable`):
 * runs cover [start, start + delta), [start + delta, start + 2 delta), ... from the
 * start date, each starting at its interval's end.
 */
import type { DataInterval } from '../run-model.js';
import { formatDuration } from '../duration.js';
import { dataIntervalNextDagRunInfo } from './data-interval-timetable-base.js';
import { assertPositiveDelta, deltaSteps, type ScheduleSteps } from './schedule-steps.js';
import { maxDate, type DagRunInfo, type NextDagRunInfoInput, type Timetable } from './timetable.js';

export class DeltaDataIntervalTimetable implements Timetable {
  readonly periodic = true;
  readonly canBeScheduled = true;
  readonly deltaMs: number;
  readonly steps: ScheduleSteps;

  constructor(deltaMs: number) {
    assertPositiveDelta(deltaMs, 'the schedule interval');
    this.deltaMs = deltaMs;
    this.steps = deltaSteps(deltaMs);
  }

  get summary(): string {
    return formatDuration(this.deltaMs);
  }

  /**
   * With catchup off, start one delta before now rounded down to a multiple of
   * the delta since the Unix epoch (as Airflow does), or at the start date if later.
   */
  skipToLatest(earliest: Date | null, now: Date): Date {
    const t = now.getTime();
    const rounded = t - (((t % this.deltaMs) + this.deltaMs) % this.deltaMs);
    const newStart = new Date(rounded - this.deltaMs);
    return earliest === null ? newStart : maxDate(newStart, earliest);
  }

  nextDagRunInfo(input: NextDagRunInfoInput): DagRunInfo | null {
    return dataIntervalNextDagRunInfo({ steps: this.steps, skipToLatest: (e, now) => this.skipToLatest(e, now) }, input);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: new Date(runAfter.getTime() - this.deltaMs), end: runAfter };
  }
}
