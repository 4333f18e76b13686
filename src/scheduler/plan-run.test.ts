import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { branch, chain, empty, group, shortCircuit, task } from '../sdk/index.js';
import { decideDagRunState } from '../core/dag-run-state.js';
import type { PreviousRun } from '../core/deps/index.js';
import type { TaskInstanceStateOrNone } from '../core/states.js';
import { changed, declare, nameOf, noop, NOW, readyNames, RunSim, waitingReason } from './testing/run-sim.js';

describe('a fresh run', () => {
  const d = declare('fresh', () => {
    chain(empty('extract'), empty('transform'), empty('load'));
    empty('audit', { priorityWeight: 10 });
    empty('cleanup');
  });

  test('only root tasks are ready, best priority weight first', () => {
    const plan = new RunSim(d).plan();
    // audit weighs 10; extract 3 (itself + two downstream); cleanup 1.
    assert.deepEqual(readyNames(plan), ['audit', 'extract', 'cleanup']);
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.expansions, []);
    assert.equal(plan.runState.state, 'running');
    assert.match(plan.runState.reason, /5 task instances unfinished/);
  });

  test('downstream tasks wait with a reason saying what they wait for', () => {
    const sim = new RunSim(d);
    let plan = sim.plan();
    assert.deepEqual(plan.waiting.map((w) => nameOf(w.key)), ['transform', 'load']);
    assert.equal(waitingReason(plan, 'transform'), 'Trigger Rule: waiting for upstream extract (not started) (trigger rule all_success)');
    sim.set({ extract: 'running' });
    plan = sim.plan();
    assert.equal(waitingReason(plan, 'transform'), 'Trigger Rule: waiting for upstream extract (running) (trigger rule all_success)');
  });

  test('a task runs once its upstream succeeded; a finished run is success', () => {
    const sim = new RunSim(d).set({ extract: 'success' });
    assert.deepEqual(readyNames(sim.plan()), ['audit', 'transform', 'cleanup']);
    sim.set({ transform: 'success', load: 'success', audit: 'success', cleanup: 'skipped' });
    const plan = sim.plan();
    assert.deepEqual(plan.ready, []);
    assert.equal(plan.runState.state, 'success');
  });

  test('task groups prefix their ids and stand for their first tasks', () => {
    const grouped = declare('grouped', () => {
      const extract = group('extract', () => [empty('users'), empty('songs')]);
      chain(extract, empty('load'));
    });
    const plan = new RunSim(grouped).plan();
    assert.deepEqual(readyNames(plan).sort(), ['extract.songs', 'extract.users']);
    assert.equal(waitingReason(plan, 'load'), 'Trigger Rule: waiting for upstream extract.songs (not started), extract.users (not started); 0 of 2 done (trigger rule all_success)');
  });

  test('running, queued and finished instances are not offered', () => {
    const sim = new RunSim(d).set({ extract: 'running', audit: 'queued', cleanup: 'success' });
    const plan = sim.plan();
    assert.deepEqual(readyNames(plan), []);
    assert.equal(plan.runState.state, 'running');
  });
});

describe('failures cascade', () => {
  const d = declare('cascade', () => {
    const a = empty('a');
    const b = empty('b');
    const c = empty('c');
    chain(a, b, c);
  });

  test('A failed: B and C become upstream_failed in one plan, and the run fails', () => {
    const sim = new RunSim(d).set({ a: 'failed' });
    const plan = sim.plan();
    assert.deepEqual(changed(plan), { b: 'upstream_failed', c: 'upstream_failed' });
    assert.match(plan.changes[0]?.reason ?? '', /\ba\b.*failed/);
    assert.deepEqual(plan.ready, []);
    assert.equal(plan.runState.state, 'failed');
    assert.equal(plan.runState.cause, 'task_failure');
  });

  test('the run stays running while another branch is unfinished', () => {
    const wide = declare('cascade_wide', () => {
      chain(empty('a'), empty('b'));
      empty('other');
    });
    const sim = new RunSim(wide).set({ a: 'failed', other: 'running' });
    const plan = sim.plan();
    assert.deepEqual(changed(plan), { b: 'upstream_failed' });
    assert.equal(plan.runState.state, 'running');
    sim.step();
    sim.set({ other: 'success' });
    assert.equal(sim.plan().runState.state, 'failed');
  });

  const rules = declare('rules', () => {
    const a = empty('a');
    a.before(
      empty('on_failure', { triggerRule: 'one_failed' }),
      empty('always_cleanup', { triggerRule: 'all_done' }),
      empty('join', { triggerRule: 'none_failed_min_one_success' }),
      empty('any_success', { triggerRule: 'one_success' }),
      empty('none_failed', { triggerRule: 'none_failed' }),
    );
  });

  test('downstream rules after a failure: one_failed and all_done run, the others are upstream_failed', () => {
    const plan = new RunSim(rules).set({ a: 'failed' }).plan();
    assert.deepEqual(readyNames(plan), ['always_cleanup', 'on_failure']);
    assert.deepEqual(changed(plan), { join: 'upstream_failed', any_success: 'upstream_failed', none_failed: 'upstream_failed' });
    assert.equal(plan.runState.state, 'running');
  });

  test('downstream rules after a success: one_failed is skipped, the others run', () => {
    const plan = new RunSim(rules).set({ a: 'success' }).plan();
    assert.deepEqual(changed(plan), { on_failure: 'skipped' });
    assert.deepEqual(readyNames(plan), ['always_cleanup', 'any_success', 'join', 'none_failed']);
  });

  // from Airflow: tests/unit/models/test_dagrun.py::TestDagRun::test_dagrun_deadlock (its first half:
  // a one_failed task after a success does not deadlock the run; it is skipped and the run succeeds)
  test('a one_failed task after a success is skipped and the run succeeds', () => {
    const dl = declare('deadlock_one_failed', () => {
      chain(empty('A'), empty('B', { triggerRule: 'one_failed' }));
    });
    const plan = new RunSim(dl).set({ A: 'success' }).plan();
    assert.deepEqual(changed(plan), { B: 'skipped' });
    assert.equal(plan.runState.state, 'success');
  });

  // from Airflow: tests/unit/models/test_dagrun.py::TestDagRun::test_dagrun_success_conditions
  test('the run follows its leaves: a failed root with a successful leaf still succeeds', () => {
    const dsc = declare('success_conditions', () => {
      const a = empty('A');
      const c = empty('C');
      a.after(empty('B'), c);
      c.after(empty('D'));
    });
    const sim = new RunSim(dsc).set({ A: 'success' });
    assert.equal(sim.plan().runState.state, 'running');
    sim.set({ B: 'failed', C: 'success', D: 'success' });
    assert.equal(sim.plan().runState.state, 'success');
  });
});

