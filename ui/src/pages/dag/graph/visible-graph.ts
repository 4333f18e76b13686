/**
 * What the graph shows for a set of expanded groups: tasks whose groups are
 * all expanded, one node per outermost collapsed group, expanded groups as
 * boxes around their members, and edges between what is shown (edges into or
 * out of a collapsed group end at its node; several merge into one, and a
 * merged edge is a data edge if any of its edges carries data).
 */
import type { UiDagStructure, UiStructureEdge, UiStructureGroup, UiStructureNode } from '@updraft/client';

/** Keys tell tasks and groups apart (a task and a group may share an id): `t:<task id>`, `g:<group id>`. */
export const taskKey = (taskId: string) => `t:${taskId}`;
export const groupKey = (groupId: string) => `g:${groupId}`;

/** `parent`: the key of the expanded group drawn around it, null at the top. */
export type VisibleNode =
  | { readonly kind: 'task'; readonly key: string; readonly parent: string | null; readonly task: UiStructureNode }
  | { readonly kind: 'group'; readonly key: string; readonly parent: string | null; readonly group: UiStructureGroup; readonly memberIds: readonly string[] };

export interface VisibleContainer {
  readonly key: string;
  readonly parent: string | null;
  readonly group: UiStructureGroup;
}

export interface VisibleEdge {
  readonly id: string;
  /** Node keys. */
  readonly from: string;
  readonly to: string;
  readonly kind: 'data' | 'order';
  /** Input names (data edges), over every merged edge. */
  readonly inputs: readonly { readonly name: string; readonly xcomKey: string; readonly mapped: boolean; readonly producer: string; readonly consumer: string }[];
  /** How many task-to-task edges this one stands for. */
  readonly merged: number;
}

export interface VisibleGraph {
  readonly nodes: readonly VisibleNode[];
  /** Expanded groups with something to show, parents first. */
  readonly containers: readonly VisibleContainer[];
  readonly edges: readonly VisibleEdge[];
}

/** Every group a task belongs to, by group id: the members of a collapsed group. */
export function membersByGroup(structure: UiDagStructure): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const n of structure.nodes) {
    for (const g of n.group_path) {
      const list = members.get(g);
      if (list) list.push(n.task_id);
      else members.set(g, [n.task_id]);
    }
  }
  return members;
}

export function visibleGraph(structure: UiDagStructure, expanded: ReadonlySet<string>): VisibleGraph {
  const groups = new Map(structure.groups.map((g) => [g.group_id, g]));
  const members = membersByGroup(structure);

  // A task's stand-in: itself, or the outermost collapsed group around it.
  const standIn = new Map<string, string>();
  const nodes: VisibleNode[] = [];
  const shownGroups = new Set<string>();
  for (const task of structure.nodes) {
    let rep: string | null = null;
    let parent: string | null = null;
    for (const g of task.group_path) {
      if (!expanded.has(g)) {
        rep = g;
        break;
      }
      parent = g;
    }
    if (rep === null) {
      standIn.set(task.task_id, taskKey(task.task_id));
      nodes.push({ kind: 'task', key: taskKey(task.task_id), parent: parent === null ? null : groupKey(parent), task });
    } else {
      standIn.set(task.task_id, groupKey(rep));
      if (!shownGroups.has(rep)) {
        shownGroups.add(rep);
        const group = groups.get(rep);
        if (group) nodes.push({ kind: 'group', key: groupKey(rep), parent: parent === null ? null : groupKey(parent), group, memberIds: members.get(rep) ?? [] });
      }
    }
  }

  // Expanded groups that hold something shown (a visible task or collapsed subgroup), parents first.
  const used = new Set<string>();
  for (const n of nodes) {
    const start = n.kind === 'task' ? n.task.group_id : n.group.parent_id;
    for (let p = start; p !== null && !used.has(p); p = groups.get(p)?.parent_id ?? null) used.add(p);
  }
  const containers: VisibleContainer[] = structure.groups
    .filter((g) => used.has(g.group_id))
    .map((g) => ({ key: groupKey(g.group_id), parent: g.parent_id === null ? null : groupKey(g.parent_id), group: g }));

  const merged = new Map<string, { from: string; to: string; kind: 'data' | 'order'; inputs: VisibleEdge['inputs'][number][]; merged: number }>();
  for (const e of structure.edges as readonly UiStructureEdge[]) {
    const from = standIn.get(e.from);
    const to = standIn.get(e.to);
    if (!from || !to || from === to) continue;
    const key = `${from}\u0000${to}`;
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { from, to, kind: 'order', inputs: [], merged: 0 }));
    m.merged += 1;
    if (e.kind === 'data') m.kind = 'data';
    for (const i of e.inputs) m.inputs.push({ name: i.name, xcomKey: i.xcom_key, mapped: i.mapped, producer: e.from, consumer: e.to });
  }
  const edges = [...merged.values()].map((m, i) => ({ ...m, id: `e${i}` }));
  return { nodes, containers, edges };
}

/** The groups to expand by default: all of them for a DAG of up to `limit` tasks, none above. */
export function defaultExpanded(structure: UiDagStructure, limit = 300): Set<string> {
  return structure.nodes.length <= limit ? new Set(structure.groups.map((g) => g.group_id)) : new Set();
}

/**
 * `?expand=` in the URL: absent = the default; `all`; `none`; or a comma list of
 * group ids (those expanded, every other collapsed).
 */
export function readExpanded(param: string | null, structure: UiDagStructure): Set<string> {
  if (param === null || param === '') return defaultExpanded(structure);
  if (param === 'all') return new Set(structure.groups.map((g) => g.group_id));
  if (param === 'none') return new Set();
  const known = new Set(structure.groups.map((g) => g.group_id));
  return new Set(param.split(',').filter((g) => known.has(g)));
}

export function writeExpanded(expanded: ReadonlySet<string>, structure: UiDagStructure): string {
  if (expanded.size === 0) return 'none';
  if (structure.groups.every((g) => expanded.has(g.group_id))) return 'all';
  return structure.groups.filter((g) => expanded.has(g.group_id)).map((g) => g.group_id).join(',');
}
