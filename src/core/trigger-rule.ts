/**
 * Trigger rules: may a task instance run, given its direct upstream task instances?
 *
 * Mirrors Airflow's TriggerRuleDep as the scheduler runs it (`flag_upstream_failed`
 * on): besides run/wait, a rule may decide a state early (`upstream_failed`,
 * `skipped`, or `removed` for a mapped index past the upstream's successes), and the
 * caller sets it at once instead of waiting for every upstream to finish.
 *
 * Counting follows Airflow's `_UpstreamTIStates`: every task instance of a direct
 * upstream counts on its own (a mapped upstream expanded to 3 counts 3; one not yet
 * expanded counts its single placeholder), `done` counts finished states, and the
 * setup counts are included in the plain ones.
 *
 * Setups: a non-teardown task also waits for its *indirect* relevant setups (ancestor
 * setups that are not direct upstreams and have no teardown or a teardown downstream
 * of this task): any failed one makes it `upstream_failed`, any skipped one `skipped`.
 */
import type { TriggerRule } from './dag-spec.js';
import type { TaskInstanceStateOrNone } from './states.js';
import { isFinished } from './states.js';
import { nameInstances } from './instance-names.js';

// The indirect setups a task waits for are found in the graph, next door.
export { indirectSetupFinder, relevantIndirectSetupIds } from './indirect-setups.js';

export type TriggerRuleOutcome = 'run' | 'wait' | 'upstream_failed' | 'skipped' | 'removed';

export interface TriggerRuleResult {
  readonly outcome: TriggerRuleOutcome;
  readonly reason: string;
}

/** One task instance of a direct upstream (or of an indirect setup). */
export interface UpstreamTi {
  readonly taskId: string;
  readonly mapIndex: number;
  readonly state: TaskInstanceStateOrNone;
  readonly isSetup: boolean;
}

/** Airflow's `_UpstreamTIStates` plus the totals it compares them with. */
export interface UpstreamCounts {
  /** Relevant upstream task instances in all (Airflow's `upstream`). */
  readonly upstream: number;
  /** How many of those belong to setup tasks (`upstream_setup`). */
  readonly upstreamSetup: number;
  readonly success: number;
  readonly skipped: number;
  readonly failed: number;
  readonly upstreamFailed: number;
  readonly removed: number;
  /** Finished ones: success, skipped, failed, upstream_failed, removed. */
  readonly done: number;
  readonly successSetup: number;
  readonly skippedSetup: number;
}

export function countUpstreamStates(tis: readonly UpstreamTi[]): UpstreamCounts {
  const c = { success: 0, skipped: 0, failed: 0, upstreamFailed: 0, removed: 0, done: 0, successSetup: 0, skippedSetup: 0 };
  for (const ti of tis) {
    if (!isFinished(ti.state)) continue;
    c.done += 1;
    if (ti.state === 'success') c.success += 1;
    else if (ti.state === 'skipped') c.skipped += 1;
    else if (ti.state === 'failed') c.failed += 1;
    else if (ti.state === 'upstream_failed') c.upstreamFailed += 1;
    else if (ti.state === 'removed') c.removed += 1;
    if (ti.isSetup && ti.state === 'success') c.successSetup += 1;
    if (ti.isSetup && ti.state === 'skipped') c.skippedSetup += 1;
  }
  return { ...c, upstream: tis.length, upstreamSetup: tis.filter((t) => t.isSetup).length };
}

/** Why a decision was reached; the reason text is built from it. */
export type DecisionCode =
  | 'met'
  | 'not_met'
  | 'upstream_failed'
  | 'upstream_skipped'
  | 'upstream_succeeded'
  | 'upstream_not_skipped'
  | 'all_skipped'
  | 'none_succeeded'
  | 'none_failed'
  | 'none_succeeded_or_failed'
  | 'setups_skipped'
  | 'no_setup_succeeded'
  | 'past_index';

