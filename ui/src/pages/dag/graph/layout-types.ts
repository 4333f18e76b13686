/** The graph's layout, whichever engine made it: absolute positions, left to right. */
import type { VisibleNode } from './visible-graph';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  /** By node key. */
  readonly nodes: ReadonlyMap<string, Box>;
  /** Expanded groups' boxes, by group key. */
  readonly containers: ReadonlyMap<string, Box>;
  /** By edge id: the route from the source's side to the target's. */
  readonly edges: ReadonlyMap<string, readonly Point[]>;
  readonly width: number;
  readonly height: number;
  /** `elk`: elkjs (orthogonal routes); `quick`: the built-in layered layout for big graphs (curved edges). */
  readonly engine: 'elk' | 'quick';
  /** Time the layout took. */
  readonly ms: number;
}

export const NODE_HEIGHT = 54;
export const GROUP_NODE_HEIGHT = 58;
/** Room for an expanded group's header above its members, and around them. */
export const GROUP_PADDING = { top: 34, left: 14, right: 14, bottom: 14 } as const;
export const SPACING = { layer: 56, node: 18 } as const;

/** A node's size from its text (an estimate: measuring 1,000 labels in the DOM would cost more than it saves). */
export function nodeSize(node: VisibleNode): { width: number; height: number } {
  if (node.kind === 'task') {
    const sub = node.task.operator.length + (node.task.is_mapped ? 6 : 0) + (node.task.trigger_rule !== 'all_success' ? node.task.trigger_rule.length + 3 : 0);
    const width = Math.max(node.task.label.length * 7.6, sub * 6.4) + 40;
    return { width: Math.round(Math.min(300, Math.max(150, width))), height: NODE_HEIGHT };
  }
  const width = Math.max(node.group.label.length * 7.8 + 52, 150);
  return { width: Math.round(Math.min(300, width)), height: GROUP_NODE_HEIGHT };
}
