/**
 * Effective priority weight of each task, Airflow's weight rules:
 * - downstream: own weight + the weights of all tasks downstream (transitively);
 * - upstream:   own weight + the weights of all tasks upstream (transitively);
 * - absolute:   own weight.
 * Each relative counts once even when reachable by several paths, and the sum is
 * clamped to a 32-bit signed integer as Airflow does to keep it storable.
 *
 * Sums of *distinct* relatives cannot be added up from the neighbours' sums (a diamond
 * would count its bottom twice), so each task gets the set of its relatives as a bitset,
 * the union of its neighbours' sets taken in topological order. A set is dropped once
 * every task that reads it has been done, so a long chain keeps only one alive.
 */
import { downstreamIndex } from './graph.js';
import type { TaskSpec } from './dag-spec.js';

export const DB_SAFE_MINIMUM = -2_147_483_648;
export const DB_SAFE_MAXIMUM = 2_147_483_647;

export function dbSafePriority(weight: number): number {
  return Math.max(DB_SAFE_MINIMUM, Math.min(DB_SAFE_MAXIMUM, weight));
}

type WeightTask = Pick<TaskSpec, 'taskId' | 'upstream' | 'priorityWeight' | 'weightRule'>;

/** Effective weight per task id, for every task of the DAG. */
export function effectivePriorityWeights(tasks: readonly WeightTask[]): Map<string, number> {
  const n = tasks.length;
  const index = new Map<string, number>();
  tasks.forEach((t, i) => index.set(t.taskId, i));
  // Duplicate ids never pass validation; keep the plain walk's answer for them anyway.
  if (index.size !== n) return walkedPriorityWeights(tasks);

  // Upstream ids that are not tasks of this DAG weigh nothing and lead nowhere: leave them out.
  const ups: number[][] = tasks.map((t) => {
    const known: number[] = [];
    for (const id of t.upstream) {
      const i = index.get(id);
      if (i !== undefined) known.push(i);
    }
    return known;
  });
  const downs: number[][] = tasks.map(() => []);
  ups.forEach((list, i) => {
    for (const u of list) downs[u]!.push(i);
  });
  const order = topologicalOrder(ups, downs);
  // A cycle never passes validation either; the plain walk copes with it.
  if (order === null) return walkedPriorityWeights(tasks);

  // Bits are numbered by topological position: a task's descendants all sit after it,
  // its ancestors before it, so each union only touches the words on that side.
  const position = new Int32Array(n);
  order.forEach((v, p) => {
    position[v] = p;
  });
  const weights = Float64Array.from(order, (v) => tasks[v]!.priorityWeight);
  const graph = { position, weights };
  const downstreamSums = tasks.some((t) => t.weightRule === 'downstream')
    ? relativeSums(graph, [...order].reverse(), downs, ups, 'after')
    : null;
  const upstreamSums = tasks.some((t) => t.weightRule === 'upstream')
    ? relativeSums(graph, order, ups, downs, 'before')
    : null;

  const result = new Map<string, number>();
  tasks.forEach((task, i) => {
    let total = task.priorityWeight;
    if (task.weightRule === 'downstream') total += downstreamSums![i]!;
    else if (task.weightRule === 'upstream') total += upstreamSums![i]!;
    result.set(task.taskId, dbSafePriority(total));
  });
  return result;
}

/** Kahn's algorithm over indices; null when the graph has a cycle. */
function topologicalOrder(ups: readonly (readonly number[])[], downs: readonly (readonly number[])[]): number[] | null {
  const pending = Int32Array.from(ups, (list) => list.length);
  const order: number[] = [];
  pending.forEach((count, i) => {
    if (count === 0) order.push(i);
  });
  for (let head = 0; head < order.length; head += 1) {
    for (const d of downs[order[head]!]!) {
      pending[d]! -= 1;
      if (pending[d] === 0) order.push(d);
    }
  }
  return order.length === ups.length ? order : null;
}

/**
 * For each task, the summed weight of the distinct tasks reachable through `next`, which
 * all lie `side` of it in topological order. `order` lists a task after everything in
 * its `next`; `readers[i]` are the tasks whose `next` contains i (edge for edge), so i's
 * set can be freed after the last of them is done.
 */
function relativeSums(
  graph: { readonly position: Int32Array; readonly weights: Float64Array },
  order: readonly number[],
  next: readonly (readonly number[])[],
  readers: readonly (readonly number[])[],
  side: 'before' | 'after',
): Float64Array {
  const { position, weights } = graph;
  const n = next.length;
  const words = (n + 31) >>> 5;
  const sums = new Float64Array(n);
  const sets: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(n);
  const unread = Int32Array.from(readers, (list) => list.length);
  for (const v of order) {
    const via = next[v]!;
    let set: Uint32Array;
    if (via.length === 1 && unread[via[0]!] === 1) {
      // The only neighbour, read by no one else: take its set over and add it (a chain's case).
      const c = via[0]!;
      const bit = position[c]!;
      set = sets[c]!;
      sets[c] = undefined;
      unread[c] = 0;
      set[bit >>> 5]! |= 1 << (bit & 31);
      sums[v] = sums[c]! + weights[bit]!;
    } else {
      set = new Uint32Array(words);
      for (const c of via) {
        const bit = position[c]!;
        const from = sets[c]!;
        const lo = side === 'after' ? bit >>> 5 : 0;
        const hi = side === 'after' ? words : (bit >>> 5) + 1;
        for (let w = lo; w < hi; w += 1) set[w]! |= from[w]!;
        set[bit >>> 5]! |= 1 << (bit & 31);
        unread[c]! -= 1;
        if (unread[c] === 0) sets[c] = undefined;
      }
      const own = position[v]! >>> 5;
      sums[v] = side === 'after' ? weightOf(set, weights, own, words) : weightOf(set, weights, 0, own + 1);
    }
    if (unread[v]! > 0) sets[v] = set;
  }
  return sums;
}

function weightOf(set: Uint32Array, weights: Float64Array, lo: number, hi: number): number {
  let total = 0;
  for (let w = lo; w < hi; w += 1) {
    let bits = set[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      total += weights[(w << 5) + 31 - Math.clz32(low)]!;
      bits ^= low;
    }
  }
  return total;
}

/** One graph walk per task: simple, O(n * (tasks + edges)); only for graphs validation rejects. */
function walkedPriorityWeights(tasks: readonly WeightTask[]): Map<string, number> {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const downstream = downstreamIndex(tasks);
  const relatives = (start: string, next: (id: string) => readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...next(start)];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id) || id === start) continue;
      seen.add(id);
      stack.push(...next(id));
    }
    return seen;
  };
  const result = new Map<string, number>();
  for (const task of tasks) {
    let total = task.priorityWeight;
    if (task.weightRule !== 'absolute') {
      const ids =
        task.weightRule === 'downstream'
          ? relatives(task.taskId, (id) => downstream.get(id) ?? [])
          : relatives(task.taskId, (id) => byId.get(id)?.upstream ?? []);
      for (const id of ids) total += byId.get(id)?.priorityWeight ?? 0;
    }
    result.set(task.taskId, dbSafePriority(total));
  }
  return result;
}
