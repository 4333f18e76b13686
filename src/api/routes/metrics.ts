/**
 * `GET /metrics`: Prometheus metrics of the orchestrator (from the metadata store,
 * and with the queue executor from Redis) and of this API process (incl. its response cache). Not an Airflow route (Airflow pushes to StatsD or
 * OpenTelemetry instead), so it is not in the OpenAPI spec. Unauthenticated by
 * default, as a scrape target usually is; `metrics.require_auth` asks for a
 * bearer token of any role, and `metrics.enabled = false` turns it into a 404.
 */
import type { Context, Hono } from 'hono';
import type { ApiDeps } from '../api-context.js';
import { fleetMetrics } from '../metrics/fleet-metrics.js';
import { processMetrics, startEventLoopMonitor } from '../metrics/process-metrics.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheusText } from '../metrics/prometheus-text.js';
import { responseCacheMetrics } from '../metrics/response-cache-metrics.js';
import { storeMetrics } from '../metrics/store-metrics.js';
import type { ResponseCache } from '../response-cache.js';
import type { AuthEnv } from '../route-def.js';
import { HEALTH_THRESHOLD_MS } from './monitor.js';

export function registerMetricsRoute(api: Hono<AuthEnv>, deps: ApiDeps, responses: ResponseCache): void {
  const { metricsEnabled, metricsRequireAuth } = deps.app.config;
  if (metricsEnabled) startEventLoopMonitor();
  // Registered even when disabled: the web UI answers every other GET, and /metrics must then be a 404.
  api.get('/metrics', async (c) => {
    if (!metricsEnabled) return c.json({ detail: 'Not Found' }, 404);
    if (metricsRequireAuth) await c.get('authenticate')(c as unknown as Context);
    const now = deps.now();
    const [store, fleet] = await Promise.all([storeMetrics(deps.app.store, now, HEALTH_THRESHOLD_MS), deps.fleet?.read(now)]);
    const families = [...store, ...(fleet ? fleetMetrics(fleet, now) : []), ...processMetrics(), ...responseCacheMetrics(responses.stats())];
    return c.body(renderPrometheusText(families), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' });
  });
}
