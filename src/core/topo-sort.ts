/**
 * Topological order of a graph given as node -> upstream ids, with ties broken
 * by id so the order (and so a DAG's serialized form and its hash) is stable.
 */

export type TopoResult =
  | { readonly ok: true; readonly order: readonly string[] }
  | { readonly ok: false; readonly cycle: readonly string[] };

export function topoSort(upstreamOf: ReadonlyMap<string, readonly string[]>): TopoResult {
  const downstreamOf = new Map<string, string[]>();
  const pending = new Map<string, number>();
  for (const [node, ups] of upstreamOf) {
    pending.set(node, ups.length);
    for (const up of ups) {
      const list = downstreamOf.get(up);
      if (list) list.push(node);
      else downstreamOf.set(up, [node]);
    }
  }
  const ready = [...pending].filter(([, n]) => n === 0).map(([id]) => id).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const node = ready.shift() as string;
    order.push(node);
    const released: string[] = [];
    for (const down of downstreamOf.get(node) ?? []) {
      const left = (pending.get(down) ?? 0) - 1;
      pending.set(down, left);
      if (left === 0) released.push(down);
    }
    if (released.length > 0) {
      ready.push(...released);
      ready.sort();
    }
  }
  if (order.length === upstreamOf.size) return { ok: true, order };
  return { ok: false, cycle: findCycle(upstreamOf, new Set(order)) };
}

/** One cycle among the nodes that could not be ordered, as a path whose last id repeats the first. */
function findCycle(upstreamOf: ReadonlyMap<string, readonly string[]>, ordered: ReadonlySet<string>): string[] {
  const stuck = [...upstreamOf.keys()].filter((id) => !ordered.has(id)).sort();
  // Every stuck node has a stuck upstream, so walking upstream must revisit a node.
  const seenAt = new Map<string, number>();
  const path: string[] = [];
  let node = stuck[0] as string;
  while (!seenAt.has(node)) {
    seenAt.set(node, path.length);
    path.push(node);
    const next = (upstreamOf.get(node) ?? []).filter((up) => !ordered.has(up)).sort()[0];
    if (next === undefined) return path;
    node = next;
  }
  // The walk went upstream; reverse it so the path reads in the direction tasks run.
  return [...path.slice(seenAt.get(node)), node].reverse();
}
