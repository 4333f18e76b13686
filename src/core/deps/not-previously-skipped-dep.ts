/**
 * Airflow's NotPreviouslySkippedDep: a branch or short-circuit upstream that has run
 * records which downstream tasks it followed or skipped; a task it did not follow
 * (or explicitly skipped) is skipped now instead of running.
 */
import type { DepStatus } from './dep-status.js';
import { fail, pass } from './dep-status.js';

export const NOT_PREVIOUSLY_SKIPPED_DEP = 'Not Previously Skipped';

/** What a skip-capable upstream (branch, short_circuit, latest_only) decided, once it has finished. */
export interface SkipDecision {
  readonly upstreamTaskId: string;
  /** Task ids the branch followed; every other direct downstream is skipped. */
  readonly followed?: readonly string[];
  /** Task ids explicitly skipped (short-circuit style). */
  readonly skipped?: readonly string[];
}

export function notPreviouslySkippedDep(input: {
  readonly taskId: string;
  readonly decisions: readonly SkipDecision[];
}): DepStatus {
  for (const d of input.decisions) {
    const notFollowed = d.followed !== undefined && !d.followed.includes(input.taskId);
    const skipped = d.skipped?.includes(input.taskId) ?? false;
    if (notFollowed) {
      const chose = d.followed!.length > 0 ? d.followed!.join(', ') : 'no task';
      return fail(NOT_PREVIOUSLY_SKIPPED_DEP, `skipped by ${d.upstreamTaskId}: it followed ${chose}`, 'skipped');
    }
    if (skipped) return fail(NOT_PREVIOUSLY_SKIPPED_DEP, `skipped by ${d.upstreamTaskId}`, 'skipped');
  }
  return pass(NOT_PREVIOUSLY_SKIPPED_DEP, 'no branch or short-circuit upstream skipped this task');
}
