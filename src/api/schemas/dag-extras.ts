/** DAG sources, stats, versions and warnings, as Airflow's spec names them. */
import { z } from '@hono/zod-openapi';
import { dateTime } from './common.js';
import { DagRunState } from './dag-runs.js';
import { DagVersionResponse } from './dags.js';

export const DAGSourceResponse = z
  .object({ content: z.string().nullable(), dag_id: z.string(), version_number: z.number().int().nullable(), dag_display_name: z.string() })
  .openapi('DAGSourceResponse');

export const DagStatsStateResponse = z.object({ state: DagRunState, count: z.number().int() }).openapi('DagStatsStateResponse');
export const DagStatsResponse = z
  .object({ dag_id: z.string(), dag_display_name: z.string(), stats: z.array(DagStatsStateResponse) })
  .openapi('DagStatsResponse');
export const DagStatsCollectionResponse = z
  .object({ dags: z.array(DagStatsResponse), total_entries: z.number().int() })
  .openapi('DagStatsCollectionResponse');

export const DAGVersionCollectionResponse = z
  .object({ dag_versions: z.array(DagVersionResponse), total_entries: z.number().int() })
  .openapi('DAGVersionCollectionResponse');

export const DagWarningType = z.enum(['asset conflict', 'non-existent pool', 'runtime varying value']).openapi('DagWarningType');
export const DAGWarningResponse = z
  .object({ dag_id: z.string(), warning_type: DagWarningType, message: z.string(), timestamp: dateTime, dag_display_name: z.string() })
  .openapi('DAGWarningResponse');
export const DAGWarningCollectionResponse = z
  .object({ dag_warnings: z.array(DAGWarningResponse), total_entries: z.number().int() })
  .openapi('DAGWarningCollectionResponse');
