/**
 * Airflow 3's default for a cron schedule (`CronTriggerTimetable`): a run fires
 * at each cron time, its logical date is the fire time and its data interval is
 * empty, unless `intervalMs` is given: then the interval is [fire - interval, fire]
 * and, as in Airflow, the logical date is its start.
 */
import type { DataInterval } from '../run-model.js';
import { parseCron, type CronSchedule } from './cron.js';
import { cronSteps, type ScheduleSteps } from './schedule-steps.js';
import type { DagRunInfo, NextDagRunInfoInput, Timetable } from './timetable.js';
import { triggerManualDataInterval, triggerNextDagRunInfo } from './trigger-timetable-base.js';

export interface CronTriggerOptions {
  /** Length of the data interval ending at each fire time, in ms. Default 0. */
  readonly intervalMs?: number;
  /**
   * Only used when the DAG has neither runs nor a start date: whether the most
   * recent past fire time runs at once. `true`: always; `false` (default): only
   * if it was less than max(10% of the gap between fire times, 5 minutes) ago;
   * a number: only if it was at most that many ms ago.
   */
  readonly runImmediately?: boolean | number;
}

const FIVE_MINUTES_MS = 5 * 60_000;

export class CronTriggerTimetable implements Timetable {
  readonly periodic = true;
  readonly canBeScheduled = true;
  readonly cron: CronSchedule;
  readonly intervalMs: number;
  readonly runImmediately: boolean | number;
  readonly steps: ScheduleSteps;

  constructor(expression: string, timezone: string, options: CronTriggerOptions = {}) {
    this.cron = parseCron(expression, timezone);
    this.intervalMs = options.intervalMs ?? 0;
    if (!Number.isFinite(this.intervalMs) || this.intervalMs < 0) {
      throw new Error(`intervalMs must be 0 or more milliseconds, not ${this.intervalMs}`);
    }
    this.runImmediately = options.runImmediately ?? false;
    this.steps = cronSteps(this.cron);
  }

  get summary(): string {
    return this.cron.fields;
  }

  /** First fire time when there is no run and no start date (Airflow's `_calc_first_run`). */
  firstRun(now: Date): Date {
    const past = this.cron.alignToPrev(now);
    if (this.runImmediately === true) return past;
    const next = this.cron.alignToNext(now);
    const sincePast = now.getTime() - past.getTime();
    const buffer =
      typeof this.runImmediately === 'number'
        ? this.runImmediately
        : Math.max((next.getTime() - past.getTime()) / 10, FIVE_MINUTES_MS);
    return sincePast <= buffer ? past : next;
  }

  nextDagRunInfo(input: NextDagRunInfoInput): DagRunInfo | null {
    return triggerNextDagRunInfo({ steps: this.steps, intervalMs: this.intervalMs, firstRun: (now) => this.firstRun(now) }, input);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return triggerManualDataInterval(this.intervalMs, runAfter);
  }
}
