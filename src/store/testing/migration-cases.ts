/** Migrations, `check` and `reset`. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DEFAULT_POOL_NAME } from '../types.js';
import type { CaseContext } from './harness.js';
import { seedRun } from './fixtures.js';

/** Every migration, in the order they apply. */
const MIGRATIONS = [
  '0001-initial',
  '0002-backfill-runs',
  '0003-admission-index',
  '0004-user-last-login',
  '0005-list-order-indexes',
  '0006-variable-secret-flag',
  '0007-state-list-indexes',
  '0008-task-wait-state',
  '0009-asset-queue',
  '0010-deadline',
  '0011-job-loop-time',
  '0012-queued-by-job',
  '0013-dag-task-order-index',
];

export function migrationCases(ctx: CaseContext): void {
  it('creates the default pool with 128 slots in the first migration', async () => {
    const store = await ctx.openFresh();
    assert.deepEqual(await store.pools.get(DEFAULT_POOL_NAME), {
      name: 'default_pool',
      slots: 128,
      description: 'Default pool',
      includeDeferred: false,
    });
    await store.close();
  });

  it('is idempotent: migrating again applies nothing and keeps the data', async () => {
    const store = await ctx.openFresh();
    const { run } = await seedRun(store);
    assert.deepEqual(await store.migrate(), []);
    assert.deepEqual(await store.migrate(), []);
    assert.equal((await store.dagRuns.get(run))?.runId, run.runId);
    // Another process opening an already migrated database migrates nothing either.
    const again = await ctx.openMain();
    assert.deepEqual(await again.migrate(), []);
    await again.close();
    await store.close();
  });

  it('check reports pending migrations without applying them, then up to date', async () => {
    const store = await ctx.openFresh({ migrate: false });
    const before = await store.check();
    assert.equal(before.reachable, true);
    assert.equal(before.upToDate, false);
    assert.deepEqual(before.applied, []);
    assert.deepEqual(before.pending, MIGRATIONS);
    assert.equal(before.error, null);
    assert.equal(before.dialect, ctx.dialect);
    assert.deepEqual(await store.migrate(), MIGRATIONS);
    const after = await store.check();
    assert.equal(after.upToDate, true);
    assert.deepEqual(after.applied, MIGRATIONS);
    assert.deepEqual(after.pending, []);
    await store.close();
  });

  it('reset drops all data and leaves a migrated database with the default pool', async () => {
    const store = await ctx.openFresh();
    const { dagId } = await seedRun(store);
    await store.pools.upsert({ name: 'etl', slots: 3, description: null, includeDeferred: false });
    await store.variables.set({ key: 'k', value: 'v' });
    await store.reset();
    assert.equal(await store.dags.get(dagId), null);
    assert.equal((await store.dagRuns.list()).total, 0);
    assert.equal(await store.variables.get('k'), null);
    assert.deepEqual(
      (await store.pools.list()).items.map((p) => [p.name, p.slots]),
      [['default_pool', 128]],
    );
    assert.equal((await store.check()).upToDate, true);
    await store.close();
  });

  it('refuses migrate, reset and close inside a transaction', async () => {
    await ctx.store().transaction(async (tx) => {
      await assert.rejects(tx.migrate(), /inside a transaction/);
      await assert.rejects(tx.reset(), /inside a transaction/);
      await assert.rejects(tx.close(), /inside a transaction/);
    });
  });
}
