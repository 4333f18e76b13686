/**
 * A layered (Sugiyama-style) layout in linear-ish time, for graphs too big for
 * elkjs to lay out within a second (a 1,000-task DAG takes it 1-5 s). Groups
 * are laid out bottom-up: each expanded group's direct members first, then the
 * group is one box among its siblings. Within a box: longest-path layers
 * (sources pulled next to their first consumer), a few barycenter sweeps to
 * cut crossings, then each node placed level with its neighbours. Edges are
 * drawn as curves between the boxes' sides.
 */
import { GROUP_PADDING, nodeSize, SPACING, type Box, type GraphLayout, type Point } from './layout-types';
import type { VisibleGraph } from './visible-graph';

interface Item {
  readonly key: string;
  width: number;
  height: number;
  layer: number;
  order: number;
  x: number;
  y: number;
}

const ROOT = '';

export function quickLayout(graph: VisibleGraph): GraphLayout {
  const started = performance.now();
  const parentOf = new Map<string, string>();
  const children = new Map<string, string[]>([[ROOT, []]]);
  const sizes = new Map<string, { width: number; height: number }>();
  const addChild = (parent: string | null, key: string) => {
    const p = parent ?? ROOT;
    parentOf.set(key, p);
    const list = children.get(p);
    if (list) list.push(key);
    else children.set(p, [key]);
  };
  for (const c of graph.containers) {
    children.set(c.key, children.get(c.key) ?? []);
    addChild(c.parent, c.key);
  }
  for (const n of graph.nodes) {
    addChild(n.parent, n.key);
    sizes.set(n.key, nodeSize(n));
  }

  const ancestors = (key: string): string[] => {
    const chain = [key];
    for (let p = parentOf.get(key); p !== undefined; p = parentOf.get(p)) chain.push(p);
    return chain; // key, parent, ..., ROOT
  };

  // Each edge, lifted to the box that holds both ends: an edge between two of its direct members.
  const boxEdges = new Map<string, Map<string, Set<string>>>();
  for (const e of graph.edges) {
    if (!sizes.has(e.from) || !sizes.has(e.to)) continue;
    const a = ancestors(e.from);
    const b = ancestors(e.to);
    const bSet = new Set(b);
    const lcaIndex = a.findIndex((k) => k !== e.from && bSet.has(k));
    const lca = a[lcaIndex] as string;
    const itemA = a[lcaIndex - 1] as string;
    const itemB = b[b.indexOf(lca) - 1] as string;
    if (itemA === itemB) continue;
    let inBox = boxEdges.get(lca);
    if (!inBox) boxEdges.set(lca, (inBox = new Map()));
    const out = inBox.get(itemA);
    if (out) out.add(itemB);
    else inBox.set(itemA, new Set([itemB]));
  }

  // Deepest boxes first, so a group's size is known when its parent is laid out.
  const depth = (key: string) => ancestors(key).length;
  const boxes = [...children.keys()].sort((x, y) => depth(y) - depth(x));
  const local = new Map<string, Item>();
  for (const box of boxes) {
    const items: Item[] = (children.get(box) ?? []).map((key) => {
      const size = sizes.get(key) ?? { width: 150, height: 54 };
      const item: Item = { key, width: size.width, height: size.height, layer: 0, order: 0, x: 0, y: 0 };
      local.set(key, item);
      return item;
    });
    const { width, height } = layoutBox(items, boxEdges.get(box) ?? new Map());
    if (box !== ROOT) sizes.set(box, { width: width + GROUP_PADDING.left + GROUP_PADDING.right, height: height + GROUP_PADDING.top + GROUP_PADDING.bottom });
  }

  // Absolute positions: a member sits inside its group's padding.
  const nodes = new Map<string, Box>();
  const containers = new Map<string, Box>();
  const containerKeys = new Set(graph.containers.map((c) => c.key));
  const place = (box: string, ox: number, oy: number) => {
    for (const key of children.get(box) ?? []) {
      const item = local.get(key) as Item;
      const x = ox + item.x;
      const y = oy + item.y;
      if (containerKeys.has(key)) {
        containers.set(key, { x, y, width: item.width, height: item.height });
        place(key, x + GROUP_PADDING.left, y + GROUP_PADDING.top);
      } else {
        nodes.set(key, { x, y, width: item.width, height: item.height });
      }
    }
  };
  place(ROOT, 0, 0);

  const edges = new Map<string, Point[]>();
  for (const e of graph.edges) {
    const s = nodes.get(e.from);
    const t = nodes.get(e.to);
    if (!s || !t) continue;
    edges.set(e.id, [
      { x: s.x + s.width, y: s.y + s.height / 2 },
      { x: t.x, y: t.y + t.height / 2 },
    ]);
  }
  let width = 0;
  let height = 0;
  for (const b of [...nodes.values(), ...containers.values()]) {
    width = Math.max(width, b.x + b.width);
    height = Math.max(height, b.y + b.height);
  }
  return { nodes, containers, edges, width, height, engine: 'quick', ms: performance.now() - started };
}

