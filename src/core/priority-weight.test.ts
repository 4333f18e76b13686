import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
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

/** The rule as stated, one search per task: the reference the fast version must match. */
function referenceWeights(tasks: readonly W[]): Map<string, number> {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const neighbours = (id: string, rule: WeightRule): string[] =>
    rule === 'upstream' ? [...(byId.get(id)?.upstream ?? [])] : tasks.filter((t) => t.upstream.includes(id)).map((t) => t.taskId);
  const result = new Map<string, number>();
  for (const task of tasks) {
    const seen = new Set<string>([task.taskId]);
    const queue = task.weightRule === 'absolute' ? [] : neighbours(task.taskId, task.weightRule);
    let total = task.priorityWeight;
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      total += byId.get(id)?.priorityWeight ?? 0;
      queue.push(...neighbours(id, task.weightRule));
    }
    result.set(task.taskId, dbSafePriority(total));
  }
  return result;
}

const ruleArb = fc.constantFrom<WeightRule>('downstream', 'upstream', 'absolute');

/** Random DAGs: task i may depend on any task before it; the list is then shuffled. */
const dagArb = fc
  .integer({ min: 1, max: 70 })
  .chain((n) =>
    fc.record({
      edges: fc.array(fc.array(fc.nat(n - 1), { maxLength: 6 }), { minLength: n, maxLength: n }),
      weights: fc.array(fc.integer({ min: -50, max: 1000 }), { minLength: n, maxLength: n }),
      rules: fc.array(ruleArb, { minLength: n, maxLength: n }),
      order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      stranger: fc.boolean(),
    }),
  )
  .map(({ edges, weights, rules, order, stranger }) =>
    order.map((i): W => ({
      taskId: `t${i}`,
      // only earlier tasks, so no cycle; repeats kept on purpose (an edge listed twice)
      upstream: [...edges[i]!.filter((u) => u < i).map((u) => `t${u}`), ...(stranger && i % 7 === 3 ? ['not_a_task'] : [])],
      priorityWeight: weights[i]!,
      weightRule: rules[i]!,
    })),
  );

describe('effectivePriorityWeights against the plain definition', () => {
  it('matches on random DAGs (diamonds, repeated edges, unknown upstream ids, mixed rules)', () => {
    fc.assert(
      fc.property(dagArb, (tasks) => {
        assert.deepEqual(effectivePriorityWeights(tasks), referenceWeights(tasks));
      }),
      { numRuns: 300 },
    );
  });

  it('matches on graphs with a cycle, which validation rejects but must not hang', () => {
    const tasks: W[] = [
      { taskId: 'a', upstream: ['c'], priorityWeight: 1, weightRule: 'downstream' },
      { taskId: 'b', upstream: ['a'], priorityWeight: 10, weightRule: 'upstream' },
      { taskId: 'c', upstream: ['b'], priorityWeight: 100, weightRule: 'downstream' },
      { taskId: 'd', upstream: ['c'], priorityWeight: 1000, weightRule: 'upstream' },
    ];
    assert.deepEqual(effectivePriorityWeights(tasks), referenceWeights(tasks));
    assert.deepEqual(Object.fromEntries(effectivePriorityWeights(tasks)), { a: 1111, b: 111, c: 1111, d: 1111 });
  });

  it('stays fast on long chains and wide fan-outs', () => {
    const chain = (rule: WeightRule): W[] =>
      Array.from({ length: 3000 }, (_, i) => ({
        taskId: `t${i}`,
        upstream: i === 0 ? [] : [`t${i - 1}`],
        priorityWeight: 1,
        weightRule: rule,
      }));
    // root -> 1,000 workers -> sink
    const fan = (rule: WeightRule): W[] => [
      { taskId: 'root', upstream: [], priorityWeight: 1, weightRule: rule },
      ...Array.from({ length: 1000 }, (_, i) => ({ taskId: `w${i}`, upstream: ['root'], priorityWeight: 1, weightRule: rule })),
      { taskId: 'sink', upstream: Array.from({ length: 1000 }, (_, i) => `w${i}`), priorityWeight: 1, weightRule: rule },
    ];
    for (const rule of ['downstream', 'upstream'] as const) {
      const c = chain(rule);
      const f = fan(rule);
      assert.equal(effectivePriorityWeights(c).get(rule === 'downstream' ? 't0' : 't2999'), 3000);
      assert.equal(effectivePriorityWeights(f).get(rule === 'downstream' ? 'root' : 'sink'), 1002);
      assert.equal(effectivePriorityWeights(f).get('w5'), 2);
      // a few ms in practice (was ~400 ms for the chain). The best of 5 tries, and a
      // generous bound, so a loaded 2-core machine pausing one try does not fail the test.
      let best = Infinity;
      for (let i = 0; i < 5; i += 1) {
        const started = performance.now();
        effectivePriorityWeights(c);
        effectivePriorityWeights(f);
        best = Math.min(best, performance.now() - started);
      }
      assert.ok(best < 100, `${rule}: ${best.toFixed(1)} ms`);
    }
  });
});
