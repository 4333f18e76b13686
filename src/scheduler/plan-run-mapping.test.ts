import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, empty, task } from '../sdk/index.js';
import { changed, declare, noop, readyNames, RunSim, waitingReason } from './testing/run-sim.js';

describe('dynamic task mapping', () => {
  const d = declare('mapping', () => {
    const produce = task('produce', async () => [1, 2, 3]);
    const consume = task('consume', { expand: { x: produce } }, async ({ x }) => x * 2);
    task('total', { inputs: { all: consume } }, async ({ all }) => all.length);
  });

  test('the mapped task waits until its producer succeeded', () => {
    const sim = new RunSim(d);
    let plan = sim.plan();
    assert.deepEqual(readyNames(plan), ['produce']);
    assert.equal(waitingReason(plan, 'consume'), 'Trigger Rule: waiting for upstream produce (not started) (trigger rule all_success)');
    assert.deepEqual(plan.expansions, []);
    sim.set({ produce: 'running' });
    plan = sim.plan();
    assert.deepEqual(plan.expansions, []);
    assert.equal(waitingReason(plan, 'consume'), 'Trigger Rule: waiting for upstream produce (running) (trigger rule all_success)');
  });

  test('a succeeded producer whose list length is not known yet keeps the task waiting, naming the producer', () => {
    const plan = new RunSim(d).set({ produce: 'success' }).plan();
    assert.deepEqual(plan.expansions, []);
    assert.deepEqual(plan.ready, []);
    assert.match(waitingReason(plan, 'consume'), /length of the list.*'produce'/);
    assert.equal(plan.runState.state, 'running');
  });

  test('a list of 3 expands the task into 3 ready instances', () => {
    const sim = new RunSim(d).set({ produce: 'success' });
    sim.expansionLengths.set('produce', 3);
    const plan = sim.plan();
    assert.deepEqual(plan.expansions, [{ taskId: 'consume', count: 3 }]);
    assert.deepEqual(readyNames(plan), ['consume[0]', 'consume[1]', 'consume[2]']);
    // The downstream counts the three instances, not the task.
    assert.equal(waitingReason(plan, 'total'), 'Trigger Rule: waiting for upstream consume[0..2] (not started); 0 of 3 done (trigger rule all_success)');
  });

  // from Airflow: tests/unit/models/test_dagrun.py::test_ti_scheduling_mapped_zero_length
  // and test_mapping_against_empty_list (the run then succeeds)
  test('an empty list skips the mapped task, and the skip cascades', () => {
    const sim = new RunSim(d).set({ produce: 'success' });
    sim.expansionLengths.set('produce', 0);
    const plan = sim.plan();
    assert.deepEqual(plan.expansions, []);
    assert.deepEqual(changed(plan), { consume: 'skipped', total: 'skipped' });
    assert.equal(plan.runState.state, 'success');
  });

  test('a value that is not a list fails the mapped task with a reason naming the producer', () => {
    const sim = new RunSim(d).set({ produce: 'success' });
    sim.expansionLengths.set('produce', null);
    const plan = sim.plan();
    assert.deepEqual(changed(plan), { consume: 'failed', total: 'upstream_failed' });
    const reason = plan.changes.find((c) => c.key.taskId === 'consume')?.reason ?? '';
    assert.match(reason, /'produce'/);
    assert.match(reason, /not return a list/);
    assert.equal(plan.runState.state, 'failed');
  });

  // from Airflow: tests/unit/models/test_dagrun.py::test_mapped_task_upstream_failed (all_success and all_done)
  for (const triggerRule of ['all_success', 'all_done'] as const) {
    test(`a failed producer makes the unexpanded task upstream_failed (${triggerRule})`, () => {
      const failedProducer = declare(`mapping_failed_${triggerRule}`, () => {
        const makeList = task('make_list', async () => [1, 2]);
        task('consumer', { expand: { value: makeList }, triggerRule }, noop);
      });
      const plan = new RunSim(failedProducer).set({ make_list: 'failed' }).plan();
      assert.deepEqual(changed(plan), { consumer: 'upstream_failed' });
      assert.match(plan.changes[0]?.reason ?? '', /make_list/);
      assert.equal(plan.runState.state, 'failed');
    });
  }

  // from Airflow: tests/unit/models/test_dagrun.py::test_mapped_task_all_finish_before_downstream
  test('a downstream task counts every mapped instance for its trigger rule', () => {
    const sim = new RunSim(d).set({ produce: 'success' });
    sim.expansionLengths.set('produce', 3);
    sim.step();
    sim.set({ 'consume[0]': 'success', 'consume[1]': 'success', 'consume[2]': 'running' });
    let plan = sim.plan();
    assert.deepEqual(plan.ready, []);
    assert.equal(waitingReason(plan, 'total'), 'Trigger Rule: waiting for upstream consume[2] (running); 2 of 3 done (trigger rule all_success)');
    sim.set({ 'consume[2]': 'success' });
    plan = sim.plan();
    assert.deepEqual(readyNames(plan), ['total']);

    sim.set({ 'consume[2]': 'failed' });
    plan = sim.plan();
    assert.deepEqual(changed(plan), { total: 'upstream_failed' });
  });

  // from Airflow: tests/unit/models/test_dagrun.py::test_mapped_expand_kwargs (a literal list expands at once)
  // and test_mapped_mixed_literal_not_expanded_at_create (a literal with a task output waits)
  test('a literal list expands in the first plan; a literal mixed with an output waits for the output', () => {
    const lit = declare('literal_mapping', () => {
      const first = task('task_1', async () => ['a', 'b']);
      const literal = task('literal', { expand: { x: [1, 2, 3] } }, async ({ x }) => x);
      first.before(literal);
      task('mixed', { expand: { arg1: [1, 2, 3, 4], arg2: first } }, noop);
    });
    const sim = new RunSim(lit);
    const plan = sim.step();
    assert.deepEqual(plan.expansions, [{ taskId: 'literal', count: 3 }]);
    assert.deepEqual(readyNames(plan), ['task_1']);
    assert.equal(waitingReason(plan, 'literal[2]'), 'Trigger Rule: waiting for upstream task_1 (not started) (trigger rule all_success)');
    assert.equal(waitingReason(plan, 'mixed'), 'Trigger Rule: waiting for upstream task_1 (not started) (trigger rule all_success)');

    sim.set({ task_1: 'success' });
    sim.expansionLengths.set('task_1', 2);
    const next = sim.plan();
    // Airflow maps over the product of the mapped inputs: 4 x 2.
    assert.deepEqual(next.expansions, [{ taskId: 'mixed', count: 8 }]);
    assert.equal(next.ready.filter((k) => k.taskId === 'literal').length, 3);
  });

  test('a literal-mapped task whose upstream fails: every instance is upstream_failed', () => {
    const lit = declare('literal_mapping_failed', () => {
      chain(empty('first'), task('literal', { expand: { x: [1, 2] } }, noop));
    });
    const sim = new RunSim(lit);
    sim.step();
    sim.set({ first: 'failed' });
    const plan = sim.plan();
    assert.deepEqual(changed(plan), { 'literal[0]': 'upstream_failed', 'literal[1]': 'upstream_failed' });
    assert.equal(plan.runState.state, 'failed');
  });

  // from Airflow: tests/unit/models/test_dagrun.py::test_mapped_skip_upstream_not_deadlock
  test('an empty literal list is skipped once its upstream succeeded, and the run succeeds', () => {
    const empties = declare('empty_literal', () => {
      const hi = task('say_hi', noop);
      const added = task('add_one', { expand: { x: [] as number[] } }, async ({ x }) => x + 1);
      const more = task('add_one__1', { expand: { x: [] as number[] } }, async ({ x }) => x + 1);
      chain(hi, added, more);
    });
    const sim = new RunSim(empties);
    assert.deepEqual(sim.plan().changes, [], 'nothing is decided before say_hi ran');
    sim.set({ say_hi: 'success' });
    const plan = sim.plan();
    assert.deepEqual(changed(plan), { add_one: 'skipped', add_one__1: 'skipped' });
    assert.equal(plan.runState.state, 'success');
  });
});

