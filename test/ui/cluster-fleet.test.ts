/**
 * The Cluster page with the queue executor, in a real headless Chromium: an API
 * server configured with core.executor=queue and the local Redis, two workers
 * in the registry (one beating every 2 s as a worker would, running a task; one
 * silent for two minutes) and a BullMQ queue with jobs waiting. The page shows
 * both workers, the silent one unhealthy, the running try linked to its task
 * instance, Redis healthy, the worker slots, and the queue depths.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { openApp, type App } from '../../src/app.js';
import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { hashPassword } from '../../src/auth/password.js';
import { deletePrefix, testRedis, TEST_REDIS_URL, uniquePrefix } from '../../src/executor/queue/testing/redis-prefix.js';
import { WorkerRegistry, type WorkerStatus } from '../../src/executor/queue/worker-registry.js';
import { CHEAP_SCRYPT } from '../api/api-fixture.js';
import { launchBrowser, login, openPage } from './support/browser.js';

const PASSWORD = 'cluster-fleet-password';

function worker(name: string, heartbeatAgoMs: number, overrides: Partial<WorkerStatus> = {}): WorkerStatus {
  return {
    name,
    hostname: `${name}.internal`,
    pid: 7100,
    queues: ['default'],
    concurrency: 4,
    running: [],
    startedAt: new Date(Date.now() - 3600_000).toISOString(),
    lastHeartbeat: new Date(Date.now() - heartbeatAgoMs).toISOString(),
    version: '0.1.0',
    state: 'running',
    ...overrides,
  };
}

describe('web UI: the Cluster page with the queue executor', () => {
  const prefix = uniquePrefix('ui-fleet');
  let redis: Redis;
  let home: string;
  let app: App;
  let server: ApiServer;
  let url: string;
  let browser: Browser;
  let etl: Queue;
  let beat: NodeJS.Timeout | undefined;

  before(async () => {
    redis = testRedis();
    const registry = new WorkerRegistry(redis, prefix);
    const fresh = () =>
      worker('worker-fresh', 0, {
        queues: ['default', 'etl'],
        running: [{ dagId: 'sales_daily', runId: 'manual__2025-06-01', taskId: 'rollup', mapIndex: -1, tryNumber: 2, startedAt: new Date(Date.now() - 5000).toISOString() }],
      });
    await registry.report(fresh());
    // A live worker beats every few seconds; this one must stay healthy however long the test takes.
    beat = setInterval(() => void registry.report(fresh()), 2000);
    await registry.report(worker('worker-stale', 120_000, { hostname: 'gone.internal', concurrency: 8 }));
    etl = new Queue('etl', { connection: redis, prefix });
    for (let i = 0; i < 2; i += 1) await etl.add('task', { i });

    home = mkdtempSync(join(tmpdir(), 'updraft-ui-fleet-'));
    app = await openApp({ home, loadExamples: false }, { UPDRAFT__CORE__EXECUTOR: 'queue', UPDRAFT_REDIS_URL: TEST_REDIS_URL, UPDRAFT__QUEUE__PREFIX: prefix });
    await app.store.users.create(
      { username: 'admin', email: null, firstName: null, lastName: null, passwordHash: await hashPassword(PASSWORD, CHEAP_SCRYPT), roles: ['Admin'], active: true },
      new Date(),
    );
    server = createApiServer(app, { log: () => undefined });
    ({ url } = await server.listen(0, '127.0.0.1'));
    browser = await launchBrowser();
  });
  after(async () => {
    clearInterval(beat);
    await browser?.close();
    await server?.close();
    await app?.close();
    await etl?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('shows both workers, the silent one unhealthy, the running try linked, Redis, slots and queue depths', async () => {
    const ui = await openPage(browser, url, { viewport: { width: 1360, height: 1300 } });
    const { page } = ui;
    try {
      await login(page, 'admin', PASSWORD, '/cluster');
      const workers = page.getByTestId('cluster-workers');
      await workers.locator('tbody tr[data-key]').first().waitFor();
      assert.deepEqual(await workers.locator('tbody tr[data-key]').evaluateAll((trs) => trs.map((r) => r.getAttribute('data-key'))), ['worker-fresh', 'worker-stale']);

      const fresh = workers.locator('tr[data-key="worker-fresh"]');
      const stale = workers.locator('tr[data-key="worker-stale"]');
      assert.equal(await fresh.locator('[data-status]').getAttribute('data-status'), 'healthy');
      assert.equal(await stale.locator('[data-status]').getAttribute('data-status'), 'unhealthy');
      assert.match(await stale.innerText(), /gone\.internal/);
      assert.match(await stale.getByTestId('worker-heartbeat').innerText(), /^2m 0\ds ago$/);
      assert.match(await fresh.getByTestId('worker-heartbeat').innerText(), /^(just now|\d(\.\d)?s ago)$/);

      const running = fresh.getByTestId('worker-running');
      assert.match(await running.innerText(), /^1\s*\/ 4/);
      const link = running.getByRole('link', { name: 'sales_daily.rollup' });
      assert.equal(await link.getAttribute('href'), '/dags/sales_daily/runs/manual__2025-06-01/tasks/rollup');
      assert.match(await running.innerText(), /try 2/);
      assert.match(await fresh.innerText(), /default\s*etl/);

      assert.equal(await page.getByTestId('component-redis').locator('[data-status]').getAttribute('data-status'), 'healthy');
      assert.match(await page.getByTestId('component-redis').innerText(), /redis:\/\/127\.0\.0\.1:6379/);
      assert.match(await page.getByTestId('worker-slots').innerText(), /1\s+of 4 in use/);
      assert.match(await page.getByTestId('worker-slots').innerText(), /1 healthy worker:/);

      const queues = page.getByTestId('cluster-queues');
      assert.deepEqual(await queues.locator('tbody tr[data-key]').evaluateAll((trs) => trs.map((r) => r.getAttribute('data-key'))), ['default', 'etl']);
      const etlRow = (await queues.locator('tr[data-key="etl"] td').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(etlRow, ['etl', '2', '0', '0', '0', '1']);
      assert.match(await page.getByRole('heading', { name: /^Workers/ }).innerText(), /1 unhealthy/);

      await page.screenshot({ path: '/tmp/cluster-fleet.png', fullPage: true });
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('cluster-fleet');
    }
  });
});
