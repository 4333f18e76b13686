/**
 * The task-instance state machine: one transition table, Airflow's states and moves.
 *
 *            schedule            queue            start
 *   none ──────────► scheduled ───────► queued ───────► running ─┬─ succeed ──► success
 *    ▲ ▲                ▲ ▲                │   (worker lost:     ├─ fail ─────► failed
 *    │ └──── reset ─────┼─┼────────────────┘    heartbeat_lost)  ├─ skip ─────► skipped
 *    │                  │ └── resume ── deferred ◄──── defer ────┤
 *    │                  │                                        ├─ retry ────► up_for_retry ──────┐
 *    │                  │                                        ├─ reschedule ► up_for_reschedule ┤
 *    │                  └──────────────── schedule ──────────────┼─────────────────────────────────┘
 *    │                                                           └─ clear ────► restarting ── restart ──► up_for_retry
 *    ├── clear: from any state but running (a user runs it again)
 *    └── restore: removed, when the task is back in the DAG
 *   none / scheduled / up_for_*: skip | upstream_fail (trigger rules, branches) ──► skipped | upstream_failed
 *   any state: mark_success | mark_failed | mark_skipped (users); remove (task gone from the DAG)
 *
 * A try that fails goes to `up_for_retry` or `failed` by `failureOutcome` (Airflow's
 * `is_eligible_to_retry`); clearing keeps `tryNumber` and raises `maxTries` so the task
 * gets its `retries` again (Airflow's `clear_task_instances`).
 */
import type { TaskInstanceStateOrNone } from './states.js';
import { TASK_INSTANCE_STATES } from './states.js';

export const TI_EVENTS = [
  'schedule',
  'queue',
  'start',
  'succeed',
  'fail',
  'retry',
  'reschedule',
  'defer',
  'resume',
  'skip',
  'upstream_fail',
  'reset',
  'clear',
  'mark_success',
  'mark_failed',
  'mark_skipped',
  'remove',
  'restore',
  'restart',
  'heartbeat_lost',
] as const;
export type TiEvent = (typeof TI_EVENTS)[number];

/**
 * Some events end a try in failure; whether it is retried depends on the tries left.
 * Such edges carry a guard, and `transition` needs `{ retriesLeft }` to choose.
 */
export type TransitionGuard = 'retries_left' | 'no_retries_left';

export interface TiTransition {
  readonly from: TaskInstanceStateOrNone;
  readonly event: TiEvent;
  readonly to: TaskInstanceStateOrNone;
  readonly guard?: TransitionGuard;
  /** Why the move happens, for the UI and docs. */
  readonly note: string;
}

const ALL: readonly TaskInstanceStateOrNone[] = [null, ...TASK_INSTANCE_STATES];
/** States in which the scheduler may still decide the instance's fate by its upstreams. */
const UNDECIDED: readonly TaskInstanceStateOrNone[] = [null, 'scheduled', 'up_for_retry', 'up_for_reschedule'];

function edges(
  froms: readonly TaskInstanceStateOrNone[],
  event: TiEvent,
  to: TaskInstanceStateOrNone,
  note: string,
  guard?: TransitionGuard,
): TiTransition[] {
  return froms.map((from) => (guard ? { from, event, to, guard, note } : { from, event, to, note }));
}

export const TI_TRANSITIONS: readonly TiTransition[] = [
  ...edges([null, 'up_for_retry', 'up_for_reschedule'], 'schedule', 'scheduled', 'its run conditions are met'),
  ...edges(['scheduled'], 'queue', 'queued', 'admitted by pool, concurrency and executor limits'),
  ...edges(['queued'], 'start', 'running', 'a worker started the try'),
  ...edges(['running', 'deferred'], 'succeed', 'success', 'the task finished without error'),
  ...edges(['running', 'queued', 'deferred'], 'fail', 'failed', 'the try failed and no retries are left'),
  ...edges(['running', 'queued', 'deferred'], 'retry', 'up_for_retry', 'the try failed and retries are left'),
  ...edges(['running'], 'reschedule', 'up_for_reschedule', 'a sensor in reschedule mode will poke again later'),
  ...edges(['running'], 'defer', 'deferred', 'the task waits on a trigger without holding a worker'),
  ...edges(['deferred'], 'resume', 'scheduled', 'the trigger fired; the task resumes on a worker'),
  ...edges(
    [...UNDECIDED, 'queued', 'running', 'deferred'],
    'skip',
    'skipped',
    'the task, a branch, a short-circuit or its trigger rule skipped it',
  ),
  ...edges(UNDECIDED, 'upstream_fail', 'upstream_failed', 'its trigger rule can no longer be met'),
  ...edges(['scheduled', 'queued'], 'reset', null, 'the scheduler that owned it went away (orphan reset)'),
  ...edges(
    ALL.filter((s) => s !== 'running' && s !== 'restarting'),
    'clear',
    null,
    'cleared by a user: it will run again',
  ),
  ...edges(['running'], 'clear', 'restarting', 'cleared while running: the try is stopped and retried'),
  ...edges(
    ALL.filter((s) => s !== 'success'),
    'mark_success',
    'success',
    'marked success by a user',
  ),
  ...edges(
    ALL.filter((s) => s !== 'failed'),
    'mark_failed',
    'failed',
    'marked failed by a user',
  ),
  ...edges(
    ALL.filter((s) => s !== 'skipped'),
    'mark_skipped',
    'skipped',
    'marked skipped by a user',
  ),
  ...edges(
    ALL.filter((s) => s !== 'removed' && s !== 'running'),
    'remove',
    'removed',
    'the task is no longer in the DAG (or its mapped index no longer exists)',
  ),
  ...edges(['removed'], 'restore', null, 'the task is back in the DAG'),
  ...edges(['restarting'], 'restart', 'up_for_retry', 'the cleared try stopped; it is always retried'),
  ...edges(['running', 'queued'], 'heartbeat_lost', 'up_for_retry', 'the worker stopped heartbeating', 'retries_left'),
  ...edges(['running', 'queued'], 'heartbeat_lost', 'failed', 'the worker stopped heartbeating', 'no_retries_left'),
];

