/**
 * Which setups a task waits for besides its direct upstreams (Airflow's
 * `get_upstreams_only_setups` minus the direct ones): ancestor setups that have no
 * teardown, or have a teardown downstream of the task. Teardowns wait for none.
 * The trigger rule then requires each of them to have succeeded.
 */
import { downstreamIndex } from './graph.js';
import type { TaskSpec } from './dag-spec.js';

type GraphTask = Pick<TaskSpec, 'taskId' | 'upstream' | 'isSetup' | 'isTeardown'>;

/**
 * Airflow's `get_upstreams_only_setups` minus the direct upstreams: ancestor setups
 * that have no teardown, or have a teardown downstream of `taskId`. Teardowns have none.
 */
export function relevantIndirectSetupIds(tasks: readonly GraphTask[], taskId: string): string[] {
  const { byId, downstream } = indexGraph(tasks);
  return walkedIndirectSetupIds(byId, downstream, taskId);
}

/**
 * `relevantIndirectSetupIds` for many tasks of one DAG. The graph is indexed once: each
 * task's ancestor setups and descendant teardowns are unions of its neighbours', taken
 * in topological order, so a 1,000-task chain under one setup costs its edges, not a
 * walk per task. A DAG without setups answers [] at once.
 */
export function indirectSetupFinder(tasks: readonly GraphTask[]): (taskId: string) => string[] {
  if (!tasks.some((t) => t.isSetup)) return () => [];
  const { byId, downstream } = indexGraph(tasks);
  const order = topologicalIds(tasks, byId, downstream);
  // Validation rejects cycles; should one get here, walk the graph per task, which copes.
  if (order === null) return (taskId) => walkedIndirectSetupIds(byId, downstream, taskId);

  const isSetup = (id: string) => byId.get(id)?.isSetup ?? false;
  const isTeardown = (id: string) => byId.get(id)?.isTeardown ?? false;
  const ancestorSetups = new Map<string, ReadonlySet<string>>();
  for (const id of order) ancestorSetups.set(id, unionOf(byId.get(id)!.upstream, isSetup, ancestorSetups));
  const teardownsOf = (id: string) => (downstream.get(id) ?? []).filter(isTeardown);
  // Only needed when some setup has a teardown; then built once, from the leaves up.
  let descendantTeardowns: Map<string, ReadonlySet<string>> | undefined;
  const teardownsBelow = (taskId: string): ReadonlySet<string> => {
    if (!descendantTeardowns) {
      const built = new Map<string, ReadonlySet<string>>();
      for (let i = order.length - 1; i >= 0; i -= 1) {
        built.set(order[i]!, unionOf(downstream.get(order[i]!) ?? [], isTeardown, built));
      }
      descendantTeardowns = built;
    }
    return descendantTeardowns.get(taskId) ?? new Set();
  };
  return (taskId) => {
    const self = byId.get(taskId);
    if (!self || self.isTeardown) return [];
    const direct = new Set(self.upstream);
    return [...(ancestorSetups.get(taskId) ?? [])]
      .filter((id) => !direct.has(id))
      .filter((id) => {
        const teardowns = teardownsOf(id);
        return teardowns.length === 0 || teardowns.some((d) => teardownsBelow(taskId).has(d));
      })
      .sort();
  };
}

function indexGraph(tasks: readonly GraphTask[]): {
  byId: ReadonlyMap<string, GraphTask>;
  downstream: ReadonlyMap<string, readonly string[]>;
} {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const downstream = downstreamIndex(tasks);
  return { byId, downstream };
}

/** The `keep` ids among `ids` and everything already gathered for them in `gathered`. */
function unionOf(
  ids: readonly string[],
  keep: (id: string) => boolean,
  gathered: ReadonlyMap<string, ReadonlySet<string>>,
): ReadonlySet<string> {
  const set = new Set<string>();
  for (const id of ids) {
    if (keep(id)) set.add(id);
    for (const x of gathered.get(id) ?? []) set.add(x);
  }
  return set;
}

/** Task ids, each after its upstreams (ids that are not tasks ignored); null on a cycle. */
function topologicalIds(
  tasks: readonly GraphTask[],
  byId: ReadonlyMap<string, GraphTask>,
  downstream: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  const pending = new Map(tasks.map((t) => [t.taskId, t.upstream.filter((u) => byId.has(u)).length]));
  const order = [...pending].filter(([, n]) => n === 0).map(([id]) => id);
  for (let head = 0; head < order.length; head += 1) {
    for (const d of downstream.get(order[head]!) ?? []) {
      const left = pending.get(d)! - 1;
      pending.set(d, left);
      if (left === 0) order.push(d);
    }
  }
  return order.length === pending.size ? order : null;
}

/** One task's answer by walking the graph both ways from it: for single questions, and cycles. */
function walkedIndirectSetupIds(
  byId: ReadonlyMap<string, GraphTask>,
  downstream: ReadonlyMap<string, readonly string[]>,
  taskId: string,
): string[] {
  const self = byId.get(taskId);
  if (!self || self.isTeardown) return [];
  const walk = (start: string, next: (id: string) => readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...next(start)];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const n of next(id)) stack.push(n);
    }
    return seen;
  };
  const ancestors = walk(taskId, (id) => byId.get(id)?.upstream ?? []);
  const downstreamTeardowns = new Set(
    [...walk(taskId, (id) => downstream.get(id) ?? [])].filter((id) => byId.get(id)?.isTeardown),
  );
  const direct = new Set(self.upstream);
  return [...ancestors]
    .filter((id) => byId.get(id)?.isSetup && !direct.has(id))
    .filter((id) => {
      const teardowns = (downstream.get(id) ?? []).filter((d) => byId.get(d)?.isTeardown);
      return teardowns.length === 0 || teardowns.some((d) => downstreamTeardowns.has(d));
    })
    .sort();
}
