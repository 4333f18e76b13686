import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DepContext } from './index.js';
import { evaluateDeps } from './index.js';
import { dagRunRunningDep } from './dag-run-running-dep.js';
import { dependsOnPastDep } from './depends-on-past-dep.js';
import { maxActiveTasksDep } from './max-active-tasks-dep.js';
import { notPreviouslySkippedDep } from './not-previously-skipped-dep.js';
import { poolSlotsDep } from './pool-slots-dep.js';
import { retryPeriodDep } from './retry-period-dep.js';
import { runnableStateDep } from './runnable-state-dep.js';
import { triggerRuleDep } from './trigger-rule-dep.js';

const at = (iso: string) => new Date(`${iso}Z`);

describe('retryPeriodDep', () => {
  it('fails while still in the retry period', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_not_in_retry_period_dep.py::test_still_in_retry_period
    // ended 15:30 with a 15 minute delay, now 15:44
    const s = retryPeriodDep({ state: 'up_for_retry', nextRetryAt: at('2016-01-01T15:45:00'), now: at('2016-01-01T15:44:00') });
    assert.deepEqual(s, {
      name: 'Not In Retry Period',
      passed: false,
      reason: 'waiting to retry: next try at 2016-01-01T15:45:00.000Z (now 2016-01-01T15:44:00.000Z)',
    });
  });

  it('passes once the retry period is over', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_not_in_retry_period_dep.py::test_retry_period_finished
    const s = retryPeriodDep({ state: 'up_for_retry', nextRetryAt: at('2016-01-01T00:15:00'), now: at('2016-01-01T15:46:00') });
    assert.equal(s.passed, true);
    assert.equal(s.reason, 'ready to retry: next try was due at 2016-01-01T00:15:00.000Z');
  });

  it('passes when the instance is not up for retry', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_not_in_retry_period_dep.py::test_not_in_retry_period
    assert.deepEqual(retryPeriodDep({ state: 'success', nextRetryAt: null, now: at('2016-01-01T00:00:00') }), {
      name: 'Not In Retry Period',
      passed: true,
      reason: 'task instance is not waiting to retry or reschedule',
    });
  });

  it('a retry is due strictly after its time; a reschedule at its time', () => {
    const t = at('2024-01-01T00:00:00');
    assert.equal(retryPeriodDep({ state: 'up_for_retry', nextRetryAt: t, now: t }).passed, false);
    assert.equal(retryPeriodDep({ state: 'up_for_reschedule', nextRetryAt: t, now: t }).passed, true);
    assert.equal(
      retryPeriodDep({ state: 'up_for_reschedule', nextRetryAt: t, now: at('2023-12-31T23:59:00') }).reason,
      'waiting to reschedule: next try at 2024-01-01T00:00:00.000Z (now 2023-12-31T23:59:00.000Z)',
    );
    assert.equal(retryPeriodDep({ state: 'up_for_retry', nextRetryAt: t, now: at('2023-01-01T00:00:00'), ignoreRetryPeriod: true }).passed, true);
  });
});

describe('runnableStateDep', () => {
  it('accepts schedulable and queueable states only', () => {
    assert.deepEqual(runnableStateDep({ state: 'scheduled' }), {
      name: 'Task Instance State',
      passed: true,
      reason: 'task instance is scheduled and can be queued',
    });
    assert.equal(runnableStateDep({ state: null }).reason, 'task instance is none and can be scheduled');
    assert.equal(runnableStateDep({ state: 'up_for_retry' }).passed, true);
    assert.deepEqual(runnableStateDep({ state: 'running' }), {
      name: 'Task Instance State',
      passed: false,
      reason: 'task instance is running; only none, up_for_retry, up_for_reschedule or scheduled instances can be queued',
    });
    assert.equal(runnableStateDep({ state: 'success' }).passed, false);
  });
});

