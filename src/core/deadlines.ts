/**
 * Deadline alerts (Airflow 3.1's DeadlineAlert, which replaced SLA misses): a
 * run, or a task of it, must be done by a time computed from a reference point
 * plus an interval; a deadline not met fires its callback once and is recorded.
 *
 *   reference ──── interval ────> deadline time
 *   run_queued     when the run was created (queued)      Airflow DAGRUN_QUEUED_AT
 *   run_start      when the run started running
 *   logical_date   the run's logical date (none: no deadline) Airflow DAGRUN_LOGICAL_DATE
 *   fixed          a fixed time (`at`)                    Airflow FIXED_DATETIME
 *   task_start     when the task's first instance started (task-level deadlines)
 *
 * A deadline is met when its run (or every instance of its task) succeeded (or
 * was skipped) at or before the deadline time; a run that fails does not meet
 * it, so the alert still fires when the time comes, as in Airflow. Pure
 * functions, no I/O: the scheduler applies them (src/scheduler/deadlines.ts).
 */

export const RUN_DEADLINE_REFERENCES = ['run_queued', 'run_start', 'logical_date', 'fixed'] as const;
export type RunDeadlineReference = (typeof RUN_DEADLINE_REFERENCES)[number];
export type DeadlineReference = RunDeadlineReference | 'task_start';

/** A DAG-level deadline as the serialized DAG keeps it (the callbacks stay in the DAG file). */
export interface RunDeadlineSpec {
  readonly reference: RunDeadlineReference;
  /** Added to the reference time; may be negative (before a fixed time). */
  readonly intervalMs: number;
  /** ISO-8601, for the `fixed` reference only. */
  readonly at: string | null;
  /** Names of the callbacks, for people reading the records. */
  readonly callbacks: readonly string[];
}

/** A task-level deadline: the task must be done `afterMs` after it started. */
export interface TaskDeadlineSpec {
  readonly afterMs: number;
  readonly callbacks: readonly string[];
}

/** The times of a run that references read. */
export interface RunTimes {
  readonly queuedAt: Date | null;
  readonly startDate: Date | null;
  readonly logicalDate: Date | null;
}

/**
 * The deadline time of a run-level deadline, or null while its reference is not
 * known yet (run_start before the run starts) or never will be (logical_date of
 * a run without one).
 */
export function runDeadlineTime(spec: RunDeadlineSpec, run: RunTimes): Date | null {
  const base = referenceTime(spec, run);
  return base === null ? null : new Date(base.getTime() + spec.intervalMs);
}

function referenceTime(spec: RunDeadlineSpec, run: RunTimes): Date | null {
  switch (spec.reference) {
    case 'run_queued':
      return run.queuedAt;
    case 'run_start':
      return run.startDate;
    case 'logical_date':
      return run.logicalDate;
    case 'fixed':
      return spec.at === null ? null : new Date(spec.at);
  }
}

/** Whether the reference is known when the run is created (else it is filled in once the run starts). */
export function knownAtCreation(reference: DeadlineReference): boolean {
  return reference !== 'run_start' && reference !== 'task_start';
}

export function taskDeadlineTime(afterMs: number, firstStart: Date): Date {
  return new Date(firstStart.getTime() + afterMs);
}

/** What a deadline watches: done (and how) or not yet. */
export interface DeadlineSubject {
  /** Succeeded or skipped: the work is done. */
  readonly succeeded: boolean;
  /** When it ended; null while it has not. */
  readonly endedAt: Date | null;
}

export type DeadlineVerdict =
  | { readonly kind: 'met' }
  | { readonly kind: 'missed'; readonly lateMs: number }
  | { readonly kind: 'pending'; readonly dueAt: Date };

/** Met, missed (and how late it is now), or pending until `dueAt`. */
export function judgeDeadline(deadlineTime: Date, subject: DeadlineSubject, now: Date): DeadlineVerdict {
  if (subject.succeeded && subject.endedAt !== null && subject.endedAt.getTime() <= deadlineTime.getTime()) return { kind: 'met' };
  const late = now.getTime() - deadlineTime.getTime();
  // A deadline falls due at its time exactly: a run still going then has missed it.
  if (late >= 0) return { kind: 'missed', lateMs: late };
  return { kind: 'pending', dueAt: deadlineTime };
}

/** The subject of a task-level deadline: every instance of the task (all map indexes). */
export function taskSubject(instances: readonly { readonly state: string | null; readonly endDate: Date | null }[]): DeadlineSubject {
  const done = instances.length > 0 && instances.every((ti) => ti.state === 'success' || ti.state === 'skipped');
  if (!done) return { succeeded: false, endedAt: null };
  const ends = instances.map((ti) => ti.endDate?.getTime() ?? 0);
  return { succeeded: true, endedAt: new Date(Math.max(...ends)) };
}

/** The earliest start among a task's instances, null while none has started. */
export function firstStart(instances: readonly { readonly startDate: Date | null }[]): Date | null {
  let first: Date | null = null;
  for (const ti of instances) if (ti.startDate !== null && (first === null || ti.startDate < first)) first = ti.startDate;
  return first;
}

/** `run_start + 30m`, `fixed 2025-01-01T06:00:00.000Z - 30m`: how a deadline is computed, for people. */
export function describeDeadline(reference: DeadlineReference, intervalMs: number, at: string | null, format: (ms: number) => string): string {
  const base = reference === 'fixed' ? `fixed ${at ?? '?'}` : reference;
  if (intervalMs === 0) return base;
  return `${base} ${intervalMs < 0 ? '-' : '+'} ${format(Math.abs(intervalMs))}`;
}
