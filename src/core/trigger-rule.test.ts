import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TriggerRule } from './dag-spec.js';
import type { TaskInstanceStateOrNone } from './states.js';
import type { TriggerRuleOutcome, UpstreamCounts, UpstreamTi } from './trigger-rule.js';
import {
  countUpstreamStates,
  decideSetupConstraint,
  decideTriggerRule,
  evaluateTriggerRule,
  relevantIndirectSetupIds,
} from './trigger-rule.js';

const SRC = 'tests/unit/ti_deps/deps/test_trigger_rule_dep.py';

function counts(partial: Partial<UpstreamCounts>): UpstreamCounts {
  return {
    upstream: 0,
    upstreamSetup: 0,
    success: 0,
    skipped: 0,
    failed: 0,
    upstreamFailed: 0,
    removed: 0,
    done: 0,
    successSetup: 0,
    skippedSetup: 0,
    ...partial,
  };
}

/**
 * Airflow's cases with its (monkeypatched) counts kept as they are, so every row
 * ports one to one; `upstream` is the number of upstream tasks the test wires.
 * `expected` is Airflow's result with flag_upstream_failed=True (the scheduler's mode):
 * the state it sets, else 'wait' when it yields a failing status, else 'run'.
 */
const AIRFLOW_CASES: readonly {
  source: string;
  rule: TriggerRule;
  counts: Partial<UpstreamCounts>;
  mapIndex?: number;
  expected: TriggerRuleOutcome;
}[] = [
  // Counts as given by Airflow: these call _evaluate_trigger_rule directly with no upstream tasks wired.
  { source: 'test_one_success_tr_success', rule: 'one_success', counts: { success: 1, skipped: 2, failed: 3, upstreamFailed: 2, done: 2 }, expected: 'skipped' },
  { source: 'test_one_success_tr_failure', rule: 'one_success', counts: { skipped: 1, failed: 1, removed: 1, upstreamFailed: 1, done: 4 }, expected: 'upstream_failed' },
  { source: 'test_one_success_tr_failure_all_skipped', rule: 'one_success', counts: { skipped: 2, done: 2 }, expected: 'skipped' },
  { source: 'test_one_failure_tr_failure', rule: 'one_failed', counts: { success: 2, done: 2 }, expected: 'skipped' },
  { source: 'test_one_failure_tr_success', rule: 'one_failed', counts: { skipped: 2, failed: 2, done: 2 }, expected: 'run' },
  { source: 'test_one_failure_tr_success_no_failed', rule: 'one_failed', counts: { skipped: 2, upstreamFailed: 2, done: 2 }, expected: 'run' },
  { source: 'test_one_done_tr_success', rule: 'one_done', counts: { success: 2, done: 2 }, expected: 'run' },
  { source: 'test_one_done_tr_success_with_failed', rule: 'one_done', counts: { failed: 2, done: 2 }, expected: 'run' },
  { source: 'test_one_done_tr_skip', rule: 'one_done', counts: { skipped: 2, done: 2 }, expected: 'skipped' },
  { source: 'test_one_done_tr_upstream_failed', rule: 'one_done', counts: { upstreamFailed: 2, done: 2 }, expected: 'skipped' },
  { source: 'test_all_success_tr_success', rule: 'all_success', counts: { upstream: 1, success: 1, done: 1 }, expected: 'run' },
  { source: 'test_all_success_tr_failure', rule: 'all_success', counts: { upstream: 2, success: 1, failed: 1, done: 2 }, expected: 'upstream_failed' },
  { source: 'test_all_success_tr_skip', rule: 'all_success', counts: { upstream: 2, success: 1, skipped: 1, done: 2 }, expected: 'skipped' },
  { source: 'test_none_failed_tr_success', rule: 'none_failed', counts: { upstream: 2, success: 1, skipped: 1, done: 2 }, expected: 'run' },
  { source: 'test_none_failed_tr_failure', rule: 'none_failed', counts: { upstream: 3, success: 1, skipped: 1, failed: 1, done: 3 }, expected: 'upstream_failed' },
  { source: 'test_none_failed_tr_failure_with_upstream_failure', rule: 'none_failed', counts: { upstream: 3, success: 1, skipped: 1, upstreamFailed: 1, done: 3 }, expected: 'upstream_failed' },
  { source: 'test_none_failed_min_one_success_tr_success', rule: 'none_failed_min_one_success', counts: { upstream: 2, success: 1, skipped: 1, done: 2 }, expected: 'run' },
  { source: 'test_none_failed_min_one_success_tr_skipped', rule: 'none_failed_min_one_success', counts: { upstream: 2, skipped: 2, done: 2 }, expected: 'skipped' },
  { source: 'test_none_failed_min_one_success_tr_failure', rule: 'none_failed_min_one_success', counts: { upstream: 3, success: 1, skipped: 1, failed: 1, done: 3 }, expected: 'upstream_failed' },
  { source: 'test_none_failed_min_one_success_tr_upstream_failure', rule: 'none_failed_min_one_success', counts: { upstream: 3, success: 1, skipped: 1, upstreamFailed: 1, done: 3 }, expected: 'upstream_failed' },
  { source: 'test_all_failed_tr_success', rule: 'all_failed', counts: { upstream: 2, failed: 2, done: 2 }, expected: 'run' },
  { source: 'test_all_failed_tr_failure', rule: 'all_failed', counts: { upstream: 2, success: 2, done: 2 }, expected: 'skipped' },
  { source: 'test_all_done_tr_success', rule: 'all_done', counts: { upstream: 2, success: 2, done: 2 }, expected: 'run' },
  { source: 'test_all_done_tr_failure', rule: 'all_done', counts: { upstream: 2, success: 1, done: 1 }, expected: 'wait' },
  { source: 'test_all_skipped_tr_failure', rule: 'all_skipped', counts: { upstream: 1, success: 1, done: 1 }, expected: 'skipped' },
  { source: 'test_all_skipped_tr_failure_upstream_failed', rule: 'all_skipped', counts: { upstream: 1, upstreamFailed: 1, done: 1 }, expected: 'skipped' },
  { source: 'test_all_skipped_tr_success', rule: 'all_skipped', counts: { upstream: 3, skipped: 3, done: 3 }, expected: 'run' },
  { source: 'test_none_skipped_tr_success', rule: 'none_skipped', counts: { upstream: 3, success: 2, failed: 1, done: 3 }, expected: 'run' },
  { source: 'test_none_skipped_tr_failure', rule: 'none_skipped', counts: { upstream: 2, success: 1, skipped: 1, done: 2 }, expected: 'skipped' },
  { source: 'test_none_skipped_tr_failure_empty', rule: 'none_skipped', counts: { upstream: 1 }, expected: 'wait' },
  // test_teardown_tr_not_all_done: work tasks w*, setup tasks s* as direct upstreams.
  { source: 'test_teardown_tr_not_all_done[no setups]', rule: 'all_done_setup_success', counts: { upstream: 2, success: 2, done: 2 }, expected: 'run' },
  { source: 'test_teardown_tr_not_all_done[setup not done]', rule: 'all_done_setup_success', counts: { upstream: 3, upstreamSetup: 1, success: 2, done: 2 }, expected: 'wait' },
  { source: 'test_teardown_tr_not_all_done[setup failed]', rule: 'all_done_setup_success', counts: { upstream: 3, upstreamSetup: 1, success: 2, done: 3 }, expected: 'upstream_failed' },
  { source: 'test_teardown_tr_not_all_done[one setup failed one success]', rule: 'all_done_setup_success', counts: { upstream: 4, upstreamSetup: 2, success: 2, done: 4, successSetup: 1 }, expected: 'run' },
  { source: 'test_teardown_tr_not_all_done[one setup success one running]', rule: 'all_done_setup_success', counts: { upstream: 4, upstreamSetup: 2, success: 2, done: 3, successSetup: 1 }, expected: 'wait' },
  { source: 'test_teardown_tr_not_all_done[setup failed, failed=1]', rule: 'all_done_setup_success', counts: { upstream: 3, upstreamSetup: 1, success: 2, done: 3, failed: 1 }, expected: 'upstream_failed' },
  { source: 'test_teardown_tr_not_all_done[one setup failed one skipped]', rule: 'all_done_setup_success', counts: { upstream: 4, upstreamSetup: 2, success: 2, done: 4, failed: 1, skippedSetup: 1 }, expected: 'upstream_failed' },
  { source: 'test_teardown_tr_not_all_done[two setups both skipped]', rule: 'all_done_setup_success', counts: { upstream: 4, upstreamSetup: 2, success: 2, done: 4, skippedSetup: 2 }, expected: 'skipped' },
  { source: 'test_teardown_tr_not_all_done[all success]', rule: 'all_done_setup_success', counts: { upstream: 3, upstreamSetup: 1, success: 3, done: 3, successSetup: 1 }, expected: 'run' },
  { source: 'test_teardown_tr_not_all_done[work failed]', rule: 'all_done_setup_success', counts: { upstream: 3, upstreamSetup: 1, success: 1, done: 3, successSetup: 1 }, expected: 'run' },
  { source: 'test_teardown_tr_not_all_done[one setup; skipped]', rule: 'all_done_setup_success', counts: { upstream: 3, upstreamSetup: 1, success: 2, done: 3, skippedSetup: 1 }, expected: 'skipped' },
  // Mapped upstream do_something expanded to 5, indexes 3 and 4 removed; evaluated for do_something_else[3].
  { source: 'test_mapped_task_upstream_removed_with_all_success_trigger_rules', rule: 'all_success', counts: { upstream: 5, success: 3, removed: 2, done: 5 }, mapIndex: 3, expected: 'removed' },
  { source: 'test_mapped_task_upstream_removed_with_all_failed_trigger_rules', rule: 'all_failed', counts: { upstream: 5, failed: 3, removed: 2, done: 5 }, mapIndex: 3, expected: 'run' },
  { source: 'test_mapped_task_upstream_removed_with_none_failed_trigger_rules[none_failed]', rule: 'none_failed', counts: { upstream: 5, success: 3, removed: 2, done: 5 }, mapIndex: 3, expected: 'run' },
  { source: 'test_mapped_task_upstream_removed_with_none_failed_trigger_rules[none_failed_min_one_success]', rule: 'none_failed_min_one_success', counts: { upstream: 5, success: 3, removed: 2, done: 5 }, mapIndex: 3, expected: 'run' },
];

