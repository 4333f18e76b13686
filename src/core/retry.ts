/**
 * When a failed try may run again: Airflow's `TaskInstance.next_retry_datetime`.
 *
 * Without back-off: `finishedAt + retryDelay`. With exponential back-off (Airflow 3
 * numbering, the first try is 1):
 *   base    = max(1, ceil(retryDelaySeconds * 2^(tryNumber - 1)))
 *   delay   = base + sha1("dagId#taskId#logicalDate#tryNumber") mod base      (in [base, 2*base))
 *   delay   = min(delay, maxTaskRetryDelay = 24 h), then min(delay, task.maxRetryDelay)
 * The jitter is deterministic per task instance and try, so every scheduler agrees.
 * Delays are whole seconds once back-off applies, as in Airflow.
 */
import { createHash } from 'node:crypto';
import type { TaskSpec } from './dag-spec.js';
import { formatDuration } from './duration.js';

/** Airflow's `[core] max_task_retry_delay` default: 24 hours. */
export const DEFAULT_MAX_TASK_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;

export interface NextRetryInput {
  readonly task: Pick<TaskSpec, 'retryDelayMs' | 'retryExponentialBackoff' | 'maxRetryDelayMs'>;
  /** The try that just failed. */
  readonly tryNumber: number;
  readonly dagId: string;
  readonly taskId: string;
  /** The run's logical date; `null` for runs without one (hashed as Python's `None`). */
  readonly logicalDate: Date | null;
  readonly finishedAt: Date;
  /** Installation-wide cap (Airflow's `max_task_retry_delay`), default 24 h. */
  readonly maxTaskRetryDelayMs?: number;
}

/** Milliseconds to wait after the failed try ended. */
export function retryDelayMs(input: Omit<NextRetryInput, 'finishedAt'>): number {
  const { task } = input;
  if (!task.retryExponentialBackoff) return task.retryDelayMs;
  const overallCapSeconds = Math.floor((input.maxTaskRetryDelayMs ?? DEFAULT_MAX_TASK_RETRY_DELAY_MS) / 1000);
  const raw = Math.ceil((task.retryDelayMs / 1000) * 2 ** (input.tryNumber - 1));
  // Past the cap the exact value no longer matters (Airflow falls back to the cap on overflow).
  const base = Number.isFinite(raw) ? Math.max(1, Math.min(raw, Number.MAX_SAFE_INTEGER)) : overallCapSeconds;
  const hash = BigInt(`0x${sha1Hex(`${input.dagId}#${input.taskId}#${pythonDateString(input.logicalDate)}#${input.tryNumber}`)}`);
  const jittered = base + Number(hash % BigInt(base));
  let delayMs = Math.min(jittered, overallCapSeconds) * 1000;
  if (task.maxRetryDelayMs) delayMs = Math.min(delayMs, task.maxRetryDelayMs);
  return delayMs;
}

/** The earliest time the next try may start. */
export function nextRetryAt(input: NextRetryInput): Date {
  return new Date(input.finishedAt.getTime() + retryDelayMs(input));
}

function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/**
 * `str(datetime)` of an aware UTC datetime in Python: "2016-01-01 00:00:00+00:00",
 * with ".ffffff" only when there are sub-second parts. Only the jitter depends on it.
 */
export function pythonDateString(date: Date | null): string {
  if (date === null) return 'None';
  const iso = date.toISOString(); // 2016-01-01T00:00:00.000Z
  const ms = date.getUTCMilliseconds();
  const fraction = ms === 0 ? '' : `.${String(ms).padStart(3, '0')}000`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}+00:00`;
}

/** "next try in 5m 30s (at 2024-01-01T00:05:30.000Z)", for logs and the UI. */
export function describeRetry(delayMs: number, at: Date): string {
  return `next try in ${formatDuration(delayMs)} (at ${at.toISOString()})`;
}