describe('dependsOnPastDep (Airflow PrevDagrunDep)', () => {
  const base = { taskId: 'load', dependsOnPast: true, waitForDownstream: false, downstreamTaskIds: ['report'] };
  const prev = (load: 'success' | 'failed' | 'skipped' | null, report: 'success' | 'running' = 'success') => ({
    runId: 'scheduled__2024-01-01',
    tis: [
      { taskId: 'load', mapIndex: -1, state: load },
      { taskId: 'report', mapIndex: -1, state: report },
    ],
  });

  it('passes without depends_on_past and on the first run', () => {
    assert.equal(dependsOnPastDep({ ...base, dependsOnPast: false, previousRun: prev('failed') }).reason, 'task does not depend on past runs');
    assert.deepEqual(dependsOnPastDep({ ...base, previousRun: null }), {
      name: 'Previous Dagrun State',
      passed: true,
      reason: 'first run of this task: nothing in the past to wait for',
    });
  });

  it('requires the previous instance to have succeeded or been skipped', () => {
    assert.equal(dependsOnPastDep({ ...base, previousRun: prev('success') }).passed, true);
    assert.equal(dependsOnPastDep({ ...base, previousRun: prev('skipped') }).passed, true);
    assert.deepEqual(dependsOnPastDep({ ...base, previousRun: prev('failed') }), {
      name: 'Previous Dagrun State',
      passed: false,
      reason: 'depends_on_past: load in previous run scheduled__2024-01-01 did not succeed (load failed)',
    });
    assert.equal(
      dependsOnPastDep({ ...base, previousRun: { runId: 'r0', tis: [] } }).reason,
      'depends_on_past: load has not run yet in previous run r0',
    );
  });

  it('counts every mapped instance of the previous run', () => {
    const previousRun = {
      runId: 'r0',
      tis: [
        { taskId: 'load', mapIndex: 0, state: 'success' as const },
        { taskId: 'load', mapIndex: 1, state: 'upstream_failed' as const },
      ],
    };
    assert.equal(dependsOnPastDep({ ...base, previousRun }).reason, 'depends_on_past: load in previous run r0 did not succeed (load[1] upstream_failed)');
  });

  it('wait_for_downstream also requires the direct downstreams of the previous run', () => {
    const s = dependsOnPastDep({ ...base, waitForDownstream: true, previousRun: prev('success', 'running') });
    assert.deepEqual(s, {
      name: 'Previous Dagrun State',
      passed: false,
      reason: 'wait_for_downstream: downstream tasks of load in previous run scheduled__2024-01-01 are not done (report running)',
    });
    assert.equal(dependsOnPastDep({ ...base, waitForDownstream: true, previousRun: prev('success', 'success') }).passed, true);
  });
});

describe('notPreviouslySkippedDep', () => {
  it('passes when the branch followed this task', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_not_previously_skipped_dep.py::test_parent_follow_branch
    const s = notPreviouslySkippedDep({ taskId: 'op2', decisions: [{ upstreamTaskId: 'op1', followed: ['op2'] }] });
    assert.deepEqual(s, { name: 'Not Previously Skipped', passed: true, reason: 'no branch or short-circuit upstream skipped this task' });
  });

  it('skips a task the branch did not follow', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_not_previously_skipped_dep.py::test_parent_skip_branch
    assert.deepEqual(notPreviouslySkippedDep({ taskId: 'op2', decisions: [{ upstreamTaskId: 'op1', followed: ['op3'] }] }), {
      name: 'Not Previously Skipped',
      passed: false,
      reason: 'skipped by op1: it followed op3',
      setState: 'skipped',
    });
    assert.equal(
      notPreviouslySkippedDep({ taskId: 'op2', decisions: [{ upstreamTaskId: 'check', skipped: ['op2'] }] }).reason,
      'skipped by check',
    );
  });

  it('passes while the branch has not run (no decision yet)', () => {
    // from Airflow: tests/unit/ti_deps/deps/test_not_previously_skipped_dep.py::test_parent_not_executed
    assert.equal(notPreviouslySkippedDep({ taskId: 'op2', decisions: [] }).passed, true);
  });
});