describe('decideTriggerRule: Airflow test_trigger_rule_dep.py cases', () => {
  for (const c of AIRFLOW_CASES) {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::<source>
    it(`${SRC}::${c.source} -> ${c.expected}`, () => {
      assert.equal(decideTriggerRule(c.rule, counts(c.counts), c.mapIndex ?? -1).outcome, c.expected);
    });
  }

  it('index below the successful count is not removed (mapped all_success, index 2)', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_setup_constraint_mapped_task_upstream_removed_and_success[2]
    assert.equal(decideTriggerRule('all_success', counts({ upstream: 5, success: 3, removed: 2, done: 5 }), 2).outcome, 'run');
  });
});

describe('decideSetupConstraint', () => {
  // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_setup_constraint_mapped_task_upstream_removed_and_success
  for (const [mapIndex, expected] of [
    [2, 'run'],
    [3, 'removed'],
    [4, 'removed'],
  ] as const) {
    it(`mapped setup with 3 successes and 2 removed, index ${mapIndex} -> ${expected}`, () => {
      assert.equal(decideSetupConstraint(counts({ upstream: 5, success: 3, removed: 2, done: 5 }), mapIndex).outcome, expected);
    });
  }
});

// ---- evaluateTriggerRule on real task-instance lists -----------------------------------

