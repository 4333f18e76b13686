/** Asset-triggered scheduling in the store: references, the run queue, consumed events. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Store } from '../store.js';
import type { CaseContext } from './harness.js';
import { at, dagRun, seedDag, T0, uid } from './fixtures.js';

export function assetCases(ctx: CaseContext): void {
  let store: Store;
  const s = () => (store ??= ctx.store());
  const uri = (name: string) => `s3://${uid('bucket')}/${name}`;
  const idsOf = async (uris: readonly string[]) => new Map((await s().assets.ensure(uris, T0)).map((a) => [a.uri, a.id]));

  it('ensures assets by URI with default name and group, keeping existing ones as they are', async () => {
    const [a, b] = [uri('a'), uri('b')];
    await s().assets.upsert({ uri: a, name: 'named', group: 'lake', extra: { k: 1 } }, T0);
    const ensured = await s().assets.ensure([a, b, b], at(5));
    assert.deepEqual(
      ensured.map((x) => [x.uri, x.name, x.group, x.extra]).sort(),
      [[a, 'named', 'lake', { k: 1 }], [b, b, 'asset', {}]].sort(),
    );
    assert.deepEqual(await s().assets.ensure([], T0), []);
  });

  it('syncs the schedule and outlet references of a DAG version, keeping those that stay', async () => {
    const { dagId } = await seedDag(s());
    const [a, b, c] = [uri('a'), uri('b'), uri('c')];
    await s().assets.syncDagReferences(
      { dagId, scheduleUris: [a, b], outlets: [{ taskId: 'load', uri: c }], definitions: [{ uri: c, name: 'report', group: 'reports', extra: { fmt: 'csv' } }] },
      T0,
    );
    const ids = await idsOf([a, b, c]);
    const stored = await s().assets.get(c);
    assert.deepEqual([stored?.name, stored?.group, stored?.extra], ['report', 'reports', { fmt: 'csv' }]);
    assert.equal((await s().assets.get(a))?.name, a, 'a plain URI is named after itself');
    assert.deepEqual(
      (await s().assets.listScheduleReferences({ dagId })).map((r) => [r.assetId, r.dagId, r.createdAt]),
      [[ids.get(a), dagId, T0], [ids.get(b), dagId, T0]].sort((x, y) => Number(x[0]) - Number(y[0])),
    );
    assert.deepEqual((await s().assets.listOutletReferences({ assetIds: [ids.get(c) as number] })).map((r) => [r.dagId, r.taskId]), [[dagId, 'load']]);

    // A new version: b stays (its reference keeps its creation time), a goes, c now also scheduled; outlet moves to another task.
    await s().assets.queueForScheduledDags(ids.get(a) as number, at(1));
    await s().assets.queueForScheduledDags(ids.get(b) as number, at(1));
    await s().assets.syncDagReferences({ dagId, scheduleUris: [b, c], outlets: [{ taskId: 'extract', uri: c }], definitions: [] }, at(10));
    const refs = await s().assets.listScheduleReferences({ dagId });
    assert.deepEqual(
      refs.map((r) => [r.assetId, r.createdAt.getTime()]).sort(),
      [[ids.get(b), T0.getTime()], [ids.get(c), at(10).getTime()]].sort(),
    );
    assert.deepEqual((await s().assets.listOutletReferences({ dagId })).map((r) => r.taskId), ['extract']);
    assert.deepEqual((await s().assets.listQueue({ dagId })).map((q) => q.uri), [b], 'the queue entry of an asset no longer scheduled on is dropped');
    assert.equal((await s().assets.get(c))?.name, 'report', 'a sync without the definition keeps the metadata');

    await s().assets.syncDagReferences({ dagId, scheduleUris: [], outlets: [], definitions: [] }, at(20));
    assert.deepEqual(await s().assets.listScheduleReferences({ dagId }), []);
    assert.deepEqual(await s().assets.listOutletReferences({ dagId }), []);
    assert.deepEqual(await s().assets.listQueue({ dagId }), []);
    assert.deepEqual(await s().assets.listScheduleReferences({ assetIds: [] }), []);
  });

  it('queues an update for every active DAG scheduled on the asset, paused ones included, keeping the latest time', async () => {
    const a = uri('a');
    const [one, two, gone, other] = [await seedDag(s()), await seedDag(s()), await seedDag(s()), await seedDag(s())];
    for (const d of [one, two, gone]) await s().assets.syncDagReferences({ dagId: d.dagId, scheduleUris: [a], outlets: [], definitions: [] }, T0);
    await s().assets.syncDagReferences({ dagId: other.dagId, scheduleUris: [uri('elsewhere')], outlets: [], definitions: [] }, T0);
    await s().dags.setPaused(two.dagId, true);
    await s().dags.syncFromFile({ fileloc: `${gone.dagId}.ts`, source: '', dags: [] }, T0);
    const assetId = (await idsOf([a])).get(a) as number;

    assert.deepEqual(await s().assets.queueForScheduledDags(assetId, at(5)), [one.dagId, two.dagId].sort());
    await s().assets.queueForScheduledDags(assetId, at(9));
    await s().assets.queueForScheduledDags(assetId, at(7));
    const queue = (await s().assets.listQueue()).filter((q) => q.assetId === assetId);
    assert.deepEqual(queue.map((q) => [q.dagId, q.uri, q.createdAt]), [one.dagId, two.dagId].sort().map((d) => [d, a, at(9)]));
    assert.deepEqual(await s().assets.listQueue({ dagId: other.dagId }), []);

    // Dequeue takes only entries queued up to the time the caller saw.
    assert.equal(await s().assets.dequeue(one.dagId, [assetId], at(8)), 0);
    assert.equal(await s().assets.dequeue(one.dagId, [assetId], at(9)), 1);
    assert.equal(await s().assets.dequeue(one.dagId, [], at(9)), 0);
    assert.deepEqual((await s().assets.listQueue({ dagId: two.dagId })).length, 1);
    // Deleting the DAG drops its references and queue entries.
    assert.equal(await s().dags.delete(two.dagId), true);
    assert.deepEqual(await s().assets.listQueue({ dagId: two.dagId }), []);
    assert.deepEqual(await s().assets.listScheduleReferences({ dagId: two.dagId }), []);
  });

  it("lists the events of a DAG's scheduled assets in a time window and records which a run consumed", async () => {
    const [a, b, c] = [uri('a'), uri('b'), uri('c')];
    const { dagId, versionId } = await seedDag(s());
    await s().assets.syncDagReferences({ dagId, scheduleUris: [a, b], outlets: [], definitions: [] }, T0);
    const ids = await idsOf([a, b, c]);
    const event = (name: string, ms: number) =>
      s().assets.recordEvent({ assetId: ids.get(name) as number, timestamp: at(ms), sourceDagId: 'p', sourceTaskId: 't', sourceRunId: 'r', sourceMapIndex: -1, extra: {} });
    const e1 = await event(a, 10);
    const e2 = await event(b, 20);
    await event(c, 15);
    const e4 = await event(a, 30);
    assert.deepEqual((await s().assets.listEventsForDag(dagId, { after: null, upTo: at(20) })).map((e) => e.id), [e1.id, e2.id]);
    assert.deepEqual((await s().assets.listEventsForDag(dagId, { after: at(10), upTo: at(30) })).map((e) => e.id), [e2.id, e4.id]);

    const run = await s().dagRuns.create(dagRun(dagId, 'asset_triggered__1', versionId, { runType: 'asset_triggered' }));
    await s().assets.recordConsumed(run, [e1.id, e2.id]);
    await s().assets.recordConsumed(run, [e2.id]);
    assert.deepEqual((await s().assets.listConsumed(run)).map((e) => e.id), [e1.id, e2.id]);
    assert.deepEqual(await s().assets.listConsumingRuns([e2.id, e4.id]), [{ eventId: e2.id, dagId, runId: run.runId }]);
    assert.deepEqual(await s().assets.listConsumingRuns([]), []);
    await s().dagRuns.delete(run);
    assert.deepEqual(await s().assets.listConsumingRuns([e1.id, e2.id]), [], 'deleting the run forgets what it consumed');
  });

  it('rolls queueing and consuming back with the transaction they are in', async () => {
    const a = uri('a');
    const { dagId } = await seedDag(s());
    await s().assets.syncDagReferences({ dagId, scheduleUris: [a], outlets: [], definitions: [] }, T0);
    const assetId = (await idsOf([a])).get(a) as number;
    await assert.rejects(
      s().transaction(async (tx) => {
        await tx.assets.recordEvent({ assetId, timestamp: at(1), sourceDagId: null, sourceTaskId: null, sourceRunId: null, sourceMapIndex: -1, extra: {} });
        await tx.assets.queueForScheduledDags(assetId, at(1));
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await s().assets.listQueue({ dagId }), []);
    assert.equal((await s().assets.listEvents({ assetId })).total, 0);
  });
}
