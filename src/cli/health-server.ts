/**
 * `GET /health` of a scheduler, triggerer or DAG processor (Airflow's scheduler
 * health check server, port 8974): 200 `{"status":"healthy","job":{...}}` while
 * this process's own job has a heartbeat younger than the threshold, else 503
 * with the reason. It reads the job from the metadata database, so a process
 * that runs but cannot record heartbeats (database down, a stuck connection)
 * is reported unhealthy, as an orchestrator's liveness probe needs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { AIRFLOW_JOB_TYPE, isJobAlive } from '../services/jobs.js';
import type { Store } from '../store/store.js';
import type { Job, JobKind } from '../store/types.js';

export interface HealthServer {
  /** e.g. http://localhost:8974/health */
  readonly url: string;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  readonly store: Store;
  /** This process's job is the running job of this kind with its pid and host name. */
  readonly kind: JobKind;
  readonly thresholdMs: number;
  readonly port: number;
  readonly host?: string;
}

interface Health {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function presentJob(job: Job, now: Date): Record<string, unknown> {
  return {
    id: job.id,
    job_type: AIRFLOW_JOB_TYPE[job.kind],
    hostname: job.hostname,
    pid: job.pid,
    state: job.state,
    start_date: job.startedAt.toISOString(),
    latest_heartbeat: job.latestHeartbeat.toISOString(),
    heartbeat_age_seconds: Math.max(0, (now.getTime() - job.latestHeartbeat.getTime()) / 1000),
  };
}

async function probe(options: HealthServerOptions): Promise<Health> {
  const now = new Date();
  let job: Job | undefined;
  try {
    const running = await options.store.jobs.list({ kind: options.kind, state: 'running' });
    job = running.find((j) => j.pid === process.pid && j.hostname === hostname());
  } catch (error) {
    return { status: 503, body: { status: 'unhealthy', reason: `the metadata database did not answer: ${error instanceof Error ? error.message : String(error)}`, job: null } };
  }
  if (!job) return { status: 503, body: { status: 'unhealthy', reason: `this process has no running ${options.kind} job (it was ended, e.g. judged dead by another process)`, job: null } };
  if (!isJobAlive(job, now, options.thresholdMs)) {
    const reason = `the latest heartbeat is older than ${options.thresholdMs / 1000} s (scheduler.health_check_threshold)`;
    return { status: 503, body: { status: 'unhealthy', reason, job: presentJob(job, now) } };
  }
  return { status: 200, body: { status: 'healthy', job: presentJob(job, now) } };
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/health' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not Found: this port serves only GET /health' }));
      return;
    }
    void probe(options).then(({ status, body }) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
    });
  });
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use: pick another --health-port' : error.code === 'EACCES' ? 'permission denied: ports below 1024 need privileges' : error.message;
      reject(new Error(`cannot serve the ${options.kind} health check on ${host}:${options.port}: ${why}`));
    });
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shown}:${port}/health`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
