/**
 * The DAG-run state machine and the run's state from its task instances.
 *
 *            start              all leaves success/skipped
 *   queued ─────────► running ──────────────────────────────► success
 *     ▲                  │   a leaf failed, or deadlock            │
 *     │                  └───────────────────────────────► failed  │
 *     └──────────── clear (a finished run is queued again) ◄───────┘
 *   (mark_success / mark_failed: a user sets the outcome from any other state)
 *
 * `decideDagRunState` is Airflow's `DagRun.update_state`: with no unfinished task
 * instance, failed if a leaf failed, else success; with unfinished ones, failed only
 * if none of them can ever run (deadlock), else running. Teardowns are not leaves (we
 * have no `on_failure_fail_dagrun` yet), removed instances are ignored.
 */
import { downstreamIndex } from './graph.js';
import type { TaskSpec } from './dag-spec.js';
import type { DagRunState, TaskInstanceStateOrNone } from './states.js';
import { FAILED_TI_STATES, FINISHED_DAG_RUN_STATES, isFinished, SUCCESS_TI_STATES } from './states.js';
import { indirectSetupFinder } from './indirect-setups.js';
import { nameInstances } from './instance-names.js';
import { evaluateTriggerRule, triggerRuleOutcome } from './trigger-rule.js';
import type { TriggerRuleInput, UpstreamTi } from './trigger-rule.js';

export const DAG_RUN_EVENTS = ['start', 'succeed', 'fail', 'clear', 'mark_success', 'mark_failed'] as const;
export type DagRunEvent = (typeof DAG_RUN_EVENTS)[number];

export interface DagRunTransition {
  readonly from: DagRunState;
  readonly event: DagRunEvent;
  readonly to: DagRunState;
  readonly note: string;
}

export const DAG_RUN_TRANSITIONS: readonly DagRunTransition[] = [
  { from: 'queued', event: 'start', to: 'running', note: 'the scheduler started the run (max_active_runs allowing)' },
  { from: 'running', event: 'succeed', to: 'success', note: 'every leaf task succeeded or was skipped' },
  { from: 'running', event: 'fail', to: 'failed', note: 'a leaf task failed, the run deadlocked or timed out' },
  { from: 'success', event: 'clear', to: 'queued', note: 'task instances were cleared: the run goes again' },
  { from: 'failed', event: 'clear', to: 'queued', note: 'task instances were cleared: the run goes again' },
  { from: 'queued', event: 'mark_success', to: 'success', note: 'marked success by a user' },
  { from: 'running', event: 'mark_success', to: 'success', note: 'marked success by a user' },
  { from: 'failed', event: 'mark_success', to: 'success', note: 'marked success by a user' },
  { from: 'queued', event: 'mark_failed', to: 'failed', note: 'marked failed by a user' },
  { from: 'running', event: 'mark_failed', to: 'failed', note: 'marked failed by a user' },
  { from: 'success', event: 'mark_failed', to: 'failed', note: 'marked failed by a user' },
];

export function canTransitionDagRun(from: DagRunState, to: DagRunState): boolean {
  return DAG_RUN_TRANSITIONS.some((t) => t.from === from && t.to === to);
}

export function transitionDagRun(
  from: DagRunState,
  event: DagRunEvent,
): { readonly ok: true; readonly to: DagRunState } | { readonly ok: false; readonly error: string } {
  const t = DAG_RUN_TRANSITIONS.find((x) => x.from === from && x.event === event);
  if (t) return { ok: true, to: t.to };
  const allowed = DAG_RUN_TRANSITIONS.filter((x) => x.from === from).map((x) => x.event);
  return { ok: false, error: `cannot ${event} a DAG run in state ${from}; allowed from ${from}: ${allowed.join(', ')}` };
}

/**
 * What clearing some of its task instances does to the run: a finished run is queued
 * again with no start date; every clear bumps `clearNumber` and `queuedAt`.
 */
