/** XComs: upsert, JSON fidelity, the size limit, listing and clearing. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JsonValue } from '../../core/dag-spec.js';
import { isStoreError } from '../errors.js';
import type { CaseContext } from './harness.js';
import { T0, at, seedRun } from './fixtures.js';

export function xcomCases(ctx: CaseContext): void {
  it('round-trips JSON values exactly: nested, unicode, numbers, key order', async () => {
    const store = ctx.store();
    const { tis } = await seedRun(store);
    const ti = tis[0]!;
    const values: JsonValue[] = [
      'my name is do_task_one',
      '',
      0,
      -0.5,
      123456789012345,
      1.7976931348623157e308,
      5e-324,
      true,
      null,
      [],
      {},
      [1, [2, [3, [4, { five: 5 }]]]],
      { zebra: 1, apple: 2, mango: { y: [null, false], x: 'é' } },
      { emoji: '🚀✨', cjk: '日本語', rtl: 'مرحبا', escapes: 'line\nbreak\ttab "quote" \\ back \u2028' },
    ];
    for (const [i, value] of values.entries()) {
      const key = `k${i}`;
      await store.xcom.set({ ...ti, key, value, timestamp: at(i) });
      const got = await store.xcom.get({ ...ti, key });
      assert.deepEqual(got?.value, value, `value ${i}`);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        assert.deepEqual(Object.keys(got?.value as object), Object.keys(value), `key order of value ${i}`);
      }
      assert.equal(got?.timestamp.getTime(), at(i).getTime());
    }
  });

  it('overwrites on set (upsert) and lists by task instance and by run', async () => {
    const store = ctx.store();
    const { run, tis } = await seedRun(store);
    const [extract, load] = [tis[0]!, tis[1]!];
    await store.xcom.set({ ...extract, key: 'return_value', value: 1, timestamp: T0 });
    await store.xcom.set({ ...extract, key: 'return_value', value: { v: 2 }, timestamp: at(1) });
    await store.xcom.set({ ...extract, key: 'another', value: 'a', timestamp: at(2) });
    await store.xcom.set({ ...load, key: 'return_value', value: [3], timestamp: at(3) });
    assert.deepEqual(await store.xcom.get({ ...extract, key: 'return_value' }), {
      dagId: run.dagId, runId: run.runId, taskId: 'extract', mapIndex: -1, key: 'return_value', value: { v: 2 }, timestamp: at(1),
    });
    assert.deepEqual((await store.xcom.listForTi(extract)).map((x) => x.key), ['another', 'return_value']);
    assert.deepEqual((await store.xcom.listForRun(run)).map((x) => `${x.taskId}.${x.key}`), ['extract.another', 'extract.return_value', 'load.return_value']);
    assert.deepEqual((await store.xcom.listForRun({ ...run, taskId: 'load' })).map((x) => x.value), [[3]]);
    assert.equal(await store.xcom.get({ ...extract, key: 'missing' }), null);
  });

  it('deletes the XComs of one task instance (on clear)', async () => {
    const store = ctx.store();
    const { run, tis } = await seedRun(store);
    await store.xcom.set({ ...tis[0]!, key: 'a', value: 1, timestamp: T0 });
    await store.xcom.set({ ...tis[0]!, key: 'b', value: 2, timestamp: T0 });
    await store.xcom.set({ ...tis[1]!, key: 'a', value: 3, timestamp: T0 });
    assert.equal(await store.xcom.deleteForTi(tis[0]!), 2);
    assert.deepEqual((await store.xcom.listForRun(run)).map((x) => x.taskId), ['load']);
  });

  it('rejects a value over the size limit, saying the size, the limit and the task', async () => {
    const limited = await ctx.openMain({ maxXcomBytes: 1024 });
    try {
      const { run, tis } = await seedRun(limited);
      const ti = tis[0]!;
      await limited.xcom.set({ ...ti, key: 'fits', value: 'x'.repeat(1022), timestamp: T0 }); // 1024 bytes with quotes
      await assert.rejects(limited.xcom.set({ ...ti, key: 'big', value: 'é'.repeat(1000), timestamp: T0 }), (error: unknown) => {
        assert.ok(isStoreError(error, 'too_large'));
        assert.match(error.message, /XCom "big" of task "extract" in run ".+" of DAG ".+" is 2\.0 KiB \(2002 bytes\)/);
        assert.match(error.message, /limit of 1\.0 KiB \(1024 bytes\)/);
        assert.ok(error.message.includes(run.runId) && error.message.includes(run.dagId));
        return true;
      });
      assert.equal(await limited.xcom.get({ ...ti, key: 'big' }), null);
    } finally {
      await limited.close();
    }
    // The default limit is 1 MiB.
    const { tis } = await seedRun(ctx.store());
    await assert.rejects(
      ctx.store().xcom.set({ ...tis[0]!, key: 'huge', value: 'x'.repeat(1024 * 1024), timestamp: T0 }),
      /over the limit of 1\.0 MiB \(1048576 bytes\)/,
    );
  });

  it('rejects an XCom for a task instance that does not exist', async () => {
    const { run } = await seedRun(ctx.store());
    await assert.rejects(
      ctx.store().xcom.set({ ...run, taskId: 'ghost', mapIndex: -1, key: 'k', value: 1, timestamp: T0 }),
      /task "ghost" \[map index -1\] has no instance in run/,
    );
  });
}
