/**
 * The four moves a periodic timetable makes along its schedule (Airflow's
 * `_get_next`, `_get_prev`, `_align_to_next`, `_align_to_prev`), so trigger and
 * data-interval timetables share their logic between cron and fixed-delta
 * schedules.
 */
import type { CronSchedule } from './cron.js';

export interface ScheduleSteps {
  /** The first schedule point strictly after `instant`. */
  next(instant: Date): Date;
  /** The last schedule point strictly before `instant`. */
  prev(instant: Date): Date;
  /** `instant` if on the schedule, else the next point. Identity for fixed deltas. */
  alignToNext(instant: Date): Date;
  /** `instant` if on the schedule, else the previous point. Identity for fixed deltas. */
  alignToPrev(instant: Date): Date;
}

export function cronSteps(cron: CronSchedule): ScheduleSteps {
  return {
    next: (instant) => cron.next(instant),
    prev: (instant) => cron.prev(instant),
    alignToNext: (instant) => cron.alignToNext(instant),
    alignToPrev: (instant) => cron.alignToPrev(instant),
  };
}

/** Fixed steps of `deltaMs` in absolute time (Airflow's `DeltaMixin` with a timedelta). */
export function deltaSteps(deltaMs: number): ScheduleSteps {
  return {
    next: (instant) => new Date(instant.getTime() + deltaMs),
    prev: (instant) => new Date(instant.getTime() - deltaMs),
    alignToNext: (instant) => instant,
    alignToPrev: (instant) => instant,
  };
}

/** Throws unless `deltaMs` is a positive whole number of milliseconds. */
export function assertPositiveDelta(deltaMs: number, what: string): void {
  if (!Number.isFinite(deltaMs) || deltaMs <= 0 || !Number.isInteger(deltaMs)) {
    throw new Error(`${what} must be a positive whole number of milliseconds, not ${deltaMs}`);
  }
}
