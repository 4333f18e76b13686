import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AdmissionCandidate, AdmissionInput } from './admission.js';
import { admit, describeAdmission, runKey } from './admission.js';

const SRC = 'tests/unit/jobs/test_scheduler_job.py';
const D1 = new Date('2024-01-01T00:00:00Z');
const D2 = new Date('2024-01-02T00:00:00Z');

function c(taskId: string, extra: Partial<AdmissionCandidate> = {}): AdmissionCandidate {
  return { dagId: 'dag', runId: 'r1', taskId, mapIndex: -1, priorityWeight: 1, pool: 'default_pool', poolSlots: 1, logicalDate: D1, ...extra };
}

function input(candidates: AdmissionCandidate[], extra: Partial<AdmissionInput> = {}): AdmissionInput {
  return {
    candidates,
    pools: [{ name: 'default_pool', totalSlots: 128, openSlots: 128 }],
    parallelism: 32,
    maxActiveTasks: new Map(),
    activeTasksPerRun: new Map(),
    ...extra,
  };
}

const ids = (xs: readonly AdmissionCandidate[]) => xs.map((x) => `${x.runId}.${x.taskId}`);

describe(`admit (Airflow _executable_task_instances_to_queued, ${SRC})`, () => {
  it('orders by priority weight, then logical date, then map index', () => {
    const r = admit(
      input([
        c('low', { priorityWeight: 1 }),
        c('late', { priorityWeight: 5, logicalDate: D2 }),
        c('early', { priorityWeight: 5, logicalDate: D1 }),
        c('m1', { priorityWeight: 3, mapIndex: 1 }),
        c('m0', { priorityWeight: 3, mapIndex: 0 }),
        c('nodate', { priorityWeight: 5, logicalDate: null }),
      ]),
    );
    assert.deepEqual(ids(r.admitted), ['r1.early', 'r1.late', 'r1.nodate', 'r1.m0', 'r1.m1', 'r1.low']);
    assert.deepEqual(r.refused, []);
  });

  it('says a full pool is full', () => {
    const r = admit(input([c('a'), c('b')], { pools: [{ name: 'default_pool', totalSlots: 128, openSlots: 1 }] }));
    assert.deepEqual(ids(r.admitted), ['r1.a']);
    assert.deepEqual(describeAdmission(r), ['dag.a: queued', 'dag.b: pool default_pool is full: 128 of 128 slots used']);
  });

  it('refuses everything when no pool has an open slot', () => {
    const r = admit(input([c('a')], { pools: [{ name: 'default_pool', totalSlots: 128, openSlots: 0 }] }));
    assert.deepEqual(r.refused.map((x) => x.reason), ['every pool is full: no open slot in default_pool']);
  });

  it('refuses a missing pool', () => {
    // from Airflow: tests/unit/jobs/test_scheduler_job.py::test_nonexistent_pool
    const r = admit(input([c('a', { pool: 'nonexistent_pool' })]));
    assert.deepEqual(r.refused.map((x) => x.reason), ["pool nonexistent_pool does not exist: create it or change the task's pool"]);
  });

  it('lets a smaller task through when the first needs more slots than the pool has', () => {
    // from Airflow: tests/unit/jobs/test_scheduler_job.py::test_find_executable_task_instances_not_enough_pool_slots_for_first
    const r = admit(
      input([c('dummy1', { priorityWeight: 2, poolSlots: 2 }), c('dummy2', { priorityWeight: 1, poolSlots: 1 })], {
        pools: [{ name: 'default_pool', totalSlots: 1, openSlots: 1 }],
      }),
    );
    assert.deepEqual(ids(r.admitted), ['r1.dummy2']);
    assert.deepEqual(r.refused.map((x) => x.reason), ['needs 2 slots but pool default_pool has only 1: it can never run there']);
  });

  it('lets a smaller task through when the first needs more slots than are open', () => {
    const r = admit(
      input([c('big', { priorityWeight: 2, poolSlots: 3 }), c('small', { priorityWeight: 1 })], {
        pools: [{ name: 'default_pool', totalSlots: 4, openSlots: 2 }],
      }),
    );
    assert.deepEqual(ids(r.admitted), ['r1.small']);
    assert.deepEqual(r.refused.map((x) => x.reason), ['needs 3 slots but pool default_pool has 2 open (2 of 4 used)']);
  });

  it('skips a DAG at max_active_tasks and takes the next DAG', () => {
    // from Airflow: tests/unit/jobs/test_scheduler_job.py::test_find_executable_task_instances_not_enough_dag_concurrency_for_first
    const r = admit(
      input([c('dummy1-b', { dagId: 'a', priorityWeight: 2 }), c('dummy2', { dagId: 'b', priorityWeight: 1 })], {
        parallelism: 1,
        maxActiveTasks: new Map([['a', 1]]),
        activeTasksPerRun: new Map([[runKey('a', 'r1'), 1]]),
      }),
    );
    assert.deepEqual(r.admitted.map((x) => x.taskId), ['dummy2']);
    assert.deepEqual(r.refused.map((x) => x.reason), ['DAG a is at max_active_tasks: 1 of 1 running or queued in run r1']);
  });

  it('counts max_active_tasks per DAG run', () => {
    // from Airflow: tests/unit/jobs/test_scheduler_job.py::test_critical_section_enqueue_task_instances
    const run2 = ['t1', 't2', 't3', 't4'].map((t) => c(t, { runId: 'r2' }));
    const r = admit(
      input(run2, {
        maxActiveTasks: new Map([['dag', 3]]),
        activeTasksPerRun: new Map([[runKey('dag', 'r1'), 3]]),
      }),
    );
    assert.equal(r.admitted.length, 3);
    assert.deepEqual(r.refused.map((x) => x.reason), ['DAG dag is at max_active_tasks: 3 of 3 running or queued in run r2']);
  });

  it('admits no more than the free executor slots', () => {
    const r = admit(input([c('a'), c('b'), c('c')], { parallelism: 2 }));
    assert.deepEqual(ids(r.admitted), ['r1.a', 'r1.b']);
    assert.deepEqual(r.refused.map((x) => x.reason), ['no free executor slot: parallelism 2 reached']);
    // Airflow looks at no more than min(parallelism, open pool slots) per round, even if some are refused.
    const round = admit(
      input([c('a', { pool: 'p', priorityWeight: 3 }), c('b', { priorityWeight: 2 }), c('c', { priorityWeight: 1 })], {
        parallelism: 2,
        pools: [
          { name: 'default_pool', totalSlots: 4, openSlots: 4 },
          { name: 'p', totalSlots: 1, openSlots: 1 },
        ],
        maxActiveTasks: new Map([['dag', 5]]),
      }),
    );
    assert.deepEqual(ids(round.admitted), ['r1.a', 'r1.b']);
    assert.deepEqual(round.refused.map((x) => x.reason), ['no free executor slot: parallelism 2 reached']);
    const none = admit(input([c('a')], { parallelism: 0 }));
    assert.deepEqual(none.refused.map((x) => x.reason), ['no free executor slot (parallelism reached)']);
  });

  it('leaves candidates past the per-round limit for the next round, like Airflow', () => {
    const r = admit(input([c('x', { pool: 'missing', priorityWeight: 3 }), c('y', { priorityWeight: 2 }), c('z')], { parallelism: 2 }));
    assert.deepEqual(ids(r.admitted), ['r1.y']);
    assert.deepEqual(describeAdmission(r), [
      'dag.y: queued',
      "dag.x: pool missing does not exist: create it or change the task's pool",
      'dag.z: waiting for a later round: only the 2 highest-priority ready task instances are considered per round',
    ]);
  });

  it('a pool with negative open slots does not block other pools', () => {
    // from Airflow: tests/unit/jobs/test_scheduler_job.py::test_find_executable_task_instances_negative_open_pool_slots
    const r = admit(
      input([c('op1', { pool: 'pool1' })], {
        parallelism: 1,
        pools: [
          { name: 'pool1', totalSlots: 1, openSlots: 1 },
          { name: 'pool2', totalSlots: 1, openSlots: -1 },
        ],
      }),
    );
    assert.deepEqual(ids(r.admitted), ['r1.op1']);
  });

  it('property: never over-fills a pool, the executor or a run', () => {
    const candArb = fc.record({
      dagId: fc.constantFrom('d1', 'd2'),
      runId: fc.constantFrom('r1', 'r2'),
      taskId: fc.constantFrom('a', 'b', 'c', 'd'),
      mapIndex: fc.integer({ min: -1, max: 3 }),
      priorityWeight: fc.integer({ min: -5, max: 5 }),
      pool: fc.constantFrom('p1', 'p2', 'missing'),
      poolSlots: fc.integer({ min: 1, max: 4 }),
      logicalDate: fc.option(fc.constantFrom(D1, D2), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(candArb, { maxLength: 20 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -1, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (candidates, parallelism, p1Open, p2Open, limit) => {
          const pools = [
            { name: 'p1', totalSlots: 5, openSlots: p1Open },
            { name: 'p2', totalSlots: 6, openSlots: p2Open },
          ];
          const r = admit({ candidates, pools, parallelism, maxActiveTasks: new Map([['d1', limit]]), activeTasksPerRun: new Map() });
          assert.equal(r.admitted.length + r.refused.length, candidates.length);
          assert.ok(r.admitted.length <= parallelism);
          for (const p of pools) {
            const used = r.admitted.filter((x) => x.pool === p.name).reduce((s, x) => s + x.poolSlots, 0);
            assert.ok(used <= Math.max(0, p.openSlots), `${p.name} over-filled`);
          }
          for (const run of ['r1', 'r2']) {
            assert.ok(r.admitted.filter((x) => x.dagId === 'd1' && x.runId === run).length <= limit);
          }
          for (const x of r.refused) assert.ok(x.reason.length > 0);
        },
      ),
    );
  });
});