describe('skips cascade', () => {
  const d = declare('skips', () => {
    const a = empty('a');
    const b = empty('b');
    chain(a, b, empty('c'));
    a.before(empty('tolerant', { triggerRule: 'none_failed' }), empty('join', { triggerRule: 'none_failed_min_one_success' }));
  });

  test('a skipped upstream skips all_success tasks all the way down; none_failed still runs', () => {
    const sim = new RunSim(d).set({ a: 'skipped' });
    const plan = sim.plan();
    assert.deepEqual(changed(plan), { b: 'skipped', c: 'skipped', join: 'skipped' });
    assert.deepEqual(readyNames(plan), ['tolerant']);
    assert.match(plan.changes.find((c) => c.key.taskId === 'b')?.reason ?? '', /\ba\b.*skipped/);
    sim.step();
    sim.set({ tolerant: 'success' });
    assert.equal(sim.plan().runState.state, 'success');
  });

  // from Airflow: tests/unit/models/test_dagrun.py::TestDagRun::test_dagrun_success_when_all_skipped
  test('a run whose tasks were skipped by a short-circuit succeeds', () => {
    const sc = declare('all_skipped', () => {
      chain(shortCircuit('test_short_circuit_false', () => false), empty('test_state_skipped1'), empty('test_state_skipped2'));
    });
    const sim = new RunSim(sc).set({ test_short_circuit_false: 'success', test_state_skipped1: 'skipped', test_state_skipped2: 'skipped' });
    assert.equal(sim.plan().runState.state, 'success');
  });

  test('a branch: the skipped path cascades, the join after both paths runs', () => {
    const br = declare('branching', () => {
      const pick = branch('pick', () => 'left');
      const left = empty('left');
      const right = empty('right');
      pick.before(left, right);
      const afterRight = empty('after_right');
      right.before(afterRight);
      chain([left, afterRight], empty('join', { triggerRule: 'none_failed_min_one_success' }));
    });
    // The runner sets the unchosen direct downstream to skipped when the branch finishes.
    const sim = new RunSim(br).set({ pick: 'success', right: 'skipped' });
    const plan = sim.step();
    assert.deepEqual(changed(plan), { after_right: 'skipped' });
    assert.deepEqual(readyNames(plan), ['left']);
    sim.set({ left: 'success' });
    assert.deepEqual(readyNames(sim.plan()), ['join']);
  });
});

describe('retries', () => {
  const d = declare('retrying', () => {
    task('flaky', { retries: 2, retryDelay: '1m' }, noop);
  });

  // from Airflow: tests/unit/models/test_taskinstance.py::TestTaskInstance::test_retry_delay
  test('up_for_retry waits for its retry time, then is ready', () => {
    const retryAt = new Date(NOW.getTime() + 60_000);
    const sim = new RunSim(d).set({ flaky: 'up_for_retry' }, { tryNumber: 1, nextRetryAt: retryAt });
    const before = sim.plan();
    assert.deepEqual(before.ready, []);
    assert.match(waitingReason(before, 'flaky'), /retry/);
    assert.match(waitingReason(before, 'flaky'), new RegExp(retryAt.toISOString().replace(/[.]/g, '\\.')));
    assert.equal(before.runState.state, 'running', 'a task waiting to retry is not a deadlock');

    sim.now = retryAt; // Airflow retries strictly after the retry time
    assert.deepEqual(sim.plan().ready, []);
    sim.now = new Date(retryAt.getTime() + 1);
    assert.deepEqual(readyNames(sim.plan()), ['flaky']);
  });
});

