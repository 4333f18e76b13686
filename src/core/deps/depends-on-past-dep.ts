/**
 * Airflow's PrevDagrunDep: with depends_on_past, every instance of this task in the
 * previous run must have succeeded or been skipped (a first run passes); with
 * wait_for_downstream, so must every instance of the task's direct downstreams there.
 * Which run is "previous" is the caller's choice (Airflow: the previous scheduled run
 * with catchup, else the previous by logical date).
 */
import type { TaskInstanceStateOrNone } from '../states.js';
import type { DepStatus } from './dep-status.js';
import { fail, pass } from './dep-status.js';

export const DEPENDS_ON_PAST_DEP = 'Previous Dagrun State';

export interface PreviousRun {
  readonly runId: string;
  readonly tis: readonly { readonly taskId: string; readonly mapIndex: number; readonly state: TaskInstanceStateOrNone }[];
}

export interface DependsOnPastInput {
  readonly taskId: string;
  readonly dependsOnPast: boolean;
  readonly waitForDownstream: boolean;
  readonly downstreamTaskIds: readonly string[];
  readonly previousRun: PreviousRun | null;
}

const ok = (s: TaskInstanceStateOrNone) => s === 'success' || s === 'skipped';

function describe(tis: PreviousRun['tis']): string {
  return tis
    .slice(0, 4)
    .map((t) => `${t.taskId}${t.mapIndex >= 0 ? `[${t.mapIndex}]` : ''} ${t.state ?? 'not started'}`)
    .join(', ');
}

export function dependsOnPastDep(input: DependsOnPastInput): DepStatus {
  if (!input.dependsOnPast) return pass(DEPENDS_ON_PAST_DEP, 'task does not depend on past runs');
  const prev = input.previousRun;
  if (!prev) return pass(DEPENDS_ON_PAST_DEP, 'first run of this task: nothing in the past to wait for');
  const own = prev.tis.filter((t) => t.taskId === input.taskId);
  if (own.length === 0) {
    return fail(DEPENDS_ON_PAST_DEP, `depends_on_past: ${input.taskId} has not run yet in previous run ${prev.runId}`);
  }
  const bad = own.filter((t) => !ok(t.state));
  if (bad.length > 0) {
    return fail(
      DEPENDS_ON_PAST_DEP,
      `depends_on_past: ${input.taskId} in previous run ${prev.runId} did not succeed (${describe(bad)})`,
    );
  }
  if (input.waitForDownstream) {
    const down = new Set(input.downstreamTaskIds);
    const badDown = prev.tis.filter((t) => down.has(t.taskId) && !ok(t.state));
    if (badDown.length > 0) {
      return fail(
        DEPENDS_ON_PAST_DEP,
        `wait_for_downstream: downstream tasks of ${input.taskId} in previous run ${prev.runId} are not done (${describe(badDown)})`,
      );
    }
  }
  return pass(DEPENDS_ON_PAST_DEP, `${input.taskId} succeeded or was skipped in previous run ${prev.runId}`);
}