describe('pool, max active tasks, DAG run, trigger rule deps', () => {
  it('poolSlotsDep', () => {
    const pool = { name: 'etl', totalSlots: 4, openSlots: 0 };
    assert.deepEqual(poolSlotsDep({ poolName: 'etl', poolSlots: 2, pool }), {
      name: 'Pool Slots Available',
      passed: true,
      reason: 'pool etl can hold its 2 slots (0 of 4 open now)',
    });
    assert.equal(poolSlotsDep({ poolName: 'etl', poolSlots: 5, pool }).reason, 'needs 5 slots but pool etl has only 4: it can never run there');
    assert.equal(poolSlotsDep({ poolName: 'gpu', poolSlots: 1, pool: null }).reason, "pool gpu does not exist: create it or change the task's pool");
  });

  it('maxActiveTasksDep', () => {
    assert.deepEqual(maxActiveTasksDep({ dagId: 'etl', runId: 'r1', maxActiveTasks: 16, activeInRun: 16 }), {
      name: 'Task Instance Slots Available',
      passed: false,
      reason: 'DAG etl is at max_active_tasks: 16 of 16 running or queued in run r1',
    });
    assert.equal(maxActiveTasksDep({ dagId: 'etl', runId: 'r1', maxActiveTasks: 16, activeInRun: 3 }).reason, 'DAG etl is below max_active_tasks: 3 of 16 running or queued in run r1');
  });

  it('dagRunRunningDep', () => {
    assert.deepEqual(dagRunRunningDep({ runId: 'r1', state: 'queued' }), { name: 'Dagrun Running', passed: false, reason: 'DAG run r1 is queued, not running' });
    assert.equal(dagRunRunningDep({ runId: 'r1', state: 'running' }).reason, 'DAG run r1 is running');
  });

  it('triggerRuleDep carries the early state', () => {
    const s = triggerRuleDep({
      taskId: 'load',
      mapIndex: -1,
      triggerRule: 'all_success',
      isTeardown: false,
      upstream: [{ taskId: 'extract', mapIndex: -1, state: 'failed', isSetup: false }],
      indirectSetups: [],
    });
    assert.deepEqual(s, { name: 'Trigger Rule', passed: false, reason: 'upstream task extract failed (trigger rule all_success)', setState: 'upstream_failed' });
  });
});

describe('evaluateDeps', () => {
  const ctx: DepContext = {
    now: at('2024-01-01T00:00:00'),
    dagId: 'etl',
    ti: { taskId: 'load', mapIndex: -1, state: 'scheduled', nextRetryAt: null, pool: 'default_pool', poolSlots: 1 },
    task: { taskId: 'load', triggerRule: 'all_success', isTeardown: false, dependsOnPast: false, waitForDownstream: false },
    downstreamTaskIds: [],
    dagRun: { runId: 'r1', state: 'running' },
    upstream: [{ taskId: 'extract', mapIndex: -1, state: 'success', isSetup: false }],
    indirectSetups: [],
    previousRun: null,
    skipDecisions: [],
    pool: { name: 'default_pool', totalSlots: 128, openSlots: 10 },
    maxActiveTasks: 16,
    activeInRun: 0,
  };

  it('can run when every condition passes', () => {
    const v = evaluateDeps(ctx);
    assert.equal(v.canRun, true);
    assert.equal(v.setState, null);
    assert.equal(v.reason, 'all run conditions met');
    assert.equal(v.statuses.length, 8);
  });

  it('explains every failing condition', () => {
    const v = evaluateDeps({
      ...ctx,
      upstream: [{ taskId: 'extract', mapIndex: -1, state: 'running', isSetup: false }],
      activeInRun: 16,
    });
    assert.equal(v.canRun, false);
    assert.equal(v.setState, null);
    assert.equal(
      v.reason,
      'Trigger Rule: waiting for upstream extract (running) (trigger rule all_success); Task Instance Slots Available: DAG etl is at max_active_tasks: 16 of 16 running or queued in run r1',
    );
  });

  it('reports an early state, the trigger rule before a branch skip', () => {
    const v = evaluateDeps({
      ...ctx,
      upstream: [{ taskId: 'extract', mapIndex: -1, state: 'failed', isSetup: false }],
      skipDecisions: [{ upstreamTaskId: 'extract', followed: ['other'] }],
    });
    assert.equal(v.setState, 'upstream_failed');
    const skip = evaluateDeps({ ...ctx, skipDecisions: [{ upstreamTaskId: 'extract', followed: [] }] });
    assert.equal(skip.setState, 'skipped');
    assert.equal(skip.reason, 'Not Previously Skipped: skipped by extract: it followed no task');
  });
});