describe('tasks that cannot run', () => {
  test('a task whose pool does not exist waits with a reason naming the pool; the run is not a success', () => {
    const d = declare('missing_pool', () => {
      empty('cpu');
      empty('gpu_job', { pool: 'gpu' });
    });
    const sim = new RunSim(d);
    let plan = sim.plan();
    assert.deepEqual(readyNames(plan), ['cpu']);
    assert.match(waitingReason(plan, 'gpu_job'), /pool gpu does not exist/);
    sim.set({ cpu: 'success' });
    plan = sim.plan();
    assert.deepEqual(plan.ready, []);
    assert.match(waitingReason(plan, 'gpu_job'), /pool gpu/);
    assert.notEqual(plan.runState.state, 'success');
  });

  test('a task needing more slots than its pool has waits with a reason', () => {
    const d = declare('small_pool', () => {
      empty('big', { pool: 'tiny', poolSlots: 4 });
    });
    const sim = new RunSim(d);
    sim.pools = new Map([['tiny', { name: 'tiny', totalSlots: 2, openSlots: 2 }]]);
    assert.match(waitingReason(sim.plan(), 'big'), /needs 4 slots but pool tiny has only 2/);
  });

  test('nothing is ready while the run itself is not running', () => {
    const d = declare('queued_run', () => {
      empty('a');
    });
    const plan = new RunSim(d, { state: 'queued' }).plan();
    assert.deepEqual(plan.ready, []);
    assert.match(waitingReason(plan, 'a'), /queued, not running/);
  });
});

describe('depends_on_past', () => {
  const d = declare('past', () => {
    empty('test_dop_task', { dependsOnPast: true });
  });
  const previous = (state: TaskInstanceStateOrNone): PreviousRun => ({
    runId: 'scheduled__2025-02-28T12:00:00+00:00',
    tis: [{ taskId: 'test_dop_task', mapIndex: -1, state }],
  });

  // from Airflow: tests/unit/models/test_dagrun.py::TestDagRun::test_depends_on_past
  for (const [state, schedulable] of [
    ['success', true],
    ['skipped', true],
    ['running', false],
    ['failed', false],
    [null, false],
  ] as const) {
    test(`previous instance ${state ?? 'none'}: ${schedulable ? 'ready' : 'waiting'}`, () => {
      const sim = new RunSim(d, { runType: 'scheduled' });
      sim.previousRun = previous(state);
      const plan = sim.plan();
      assert.equal(plan.ready.length === 1, schedulable);
      if (!schedulable) {
        assert.match(waitingReason(plan, 'test_dop_task'), /depends_on_past: test_dop_task in previous run scheduled__2025-02-28/);
        // from Airflow: tests/unit/models/test_dagrun.py::TestDagRun::test_dagrun_no_deadlock_with_depends_on_past
        assert.equal(plan.runState.state, 'running');
      }
    });
  }

  test('the first run has no past to wait for', () => {
    assert.deepEqual(readyNames(new RunSim(d).plan()), ['test_dop_task']);
  });
});

describe('the running shortcut', () => {
  test('gives exactly the decision the full DAG-run state check gives', () => {
    const d = declare('shortcut', () => {
      chain(empty('a'), [empty('b'), empty('c')], empty('d'));
      const s = task('s', { setup: true }, noop);
      chain(s, empty('w'), task('t', { teardownOf: s }, noop));
    });
    const cases: Record<string, TaskInstanceStateOrNone>[] = [
      {},
      { a: 'success' },
      { a: 'success', b: 'running', c: 'up_for_retry' },
      { a: 'success', b: 'success', c: 'success', s: 'failed' },
    ];
    for (const states of cases) {
      const sim = new RunSim(d).set(states);
      const plan = sim.step();
      assert.ok(plan.ready.length > 0, `something is ready for ${JSON.stringify(states)}`);
      assert.deepEqual(plan.runState, decideDagRunState({ tasks: d.spec.tasks, tis: sim.tis }), JSON.stringify(states));
    }
  });
});

describe('performance', () => {
  const n = 1000;
  const big = declare('chain_1000', () => {
    chain(...Array.from({ length: n }, (_, i) => empty(`t${String(i).padStart(4, '0')}`)));
  });

  test('a 1,000-task linear DAG plans a fresh run well under a second', () => {
    const sim = new RunSim(big);
    const started = performance.now();
    const plan = sim.plan();
    const elapsed = performance.now() - started;
    assert.deepEqual(readyNames(plan), ['t0000']);
    assert.equal(plan.waiting.length, n - 1);
    assert.ok(elapsed < 500, `planned in ${elapsed.toFixed(0)} ms`);
  });

  test('a failure at the root of a 1,000-task chain cascades in one plan, well under a second', () => {
    const sim = new RunSim(big).set({ t0000: 'failed' });
    const started = performance.now();
    const plan = sim.plan();
    const elapsed = performance.now() - started;
    assert.equal(plan.changes.length, n - 1);
    assert.equal(plan.runState.state, 'failed');
    assert.ok(elapsed < 500, `planned in ${elapsed.toFixed(0)} ms`);
  });
});