export interface TriggerRuleDecision {
  readonly outcome: TriggerRuleOutcome;
  readonly code: DecisionCode;
}

/** Airflow's rule table on counts alone (exported so its test cases port one to one). */
export function decideTriggerRule(rule: TriggerRule, n: UpstreamCounts, mapIndex = -1): TriggerRuleDecision {
  const upstreamDone = n.done >= n.upstream;
  const mapped = mapIndex > -1;
  const removedHere = mapped ? n.removed : 0;
  const early = earlyState(rule, n, upstreamDone, mapIndex);
  if (early) return early;
  let met: boolean;
  switch (rule) {
    case 'always':
      met = true;
      break;
    case 'one_success':
      met = n.success > 0;
      break;
    case 'one_failed':
      met = n.failed > 0 || n.upstreamFailed > 0;
      break;
    case 'one_done':
      met = n.success + n.failed > 0;
      break;
    case 'all_success':
      met = n.upstream - n.success - removedHere <= 0;
      break;
    case 'all_failed':
      met = n.upstream - n.failed - n.upstreamFailed - removedHere <= 0;
      break;
    case 'all_done':
      met = upstreamDone;
      break;
    case 'none_failed':
    case 'none_failed_min_one_success':
      met = n.upstream - n.success - n.skipped - removedHere <= 0;
      break;
    case 'none_skipped':
      met = upstreamDone && n.skipped === 0;
      break;
    case 'all_skipped':
      met = n.upstream - n.skipped <= 0;
      break;
    case 'all_done_setup_success':
      met = upstreamDone && !(n.upstreamSetup > 0 && n.successSetup === 0);
      break;
  }
  return met ? { outcome: 'run', code: 'met' } : { outcome: 'wait', code: 'not_met' };
}

function earlyState(rule: TriggerRule, n: UpstreamCounts, upstreamDone: boolean, mapIndex: number): TriggerRuleDecision | null {
  const anyFailed = n.failed > 0 || n.upstreamFailed > 0;
  switch (rule) {
    case 'all_success':
      if (anyFailed) return { outcome: 'upstream_failed', code: 'upstream_failed' };
      if (n.skipped > 0) return { outcome: 'skipped', code: 'upstream_skipped' };
      if (n.removed > 0 && n.success > 0 && mapIndex > -1 && mapIndex >= n.success) {
        return { outcome: 'removed', code: 'past_index' };
      }
      return null;
    case 'all_failed':
      return n.success > 0 || n.skipped > 0 ? { outcome: 'skipped', code: 'upstream_succeeded' } : null;
    case 'one_success':
      if (upstreamDone && n.done === n.skipped) return { outcome: 'skipped', code: 'all_skipped' };
      if (upstreamDone && n.success <= 0) return { outcome: 'upstream_failed', code: 'none_succeeded' };
      return null;
    case 'one_failed':
      return upstreamDone && !anyFailed ? { outcome: 'skipped', code: 'none_failed' } : null;
    case 'one_done':
      return upstreamDone && !(n.failed > 0 || n.success > 0)
        ? { outcome: 'skipped', code: 'none_succeeded_or_failed' }
        : null;
    case 'none_failed':
      return anyFailed ? { outcome: 'upstream_failed', code: 'upstream_failed' } : null;
    case 'none_failed_min_one_success':
      if (anyFailed) return { outcome: 'upstream_failed', code: 'upstream_failed' };
      return n.skipped === n.upstream ? { outcome: 'skipped', code: 'all_skipped' } : null;
    case 'none_skipped':
      return n.skipped > 0 ? { outcome: 'skipped', code: 'upstream_skipped' } : null;
    case 'all_skipped':
      return n.success > 0 || anyFailed ? { outcome: 'skipped', code: 'upstream_not_skipped' } : null;
    case 'all_done_setup_success':
      if (upstreamDone && n.upstreamSetup > 0 && n.skippedSetup >= n.upstreamSetup) {
        return { outcome: 'skipped', code: 'setups_skipped' };
      }
      if (upstreamDone && n.upstreamSetup > 0 && n.successSetup === 0) {
        return { outcome: 'upstream_failed', code: 'no_setup_succeeded' };
      }
      return null;
    case 'all_done':
    case 'always':
      return null;
  }
}