export function clearDagRun<R extends { readonly state: DagRunState; readonly clearNumber: number }>(
  run: R,
  now: Date,
): { state: DagRunState; clearNumber: number; queuedAt: Date; startDate?: null } {
  if (FINISHED_DAG_RUN_STATES.has(run.state)) {
    return { state: 'queued', clearNumber: run.clearNumber + 1, queuedAt: now, startDate: null };
  }
  return { state: run.state, clearNumber: run.clearNumber + 1, queuedAt: now };
}

type RunTask = Pick<TaskSpec, 'taskId' | 'upstream' | 'isSetup' | 'isTeardown' | 'triggerRule' | 'dependsOnPast'>;

export interface RunTi {
  readonly taskId: string;
  readonly mapIndex: number;
  readonly state: TaskInstanceStateOrNone;
}

export interface DagRunStateInput {
  readonly tasks: readonly RunTask[];
  /** Every task instance of the run. */
  readonly tis: readonly RunTi[];
}

export type DagRunCause = 'success' | 'task_failure' | 'all_tasks_deadlocked' | 'running';

export interface DagRunDecision {
  readonly state: 'running' | 'success' | 'failed';
  /** Airflow's callback reason: success, task_failure, all_tasks_deadlocked (or running). */
  readonly cause: DagRunCause;
  readonly reason: string;
  /** For a deadlock, the unfinished instance that blocks (first one with a finished upstream). */
  readonly blockingTaskId?: string;
}

/**
 * Tasks whose instances decide the run's outcome (Airflow's `_tis_for_dagrun_state`):
 * a task is a leaf if all its downstreams are teardowns and it is not a teardown
 * itself; if that leaves nothing (a DAG of only teardowns), the natural leaves.
 */
export function effectiveLeafTaskIds(tasks: readonly Pick<TaskSpec, 'taskId' | 'upstream' | 'isTeardown'>[]): string[] {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const downstream = downstreamIndex(tasks);
  const leaves = tasks
    .filter((t) => !t.isTeardown && (downstream.get(t.taskId) ?? []).every((d) => byId.get(d)?.isTeardown))
    .map((t) => t.taskId);
  if (leaves.length > 0) return leaves;
  return tasks.filter((t) => (downstream.get(t.taskId) ?? []).length === 0).map((t) => t.taskId);
}

function tiName(ti: RunTi): string {
  return ti.mapIndex >= 0 ? `${ti.taskId}[${ti.mapIndex}]` : ti.taskId;
}