function ti(taskId: string, state: TaskInstanceStateOrNone, extra: Partial<UpstreamTi> = {}): UpstreamTi {
  return { taskId, mapIndex: -1, state, isSetup: false, ...extra };
}

describe('evaluateTriggerRule with task instances and reasons', () => {
  it('no upstream passes', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_no_upstream_tasks
    assert.deepEqual(evaluateTriggerRule({ taskId: 't', triggerRule: 'all_done', upstream: [] }), {
      outcome: 'run',
      reason: 'no upstream tasks (trigger rule all_done)',
    });
  });

  it('always passes whatever the upstream did', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_always_tr
    const r = evaluateTriggerRule({ taskId: 't', triggerRule: 'always', upstream: [ti('a', 'failed')] });
    assert.deepEqual(r, { outcome: 'run', reason: 'runs whatever its upstream tasks did (trigger rule always)' });
  });

  it('all_success waits, naming the unfinished upstream tasks with their states', () => {
    const r = evaluateTriggerRule({
      taskId: 't',
      triggerRule: 'all_success',
      upstream: [ti('a', 'running'), ti('b', 'success'), ti('c', null)],
    });
    assert.deepEqual(r, {
      outcome: 'wait',
      reason: 'waiting for upstream a (running), c (not started); 1 of 3 done (trigger rule all_success)',
    });
  });

  it('all_success marks upstream_failed as soon as one upstream failed, naming it', () => {
    const r = evaluateTriggerRule({
      taskId: 'transform',
      triggerRule: 'all_success',
      upstream: [ti('extract', 'failed'), ti('other', 'running')],
    });
    assert.deepEqual(r, { outcome: 'upstream_failed', reason: 'upstream task extract failed (trigger rule all_success)' });
  });

  it('all_success skips when an upstream was skipped', () => {
    const r = evaluateTriggerRule({ taskId: 't', triggerRule: 'all_success', upstream: [ti('branch_a', 'skipped'), ti('b', 'success')] });
    assert.deepEqual(r, { outcome: 'skipped', reason: 'upstream task branch_a was skipped (trigger rule all_success)' });
  });

  it('all_success runs when all succeeded', () => {
    const r = evaluateTriggerRule({ taskId: 't', triggerRule: 'all_success', upstream: [ti('a', 'success'), ti('b', 'success')] });
    assert.deepEqual(r, { outcome: 'run', reason: 'all 2 upstream tasks succeeded (trigger rule all_success)' });
  });

  it('mapped upstream instances count individually and are named with their index', () => {
    const upstream = [0, 1, 2].map((i) => ti('fetch', i === 1 ? 'failed' : 'success', { mapIndex: i }));
    const r = evaluateTriggerRule({ taskId: 'merge', triggerRule: 'all_success', upstream });
    assert.deepEqual(r, { outcome: 'upstream_failed', reason: 'upstream task fetch[1] failed (trigger rule all_success)' });
    const wait = evaluateTriggerRule({
      taskId: 'merge',
      triggerRule: 'all_success',
      upstream: [ti('fetch', 'success', { mapIndex: 0 }), ti('fetch', 'running', { mapIndex: 1 })],
    });
    assert.equal(wait.reason, 'waiting for upstream fetch[1] (running); 1 of 2 done (trigger rule all_success)');
  });

  it('names at most three entries of a long waiting list, counting the rest', () => {
    const upstream = [ti('a', 'success'), ti('b', 'running'), ti('c', 'queued'), ti('d', null), ti('e', null), ti('f', 'up_for_retry')];
    assert.deepEqual(evaluateTriggerRule({ taskId: 't', triggerRule: 'all_success', upstream }), {
      outcome: 'wait',
      reason: 'waiting for upstream b (running), c (queued), d (not started) and 2 more; 1 of 6 done (trigger rule all_success)',
    });
    // exactly four entries are all named
    assert.equal(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'all_done', upstream: upstream.slice(0, 5) }).reason,
      'waiting for upstream b (running), c (queued), d (not started), e (not started); 1 of 5 done (trigger rule all_done)',
    );
  });

  it('folds a mapped upstream into index ranges per state', () => {
    const states: TaskInstanceStateOrNone[] = ['success', 'running', 'running', 'running', null, 'running', null, null];
    const upstream = [...states.map((st, i) => ti('extract', st, { mapIndex: i })), ti('load', 'queued')];
    assert.deepEqual(evaluateTriggerRule({ taskId: 't', triggerRule: 'all_success', upstream }), {
      outcome: 'wait',
      reason: 'waiting for upstream extract[1..3, 5] (running), extract[4, 6, 7] (not started), load (queued); 1 of 9 done (trigger rule all_success)',
    });
    // a 1,000-wide mapped upstream stays one short entry
    const wide = Array.from({ length: 1000 }, (_, i) => ti('fan', i < 10 ? 'success' : null, { mapIndex: i }));
    assert.equal(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'all_success', upstream: wide }).reason,
      'waiting for upstream fan[10..999] (not started); 10 of 1000 done (trigger rule all_success)',
    );
  });

  it('names the done upstream instances that hold the rule when none is unfinished', () => {
    // a removed instance of an unmapped upstream never counts for all_success: the task waits for good
    const r = evaluateTriggerRule({ taskId: 't', triggerRule: 'all_success', upstream: [ti('a', 'success'), ti('gone', 'removed')] });
    assert.deepEqual(r, { outcome: 'wait', reason: 'waiting for upstream gone (removed); 2 of 2 done (trigger rule all_success)' });
  });

  it('names every failed upstream task, mapped ones folded', () => {
    const upstream = [
      ...[0, 1, 2, 3].map((i) => ti('fetch', i === 3 ? 'success' : 'failed', { mapIndex: i })),
      ti('parse', 'upstream_failed'),
      ti('other', 'running'),
    ];
    assert.deepEqual(evaluateTriggerRule({ taskId: 'merge', triggerRule: 'all_success', upstream }), {
      outcome: 'upstream_failed',
      reason: 'upstream tasks fetch[0..2] failed; upstream task parse was upstream_failed (trigger rule all_success)',
    });
    const many = ['a', 'b', 'c', 'd', 'e'].map((id) => ti(id, 'failed'));
    assert.equal(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'none_failed', upstream: many }).reason,
      'upstream tasks a, b, c and 2 more failed (trigger rule none_failed)',
    );
  });

  it('an unexpanded mapped upstream that was skipped counts as one skipped instance', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_mapped_task_group_finished_upstream_before_expand
    const r = evaluateTriggerRule({ taskId: 'tg.t3', triggerRule: 'all_success', upstream: [ti('t2', 'skipped')] });
    assert.equal(r.outcome, 'skipped');
  });

  it('an unexpanded mapped upstream that has not run makes the task wait', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_mapped_task_check_before_expand
    const r = evaluateTriggerRule({ taskId: 'tg.t3', triggerRule: 'all_success', upstream: [ti('tg.t2', null)] });
    assert.deepEqual(r, { outcome: 'wait', reason: 'waiting for upstream tg.t2 (not started) (trigger rule all_success)' });
  });

  it('one_success reasons', () => {
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'one_success', upstream: [ti('a', 'running'), ti('b', 'success')] }),
      { outcome: 'run', reason: 'upstream task b succeeded (trigger rule one_success)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'one_success', upstream: [ti('a', 'failed'), ti('b', 'skipped')] }),
      { outcome: 'upstream_failed', reason: 'no upstream task succeeded: 1 failed, 1 skipped of 2 (trigger rule one_success)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'one_success', upstream: [ti('a', 'skipped'), ti('b', 'skipped')] }),
      { outcome: 'skipped', reason: 'all 2 upstream tasks were skipped (trigger rule one_success)' },
    );
  });

  it('one_failed, one_done, all_failed, all_skipped, none_skipped reasons', () => {
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'one_failed', upstream: [ti('a', 'failed'), ti('b', 'running')] }),
      { outcome: 'run', reason: 'upstream task a failed (trigger rule one_failed)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'one_failed', upstream: [ti('a', 'success'), ti('b', 'skipped')] }),
      { outcome: 'skipped', reason: 'no upstream task failed: 1 success, 1 skipped of 2 (trigger rule one_failed)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'one_done', upstream: [ti('a', 'skipped'), ti('b', 'upstream_failed')] }),
      { outcome: 'skipped', reason: 'no upstream task succeeded or failed: 1 upstream_failed, 1 skipped of 2 (trigger rule one_done)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'one_done', upstream: [ti('a', 'failed'), ti('b', 'running')] }),
      { outcome: 'run', reason: 'upstream task a failed (trigger rule one_done)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 'cleanup', triggerRule: 'all_failed', upstream: [ti('a', 'failed'), ti('b', 'success')] }),
      { outcome: 'skipped', reason: 'not all upstream tasks failed: upstream task b succeeded or was skipped (trigger rule all_failed)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'all_failed', upstream: [ti('a', 'failed'), ti('b', 'upstream_failed')] }),
      { outcome: 'run', reason: 'all 2 upstream tasks failed (trigger rule all_failed)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'all_skipped', upstream: [ti('a', 'success')] }),
      { outcome: 'skipped', reason: 'not all upstream tasks were skipped: upstream task a ran or failed (trigger rule all_skipped)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'all_skipped', upstream: [ti('a', 'skipped')] }),
      { outcome: 'run', reason: 'the only upstream task was skipped (trigger rule all_skipped)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'none_skipped', upstream: [ti('a', 'failed'), ti('b', 'success')] }),
      { outcome: 'run', reason: 'all 2 upstream tasks are done and none was skipped (trigger rule none_skipped)' },
    );
  });

  it('all_done, none_failed and none_failed_min_one_success reasons', () => {
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'all_done', upstream: [ti('a', 'failed'), ti('b', 'skipped')] }),
      { outcome: 'run', reason: 'all 2 upstream tasks are done (trigger rule all_done)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 't', triggerRule: 'none_failed', upstream: [ti('a', 'success'), ti('b', 'skipped')] }),
      { outcome: 'run', reason: 'no upstream task failed: 1 success, 1 skipped of 2 (trigger rule none_failed)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 'join', triggerRule: 'none_failed_min_one_success', upstream: [ti('a', 'success'), ti('b', 'skipped')] }),
      { outcome: 'run', reason: 'no upstream task failed and at least one succeeded: 1 success, 1 skipped of 2 (trigger rule none_failed_min_one_success)' },
    );
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 'join', triggerRule: 'none_failed_min_one_success', upstream: [ti('a', 'upstream_failed'), ti('b', 'skipped')] }),
      { outcome: 'upstream_failed', reason: 'upstream task a was upstream_failed (trigger rule none_failed_min_one_success)' },
    );
  });

  it('all_done_setup_success (teardowns) reasons', () => {
    const upstream = [ti('work', 'failed'), ti('create_cluster', 'failed', { isSetup: true })];
    assert.deepEqual(evaluateTriggerRule({ taskId: 'td', triggerRule: 'all_done_setup_success', isTeardown: true, upstream }), {
      outcome: 'upstream_failed',
      reason: 'no upstream setup task succeeded: 1 failed of 1 setups (trigger rule all_done_setup_success)',
    });
    const skipped = [ti('work', 'skipped'), ti('create_cluster', 'skipped', { isSetup: true })];
    assert.deepEqual(evaluateTriggerRule({ taskId: 'td', triggerRule: 'all_done_setup_success', isTeardown: true, upstream: skipped }), {
      outcome: 'skipped',
      reason: 'every upstream setup task was skipped: upstream task create_cluster (trigger rule all_done_setup_success)',
    });
    const ok = [ti('work', 'failed'), ti('create_cluster', 'success', { isSetup: true })];
    assert.deepEqual(evaluateTriggerRule({ taskId: 'td', triggerRule: 'all_done_setup_success', isTeardown: true, upstream: ok }), {
      outcome: 'run',
      reason: 'all 2 upstream tasks are done and a setup task succeeded (trigger rule all_done_setup_success)',
    });
  });

  it('mapped index past the successful upstream instances is removed', () => {
    const upstream = [0, 1, 2, 3, 4].map((i) => ti('do_something', i > 2 ? 'removed' : 'success', { mapIndex: i }));
    assert.deepEqual(evaluateTriggerRule({ taskId: 'x', triggerRule: 'all_success', mapIndex: 3, upstream }), {
      outcome: 'removed',
      reason: 'mapped index past the 3 successful upstream instances: removed (trigger rule all_success)',
    });
  });

  it('holds a skip while the past run is not done (wait_for_past_depends_before_skipping)', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_all_success_tr_skip_wait_for_past_depends_before_skipping
    const upstream = [ti('a', 'success'), ti('b', 'skipped')];
    const held = evaluateTriggerRule({ taskId: 't', triggerRule: 'all_success', upstream, pastDependsMet: false });
    assert.deepEqual(held, {
      outcome: 'wait',
      reason: "should be skipped, but waits until its previous run's condition is met: upstream task b was skipped (trigger rule all_success)",
    });
    // from Airflow: ...::test_all_success_tr_skip_wait_for_past_depends_before_skipping_past_depends_met
    assert.equal(evaluateTriggerRule({ taskId: 't', triggerRule: 'all_success', upstream, pastDependsMet: true }).outcome, 'skipped');
  });
});