/**
 * The indirect-setup constraint on counts of the relevant indirect setups' instances:
 * a failure or skip decides at once; otherwise every one must have succeeded.
 */
export function decideSetupConstraint(n: UpstreamCounts, mapIndex = -1): TriggerRuleDecision {
  if (n.failed > 0 || n.upstreamFailed > 0) return { outcome: 'upstream_failed', code: 'upstream_failed' };
  if (n.skipped > 0) return { outcome: 'skipped', code: 'upstream_skipped' };
  if (n.removed > 0 && n.success > 0 && mapIndex > -1 && mapIndex >= n.success) {
    return { outcome: 'removed', code: 'past_index' };
  }
  const nonSuccesses = n.upstream - n.success - (mapIndex > -1 ? n.removed : 0);
  return nonSuccesses > 0 ? { outcome: 'wait', code: 'not_met' } : { outcome: 'run', code: 'met' };
}

export interface TriggerRuleInput {
  readonly taskId: string;
  readonly triggerRule: TriggerRule;
  /** -1 when the task is not mapped. */
  readonly mapIndex?: number;
  readonly isTeardown?: boolean;
  /** Every task instance of every direct upstream task (mapped ones individually). */
  readonly upstream: readonly UpstreamTi[];
  /** Instances of the relevant setups that are not direct upstreams (see `relevantIndirectSetupIds`). */
  readonly indirectSetups?: readonly UpstreamTi[];
  /**
   * For depends_on_past tasks with Airflow's `wait_for_past_depends_before_skipping`: a
   * skip is held back (outcome `wait`) until the past run's condition is met.
   */
  readonly pastDependsMet?: boolean;
}

/** Evaluate the trigger rule of one task instance, with a reason people can read. */
export function evaluateTriggerRule(input: TriggerRuleInput): TriggerRuleResult {
  return evaluate(input, true);
}

/**
 * `evaluateTriggerRule(input).outcome` without building the reason: for scans over
 * every instance of a big run, which explain only the one they report.
 */
export function triggerRuleOutcome(input: TriggerRuleInput): TriggerRuleOutcome {
  return evaluate(input, false).outcome;
}

/** One decision path for both; with `explain` off, reasons are left empty. */
function evaluate(input: TriggerRuleInput, explain: boolean): TriggerRuleResult {
  const rule = input.triggerRule;
  const mapIndex = input.mapIndex ?? -1;
  const tail = explain ? ` (trigger rule ${rule})` : '';
  if (input.upstream.length === 0) return { outcome: 'run', reason: explain ? `no upstream tasks${tail}` : '' };
  if (rule === 'always') return { outcome: 'run', reason: explain ? `runs whatever its upstream tasks did${tail}` : '' };

  let setupWait: string | undefined;
  const setups = input.isTeardown ? [] : (input.indirectSetups ?? []);
  if (setups.length > 0) {
    const d = decideSetupConstraint(countUpstreamStates(setups), mapIndex);
    const reason = explain ? setupReason(d, setups) : '';
    if (d.outcome === 'wait') setupWait = reason;
    else if (d.outcome !== 'run') return holdSkip(d.outcome, `${reason}${tail}`, input.pastDependsMet);
  }

  const counts = countUpstreamStates(input.upstream);
  const d = decideTriggerRule(rule, counts, mapIndex);
  const reason = explain ? `${directReason(rule, d, counts, input.upstream)}${tail}` : '';
  if (d.outcome === 'run' && setupWait !== undefined) return { outcome: 'wait', reason: explain ? `${setupWait}${tail}` : '' };
  if (d.outcome === 'wait' && setupWait !== undefined) return { outcome: 'wait', reason: explain ? `${setupWait}; ${reason}` : '' };
  return holdSkip(d.outcome, reason, input.pastDependsMet);
}

