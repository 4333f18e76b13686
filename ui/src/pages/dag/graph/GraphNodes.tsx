/**
 * The graph's boxes: tasks (coloured by the run's state, a stack for a mapped
 * task), collapsed groups (their members' most telling state and a bar of
 * their states), and expanded groups' frames with a header that collapses
 * them. Memoized: panning and hovering do not re-render 1,000 nodes; below
 * the readable zoom only the boxes are drawn.
 */
import { memo, type KeyboardEvent } from 'react';
import { stateColor, stateLabel } from '../../../components/states';
import type { Box, GraphLayout } from './layout-types';
import { countStates, describeCounts, foldStates, STATE_PRIORITY, type TaskSummary } from './task-states';
import type { VisibleGraph, VisibleNode } from './visible-graph';

export interface NodeActions {
  /** A task node was activated (click, Enter). */
  openTask(taskId: string): void;
  toggleGroup(groupId: string): void;
}

const EMPTY_COLOR = 'var(--border-strong)';
const colorOf = (state: string | null | undefined) => (state ? stateColor(state) : EMPTY_COLOR);

function truncate(text: string, width: number, charWidth: number): string {
  const max = Math.max(4, Math.floor(width / charWidth));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function onActivate(action: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      action();
    }
  };
}

/** A stripe down the box's left side, rounded like the box. */
const stripe = (h: number) => `M6,0 V${h} A6,6 0 0 1 0,${h - 6} V6 A6,6 0 0 1 6,0 Z`;

interface TaskNodeProps {
  node: Extract<VisibleNode, { kind: 'task' }>;
  box: Box;
  summary: TaskSummary | undefined;
  detailed: boolean;
  actions: NodeActions;
}

/** A poll that changed other tasks' states re-renders only the nodes whose own state changed. */
const sameTaskNode = (a: TaskNodeProps, b: TaskNodeProps) =>
  a.node === b.node &&
  a.box === b.box &&
  a.detailed === b.detailed &&
  a.actions === b.actions &&
  a.summary?.state === b.summary?.state &&
  a.summary?.mapCount === b.summary?.mapCount &&
  a.summary?.tryNumber === b.summary?.tryNumber;

const TaskNode = memo(function TaskNode({ node, box, summary, detailed, actions }: TaskNodeProps) {
  const t = node.task;
  const state = summary?.state ?? null;
  const color = colorOf(state);
  const mapped = t.is_mapped ? ` [${summary?.mapCount ?? ''}]` : '';
  const tags = [t.operator + mapped, t.is_setup ? 'setup' : '', t.is_teardown ? 'teardown' : '', t.trigger_rule !== 'all_success' ? t.trigger_rule : ''].filter(Boolean).join(' · ');
  const open = () => actions.openTask(t.task_id);
  return (
    <g
      className={`gnode gnode-task${state === 'running' ? ' is-running' : ''}`}
      transform={`translate(${box.x},${box.y})`}
      data-key={node.key}
      data-task-id={t.task_id}
      data-state={state ?? 'none'}
      tabIndex={0}
      role="button"
      aria-label={`Task ${t.task_id}, ${t.operator}, ${stateLabel(state)}${t.is_mapped ? `, mapped${summary?.mapCount != null ? ` over ${summary.mapCount}` : ''}` : ''}`}
      onClick={open}
      onKeyDown={onActivate(open)}
    >
      {!detailed ? (
        // Zoomed out: a box filled with the state's colour, so the whole run reads as a heat map.
        <rect className="gnode-box gnode-solid" width={box.width} height={box.height} rx={6} style={{ fill: state ? color : undefined }} />
      ) : (
        <>
          {t.is_mapped && <rect className="gnode-stack" x={4} y={4} width={box.width} height={box.height} rx={6} />}
          <rect className="gnode-box" width={box.width} height={box.height} rx={6} style={{ stroke: color }} />
          <path className="gnode-stripe" d={stripe(box.height)} style={{ fill: color }} />
          <text className="gnode-label" x={16} y={22}>
            {truncate(t.label, box.width - 40, 7.4)}
          </text>
          <text className="gnode-sub" x={16} y={40}>
            {truncate(tags, box.width - 24, 6.3)}
          </text>
          {(t.is_setup || t.is_teardown) && (
            <path className="gnode-glyph" transform={`translate(${box.width - 18},10)`} d={t.is_setup ? 'M5 10V0M1 4l4-4 4 4' : 'M5 0v10M1 6l4 4 4-4'} />
          )}
          {summary && summary.tryNumber > 1 && (
            <text className="gnode-try" x={box.width - 10} y={40} textAnchor="end">
              try {summary.tryNumber}
            </text>
          )}
        </>
      )}
    </g>
  );
}, sameTaskNode);

