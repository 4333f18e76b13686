/**
 * Cron schedule with data intervals (Airflow's `CronDataIntervalTimetable`, the
 * Airflow 2 default): a run covers [previous fire, fire) and starts at its end;
 * its logical date is the interval start.
 */
import type { DataInterval } from '../run-model.js';
import { parseCron, type CronSchedule } from './cron.js';
import { dataIntervalNextDagRunInfo } from './data-interval-timetable-base.js';
import { cronSteps, type ScheduleSteps } from './schedule-steps.js';
import { maxDate, type DagRunInfo, type NextDagRunInfoInput, type Timetable } from './timetable.js';

export class CronDataIntervalTimetable implements Timetable {
  readonly periodic = true;
  readonly canBeScheduled = true;
  readonly cron: CronSchedule;
  readonly steps: ScheduleSteps;

  constructor(expression: string, timezone: string) {
    this.cron = parseCron(expression, timezone);
    this.steps = cronSteps(this.cron);
  }

  get summary(): string {
    return this.cron.fields;
  }

  /**
   * With catchup off, start from the latest complete interval: the one ending
   * now if now is a fire time, else the one ending at the last fire time.
   */
  skipToLatest(earliest: Date | null, now: Date): Date {
    const lastStart = this.cron.prev(now);
    const nextStart = this.cron.next(lastStart);
    const newStart = nextStart.getTime() === now.getTime() ? lastStart : this.cron.prev(lastStart);
    return earliest === null ? newStart : maxDate(newStart, this.cron.alignToNext(earliest));
  }

  nextDagRunInfo(input: NextDagRunInfoInput): DagRunInfo | null {
    return dataIntervalNextDagRunInfo({ steps: this.steps, skipToLatest: (e, now) => this.skipToLatest(e, now) }, input);
  }

  /** The last complete interval at `runAfter`: triggered at 01:00 on the 25th, @daily covers the 24th. */
  inferManualDataInterval(runAfter: Date): DataInterval {
    const end = this.cron.alignToPrev(runAfter);
    return { start: this.cron.prev(end), end };
  }
}
