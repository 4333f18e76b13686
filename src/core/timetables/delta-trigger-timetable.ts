/**
 * Airflow 3's default for a fixed-interval schedule (`DeltaTriggerTimetable`):
 * a run fires every `deltaMs`, starting at the start date (or now, without one),
 * with an empty data interval unless `intervalMs` is given.
 */
import type { DataInterval } from '../run-model.js';
import { assertPositiveDelta, deltaSteps, type ScheduleSteps } from './schedule-steps.js';
import type { DagRunInfo, NextDagRunInfoInput, Timetable } from './timetable.js';
import { triggerManualDataInterval, triggerNextDagRunInfo } from './trigger-timetable-base.js';
import { formatDuration } from '../duration.js';

export class DeltaTriggerTimetable implements Timetable {
  readonly periodic = true;
  readonly canBeScheduled = true;
  readonly deltaMs: number;
  readonly intervalMs: number;
  readonly steps: ScheduleSteps;

  constructor(deltaMs: number, options: { readonly intervalMs?: number } = {}) {
    assertPositiveDelta(deltaMs, 'the schedule interval');
    this.deltaMs = deltaMs;
    this.intervalMs = options.intervalMs ?? 0;
    if (!Number.isFinite(this.intervalMs) || this.intervalMs < 0) {
      throw new Error(`intervalMs must be 0 or more milliseconds, not ${this.intervalMs}`);
    }
    this.steps = deltaSteps(deltaMs);
  }

  get summary(): string {
    return formatDuration(this.deltaMs);
  }

  nextDagRunInfo(input: NextDagRunInfoInput): DagRunInfo | null {
    // Without runs or a start date the first run is now (aligning a delta is the identity).
    return triggerNextDagRunInfo({ steps: this.steps, intervalMs: this.intervalMs, firstRun: (now) => now }, input);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return triggerManualDataInterval(this.intervalMs, runAfter);
  }
}