function holdSkip(outcome: TriggerRuleOutcome, reason: string, pastDependsMet: boolean | undefined): TriggerRuleResult {
  if (outcome === 'skipped' && pastDependsMet === false) {
    return { outcome: 'wait', reason: `should be skipped, but waits until its previous run's condition is met: ${reason}` };
  }
  return { outcome, reason };
}

// ---- reasons ---------------------------------------------------------------------

const STATE_ORDER: readonly TaskInstanceStateOrNone[] = [
  'success',
  'failed',
  'upstream_failed',
  'skipped',
  'removed',
  'running',
  'queued',
  'scheduled',
  'deferred',
  'up_for_retry',
  'up_for_reschedule',
  'restarting',
  null,
];

/** "1 running, 1 success of 3", states in a fixed order. */
export function summarizeStates(tis: readonly { readonly state: TaskInstanceStateOrNone }[]): string {
  const parts: string[] = [];
  for (const state of STATE_ORDER) {
    const count = tis.filter((t) => t.state === state).length;
    if (count > 0) parts.push(`${count} ${state ?? 'not started'}`);
  }
  return `${parts.join(', ')} of ${tis.length}`;
}

/** "upstream task extract" / "upstream tasks a, b[0..2] and 3 more". */
function named(tis: readonly UpstreamTi[], noun = 'upstream task'): string {
  return `${noun}${tis.length === 1 ? '' : 's'} ${nameInstances(tis)}`;
}

/**
 * "waiting for upstream extract (running), load (not started); 2 of 4 done": the
 * instances still to come, by name and state. When none is unfinished, the rule is
 * held by done ones that do not count (removed instances of an unmapped task), and
 * those are named instead.
 */
function waitingFor(
  nouns: readonly [singular: string, plural: string],
  tis: readonly UpstreamTi[],
  counts: { readonly done: number; readonly word: string; readonly blocks: (ti: UpstreamTi) => boolean },
): string {
  const unfinished = tis.filter((t) => !isFinished(t.state));
  const blocking = tis.filter(counts.blocks);
  const pending = unfinished.length > 0 ? unfinished : blocking.length > 0 ? blocking : tis;
  const progress = tis.length > 1 ? `; ${counts.done} of ${tis.length} ${counts.word}` : '';
  const noun = pending.length === 1 ? nouns[0] : nouns[1];
  return `waiting for ${noun} ${nameInstances(pending, { withState: true })}${progress}`;
}

function inState(tis: readonly UpstreamTi[], ...states: TaskInstanceStateOrNone[]): UpstreamTi[] {
  return tis.filter((t) => states.includes(t.state));
}

function failedPhrase(tis: readonly UpstreamTi[], noun = 'upstream task'): string {
  const failed = inState(tis, 'failed');
  const upFailed = inState(tis, 'upstream_failed');
  const parts: string[] = [];
  if (failed.length > 0) parts.push(`${named(failed, noun)} failed`);
  if (upFailed.length > 0) {
    parts.push(`${named(upFailed, noun)} ${upFailed.length === 1 ? 'was' : 'were'} upstream_failed`);
  }
  return parts.join('; ');
}

function wasWere(tis: readonly unknown[]): string {
  return tis.length === 1 ? 'was' : 'were';
}

