import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WeightRule } from './dag-spec.js';
import { DB_SAFE_MAXIMUM, dbSafePriority, effectivePriorityWeights } from './priority-weight.js';

interface W {
  taskId: string;
  upstream: string[];
  priorityWeight: number;
  weightRule: WeightRule;
}

/** Airflow's fully connected pipeline: every task of stage i depends on every task of stage i-1. */
function pipeline(width: number, depth: number, weight: number, rule: WeightRule): W[] {
  const tasks: W[] = [];
  for (let i = 0; i < depth; i += 1) {
    for (let j = 0; j < width; j += 1) {
      const upstream = i === 0 ? [] : Array.from({ length: width }, (_, k) => `stage${i - 1}.${k}`);
      tasks.push({ taskId: `stage${i}.${j}`, upstream, priorityWeight: weight, weightRule: rule });
    }
  }
  return tasks;
}

describe('effectivePriorityWeights', () => {
  const width = 5;
  const depth = 5;
  const weight = 5;
  const depthOf = (id: string) => Number(/^stage(\d+)\./.exec(id)![1]);

  it('downstream: own + every descendant, once each', () => {
    // from Airflow: tests/unit/models/test_dag.py::test_dag_task_priority_weight_total
    for (const [id, w] of effectivePriorityWeights(pipeline(width, depth, weight, 'downstream'))) {
      assert.equal(w, ((depth - (depthOf(id) + 1)) * width + 1) * weight, id);
    }
  });

  it('upstream: own + every ancestor', () => {
    // from Airflow: tests/unit/models/test_dag.py::test_dag_task_priority_weight_total_using_upstream
    for (const [id, w] of effectivePriorityWeights(pipeline(width, depth, weight, 'upstream'))) {
      assert.equal(w, (depthOf(id) * width + 1) * weight, id);
    }
  });

  it('absolute: own weight', () => {
    // from Airflow: tests/unit/models/test_dag.py::test_dag_task_priority_weight_total_using_absolute
    for (const [, w] of effectivePriorityWeights(pipeline(width, depth, weight, 'absolute'))) assert.equal(w, weight);
  });

  it('counts a diamond descendant once and mixes rules per task', () => {
    // a -> b, a -> c, b -> d, c -> d
    const tasks: W[] = [
      { taskId: 'a', upstream: [], priorityWeight: 1, weightRule: 'downstream' },
      { taskId: 'b', upstream: ['a'], priorityWeight: 10, weightRule: 'absolute' },
      { taskId: 'c', upstream: ['a'], priorityWeight: 100, weightRule: 'upstream' },
      { taskId: 'd', upstream: ['b', 'c'], priorityWeight: 1000, weightRule: 'upstream' },
    ];
    assert.deepEqual(
      Object.fromEntries(effectivePriorityWeights(tasks)),
      { a: 1111, b: 10, c: 101, d: 1111 },
    );
  });

  it('clamps to a 32-bit integer', () => {
    assert.equal(dbSafePriority(2 ** 40), DB_SAFE_MAXIMUM);
    assert.equal(dbSafePriority(-(2 ** 40)), -2_147_483_648);
    const tasks: W[] = [
      { taskId: 'a', upstream: [], priorityWeight: DB_SAFE_MAXIMUM, weightRule: 'downstream' },
      { taskId: 'b', upstream: ['a'], priorityWeight: DB_SAFE_MAXIMUM, weightRule: 'absolute' },
    ];
    assert.equal(effectivePriorityWeights(tasks).get('a'), DB_SAFE_MAXIMUM);
  });
});