describe('setup constraint (indirect setups)', () => {
  // t1 (setup) >> t2 >> t3
  const tasks = [
    { taskId: 't1', upstream: [], isSetup: true, isTeardown: false },
    { taskId: 't2', upstream: ['t1'], isSetup: false, isTeardown: false },
    { taskId: 't3', upstream: ['t2'], isSetup: false, isTeardown: false },
  ];

  it('finds indirect setups only', () => {
    assert.deepEqual(relevantIndirectSetupIds(tasks, 't2'), []);
    assert.deepEqual(relevantIndirectSetupIds(tasks, 't3'), ['t1']);
  });

  it('a setup whose teardowns are not downstream of the task is not relevant', () => {
    // s >> w1 >> w2, s >> td (teardown of s), td not downstream of w2
    const g = [
      { taskId: 's', upstream: [], isSetup: true, isTeardown: false },
      { taskId: 'w1', upstream: ['s'], isSetup: false, isTeardown: false },
      { taskId: 'w2', upstream: ['w1'], isSetup: false, isTeardown: false },
      { taskId: 'td', upstream: ['s'], isSetup: false, isTeardown: true },
    ];
    assert.deepEqual(relevantIndirectSetupIds(g, 'w2'), []);
    const wired = g.map((t) => (t.taskId === 'td' ? { ...t, upstream: ['s', 'w2'] } : t));
    assert.deepEqual(relevantIndirectSetupIds(wired, 'w2'), ['s']);
    assert.deepEqual(relevantIndirectSetupIds(wired, 'td'), [], 'a teardown has no indirect setups');
  });

  // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_setup_constraint_changes_state_appropriately
  for (const [setupState, expected] of [
    [null, 'wait'],
    ['failed', 'upstream_failed'],
    ['skipped', 'skipped'],
  ] as const) {
    it(`setup ${setupState ?? 'none'}: t2 and t3 -> ${expected}`, () => {
      const t1 = ti('t1', setupState, { isSetup: true });
      const t2 = evaluateTriggerRule({ taskId: 't2', triggerRule: 'all_success', upstream: [t1] });
      assert.equal(t2.outcome, expected);
      const t3 = evaluateTriggerRule({ taskId: 't3', triggerRule: 'all_success', upstream: [ti('t2', null)], indirectSetups: [t1] });
      assert.equal(t3.outcome, expected);
    });
  }

  it('blocks execution with both reasons while the setup has not run', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_setup_constraint_blocks_execution
    const t3 = evaluateTriggerRule({
      taskId: 't3',
      triggerRule: 'all_success',
      upstream: [ti('t2', null)],
      indirectSetups: [ti('t1', null, { isSetup: true })],
    });
    assert.deepEqual(t3, {
      outcome: 'wait',
      reason: 'waiting for setup task t1 (not started); waiting for upstream t2 (not started) (trigger rule all_success)',
    });
    // Even if the direct upstream is done, the setup still blocks.
    const t3b = evaluateTriggerRule({
      taskId: 't3',
      triggerRule: 'all_success',
      upstream: [ti('t2', 'success')],
      indirectSetups: [ti('t1', 'running', { isSetup: true })],
    });
    assert.deepEqual(t3b, { outcome: 'wait', reason: 'waiting for setup task t1 (running) (trigger rule all_success)' });
  });

  it('names several waiting setups with how many succeeded', () => {
    const setups = [ti('s1', 'success', { isSetup: true }), ti('s2', 'running', { isSetup: true }), ti('s3', null, { isSetup: true })];
    assert.deepEqual(evaluateTriggerRule({ taskId: 'w', triggerRule: 'all_success', upstream: [ti('u', 'success')], indirectSetups: setups }), {
      outcome: 'wait',
      reason: 'waiting for setup tasks s2 (running), s3 (not started); 1 of 3 succeeded (trigger rule all_success)',
    });
  });

  it('fails or skips fast on one setup without waiting for the others', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_setup_constraint_will_fail_or_skip_fast
    const setups = [ti('s1', null, { isSetup: true }), ti('s2', 'failed', { isSetup: true })];
    assert.equal(evaluateTriggerRule({ taskId: 'w1', triggerRule: 'all_success', upstream: setups }).outcome, 'upstream_failed');
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 'w2', triggerRule: 'all_success', upstream: [ti('w1', null)], indirectSetups: setups }),
      { outcome: 'upstream_failed', reason: 'setup task s2 failed (trigger rule all_success)' },
    );
    const skipped = [ti('s1', null, { isSetup: true }), ti('s2', 'skipped', { isSetup: true })];
    assert.deepEqual(
      evaluateTriggerRule({ taskId: 'w2', triggerRule: 'all_success', upstream: [ti('w1', null)], indirectSetups: skipped }),
      { outcome: 'skipped', reason: 'setup task s2 was skipped (trigger rule all_success)' },
    );
  });

  it('a skip from the setup constraint waits for past depends when asked', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_setup_constraint_wait_for_past_depends_before_skipping
    const base = {
      taskId: 'w',
      triggerRule: 'all_done' as const,
      upstream: [ti('x', 'success')],
      indirectSetups: [ti('s1', 'success', { isSetup: true }), ti('s2', 'skipped', { isSetup: true })],
    };
    assert.equal(evaluateTriggerRule(base).outcome, 'skipped');
    assert.equal(evaluateTriggerRule({ ...base, pastDependsMet: true }).outcome, 'skipped');
    assert.equal(evaluateTriggerRule({ ...base, pastDependsMet: false }).outcome, 'wait');
  });
});

