/** `GET /api/v2/version` and `GET /api/v2/monitor/health`: public, no token needed. */
import { readFileSync } from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Job, JobKind } from '../../store/types.js';
import type { ApiDeps } from '../api-context.js';
import { defineRoute, type AuthEnv } from '../route-def.js';
import { jsonContent } from '../schemas/common.js';
import { HealthInfoResponse, VersionInfo } from '../schemas/monitor.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A scheduler whose latest heartbeat is older than this is unhealthy (Airflow's scheduler_health_check_threshold). */
export const HEALTH_THRESHOLD_MS = 30_000;

export const getVersion = defineRoute('public', {
  method: 'get',
  path: '/api/v2/version',
  operationId: 'get_version',
  tags: ['Version'],
  summary: 'Get Version',
  responses: { 200: jsonContent(VersionInfo) },
});

export const getHealth = defineRoute('public', {
  method: 'get',
  path: '/api/v2/monitor/health',
  operationId: 'get_health',
  tags: ['Monitor'],
  summary: 'Get Health',
  responses: { 200: jsonContent(HealthInfoResponse) },
});

export function registerMonitorRoutes(api: OpenAPIHono<AuthEnv>, deps: ApiDeps): void {
  api.openapi(getVersion, (c) => c.json({ version: VERSION, git_version: null }, 200));

  api.openapi(getHealth, async (c) => {
    const now = deps.now().getTime();
    const latest = async (kind: JobKind): Promise<{ status: string | null; heartbeat: string | null }> => {
      const jobs: Job[] = await deps.app.store.jobs.list({ kind, state: 'running' });
      const newest = jobs.reduce<Job | null>((a, b) => (a && a.latestHeartbeat >= b.latestHeartbeat ? a : b), null);
      if (!newest) return { status: null, heartbeat: null };
      const healthy = now - newest.latestHeartbeat.getTime() <= HEALTH_THRESHOLD_MS;
      return { status: healthy ? 'healthy' : 'unhealthy', heartbeat: newest.latestHeartbeat.toISOString() };
    };
    let database = 'healthy';
    let scheduler = { status: null as string | null, heartbeat: null as string | null };
    let processor = { status: null as string | null, heartbeat: null as string | null };
    let triggerer = { status: null as string | null, heartbeat: null as string | null };
    try {
      scheduler = await latest('scheduler');
      processor = await latest('dag_processor');
      triggerer = await latest('triggerer');
    } catch (error) {
      deps.log(`[api] health: the metadata database did not answer: ${String(error)}`);
      database = 'unhealthy';
    }
    return c.json(
      {
        metadatabase: { status: database },
        scheduler: { status: scheduler.status, latest_scheduler_heartbeat: scheduler.heartbeat },
        triggerer: { status: triggerer.status, latest_triggerer_heartbeat: triggerer.heartbeat },
        dag_processor: { status: processor.status, latest_dag_processor_heartbeat: processor.heartbeat },
      },
      200,
    );
  });
}