/** Events that may move a task instance out of a finished state (users and DAG changes only). */
export const RESET_EVENTS: ReadonlySet<TiEvent> = new Set([
  'clear',
  'mark_success',
  'mark_failed',
  'mark_skipped',
  'remove',
  'restore',
]);

function label(state: TaskInstanceStateOrNone): string {
  return state ?? 'none';
}

export function canTransition(from: TaskInstanceStateOrNone, to: TaskInstanceStateOrNone): boolean {
  return TI_TRANSITIONS.some((t) => t.from === from && t.to === to);
}

/** Events allowed from a state, for menus and validation. */
export function eventsFrom(from: TaskInstanceStateOrNone): TiEvent[] {
  return [...new Set(TI_TRANSITIONS.filter((t) => t.from === from).map((t) => t.event))];
}

export type TransitionResult =
  | { readonly ok: true; readonly to: TaskInstanceStateOrNone }
  | { readonly ok: false; readonly error: string };

/**
 * The state after `event`, or an error that says what was wrong. Failure-like events
 * with two outcomes (`heartbeat_lost`) need `retriesLeft` (see `failureOutcome`).
 */
export function transition(
  from: TaskInstanceStateOrNone,
  event: TiEvent,
  ctx: { readonly retriesLeft?: boolean } = {},
): TransitionResult {
  const candidates = TI_TRANSITIONS.filter((t) => t.from === from && t.event === event);
  if (candidates.length === 0) {
    const allowed = eventsFrom(from);
    return {
      ok: false,
      error: `cannot ${event} a task instance in state ${label(from)}; allowed from ${label(from)}: ${
        allowed.length > 0 ? allowed.join(', ') : 'nothing'
      }`,
    };
  }
  if (candidates.length === 1) return { ok: true, to: candidates[0]!.to };
  if (ctx.retriesLeft === undefined) {
    return { ok: false, error: `${event} from ${label(from)} needs to know whether retries are left` };
  }
  const guard: TransitionGuard = ctx.retriesLeft ? 'retries_left' : 'no_retries_left';
  const chosen = candidates.find((t) => t.guard === guard);
  return chosen ? { ok: true, to: chosen.to } : { ok: false, error: `no ${event} edge from ${label(from)} for ${guard}` };
}

export interface TryCount {
  /** The try that just ended (Airflow 3 numbering: the first try is 1). */
  readonly tryNumber: number;
  /** Highest try number that may still be retried after (Airflow's `max_tries`). */
  readonly maxTries: number;
}

/**
 * Where a failed try goes. Airflow retries while `try_number <= max_tries` (and
 * `max_tries != 0`); a try cleared while running (`restarting`) is always retried,
 * and a forced failure (e.g. the task raised a fail-now error) never is.
 */
export function failureOutcome(
  input: TryCount & { readonly restarting?: boolean; readonly forceFail?: boolean },
): 'up_for_retry' | 'failed' {
  if (input.forceFail) return 'failed';
  if (input.restarting) return 'up_for_retry';
  return input.maxTries !== 0 && input.tryNumber <= input.maxTries ? 'up_for_retry' : 'failed';
}

/** A human line for the try, 1-based as Airflow logs it: "try 2 of 4". */
export function describeTry(input: TryCount): string {
  return `try ${input.tryNumber} of ${input.maxTries + 1}`;
}

export interface ClearedTi {
  readonly state: TaskInstanceStateOrNone;
  readonly tryNumber: number;
  readonly maxTries: number;
}

/**
 * What clearing does to one task instance. Airflow keeps `try_number` (history stays
 * numbered) and sets `max_tries = try_number + retries`, so the task gets `retries`
 * more retries after its next try. A running instance becomes `restarting` and keeps
 * its `max_tries` (its stopped try is retried regardless). If the task is gone from the
 * DAG, `max_tries` becomes `max(max_tries, try_number)`.
 */
export function clearTaskInstance(
  ti: { readonly state: TaskInstanceStateOrNone; readonly tryNumber: number; readonly maxTries: number },
  taskRetries: number | null,
): ClearedTi {
  if (ti.state === 'running') return { state: 'restarting', tryNumber: ti.tryNumber, maxTries: ti.maxTries };
  const maxTries = taskRetries === null ? Math.max(ti.maxTries, ti.tryNumber) : ti.tryNumber + taskRetries;
  return { state: null, tryNumber: ti.tryNumber, maxTries };
}

/** Every state a task instance can be in, for exhaustive tests and docs. */
export const ALL_TI_STATES: readonly TaskInstanceStateOrNone[] = ALL;