/** Lays out one box's direct members (positions relative to the box); returns its size. */
function layoutBox(items: Item[], edgeMap: ReadonlyMap<string, ReadonlySet<string>>): { width: number; height: number } {
  if (items.length === 0) return { width: 0, height: 0 };
  const byKey = new Map(items.map((i) => [i.key, i]));
  const succ = new Map<Item, Item[]>(items.map((i) => [i, []]));
  const pred = new Map<Item, Item[]>(items.map((i) => [i, []]));

  // Break cycles (a group's edges can loop through another group): drop edges that close one.
  const state = new Map<Item, 1 | 2>();
  const visit = (start: Item) => {
    const stack: [Item, Iterator<string>][] = [[start, (edgeMap.get(start.key) ?? new Set<string>()).values()]];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [Item, Iterator<string>];
      const next = top[1].next();
      if (next.done) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const to = byKey.get(next.value);
      if (!to || state.get(to) === 1) continue;
      (succ.get(top[0]) as Item[]).push(to);
      (pred.get(to) as Item[]).push(top[0]);
      if (!state.has(to)) {
        state.set(to, 1);
        stack.push([to, (edgeMap.get(to.key) ?? new Set<string>()).values()]);
      }
    }
  };
  for (const i of items) if (!state.has(i)) visit(i);

  // Layers: longest path from the sources, in topological order.
  const indegree = new Map(items.map((i) => [i, (pred.get(i) as Item[]).length]));
  const queue = items.filter((i) => indegree.get(i) === 0);
  const topo: Item[] = [];
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q] as Item;
    topo.push(i);
    for (const s of succ.get(i) as Item[]) {
      s.layer = Math.max(s.layer, i.layer + 1);
      const d = (indegree.get(s) as number) - 1;
      indegree.set(s, d);
      if (d === 0) queue.push(s);
    }
  }
  // A source feeding only late tasks sits just before its first consumer, not in layer 0.
  for (let k = topo.length - 1; k >= 0; k--) {
    const i = topo[k] as Item;
    const out = succ.get(i) as Item[];
    if ((pred.get(i) as Item[]).length === 0 && out.length > 0) i.layer = Math.min(...out.map((s) => s.layer)) - 1;
  }

  const layerCount = Math.max(...items.map((i) => i.layer)) + 1;
  const layers: Item[][] = Array.from({ length: layerCount }, () => []);
  for (const i of topo) (layers[i.layer] as Item[]).push(i);
  layers.forEach((l) => l.forEach((i, k) => (i.order = k)));

  // Barycenter sweeps, down then up.
  const sortBy = (layer: Item[], neighbours: Map<Item, Item[]>) => {
    const bary = new Map<Item, number>();
    for (const i of layer) {
      const ns = neighbours.get(i) as Item[];
      bary.set(i, ns.length === 0 ? i.order : ns.reduce((s, n) => s + n.order, 0) / ns.length);
    }
    layer.sort((a, b) => (bary.get(a) as number) - (bary.get(b) as number) || a.order - b.order);
    layer.forEach((i, k) => (i.order = k));
  };
  for (let pass = 0; pass < 4; pass++) {
    for (let l = 1; l < layerCount; l++) sortBy(layers[l] as Item[], pred);
    for (let l = layerCount - 2; l >= 0; l--) sortBy(layers[l] as Item[], succ);
  }

  // x: layers side by side; y: level with the neighbours already placed, without overlaps.
  let x = 0;
  for (const layer of layers) {
    const w = Math.max(0, ...layer.map((i) => i.width));
    for (const i of layer) i.x = x + (w - i.width) / 2;
    x += w + SPACING.layer;
  }
  const center = (i: Item) => i.y + i.height / 2;
  const placeLayer = (layer: Item[], wanted: (i: Item) => number | null) => {
    let bottom = Number.NEGATIVE_INFINITY;
    const shifts: number[] = [];
    for (const i of layer) {
      const want = wanted(i);
      const top = want === null ? bottom + SPACING.node : want - i.height / 2;
      i.y = Math.max(top, bottom + SPACING.node);
      if (!Number.isFinite(i.y)) i.y = 0;
      if (want !== null) shifts.push(want - center(i));
      bottom = i.y + i.height;
    }
    // Pushed-down nodes pull the layer back up, on average level with what they want.
    const shift = shifts.length > 0 ? shifts.reduce((s, d) => s + d, 0) / shifts.length : 0;
    if (shift < 0) for (const i of layer) i.y += shift;
  };
  const mean = (ns: Item[]) => (ns.length === 0 ? null : ns.reduce((s, n) => s + center(n), 0) / ns.length);
  placeLayer(layers[0] as Item[], () => null);
  for (let l = 1; l < layerCount; l++) placeLayer(layers[l] as Item[], (i) => mean(pred.get(i) as Item[]));
  // Back from the right: sources level with their consumers.
  for (let l = layerCount - 2; l >= 0; l--) {
    placeLayer(layers[l] as Item[], (i) => ((pred.get(i) as Item[]).length > 0 ? mean(pred.get(i) as Item[]) : mean(succ.get(i) as Item[])));
  }

  const minY = Math.min(...items.map((i) => i.y));
  for (const i of items) i.y -= minY;
  return { width: x - SPACING.layer, height: Math.max(...items.map((i) => i.y + i.height)) };
}
