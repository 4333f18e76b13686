/** Runs in words: run types, who triggered, and the link to a run in its DAG's grid. */
import type { DagRun } from '@updraft/client';
import { paths } from '../../router/paths';

const RUN_TYPE_LABELS: Readonly<Record<string, string>> = {
  manual: 'Manual',
  scheduled: 'Scheduled',
  backfill: 'Backfill',
  asset_triggered: 'Asset',
};

export function runTypeLabel(type: string): string {
  return RUN_TYPE_LABELS[type] ?? type;
}

const TRIGGERED_BY_LABELS: Readonly<Record<string, string>> = {
  cli: 'CLI',
  operator: 'Operator',
  rest_api: 'REST API / UI',
  ui: 'UI',
  test: 'Test',
  timetable: 'Schedule',
  asset: 'Asset event',
  backfill: 'Backfill',
};

export function triggeredByLabel(run: Pick<DagRun, 'triggered_by' | 'triggering_user_name'>): string {
  const how = run.triggered_by ? (TRIGGERED_BY_LABELS[run.triggered_by] ?? run.triggered_by) : '—';
  return run.triggering_user_name ? `${run.triggering_user_name} (${how})` : how;
}

/** The run, selected in its DAG's grid. */
export function runGridPath(dagId: string, runId: string): string {
  return `${paths.dag(dagId, 'grid')}?run=${encodeURIComponent(runId)}`;
}
