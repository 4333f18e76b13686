/**
 * All run conditions of one task instance, evaluated together: can it run now, and
 * if not, why (each condition's reason) and which state to set if one decided early.
 */
import type { PoolSnapshot } from '../admission.js';
import type { TaskSpec } from '../dag-spec.js';
import type { DagRunState, TaskInstanceStateOrNone } from '../states.js';
import type { UpstreamTi } from '../trigger-rule.js';
import { dagRunRunningDep } from './dag-run-running-dep.js';
import type { DepStatus } from './dep-status.js';
import type { PreviousRun } from './depends-on-past-dep.js';
import { dependsOnPastDep } from './depends-on-past-dep.js';
import { maxActiveTasksDep } from './max-active-tasks-dep.js';
import type { SkipDecision } from './not-previously-skipped-dep.js';
import { notPreviouslySkippedDep } from './not-previously-skipped-dep.js';
import { poolSlotsDep } from './pool-slots-dep.js';
import { retryPeriodDep } from './retry-period-dep.js';
import { runnableStateDep } from './runnable-state-dep.js';
import { triggerRuleDep } from './trigger-rule-dep.js';

export type { DepStatus } from './dep-status.js';
export type { PreviousRun } from './depends-on-past-dep.js';
export type { SkipDecision } from './not-previously-skipped-dep.js';

export interface DepContext {
  readonly now: Date;
  readonly dagId: string;
  readonly ti: {
    readonly taskId: string;
    readonly mapIndex: number;
    readonly state: TaskInstanceStateOrNone;
    readonly nextRetryAt: Date | null;
    readonly pool: string;
    readonly poolSlots: number;
  };
  readonly task: Pick<TaskSpec, 'taskId' | 'triggerRule' | 'isTeardown' | 'dependsOnPast' | 'waitForDownstream'>;
  /** Direct downstream task ids (for wait_for_downstream). */
  readonly downstreamTaskIds: readonly string[];
  readonly dagRun: { readonly runId: string; readonly state: DagRunState };
  /** Every instance of every direct upstream task. */
  readonly upstream: readonly UpstreamTi[];
  /** Instances of relevant indirect setups (see `relevantIndirectSetupIds`). */
  readonly indirectSetups: readonly UpstreamTi[];
  readonly previousRun: PreviousRun | null;
  /** Decisions of finished branch/short-circuit direct upstreams. */
  readonly skipDecisions: readonly SkipDecision[];
  readonly pool: PoolSnapshot | null;
  readonly maxActiveTasks: number;
  /** Instances of this run already running or queued. */
  readonly activeInRun: number;
}

export interface DepsVerdict {
  readonly statuses: readonly DepStatus[];
  /** Every condition passed: the instance may be scheduled/queued now. */
  readonly canRun: boolean;
  /** A condition decided the instance's fate early: set this state instead. */
  readonly setState: DepStatus['setState'] | null;
  /** The failing reasons, joined, or a short all-clear. */
  readonly reason: string;
}

export function evaluateDeps(ctx: DepContext): DepsVerdict {
  const statuses: DepStatus[] = [
    dagRunRunningDep({ runId: ctx.dagRun.runId, state: ctx.dagRun.state }),
    runnableStateDep({ state: ctx.ti.state }),
    retryPeriodDep({ state: ctx.ti.state, nextRetryAt: ctx.ti.nextRetryAt, now: ctx.now }),
    triggerRuleDep({
      taskId: ctx.ti.taskId,
      mapIndex: ctx.ti.mapIndex,
      triggerRule: ctx.task.triggerRule,
      isTeardown: ctx.task.isTeardown,
      upstream: ctx.upstream,
      indirectSetups: ctx.indirectSetups,
    }),
    notPreviouslySkippedDep({ taskId: ctx.ti.taskId, decisions: ctx.skipDecisions }),
    dependsOnPastDep({
      taskId: ctx.ti.taskId,
      dependsOnPast: ctx.task.dependsOnPast,
      waitForDownstream: ctx.task.waitForDownstream,
      downstreamTaskIds: ctx.downstreamTaskIds,
      previousRun: ctx.previousRun,
    }),
    poolSlotsDep({ poolName: ctx.ti.pool, poolSlots: ctx.ti.poolSlots, pool: ctx.pool }),
    maxActiveTasksDep({
      dagId: ctx.dagId,
      runId: ctx.dagRun.runId,
      maxActiveTasks: ctx.maxActiveTasks,
      activeInRun: ctx.activeInRun,
    }),
  ];
  const failing = statuses.filter((s) => !s.passed);
  // The trigger rule is listed before the branch skip, so its early state wins a tie.
  const setState = failing.find((s) => s.setState)?.setState ?? null;
  return {
    statuses,
    canRun: failing.length === 0,
    setState,
    reason: failing.length === 0 ? 'all run conditions met' : failing.map((s) => `${s.name}: ${s.reason}`).join('; '),
  };
}
