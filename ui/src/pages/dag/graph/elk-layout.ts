/// <reference types="vite/client" />
/**
 * The graph laid out by elkjs (layered, left to right, orthogonal edges,
 * groups as nested boxes) in its web worker, so a long layout never freezes
 * the page. One worker for the app, started when this module loads (while
 * the graph's data is still on its way) and warmed with a tiny layout.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { GROUP_PADDING, nodeSize, SPACING, type Box, type GraphLayout, type Point } from './layout-types';
import type { VisibleGraph } from './visible-graph';

let elk: InstanceType<typeof ELK> | null = null;

function engine(): InstanceType<typeof ELK> {
  if (!elk) {
    elk = new ELK({ workerFactory: () => new Worker(workerUrl) });
    // Warm-up: the worker's first layout pays for loading and compiling it.
    void elk.layout({ id: 'warm', children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }).catch(() => undefined);
  }
  return elk;
}

export function warmUpElk(): void {
  engine();
}

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': String(SPACING.layer),
  'elk.spacing.nodeNode': String(SPACING.node),
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '8',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // Positions and routes relative to the whole graph, not to each group.
  'org.eclipse.elk.json.shapeCoords': 'ROOT',
  'org.eclipse.elk.json.edgeCoords': 'ROOT',
};

export async function elkLayout(graph: VisibleGraph): Promise<GraphLayout> {
  const started = performance.now();
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = { id: '__root__', layoutOptions: OPTIONS, children: [], edges: [] };
  for (const c of graph.containers) {
    elkNodes.set(c.key, {
      id: c.key,
      children: [],
      layoutOptions: { 'elk.padding': `[top=${GROUP_PADDING.top},left=${GROUP_PADDING.left},bottom=${GROUP_PADDING.bottom},right=${GROUP_PADDING.right}]` },
    });
  }
  const parentNode = (key: string | null): ElkNode => (key === null ? root : (elkNodes.get(key) ?? root));
  for (const c of graph.containers) parentNode(c.parent).children?.push(elkNodes.get(c.key) as ElkNode);
  const known = new Set<string>();
  for (const n of graph.nodes) {
    const size = nodeSize(n);
    parentNode(n.parent).children?.push({ id: n.key, width: size.width, height: size.height });
    known.add(n.key);
  }
  const edges: ElkExtendedEdge[] = graph.edges.filter((e) => known.has(e.from) && known.has(e.to)).map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] }));
  root.edges = edges;

  const laid = await engine().layout(root);

  const nodes = new Map<string, Box>();
  const containers = new Map<string, Box>();
  const walk = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      const box = { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 };
      if (elkNodes.has(child.id)) containers.set(child.id, box);
      else nodes.set(child.id, box);
      walk(child);
    }
  };
  walk(laid);
  const routes = new Map<string, Point[]>();
  const collect = (node: ElkNode) => {
    for (const e of node.edges ?? []) {
      const section = e.sections?.[0];
      if (section) routes.set(e.id, [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
    }
    for (const child of node.children ?? []) collect(child);
  };
  collect(laid);
  return { nodes, containers, edges: routes, width: laid.width ?? 0, height: laid.height ?? 0, engine: 'elk', ms: performance.now() - started };
}
