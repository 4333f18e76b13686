/** What a node stands for, beside it: the task's state, tries, times and settings, or a group's members by state. */
import { StateBadge } from '../../../components/StateBadge';
import { stateLabel } from '../../../components/states';
import { Duration, formatDateTime } from '../../../components/Time';
import type { Box } from './layout-types';
import { countStates, describeCounts, foldStates, type TaskSummary } from './task-states';
import type { View } from './view-fit';
import type { VisibleNode } from './visible-graph';

export function NodeTooltip({ node, box, view, summaries, viewport }: { node: VisibleNode; box: Box; view: View; summaries: ReadonlyMap<string, TaskSummary>; viewport: { width: number; height: number } }) {
  const left = Math.min(Math.max(8, box.x * view.k + view.x), Math.max(8, viewport.width - 328));
  const below = (box.y + box.height) * view.k + view.y + 8;
  // In the lower part of the view it opens upwards, so it is never cut off.
  const above = below > viewport.height * 0.55;
  const top = above ? box.y * view.k + view.y - 8 : below;
  return (
    <div className={`hover-card graph-tooltip${above ? ' is-above' : ''}`} style={{ left, top }} role="tooltip" data-testid="graph-tooltip">
      {node.kind === 'task' ? <TaskTip node={node} summary={summaries.get(node.task.task_id)} /> : <GroupTip node={node} summaries={summaries} />}
    </div>
  );
}

function TaskTip({ node, summary }: { node: Extract<VisibleNode, { kind: 'task' }>; summary: TaskSummary | undefined }) {
  const t = node.task;
  return (
    <>
      <div className="hover-card-head">
        <strong className="mono">{t.task_id}</strong>
        <StateBadge state={summary?.state ?? null} />
      </div>
      <dl>
        <dt>Operator</dt>
        <dd>{t.operator}</dd>
        {t.is_mapped && (
          <>
            <dt>Mapped</dt>
            <dd>
              over {t.mapped_over.join(', ')}
              {summary?.mapCount != null && `: ${summary.mapCount} instances (${describeCounts(summary.counts, stateLabel)})`}
            </dd>
          </>
        )}
        {t.trigger_rule !== 'all_success' && (
          <>
            <dt>Trigger rule</dt>
            <dd className="mono">{t.trigger_rule}</dd>
          </>
        )}
        {(t.is_setup || t.is_teardown) && (
          <>
            <dt>Role</dt>
            <dd>{t.is_setup ? 'Setup task' : 'Teardown task'}</dd>
          </>
        )}
        {summary && summary.tryNumber > 0 && (
          <>
            <dt>Try</dt>
            <dd>
              {summary.tryNumber} of {Math.max(summary.maxTries, summary.tryNumber)}
            </dd>
          </>
        )}
        {summary?.startDate && (
          <>
            <dt>Started</dt>
            <dd>{formatDateTime(new Date(summary.startDate))}</dd>
            <dt>Duration</dt>
            <dd>
              <Duration start={summary.startDate} end={summary.endDate} />
            </dd>
          </>
        )}
      </dl>
      {t.doc && <p className="graph-tooltip-doc">{t.doc.length > 200 ? `${t.doc.slice(0, 199)}…` : t.doc}</p>}
      <p className="faint">Click for the task instance: logs, XComs, actions.</p>
    </>
  );
}

function GroupTip({ node, summaries }: { node: Extract<VisibleNode, { kind: 'group' }>; summaries: ReadonlyMap<string, TaskSummary> }) {
  const g = node.group;
  const counts = countStates(node.memberIds, summaries);
  const state = foldStates(node.memberIds.map((id) => summaries.get(id)?.state ?? null));
  return (
    <>
      <div className="hover-card-head">
        <strong className="mono">{g.group_id}</strong>
        <StateBadge state={state} />
      </div>
      {g.tooltip && <p>{g.tooltip}</p>}
      <p>
        {g.task_count} tasks: {describeCounts(counts, stateLabel)}
      </p>
      <p className="faint">Click to expand the group.</p>
    </>
  );
}
