/** Assets, asset events and queued events as Airflow's AssetResponse / AssetEventResponse / QueuedEventResponse. */
import type { z } from '@hono/zod-openapi';
import { scheduleAssetCondition } from '../../core/asset-condition.js';
import type { AssetCondition, DagSpec } from '../../core/dag-spec.js';
import type { DagRun } from '../../core/run-model.js';
import type { AssetLinks } from '../../services/assets.js';
import type { Asset, AssetEvent, AssetQueueEntry } from '../../store/types.js';
import type { AssetEventResponse, AssetResponse, DagRunAssetReference, QueuedEventResponse } from '../schemas/assets.js';
import { iso, isoString } from './json-values.js';

const NO_LINKS: AssetLinks = { scheduledDags: [], producingTasks: [], lastEvent: null };

export function presentAsset(a: Asset, links: AssetLinks = NO_LINKS): z.infer<typeof AssetResponse> {
  return {
    id: a.id,
    name: a.name,
    uri: a.uri,
    group: a.group,
    extra: a.extra,
    created_at: isoString(a.createdAt),
    updated_at: isoString(a.updatedAt),
    scheduled_dags: links.scheduledDags.map((r) => ({ dag_id: r.dagId, created_at: isoString(r.createdAt), updated_at: isoString(r.updatedAt) })),
    producing_tasks: links.producingTasks.map((r) => ({ dag_id: r.dagId, task_id: r.taskId, created_at: isoString(r.createdAt), updated_at: isoString(r.updatedAt) })),
    // Updraft has no inlets, aliases or watchers.
    consuming_tasks: [],
    aliases: [],
    watchers: [],
    last_asset_event: links.lastEvent ? { id: links.lastEvent.id, timestamp: isoString(links.lastEvent.timestamp) } : null,
  };
}

function presentRunReference(run: DagRun): z.infer<typeof DagRunAssetReference> {
  return {
    run_id: run.runId,
    dag_id: run.dagId,
    logical_date: iso(run.logicalDate),
    // Airflow's schema requires a start date: a run that has not started shows when it was queued.
    start_date: isoString(run.startDate ?? run.queuedAt ?? run.runAfter),
    end_date: iso(run.endDate),
    state: run.state,
    data_interval_start: iso(run.dataInterval?.start),
    data_interval_end: iso(run.dataInterval?.end),
    partition_key: null,
  };
}

export function presentAssetEvent(e: AssetEvent, asset: Asset | undefined, createdRuns: readonly DagRun[] = []): z.infer<typeof AssetEventResponse> {
  return {
    id: e.id,
    asset_id: e.assetId,
    uri: asset?.uri ?? null,
    name: asset?.name ?? null,
    group: asset?.group ?? null,
    extra: e.extra,
    source_task_id: e.sourceTaskId,
    source_dag_id: e.sourceDagId,
    source_run_id: e.sourceRunId,
    source_map_index: e.sourceMapIndex ?? -1,
    created_dagruns: createdRuns.map(presentRunReference),
    timestamp: isoString(e.timestamp),
    partition_key: null,
  };
}

export function presentQueuedEvent(q: AssetQueueEntry): z.infer<typeof QueuedEventResponse> {
  return { dag_id: q.dagId, asset_id: q.assetId, created_at: isoString(q.createdAt), dag_display_name: q.dagId };
}

/**
 * A DAG's asset condition as Airflow's `asset_expression`: `{"all": [...]}`, `{"any": [...]}`
 * and `{"asset": {uri, name, group}}` leaves; null for a DAG not scheduled on assets.
 */
export function presentAssetExpression(spec: DagSpec): Record<string, unknown> | null {
  if (spec.schedule.kind !== 'assets') return null;
  const defined = new Map((spec.assets ?? []).map((a) => [a.uri, a]));
  const expression = (c: AssetCondition): Record<string, unknown> => {
    if (typeof c === 'string') return { asset: { uri: c, name: defined.get(c)?.name ?? c, group: defined.get(c)?.group ?? 'asset' } };
    return 'all' in c ? { all: c.all.map(expression) } : { any: c.any.map(expression) };
  };
  return expression(scheduleAssetCondition(spec.schedule));
}
