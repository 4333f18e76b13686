/**
 * Deadline alerts as DAG files declare them (Airflow 3.1's DeadlineAlert):
 *
 *   dag('etl', { deadline: { reference: 'run_queued', interval: '30m', callback: slackNotifier(...) } }, ...)
 *   task('load', { deadline: { after: '10m', callback: emailNotifier({ to: 'ops@example.com' }) } }, load)
 *
 * and their resolution into the serialized specs (the scheduler's part) and
 * the callbacks (run in a callback process when a deadline is missed).
 * See core/deadlines.ts for when a deadline is met or missed.
 */
import { RUN_DEADLINE_REFERENCES, type RunDeadlineReference, type RunDeadlineSpec, type TaskDeadlineSpec } from '../core/deadlines.js';
import { parseSignedDuration } from '../core/duration.js';
import { parseDateInZone } from '../core/zoned-time.js';
import { callbackList, callbackNames, composeCallbacks, type Callbacks } from './callback-list.js';
import type { Callback } from './context.js';

/** A duration: milliseconds, or text such as '30s', '5m', '1h30m'; a leading '-' counts back (for `fixed`). */
export type SignedDuration = number | string;

export interface DeadlineAlert {
  /**
   * What the deadline counts from: `run_queued` (the run was created; Airflow's
   * DAGRUN_QUEUED_AT), `run_start` (it started running), `logical_date` (Airflow's
   * DAGRUN_LOGICAL_DATE; a run without one gets no deadline) or `fixed` (the time `at`).
   */
  reference: RunDeadlineReference;
  /** Added to the reference time (default 0); negative, e.g. '-30m', alerts before a fixed time. */
  interval?: SignedDuration;
  /** The time of a `fixed` deadline (a date without a zone is read in the DAG's timezone). */
  at?: string | Date;
  /** Called once when a run is not done by the deadline: a function, a notifier, or a list of them. */
  callback: Callbacks;
}

export interface TaskDeadline {
  /** The task must be done this long after it started (its first try; for a mapped task, its first instance). */
  after: SignedDuration;
  callback: Callbacks;
}

export interface ResolvedDeadlines<S> {
  readonly specs: S[];
  /** One (composed) callback per deadline, in the same order. */
  readonly callbacks: Callback[];
}

const asList = <T>(value: T | readonly T[] | undefined): readonly T[] => (value === undefined ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T]);

/** The DAG's `deadline` option; throws naming the field (`deadline[1].interval: ...`). */
export function resolveDagDeadlines(value: DeadlineAlert | readonly DeadlineAlert[] | undefined, timezone: string): ResolvedDeadlines<RunDeadlineSpec> {
  const alerts = asList(value);
  const specs: RunDeadlineSpec[] = [];
  const callbacks: Callback[] = [];
  alerts.forEach((alert, index) => {
    const field = Array.isArray(value) ? `deadline[${index}]` : 'deadline';
    if (alert === null || typeof alert !== 'object') throw new Error(`${field} must be { reference, interval, callback }`);
    if (!(RUN_DEADLINE_REFERENCES as readonly string[]).includes(alert.reference)) {
      throw new Error(`${field}.reference must be one of ${RUN_DEADLINE_REFERENCES.join(', ')}, got ${JSON.stringify(alert.reference)}`);
    }
    let at: string | null = null;
    if (alert.reference === 'fixed') {
      if (alert.at === undefined) throw new Error(`${field}.at is required with reference 'fixed': the time the run must be done by`);
      at = withField(`${field}.at`, () => parseDateInZone(alert.at as string | Date, timezone).toISOString());
    } else if (alert.at !== undefined) {
      throw new Error(`${field}.at is only for reference 'fixed'; with '${alert.reference}' give an interval`);
    }
    const intervalMs = alert.interval === undefined ? 0 : withField(`${field}.interval`, () => parseSignedDuration(alert.interval as SignedDuration));
    const list = withField(`${field}.callback`, () => callbackList(alert.callback, 'callback'));
    if (list.length === 0) throw new Error(`${field}.callback is required: what to call when a run misses the deadline`);
    specs.push({ reference: alert.reference, intervalMs, at, callbacks: callbackNames(list) });
    callbacks.push(composeCallbacks(list) as Callback);
  });
  return { specs, callbacks };
}

/** A task's `deadline` option; throws naming the field. */
export function resolveTaskDeadlines(value: TaskDeadline | readonly TaskDeadline[] | undefined): ResolvedDeadlines<TaskDeadlineSpec> {
  const deadlines = asList(value);
  const specs: TaskDeadlineSpec[] = [];
  const callbacks: Callback[] = [];
  deadlines.forEach((deadline, index) => {
    const field = Array.isArray(value) ? `deadline[${index}]` : 'deadline';
    if (deadline === null || typeof deadline !== 'object' || deadline.after === undefined) {
      throw new Error(`${field} must be { after, callback }: e.g. { after: '10m', callback: emailNotifier({ to }) }`);
    }
    const afterMs = withField(`${field}.after`, () => parseSignedDuration(deadline.after));
    if (afterMs < 0) throw new Error(`${field}.after must not be negative: it counts from the task's start`);
    const list = withField(`${field}.callback`, () => callbackList(deadline.callback, 'callback'));
    if (list.length === 0) throw new Error(`${field}.callback is required: what to call when the task misses the deadline`);
    specs.push({ afterMs, callbacks: callbackNames(list) });
    callbacks.push(composeCallbacks(list) as Callback);
  });
  return { specs, callbacks };
}

function withField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith('callback') ? `${field.replace(/\.callback$/, '')}.${message}` : `${field}: ${message}`);
  }
}
