/**
 * Which tasks need a new look after some tasks of a run finished: their direct
 * downstream tasks, whose trigger rules read the finished ones. Nothing else in
 * the run can have changed, so the scheduler plans just those (a partial plan,
 * see `RunSnapshot.focus`) instead of reading and evaluating every instance of
 * the run for each batch of finished tries: in a 10,000-task fan-out that full
 * look cost O(tasks) per tick, the run O(tasks^2).
 *
 * DAGs whose run conditions reach further than direct upstream tasks (setup and
 * teardown tasks, mapped tasks, depends-on-past, tasks that skip others) always
 * get a full plan.
 */
import type { DagSpec } from '../core/dag-spec.js';

export interface PlanFocus {
  /** Tasks to evaluate. */
  readonly focus: ReadonlySet<string>;
  /** Tasks whose instances the plan reads: the focus and the focus's upstream tasks. */
  readonly read: readonly string[];
}

interface Graph {
  readonly downstream: ReadonlyMap<string, readonly string[]>;
  readonly upstream: ReadonlyMap<string, readonly string[]>;
}

/** Tasks that skip others when they succeed: what they skip may lie anywhere in the run. */
const SKIPPING_KINDS: ReadonlySet<string> = new Set(['branch', 'short_circuit', 'latest_only']);

/** Specs are immutable once stored: the graph is worked out once per DAG version. */
const graphs = new WeakMap<DagSpec, Graph | null>();

/** The partial plan to make after `finished` tasks ended, or `null` when this DAG needs a full plan. */
export function focusAfter(spec: DagSpec, finished: Iterable<string>): PlanFocus | null {
  const graph = graphOf(spec);
  if (graph === null) return null;
  const focus = new Set<string>();
  for (const taskId of finished) for (const down of graph.downstream.get(taskId) ?? []) focus.add(down);
  const read = new Set(focus);
  for (const taskId of focus) for (const up of graph.upstream.get(taskId) ?? []) read.add(up);
  return { focus, read: [...read] };
}

function graphOf(spec: DagSpec): Graph | null {
  let graph = graphs.get(spec);
  if (graph !== undefined) return graph;
  const partialPlansHold = spec.tasks.every(
    (t) => !t.isSetup && !t.isTeardown && !t.dependsOnPast && !t.waitForDownstream && Object.keys(t.expand).length === 0 && !SKIPPING_KINDS.has(t.kind),
  );
  if (!partialPlansHold) {
    graph = null;
  } else {
    const downstream = new Map<string, string[]>();
    const upstream = new Map<string, readonly string[]>();
    for (const task of spec.tasks) {
      upstream.set(task.taskId, task.upstream);
      for (const up of task.upstream) {
        const list = downstream.get(up);
        if (list) list.push(task.taskId);
        else downstream.set(up, [task.taskId]);
      }
    }
    graph = { downstream, upstream };
  }
  graphs.set(spec, graph);
  return graph;
}