describe('countUpstreamStates', () => {
  it('counts like _UpstreamTIStates', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_trigger_rule_dep.py::test_UpstreamTIStates
    // op1 >> (op2, op3) >> op4; (op2, op3, op4) >> op5; op1 success, op2 failed, op3 success, op4 success
    const op1 = ti('op1', 'success');
    const op2 = ti('op2', 'failed');
    const op3 = ti('op3', 'success');
    const op4 = ti('op4', 'success');
    const pick = (c: UpstreamCounts) => [c.success, c.skipped, c.failed, c.upstreamFailed, c.removed, c.done, c.successSetup, c.skippedSetup];
    assert.deepEqual(pick(countUpstreamStates([op1])), [1, 0, 0, 0, 0, 1, 0, 0]);
    assert.deepEqual(pick(countUpstreamStates([op2, op3])), [1, 0, 1, 0, 0, 2, 0, 0]);
    assert.deepEqual(pick(countUpstreamStates([op2, op3, op4])), [2, 0, 1, 0, 0, 3, 0, 0]);
  });

  it('includes setups in the plain counts too', () => {
    const c = countUpstreamStates([ti('s', 'skipped', { isSetup: true }), ti('w', 'skipped'), ti('r', 'running')]);
    assert.equal(c.skipped, 2);
    assert.equal(c.skippedSetup, 1);
    assert.equal(c.upstreamSetup, 1);
    assert.equal(c.upstream, 3);
    assert.equal(c.done, 2);
  });
});
