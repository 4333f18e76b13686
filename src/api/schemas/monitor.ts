/** Version and health bodies, as Airflow's spec names them. */
import { z } from '@hono/zod-openapi';

export const VersionInfo = z.object({ version: z.string(), git_version: z.string().nullable() }).openapi('VersionInfo');

const status = z.string().nullable();

export const HealthInfoResponse = z
  .object({
    metadatabase: z.object({ status }).openapi('BaseInfoResponse'),
    scheduler: z.object({ status, latest_scheduler_heartbeat: z.string().nullable() }).openapi('SchedulerInfoResponse'),
    triggerer: z.object({ status, latest_triggerer_heartbeat: z.string().nullable() }).openapi('TriggererInfoResponse'),
    dag_processor: z.object({ status, latest_dag_processor_heartbeat: z.string().nullable() }).openapi('DagProcessorInfoResponse').nullable(),
  })
  .openapi('HealthInfoResponse');
