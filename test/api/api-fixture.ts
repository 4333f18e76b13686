/**
 * An API server over a fresh app (temp UPDRAFT_HOME, embedded SQLite), answering
 * in-process through `fetch`, with one user per role, a few DAGs and runs, and
 * helpers to call it. Passwords are hashed with cheap scrypt parameters (tests only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../../src/app.js';
import { signJwt } from '../../src/api/auth/jwt.js';
import { resolveJwtSecret } from '../../src/api/auth/jwt-secret.js';
import { LoginLimiter } from '../../src/api/auth/login-limiter.js';
import { ROLES, type Role } from '../../src/api/permissions.js';
import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { hashPassword } from '../../src/auth/password.js';
import { dagRun, dagSpec, taskInstance, taskSpec } from '../../src/store/testing/fixtures.js';
import { seedTaskInstanceData } from './task-instance-seed.js';

export const PASSWORD = 'correct horse battery staple';
export const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface ApiFixture {
  readonly app: App;
  readonly server: ApiServer;
  readonly tokens: Readonly<Record<Role, string>>;
  readonly secret: string;
  /** A token for `username` (default: a user with no role), valid for `ttlSec` (negative: already expired). */
  token(username?: string, ttlSec?: number): string;
  readonly logs: string[];
  /** Changes the API reported (trigger, unpause...). */
  readonly changes: { count: number };
  call(method: string, path: string, options?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export const SEEDED = {
  dag: 'api_etl',
  pausedDag: 'api_paused_report',
  run: 'manual__2025-01-02T00:00:00+00:00',
  failedRun: 'scheduled__2025-01-01T00:00:00+00:00',
} as const;

export async function startApiFixture(options: { loginLimiter?: LoginLimiter; env?: Readonly<Record<string, string>> } = {}): Promise<ApiFixture> {
  const home = mkdtempSync(join(tmpdir(), 'updraft-api-'));
  // The config routes answer only when api.expose_config is on; connections are tested only when enabled.
  const app = await openApp({ home, loadExamples: false }, { UPDRAFT__API__EXPOSE_CONFIG: 'true', UPDRAFT__CORE__TEST_CONNECTION: 'Enabled', ...options.env });
  const now = new Date();
  for (const role of ROLES) {
    await app.store.users.create(
      { username: role.toLowerCase(), email: null, firstName: null, lastName: null, passwordHash: await hashPassword(PASSWORD, CHEAP_SCRYPT), roles: [role], active: true },
      now,
    );
  }
  await app.store.users.create(
    { username: 'nobody', email: null, firstName: null, lastName: null, passwordHash: await hashPassword(PASSWORD, CHEAP_SCRYPT), roles: [], active: true },
    now,
  );
  await seed(app);
  await seedTaskInstanceData(app, SEEDED.dag);
  const logs: string[] = [];
  const changes = { count: 0 };
  const server = createApiServer(app, {
    log: (m) => logs.push(m),
    onChange: () => (changes.count += 1),
    ...(options.loginLimiter ? { loginLimiter: options.loginLimiter } : {}),
  });
  const secret = resolveJwtSecret(app.config.apiJwtSecret, app.config.home);
  const iat = Math.floor(Date.now() / 1000);
  const tokens = Object.fromEntries(ROLES.map((role) => [role, signJwt({ sub: role.toLowerCase(), roles: [role], iat, exp: iat + 3600 }, secret)])) as Record<Role, string>;
  return {
    app,
    server,
    tokens,
    secret,
    token(username = 'nobody', ttlSec = 3600) {
      const issued = Math.floor(Date.now() / 1000) - (ttlSec < 0 ? 7200 : 0);
      return signJwt({ sub: username, roles: [], iat: issued, exp: Math.floor(Date.now() / 1000) + ttlSec }, secret);
    },
    logs,
    changes,
    call(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token === undefined ? tokens.Admin : o.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (o.raw !== undefined) body = o.raw;
      else if (o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      return server.fetch(new Request(`http://localhost${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }));
    },
    async close() {
      await server.close();
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function seed(app: App): Promise<void> {
  const store = app.store;
  const etl = dagSpec(SEEDED.dag, {
    tags: ['etl', 'daily'],
    description: 'Extract and load',
    schedule: { kind: 'cron', expression: '0 0 * * *', timezone: 'UTC', dataIntervals: true },
    params: {
      schema: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, description: 'rows' } }, additionalProperties: true },
      defaults: { limit: 10 },
    },
    tasks: [taskSpec('extract', { retries: 2, retryDelayMs: 90_000, executionTimeoutMs: 3_600_000 }), taskSpec('load', { upstream: ['extract'] })],
  });
  const report = dagSpec(SEEDED.pausedDag, { tags: ['report'], isPausedUponCreation: true });
  const sync = await store.dags.syncFromFile({ fileloc: etl.fileloc, source: '// etl', dags: [{ spec: etl }] }, new Date('2025-01-01T00:00:00Z'));
  await store.dags.syncFromFile({ fileloc: report.fileloc, source: '// report', dags: [{ spec: report }] }, new Date('2025-01-01T00:00:00Z'));
  await store.dags.setPaused(SEEDED.pausedDag, true);
  const versionId = (sync.createdVersions[0] as { id: number }).id;
  const day = (n: number) => new Date(Date.UTC(2025, 0, n));
  const failed = await store.dagRuns.create(
    dagRun(SEEDED.dag, SEEDED.failedRun, versionId, {
      runType: 'scheduled',
      triggeredBy: 'timetable',
      state: 'failed',
      logicalDate: day(1),
      dataInterval: { start: day(1), end: day(2) },
      runAfter: day(2),
      startDate: day(2),
      endDate: new Date(day(2).getTime() + 5000),
    }),
  );
  await store.taskInstances.createMany([taskInstance(failed, 'extract', { state: 'failed', tryNumber: 1 }), taskInstance(failed, 'load', { state: 'upstream_failed' })]);
  const manual = await store.dagRuns.create(
    dagRun(SEEDED.dag, SEEDED.run, versionId, { runType: 'manual', triggeredBy: 'cli', state: 'success', logicalDate: day(2), runAfter: day(3), conf: { limit: 5 }, note: 'seeded' }),
  );
  await store.taskInstances.createMany([taskInstance(manual, 'extract', { state: 'success', tryNumber: 1 }), taskInstance(manual, 'load', { state: 'success', tryNumber: 1 })]);
  // A file that failed to parse and a scheduler that heartbeats, for the import error and job routes.
  await store.importErrors.replaceForFile('/dags/api_broken.py', { message: 'SyntaxError: invalid syntax', stacktrace: null, timestamp: day(3) });
  await store.jobs.register({ kind: 'scheduler', hostname: 'api-host', pid: 4242 }, new Date());
  const asset = await store.assets.upsert({ uri: 's3://bucket/api.csv', name: 'api_csv', group: 'asset', extra: {} }, day(3));
  const assetEvent = await store.assets.recordEvent({ assetId: asset.id, timestamp: day(3), sourceDagId: SEEDED.dag, sourceTaskId: 'load', sourceRunId: SEEDED.run, sourceMapIndex: -1, extra: {} });
  // Asset scheduling (the references a DAG on assets would have): etl waits on the asset and its load updates it; an update is queued, a run consumed the event.
  await store.assets.syncDagReferences({ dagId: SEEDED.dag, scheduleUris: [asset.uri], outlets: [{ taskId: 'load', uri: asset.uri }], definitions: [] }, day(3));
  await store.assets.queueForScheduledDags(asset.id, day(3));
  await store.assets.recordConsumed(manual, [assetEvent.id]);
}
