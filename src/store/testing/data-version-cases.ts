/** `store.dataVersion()`: equal only while nothing was committed, by this connection or another. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CaseContext } from './harness.js';
import { uid } from './fixtures.js';

export function dataVersionCases(ctx: CaseContext): void {
  it('stays the same while nothing is written', async () => {
    // PostgreSQL's token is cluster-wide and other tests write to their own databases
    // meanwhile: two readings back to back must agree at least once in a while.
    let equal = 0;
    for (let i = 0; i < 50 && equal < 3; i += 1) {
      const first = await ctx.store().dataVersion();
      const second = await ctx.store().dataVersion();
      assert.notEqual(first, null);
      if (first === second) equal += 1;
    }
    assert.equal(equal, 3, 'two readings with no write in between never agreed');
  });

  it('changes when this store commits a write', async () => {
    const before = await ctx.store().dataVersion();
    await ctx.store().variables.set({ key: uid('own_write'), value: 'x' });
    assert.notEqual(await ctx.store().dataVersion(), before);
  });

  it('changes when another connection to the same database commits (another process, say)', async () => {
    const other = await ctx.openMain();
    try {
      const before = await ctx.store().dataVersion();
      await other.variables.set({ key: uid('other_write'), value: 'x' });
      assert.notEqual(await ctx.store().dataVersion(), before);
    } finally {
      await other.close();
    }
  });

  it('is null inside a transaction, whose own writes no token can see', async () => {
    await ctx.store().transaction(async (tx) => {
      assert.equal(await tx.dataVersion(), null);
    });
  });
}
