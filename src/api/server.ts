/**
 * `createApiServer(app)`: the REST API over one app's store, served by node's
 * HTTP server (`@hono/node-server`). `fetch` answers in-process (tests);
 * `listen` binds a port; `close` stops accepting and ends open connections.
 */
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { App } from '../app.js';
import { nudgeScheduler } from '../scheduler/wake-signal.js';
import type { ApiDeps } from './api-context.js';
import { buildApiApp } from './api-app.js';
import { FleetMonitor } from './fleet-monitor.js';
import type { Redis } from 'ioredis';
import { settingOf, type UpdraftConfig } from '../config/config.js';
import { openRedis, publishTryRecorded, type TryRecordedNotice } from '../executor/queue/try-notices.js';
import { resolveJwtSecret } from './auth/jwt-secret.js';
import type { LoginLimits } from './auth/login-limiter.js';

export interface ApiServerOptions {
  readonly now?: () => Date;
  /** After a trigger, unpause, clear or state change; default: nudge a scheduler on this machine. */
  readonly onChange?: () => void;
  readonly log?: (message: string) => void;
  readonly maxBodyBytes?: number;
  /** Failed-login limits; default: this process's own. */
  readonly loginLimiter?: LoginLimits;
}

export interface ApiServer {
  fetch(request: Request): Promise<Response>;
  /** Binds and resolves with the URL it serves (port 0 picks a free one). */
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

export function createApiServer(app: App, options: ApiServerOptions = {}): ApiServer {
  const log = options.log ?? ((message: string) => console.error(message));
  // Connects to Redis on the first read only; closed with the server.
  const fleet = FleetMonitor.fromConfig(app.config, log);
  // With the queue executor, a worker's recorded try is announced to the schedulers over Redis.
  const notices = tryNoticePublisher(app.config, log);
  const deps: ApiDeps = {
    app,
    now: options.now ?? (() => new Date()),
    onChange: options.onChange ?? (() => nudgeScheduler(app.config.home)),
    log,
    fleet,
    ...(notices ? { onTryRecorded: notices.publish } : {}),
  };
  const api = buildApiApp(deps, {
    jwtSecret: resolveJwtSecret(app.config.apiJwtSecret, app.config.home),
    accessTokenExpirationSec: app.config.apiAccessTokenExpirationSec,
    maximumPageLimit: app.config.apiMaximumPageLimit,
    responseCacheBytes: app.config.apiResponseCacheMb * 1024 * 1024,
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.loginLimiter ? { loginLimiter: options.loginLimiter } : {}),
    executionTokenTtlSec: settingOf(app.config, 'queue', 'execution_token_expiration_time').value as number,
  });
  let server: ServerType | null = null;
  return {
    fetch: async (request) => api.fetch(request),
    listen(port, host) {
      const s = createAdaptorServer({ fetch: api.fetch, hostname: host });
      server = s;
      return new Promise((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => {
          const bound = (s.address() as AddressInfo).port;
          const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
          resolve({ url: `http://${shown}:${bound}`, port: bound });
        });
      });
    },
    async close() {
      const s = server;
      server = null;
      if (s) {
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          if ('closeAllConnections' in s) s.closeAllConnections();
        });
      }
      await fleet?.close();
      await notices?.close();
    },
  };
}

/** Null with the local executor (no Redis to tell). A notice that cannot be sent is only latency: schedulers poll. */
function tryNoticePublisher(config: UpdraftConfig, log: (message: string) => void): { publish: (notice: TryRecordedNotice) => void; close: () => Promise<void> } | null {
  const url = settingOf(config, 'queue', 'redis_url').value;
  if (config.executor !== 'queue' || typeof url !== 'string') return null;
  const prefix = String(settingOf(config, 'queue', 'prefix').value);
  let redis: Redis | null = null;
  return {
    publish: (notice) => {
      redis ??= openRedis(url);
      publishTryRecorded(redis, prefix, notice).catch((error: unknown) => log(`[api] could not announce a recorded try on Redis: ${String(error)}`));
    },
    close: async () => {
      await redis?.quit().catch(() => redis?.disconnect());
    },
  };
}
