/**
 * A DAG version's graph as the UI draws it: tasks with their groups, edges
 * told apart by what they carry (`data`: the downstream task consumes the
 * upstream's output through an input; `order`: a plain dependency), and the
 * groups with their sizes. Computed here once so the UI never re-derives it
 * from the spec.
 */
import type { z } from '@hono/zod-openapi';
import type { DagSpec, InputSpec, TaskSpec } from '../../core/dag-spec.js';
import type { UiDagStructureResponse, UiStructureEdge, UiStructureEdgeInput, UiStructureGroup, UiStructureNode } from '../schemas/ui-dag-visuals.js';

type Structure = z.infer<typeof UiDagStructureResponse>;
type EdgeInput = z.infer<typeof UiStructureEdgeInput>;

function lastSegment(id: string, parent: string | null): string {
  return parent && id.startsWith(`${parent}.`) ? id.slice(parent.length + 1) : id;
}

/** Group ids from the outermost to `groupId`. */
function groupPath(groupId: string | null, parents: ReadonlyMap<string, string | null>): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let g = groupId; g !== null && !seen.has(g); g = parents.get(g) ?? null) {
    seen.add(g);
    path.unshift(g);
  }
  return path;
}

/** The inputs of `task` that come from other tasks' XComs, by producing task. */
function inputsByProducer(task: TaskSpec): Map<string, EdgeInput[]> {
  const out = new Map<string, EdgeInput[]>();
  const add = (name: string, spec: InputSpec, mapped: boolean) => {
    if (spec.from !== 'xcom') return;
    const list = out.get(spec.taskId) ?? [];
    list.push({ name, xcom_key: spec.key, mapped });
    out.set(spec.taskId, list);
  };
  for (const [name, spec] of Object.entries(task.inputs)) add(name, spec, false);
  for (const [name, spec] of Object.entries(task.expand)) add(name, spec, true);
  return out;
}

export function dagStructure(spec: DagSpec, versionNumber: number): Structure {
  const parents = new Map(spec.groups.map((g) => [g.groupId, g.parentId]));
  const taskIds = new Set(spec.tasks.map((t) => t.taskId));

  const nodes: z.infer<typeof UiStructureNode>[] = spec.tasks.map((t) => ({
    task_id: t.taskId,
    label: lastSegment(t.taskId, t.groupId),
    operator: t.operator,
    group_id: t.groupId,
    group_path: groupPath(t.groupId, parents),
    is_mapped: Object.keys(t.expand).length > 0,
    mapped_over: Object.keys(t.expand),
    is_setup: t.isSetup,
    is_teardown: t.isTeardown,
    trigger_rule: t.triggerRule,
    uses_params: [...Object.values(t.inputs), ...Object.values(t.expand)].some((i) => i.from === 'params'),
    doc: t.doc,
  }));

  const edges: z.infer<typeof UiStructureEdge>[] = [];
  for (const task of spec.tasks) {
    const consumed = inputsByProducer(task);
    // `upstream` already holds the producers; the union guards a spec that left one out.
    const upstream = [...new Set([...task.upstream, ...consumed.keys()])].filter((id) => taskIds.has(id) && id !== task.taskId).sort();
    for (const from of upstream) {
      const inputs = consumed.get(from) ?? [];
      edges.push({ from, to: task.taskId, kind: inputs.length > 0 ? 'data' : 'order', inputs });
    }
  }

  // Parents first, whatever order the spec lists them in.
  const depth = (id: string) => groupPath(id, parents).length;
  const groups: z.infer<typeof UiStructureGroup>[] = [...spec.groups]
    .sort((a, b) => depth(a.groupId) - depth(b.groupId))
    .map((g) => ({
      group_id: g.groupId,
      label: lastSegment(g.groupId, g.parentId),
      parent_id: g.parentId,
      tooltip: g.tooltip,
      task_count: nodes.filter((n) => n.group_path.includes(g.groupId)).length,
    }));

  return { dag_id: spec.dagId, version_number: versionNumber, nodes, edges, groups };
}