describe('setup and teardown', () => {
  const d = declare('setup_teardown', () => {
    const create = task('create_cluster', { setup: true }, noop);
    const work = task('work', noop);
    const remove = task('delete_cluster', { teardownOf: create }, noop);
    chain(create, work, remove);
  });

  test('the teardown runs after the work failed, when its setup succeeded', () => {
    const sim = new RunSim(d).set({ create_cluster: 'success', work: 'failed' });
    const plan = sim.plan();
    assert.deepEqual(readyNames(plan), ['delete_cluster']);
    assert.deepEqual(plan.changes, []);
    assert.equal(plan.runState.state, 'running');
  });

  // from Airflow: tests/unit/models/test_dagrun.py::test_work_task_failure_when_setup_teardown_are_successful
  test('failed work fails the run even though the teardown succeeded', () => {
    const plan = new RunSim(d).set({ create_cluster: 'success', work: 'failed', delete_cluster: 'success' }).plan();
    assert.equal(plan.runState.state, 'failed');
    assert.match(plan.runState.reason, /work/);
  });

  // from Airflow: tests/unit/models/test_dagrun.py::test_teardown_failure_behaviour_on_dagrun (on_failure_fail_dagrun=False)
  test('a failed teardown leaf does not fail the run', () => {
    const plan = new RunSim(d).set({ create_cluster: 'success', work: 'success', delete_cluster: 'failed' }).plan();
    assert.equal(plan.runState.state, 'success');
  });

  test('a failed setup: the work and the teardown are upstream_failed', () => {
    const plan = new RunSim(d).set({ create_cluster: 'failed' }).plan();
    assert.deepEqual(changed(plan), { work: 'upstream_failed', delete_cluster: 'upstream_failed' });
    assert.equal(plan.runState.state, 'failed');
  });

  test('work two steps below a setup also waits for it (indirect setup)', () => {
    const indirect = declare('indirect_setup', () => {
      const create = task('create', { setup: true }, noop);
      const step1 = empty('step1', { triggerRule: 'all_done' });
      const step2 = empty('step2', { triggerRule: 'all_done' });
      chain(create, step1, step2, task('remove', { teardownOf: create }, noop));
    });
    const plan = new RunSim(indirect).set({ create: 'failed' }).plan();
    // step1 runs on all_done; step2 has create as an indirect setup, and that failed; so does the
    // teardown's only setup (it settles in the same plan, once step2 is done).
    assert.deepEqual(readyNames(plan), ['step1']);
    assert.deepEqual(changed(plan), { step2: 'upstream_failed', remove: 'upstream_failed' });
    assert.match(plan.changes[0]?.reason ?? '', /setup task create failed/);
  });
});