function GroupNode({ node, box, summaries, detailed, actions }: { node: Extract<VisibleNode, { kind: 'group' }>; box: Box; summaries: ReadonlyMap<string, TaskSummary>; detailed: boolean; actions: NodeActions }) {
  const g = node.group;
  const counts = countStates(node.memberIds, summaries);
  const state = foldStates(node.memberIds.map((id) => summaries.get(id)?.state ?? null));
  const anyRun = node.memberIds.some((id) => summaries.has(id));
  const color = anyRun ? colorOf(state) : EMPTY_COLOR;
  const toggle = () => actions.toggleGroup(g.group_id);
  // The state bar: one segment per state, most telling first.
  const total = node.memberIds.length || 1;
  const segments = Object.entries(counts).sort(([a], [b]) => STATE_PRIORITY.indexOf(a === 'none' ? null : a) - STATE_PRIORITY.indexOf(b === 'none' ? null : b));
  let offset = 10;
  const barWidth = box.width - 20;
  return (
    <g
      className={`gnode gnode-group${state === 'running' ? ' is-running' : ''}`}
      transform={`translate(${box.x},${box.y})`}
      data-key={node.key}
      data-group-id={g.group_id}
      data-collapsed="true"
      data-state={anyRun ? (state ?? 'none') : 'none'}
      tabIndex={0}
      role="button"
      aria-expanded={false}
      aria-label={`Group ${g.group_id}, ${g.task_count} tasks${anyRun ? `: ${describeCounts(counts, stateLabel)}` : ''}. Expand`}
      onClick={toggle}
      onKeyDown={onActivate(toggle)}
    >
      <rect className="gnode-group-back" x={4} y={4} width={box.width} height={box.height} rx={10} />
      <rect className="gnode-box gnode-group-box" width={box.width} height={box.height} rx={10} style={{ stroke: color }} />
      {detailed && (
        <>
          <path className="gnode-chevron" transform="translate(10,11)" d="M3 1l5 5-5 5" />
          <text className="gnode-label" x={24} y={22}>
            {truncate(g.label, box.width - 40, 7.6)}
          </text>
          <text className="gnode-sub" x={12} y={40}>
            {g.task_count} tasks{anyRun && state ? ` · ${stateLabel(state).toLowerCase()}` : ''}
          </text>
        </>
      )}
      {anyRun &&
        segments.map(([s, n]) => {
          const w = (barWidth * n) / total;
          const x = offset;
          offset += w;
          return <rect key={s} className="gnode-dist" x={x} y={box.height - 9} width={Math.max(0, w)} height={4} style={{ fill: s === 'none' ? 'var(--surface-2)' : stateColor(s) }} />;
        })}
    </g>
  );
}

export const NodesLayer = memo(function NodesLayer(props: {
  graph: VisibleGraph;
  layout: GraphLayout;
  summaries: ReadonlyMap<string, TaskSummary>;
  detailed: boolean;
  actions: NodeActions;
}) {
  const { graph, layout, summaries, detailed, actions } = props;
  return (
    <g className="graph-nodes">
      {graph.nodes.map((n) => {
        const box = layout.nodes.get(n.key);
        if (!box) return null;
        return n.kind === 'task' ? (
          <TaskNode key={n.key} node={n} box={box} summary={summaries.get(n.task.task_id)} detailed={detailed} actions={actions} />
        ) : (
          <GroupNode key={n.key} node={n} box={box} summaries={summaries} detailed={detailed} actions={actions} />
        );
      })}
    </g>
  );
});

export const ContainersLayer = memo(function ContainersLayer(props: { graph: VisibleGraph; layout: GraphLayout; detailed: boolean; actions: NodeActions }) {
  const { graph, layout, detailed, actions } = props;
  return (
    <g className="graph-groups">
      {graph.containers.map((c) => {
        const box = layout.containers.get(c.key);
        if (!box) return null;
        const collapse = () => actions.toggleGroup(c.group.group_id);
        return (
          <g key={c.key} className="ggroup" data-group-id={c.group.group_id} data-collapsed="false">
            <rect className="ggroup-box" x={box.x} y={box.y} width={box.width} height={box.height} rx={10} />
            <g
              className="ggroup-head"
              transform={`translate(${box.x},${box.y})`}
              role="button"
              tabIndex={0}
              aria-expanded={true}
              aria-label={`Group ${c.group.group_id}, ${c.group.task_count} tasks. Collapse`}
              onClick={collapse}
              onKeyDown={onActivate(collapse)}
            >
              <rect className="ggroup-head-hit" width={Math.min(box.width, 320)} height={28} rx={10} />
              {detailed && (
                <>
                  <path className="gnode-chevron" transform="translate(10,9)" d="M1 3l5 5 5-5" />
                  <text className="ggroup-label" x={26} y={19}>
                    {truncate(c.group.label, box.width - 110, 7.4)}
                    <tspan className="ggroup-count" dx={8}>
                      {c.group.task_count} tasks
                    </tspan>
                  </text>
                </>
              )}
            </g>
          </g>
        );
      })}
    </g>
  );
});
