/**
 * Which engine lays the graph out: elkjs (in its worker) up to a few hundred
 * nodes, where it takes well under a second and routes edges neatly; the
 * built-in quick layout above that, so a 1,000-task DAG still draws within a
 * second (the user can still ask for elkjs: "Refine layout").
 */
import type { GraphLayout } from './layout-types';
import { quickLayout } from './quick-layout';
import type { VisibleGraph } from './visible-graph';

export const ELK_LIMITS = { nodes: 200, edges: 400 } as const;

export type EngineChoice = 'auto' | 'elk' | 'quick';

export function prefersQuick(graph: VisibleGraph): boolean {
  return graph.nodes.length > ELK_LIMITS.nodes || graph.edges.length > ELK_LIMITS.edges;
}

export async function layoutGraph(graph: VisibleGraph, choice: EngineChoice): Promise<GraphLayout> {
  if (choice === 'quick' || (choice === 'auto' && prefersQuick(graph))) return quickLayout(graph);
  const { elkLayout } = await import('./elk-layout');
  try {
    return await elkLayout(graph);
  } catch (error) {
    // elkjs failing (a worker the browser refused, an odd graph) must not leave the tab blank.
    console.warn('elkjs layout failed, using the quick layout', error);
    return quickLayout(graph);
  }
}
