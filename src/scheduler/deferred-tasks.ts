/**
 * The triggerer: watches deferred task instances and ends them when their
 * trigger decides (Airflow's triggerer with triggers that end the task
 * themselves). It runs inside the scheduler's tick (and in `dags test`), so a
 * deferred sensor costs no process, no worker and no slot while it waits.
 *
 *   deferred ── time reached / external tasks allowed ──> success
 *            ── external tasks failed ──> failed, no retry | skipped (softFail)
 *            ── external tasks skipped ──> skipped
 *            ── past its timeout ──> failed, no retry | skipped (softFail)
 *            ── past its executionTimeout (from the try's start) ──> failed, retried if retries are left
 *
 * Waiting deferred changes where a task waits, not how long it may take: its
 * executionTimeout still counts from the try's start, as in poke mode and as
 * Airflow bounds a trigger by start_date + execution_timeout.
 *
 * Each end is compare-and-set on `deferred`: a user who cleared or marked the
 * instance meanwhile wins.
 */
import type { TaskSpec } from '../core/dag-spec.js';
import { formatDuration } from '../core/duration.js';
import { externalTaskVerdict } from '../core/sensors/external-task-verdict.js';
import { describeTrigger, type WaitState } from '../core/sensors/wait-state.js';
import type { TaskInstance } from '../core/run-model.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';
import { observeExternalTasks } from '../runner/external-tasks.js';
import type { Store } from '../store/store.js';
import { applyTryOutcome } from './try-outcome.js';

export interface DeferredCheck {
  /** Instances the triggers ended, with the outcome their callbacks receive (their runs need a plan). */
  readonly ended: readonly { readonly ti: TaskInstance; readonly outcome: AttemptOutcome }[];
  /** When a trigger should next be looked at (a time trigger, a timeout, an external poll); null: none deferred. */
  readonly nextCheckAt: Date | null;
}

/** The task of an instance, to compute a retry's back-off; undefined when it left the DAG. */
export type TaskLookup = (ti: TaskInstance) => Promise<TaskSpec | undefined>;

type Decision = { readonly end: AttemptOutcome } | { readonly waitUntil: Date | null };

export async function checkDeferredTasks(store: Store, now: Date, taskOf: TaskLookup, scope: { readonly dagId?: string; readonly runId?: string } = {}): Promise<DeferredCheck> {
  const ended: { ti: TaskInstance; outcome: AttemptOutcome }[] = [];
  let nextCheckAt: Date | null = null;
  for (const ti of (await store.taskInstances.list({ ...scope, states: ['deferred'] })).items) {
    const task = await taskOf(ti);
    const decision = await decide(store, ti, task, now);
    if ('waitUntil' in decision) {
      if (decision.waitUntil !== null && (nextCheckAt === null || decision.waitUntil < nextCheckAt)) nextCheckAt = decision.waitUntil;
      continue;
    }
    const run = await store.dagRuns.get(ti);
    if (!run) continue;
    const { ti: after } = applyTryOutcome({ ti, task, run, outcome: decision.end, endDate: now });
    const { dagId, runId, taskId, mapIndex, ...patch } = after;
    if (await store.taskInstances.update(ti, patch, 'deferred')) {
      await store.taskInstances.recordTry(after);
      ended.push({ ti: after, outcome: decision.end });
    }
  }
  return { ended, nextCheckAt };
}

async function decide(store: Store, ti: TaskInstance, task: TaskSpec | undefined, now: Date): Promise<Decision> {
  const wait = ti.waitState;
  if (wait === null || wait.kind !== 'deferred') {
    return { end: { state: 'failed', reason: 'deferred without a trigger to wait on (was it deferred by an older Updraft?): clear the task to run it again', timedOut: false } };
  }
  const timeoutAt = wait.timeoutAt === null ? null : new Date(wait.timeoutAt);
  const limitMs = task?.executionTimeoutMs ?? null;
  const executionEndsAt = limitMs !== null && ti.startDate !== null ? new Date(ti.startDate.getTime() + limitMs) : null;
  const verdict = await judge(store, wait, now);
  if (verdict !== null) return verdict;
  if (timeoutAt !== null && now >= timeoutAt) {
    const reason = `sensor timed out at ${wait.timeoutAt} while waiting for ${describeTrigger(wait.trigger)}`;
    return { end: wait.softFail ? { state: 'skipped', reason: `${reason}; skipped because softFail is set` } : { state: 'failed', reason, timedOut: false, noRetry: true } };
  }
  if (executionEndsAt !== null && limitMs !== null && now >= executionEndsAt) {
    const reason = `timed out after ${formatDuration(limitMs)} (executionTimeout) while deferred, waiting for ${describeTrigger(wait.trigger)}`;
    return { end: { state: 'failed', reason, timedOut: true } };
  }
  const trigger = wait.trigger;
  const next = trigger.kind === 'time' ? new Date(trigger.at) : new Date(now.getTime() + Math.max(1000, trigger.pokeIntervalMs));
  return { waitUntil: earliest(next, timeoutAt, executionEndsAt) };
}

function earliest(first: Date, ...others: readonly (Date | null)[]): Date {
  return others.reduce<Date>((min, t) => (t !== null && t < min ? t : min), first);
}

/** The trigger's own verdict; null while it keeps waiting. */
async function judge(store: Store, wait: Extract<WaitState, { kind: 'deferred' }>, now: Date): Promise<Decision | null> {
  const trigger = wait.trigger;
  if (trigger.kind === 'time') {
    return now >= new Date(trigger.at) ? { end: { state: 'success', skipTaskIds: [] } } : null;
  }
  const judged = externalTaskVerdict(trigger.verdict, await observeExternalTasks(store, trigger.query));
  switch (judged.verdict) {
    case 'met':
      return { end: { state: 'success', skipTaskIds: [] } };
    case 'waiting':
      return null;
    case 'skipped':
      return { end: { state: 'skipped', reason: judged.reason } };
    case 'failed':
      return { end: wait.softFail ? { state: 'skipped', reason: `${judged.reason}; skipped because softFail is set` } : { state: 'failed', reason: judged.reason, timedOut: false, noRetry: true } };
  }
}

