/** `store.transaction`: all or nothing, nested calls join the outer transaction. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CaseContext } from './harness.js';
import { dagRun, seedDag, taskInstance, uid } from './fixtures.js';

export function transactionCases(ctx: CaseContext): void {
  it('commits every write of the callback together and returns its value', async () => {
    const { dagId, versionId } = await seedDag(ctx.store());
    const runId = uid('run');
    const result = await ctx.store().transaction(async (tx) => {
      const run = await tx.dagRuns.create(dagRun(dagId, runId, versionId));
      await tx.taskInstances.createMany([taskInstance(run, 'extract')]);
      await tx.variables.set({ key: `${runId}_var`, value: 'x' });
      return 42;
    });
    assert.equal(result, 42);
    assert.equal((await ctx.store().taskInstances.list({ dagId, runId })).total, 1);
    assert.equal((await ctx.store().variables.get(`${runId}_var`))?.value, 'x');
  });

  it('rolls back everything when the callback throws, and rethrows', async () => {
    const { dagId, versionId } = await seedDag(ctx.store());
    const runId = uid('run');
    await assert.rejects(
      ctx.store().transaction(async (tx) => {
        const run = await tx.dagRuns.create(dagRun(dagId, runId, versionId));
        await tx.taskInstances.createMany([taskInstance(run, 'extract'), taskInstance(run, 'load')]);
        await tx.variables.set({ key: `${runId}_var`, value: 'x' });
        await tx.dags.setPaused(dagId, true);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await ctx.store().dagRuns.get({ dagId, runId }), null);
    assert.equal((await ctx.store().taskInstances.list({ dagId })).total, 0);
    assert.equal(await ctx.store().variables.get(`${runId}_var`), null);
    assert.equal((await ctx.store().dags.get(dagId))?.isPaused, false);
  });

  it('rolls back a store error too (duplicate run inside the transaction)', async () => {
    const { dagId, versionId } = await seedDag(ctx.store());
    const runId = uid('run');
    await assert.rejects(
      ctx.store().transaction(async (tx) => {
        await tx.variables.set({ key: `${runId}_var`, value: 'x' });
        await tx.dagRuns.create(dagRun(dagId, runId, versionId));
        await tx.dagRuns.create(dagRun(dagId, runId, versionId));
      }),
      /already has a run/,
    );
    assert.equal(await ctx.store().variables.get(`${runId}_var`), null);
    assert.equal(await ctx.store().dagRuns.get({ dagId, runId }), null);
  });

  it('joins nested transactions to the outer one: an outer failure undoes inner writes', async () => {
    const key = uid('nested');
    await assert.rejects(
      ctx.store().transaction(async (outer) => {
        await outer.transaction(async (inner) => {
          assert.equal(inner, outer);
          await inner.variables.set({ key, value: 'inner' });
        });
        assert.equal((await outer.variables.get(key))?.value, 'inner');
        throw new Error('outer fails');
      }),
      /outer fails/,
    );
    assert.equal(await ctx.store().variables.get(key), null);
  });

  it('keeps uncommitted writes invisible to other connections', async () => {
    const other = await ctx.openMain();
    const key = uid('isolated');
    try {
      await ctx.store().transaction(async (tx) => {
        await tx.variables.set({ key, value: 'pending' });
        assert.equal(await other.variables.get(key), null);
      });
      assert.equal((await other.variables.get(key))?.value, 'pending');
    } finally {
      await other.close();
    }
  });
}