export function decideDagRunState(input: DagRunStateInput): DagRunDecision {
  const byId = new Map(input.tasks.map((t) => [t.taskId, t]));
  // An instance whose task left the DAG is treated as removed, as Airflow marks it.
  const tis = input.tis.map((ti) => (byId.has(ti.taskId) ? ti : { ...ti, state: 'removed' as const }));
  const unfinished = tis.filter((ti) => !isFinished(ti.state));
  const leafIds = new Set(effectiveLeafTaskIds(input.tasks));
  const leafTis = tis.filter((ti) => leafIds.has(ti.taskId) && ti.state !== 'removed');

  if (unfinished.length === 0) {
    const failedLeaves = leafTis.filter((ti) => ti.state !== null && FAILED_TI_STATES.has(ti.state));
    if (failedLeaves.length > 0) {
      const noun = failedLeaves.length === 1 ? 'leaf task' : 'leaf tasks';
      const verb = failedLeaves.every((ti) => ti.state === 'upstream_failed') ? 'upstream_failed' : 'failed';
      return { state: 'failed', cause: 'task_failure', reason: `failed: ${noun} ${nameInstances(failedLeaves)} ${verb}` };
    }
    if (leafTis.every((ti) => ti.state !== null && SUCCESS_TI_STATES.has(ti.state))) {
      return {
        state: 'success',
        cause: 'success',
        reason:
          leafTis.length === 0
            ? 'success: no leaf task instance left (all removed)'
            : leafTis.length === 1
            ? 'success: the 1 leaf task instance succeeded or was skipped'
            : `success: all ${leafTis.length} leaf task instances succeeded or were skipped`,
      };
    }
  }

  // Deadlock check, only when nothing outside the run can unblock it (Airflow's should_schedule).
  const shouldSchedule =
    unfinished.length > 0 &&
    unfinished.every((ti) => !byId.get(ti.taskId)?.dependsOnPast) &&
    unfinished.every((ti) => ti.state !== 'deferred');
  if (shouldSchedule) {
    // Deadlocked only if every unfinished instance waits: the first that does not settles it.
    const ruleInput = ruleInputs(input.tasks, byId, tis);
    if (unfinished.every((ti) => triggerRuleOutcome(ruleInput(ti)) === 'wait')) {
      const finishedIds = new Set(tis.filter((ti) => isFinished(ti.state)).map((ti) => ti.taskId));
      const blocking =
        unfinished.find((ti) => (byId.get(ti.taskId)?.upstream ?? []).some((u) => finishedIds.has(u))) ?? unfinished[0]!;
      return {
        state: 'failed',
        cause: 'all_tasks_deadlocked',
        blockingTaskId: blocking.taskId,
        reason: `failed: deadlock, no unfinished task can ever run: ${tiName(blocking)} is ${evaluateTriggerRule(ruleInput(blocking)).reason}`,
      };
    }
  }
  const counts = new Map<string, number>();
  for (const ti of unfinished) counts.set(ti.state ?? 'not started', (counts.get(ti.state ?? 'not started') ?? 0) + 1);
  const detail = [...counts].map(([s, c]) => `${c} ${s}`).join(', ');
  return {
    state: 'running',
    cause: 'running',
    reason: `running: ${unfinished.length} task instance${unfinished.length === 1 ? '' : 's'} unfinished (${detail})`,
  };
}

/**
 * The trigger-rule input of one instance of the run, against the run's other instances.
 * Instances are indexed by task and indirect setups found once per task, so checking
 * every instance of a big run costs its edges, not instances times tasks.
 */
function ruleInputs(
  tasks: readonly RunTask[],
  byId: ReadonlyMap<string, RunTask>,
  tis: readonly RunTi[],
): (ti: RunTi) => TriggerRuleInput {
  // Each instance keeps its place in the run's list, so reasons name upstreams in that order.
  const byTask = new Map<string, { at: number; ti: UpstreamTi }[]>();
  tis.forEach((u, at) => {
    const entry = { at, ti: { taskId: u.taskId, mapIndex: u.mapIndex, state: u.state, isSetup: byId.get(u.taskId)?.isSetup ?? false } };
    const list = byTask.get(u.taskId);
    if (list) list.push(entry);
    else byTask.set(u.taskId, [entry]);
  });
  const asUpstream = (ids: readonly string[]): UpstreamTi[] => {
    if (ids.length === 1) return (byTask.get(ids[0]!) ?? []).map((e) => e.ti);
    // A task listed twice upstream still counts its instances once.
    const entries = [...new Set(ids)].flatMap((id) => byTask.get(id) ?? []);
    return entries.sort((a, b) => a.at - b.at).map((e) => e.ti);
  };
  const findSetups = indirectSetupFinder(tasks);
  const setupsOf = new Map<string, UpstreamTi[]>();
  return (ti) => {
    const task = byId.get(ti.taskId)!;
    let indirectSetups = setupsOf.get(ti.taskId);
    if (indirectSetups === undefined) {
      indirectSetups = asUpstream(findSetups(ti.taskId));
      setupsOf.set(ti.taskId, indirectSetups);
    }
    return {
      taskId: ti.taskId,
      triggerRule: task.triggerRule,
      mapIndex: ti.mapIndex,
      isTeardown: task.isTeardown,
      upstream: asUpstream(task.upstream),
      indirectSetups,
    };
  };
}