function directReason(rule: TriggerRule, d: TriggerRuleDecision, n: UpstreamCounts, tis: readonly UpstreamTi[]): string {
  const all = n.upstream === 1 ? 'the only upstream task' : `all ${n.upstream} upstream tasks`;
  switch (d.code) {
    case 'not_met':
      return waitingFor(['upstream', 'upstream'], tis, { done: n.done, word: 'done', blocks: (t) => t.state === 'removed' });
    case 'upstream_failed':
      return failedPhrase(tis);
    case 'upstream_skipped': {
      const skipped = inState(tis, 'skipped');
      return `${named(skipped)} ${wasWere(skipped)} skipped`;
    }
    case 'upstream_succeeded': {
      const done = inState(tis, 'success', 'skipped');
      return `not all upstream tasks failed: ${named(done)} succeeded or ${wasWere(done)} skipped`;
    }
    case 'upstream_not_skipped': {
      const ran = inState(tis, 'success', 'failed', 'upstream_failed');
      return `not all upstream tasks were skipped: ${named(ran)} ran or failed`;
    }
    case 'all_skipped':
      return `${all} ${n.upstream === 1 ? 'was' : 'were'} skipped`;
    case 'none_succeeded':
      return `no upstream task succeeded: ${summarizeStates(tis)}`;
    case 'none_failed':
      return `no upstream task failed: ${summarizeStates(tis)}`;
    case 'none_succeeded_or_failed':
      return `no upstream task succeeded or failed: ${summarizeStates(tis)}`;
    case 'setups_skipped':
      return `every upstream setup task was skipped: ${named(inState(tis, 'skipped').filter((t) => t.isSetup))}`;
    case 'no_setup_succeeded':
      return `no upstream setup task succeeded: ${summarizeStates(tis.filter((t) => t.isSetup))} setups`;
    case 'past_index':
      return `mapped index past the ${n.success} successful upstream instance${n.success === 1 ? '' : 's'}: removed`;
    case 'met':
      return metReason(rule, n, tis, all);
  }
}

function metReason(rule: TriggerRule, n: UpstreamCounts, tis: readonly UpstreamTi[], all: string): string {
  const isAre = n.upstream === 1 ? 'is' : 'are';
  switch (rule) {
    case 'all_success':
      return `${all} succeeded`;
    case 'all_failed':
      return `${all} failed`;
    case 'all_done':
      return `${all} ${isAre} done`;
    case 'all_done_setup_success':
      return n.upstreamSetup > 0 ? `${all} ${isAre} done and a setup task succeeded` : `${all} ${isAre} done`;
    case 'all_skipped':
      return `${all} ${n.upstream === 1 ? 'was' : 'were'} skipped`;
    case 'one_success':
      return `${named(inState(tis, 'success').slice(0, 1))} succeeded`;
    case 'one_failed': {
      const first = inState(tis, 'failed', 'upstream_failed').slice(0, 1);
      return `${named(first)} ${first[0]?.state === 'failed' ? 'failed' : 'was upstream_failed'}`;
    }
    case 'one_done': {
      const first = inState(tis, 'success', 'failed').slice(0, 1);
      return `${named(first)} ${first[0]?.state === 'success' ? 'succeeded' : 'failed'}`;
    }
    case 'none_failed':
      return `no upstream task failed: ${summarizeStates(tis)}`;
    case 'none_failed_min_one_success':
      return `no upstream task failed and at least one succeeded: ${summarizeStates(tis)}`;
    case 'none_skipped':
      return `${all} ${isAre} done and none was skipped`;
    case 'always':
      return 'runs whatever its upstream tasks did';
  }
}

function setupReason(d: TriggerRuleDecision, setups: readonly UpstreamTi[]): string {
  switch (d.outcome) {
    case 'upstream_failed':
      return failedPhrase(setups, 'setup task');
    case 'skipped': {
      const skipped = inState(setups, 'skipped');
      return `${named(skipped, 'setup task')} ${wasWere(skipped)} skipped`;
    }
    case 'removed':
      return 'mapped index past the successful setup instances: removed';
    case 'wait': {
      const n = countUpstreamStates(setups);
      return waitingFor(['setup task', 'setup tasks'], setups, { done: n.success, word: 'succeeded', blocks: (t) => t.state !== 'success' });
    }
    case 'run':
      return 'all setup tasks succeeded';
  }
}
