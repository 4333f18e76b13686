/** Asset bodies as Airflow's spec names them: assets, their events, queued events and run references. */
import { z } from '@hono/zod-openapi';
import { dateTime, nullableDateTime } from './common.js';

const jsonObject = z.record(z.string(), z.unknown()).nullable();
const taskRef = z.object({ dag_id: z.string(), task_id: z.string(), created_at: dateTime, updated_at: dateTime });

export const AssetResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    uri: z.string(),
    group: z.string(),
    extra: jsonObject,
    created_at: dateTime,
    updated_at: dateTime,
    scheduled_dags: z.array(z.object({ dag_id: z.string(), created_at: dateTime, updated_at: dateTime })),
    producing_tasks: z.array(taskRef),
    consuming_tasks: z.array(taskRef),
    aliases: z.array(z.object({ id: z.number().int(), name: z.string(), group: z.string() })),
    watchers: z.array(z.record(z.string(), z.unknown())),
    last_asset_event: z.object({ id: z.number().int().nullable(), timestamp: nullableDateTime }).nullable(),
  })
  .openapi('AssetResponse');
export const AssetCollectionResponse = z.object({ assets: z.array(AssetResponse), total_entries: z.number().int() }).openapi('AssetCollectionResponse');

export const DagRunAssetReference = z
  .object({
    run_id: z.string(),
    dag_id: z.string(),
    logical_date: nullableDateTime,
    start_date: dateTime,
    end_date: nullableDateTime,
    state: z.string(),
    data_interval_start: nullableDateTime,
    data_interval_end: nullableDateTime,
    partition_key: z.string().nullable(),
  })
  .openapi('DagRunAssetReference');

export const AssetEventResponse = z
  .object({
    id: z.number().int(),
    asset_id: z.number().int(),
    uri: z.string().nullable(),
    name: z.string().nullable(),
    group: z.string().nullable(),
    extra: jsonObject,
    source_task_id: z.string().nullable(),
    source_dag_id: z.string().nullable(),
    source_run_id: z.string().nullable(),
    source_map_index: z.number().int(),
    created_dagruns: z.array(DagRunAssetReference),
    timestamp: dateTime,
    partition_key: z.string().nullable(),
  })
  .openapi('AssetEventResponse');
export const AssetEventCollectionResponse = z
  .object({ asset_events: z.array(AssetEventResponse), total_entries: z.number().int() })
  .openapi('AssetEventCollectionResponse');

export const QueuedEventResponse = z
  .object({ dag_id: z.string(), asset_id: z.number().int(), created_at: dateTime, dag_display_name: z.string() })
  .openapi('QueuedEventResponse');
export const QueuedEventCollectionResponse = z
  .object({ queued_events: z.array(QueuedEventResponse), total_entries: z.number().int() })
  .openapi('QueuedEventCollectionResponse');
