/**
 * Asset-triggered DAGs under the real scheduler (DAG processor + scheduler +
 * local executor on SQLite): a producer's task with outlets records asset events
 * when it succeeds, and consumers scheduled on allOf / anyOf of those assets each
 * get one asset_triggered run per update that meets their condition; a paused
 * consumer keeps its updates queued until it is unpaused. `dags test` records
 * events too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presentAssetExpression } from '../src/api/present/asset.js';
import { openApp } from '../src/app.js';
import { loadDagsForCli } from '../src/cli/dag-loading.js';
import type { DagRun } from '../src/core/run-model.js';
import { runDagTest } from '../src/scheduler/dag-test-run.js';
import { assetLinks, createAssetEvent, listAssets, runsCreatedBy } from '../src/services/assets.js';
import { setDagPaused } from '../src/services/pause-dag.js';
import { sleep, startHarness, waitFor, type Harness } from './support/scheduler-harness.js';

const A = 's3://lake/a';
const B = 's3://lake/b';
const C = 's3://lake/c';

const DAG_FILES = {
  'producer.ts': `import { asset, dag, task } from 'updraft';
dag('producer', {}, () => {
  task('make', { outlets: [asset('${A}', { name: 'a' }), '${B}'] }, () => 'made');
  task('quiet', () => 'no outlets');
});
`,
  'consumers.ts': `import { allOf, anyOf, dag, task } from 'updraft';
dag('consumer_all', { schedule: { assets: allOf('${A}', '${B}') } }, () => { task('use', () => 1); });
dag('consumer_any', { schedule: { assets: anyOf('${A}', '${C}') } }, () => { task('use', () => 1); });
dag('consumer_paused', { schedule: { assets: ['${A}'] }, isPausedUponCreation: true }, () => { task('use', () => 1); });
`,
};

let h: Harness;

before(async () => {
  h = await startHarness(DAG_FILES);
});

after(async () => {
  await h?.close();
});

const assetRuns = async (dagId: string): Promise<DagRun[]> =>
  (await h.app.store.dagRuns.list({ dagId, runTypes: ['asset_triggered'], orderBy: 'runAfter' })).items;

async function waitForAssetRuns(dagId: string, count: number): Promise<DagRun[]> {
  let runs: DagRun[] = [];
  await waitFor(
    async () => {
      runs = await assetRuns(dagId);
      return runs.length >= count && runs.every((r) => r.state === 'success' || r.state === 'failed');
    },
    20_000,
    () => `${count} finished asset-triggered run(s) of ${dagId}; have ${runs.map((r) => `${r.runId}=${r.state}`).join(', ') || 'none'}\n${h.logs.join('\n')}`,
  );
  return runs;
}

const uriOfEvent = async (assetId: number) => (await h.app.store.assets.list()).items.find((a) => a.id === assetId)?.uri;

test('a producer success triggers each consumer whose condition it meets, once per update; a paused consumer waits', async () => {
  const store = h.app.store;
  const first = await h.waitForRun(await h.trigger('producer'));
  assert.equal(first.state, 'success');

  // The events: one per outlet of the task that has them, with its source.
  const events = (await store.assets.listEvents({ sourceDagId: 'producer' })).items;
  assert.deepEqual(
    await Promise.all(events.map(async (e) => [await uriOfEvent(e.assetId), e.sourceTaskId, e.sourceRunId, e.sourceMapIndex])),
    [
      [A, 'make', first.runId, -1],
      [B, 'make', first.runId, -1],
    ].sort(),
  );
  const make = await h.ti(first, 'make');
  assert.ok(events.every((e) => e.timestamp.getTime() === make.endDate?.getTime()), 'an event is stamped with the end of the try');

  // allOf(A, B) and anyOf(A, C) are both met: one run each, consuming the events of their assets.
  const [all1] = await waitForAssetRuns('consumer_all', 1);
  const [any1] = await waitForAssetRuns('consumer_any', 1);
  for (const run of [all1, any1]) {
    assert.ok(run);
    assert.equal(run.state, 'success');
    assert.equal(run.triggeredBy, 'asset');
    assert.match(run.runId, /^asset_triggered__\d{4}-\d\d-\d\dT/);
    assert.equal(run.logicalDate, null);
    assert.deepEqual(run.dataInterval, { start: make.endDate, end: make.endDate });
  }
  const consumedUris = async (run: DagRun) => Promise.all((await store.assets.listConsumed(run)).map((e) => uriOfEvent(e.assetId)));
  assert.deepEqual(await consumedUris(all1 as DagRun), [A, B]);
  assert.deepEqual(await consumedUris(any1 as DagRun), [A]);
  // The paused consumer's update waits in the queue; nothing is queued for the others any more.
  assert.deepEqual(await assetRuns('consumer_paused'), []);
  assert.deepEqual((await store.assets.listQueue()).map((q) => [q.dagId, q.uri]), [['consumer_paused', A]]);

  // A second producer run: a second run of each consumer, consuming only the new events.
  const second = await h.waitForRun(await h.trigger('producer'));
  const all = await waitForAssetRuns('consumer_all', 2);
  const any = await waitForAssetRuns('consumer_any', 2);
  const sourcesOf = async (run: DagRun | undefined) => (await store.assets.listConsumed(run as DagRun)).map((e) => e.sourceRunId);
  assert.deepEqual(await sourcesOf(all[1]), [second.runId, second.runId]);
  assert.deepEqual(await sourcesOf(any[1]), [second.runId]);

  // An update of C alone (reported through the API's service) meets anyOf(A, C) but not allOf(A, B).
  const c = (await store.assets.ensure([C], new Date()))[0];
  assert.ok(c);
  await createAssetEvent(store, { assetId: c.id, extra: { rows: 3 } }, 'tester', new Date());
  h.orchestrator.scheduler.wake(true);
  const any3 = await waitForAssetRuns('consumer_any', 3);
  assert.deepEqual(await consumedUris(any3[2] as DagRun), [C]);

  // Settled: no run is made twice for the same events.
  await sleep(1500);
  assert.deepEqual([(await assetRuns('consumer_all')).length, (await assetRuns('consumer_any')).length, (await assetRuns('consumer_paused')).length], [2, 3, 0]);

  // Unpaused, the waiting consumer gets one run for everything queued while it was paused.
  await setDagPaused(store, 'consumer_paused', false, 'test', new Date());
  h.orchestrator.scheduler.wake(true);
  const [paused1] = await waitForAssetRuns('consumer_paused', 1);
  assert.equal(paused1?.state, 'success');
  assert.deepEqual(await sourcesOf(paused1), [first.runId, second.runId]);
  await sleep(1500);
  assert.equal((await assetRuns('consumer_paused')).length, 1);
  assert.deepEqual(await store.assets.listQueue(), []);
});

test("the API sees which DAGs an asset schedules, which tasks update it, the runs each event created and a DAG's asset expression", async () => {
  const store = h.app.store;
  const page = await listAssets(store, { sort: 'uri', limit: 100, offset: 0 });
  const a = page.items.find((x) => x.uri === A);
  assert.ok(a);
  assert.equal(a.name, 'a');
  const links = (await assetLinks(store, [a])).get(a.id);
  assert.deepEqual(links?.scheduledDags.map((r) => r.dagId), ['consumer_all', 'consumer_any', 'consumer_paused']);
  assert.deepEqual(links?.producingTasks.map((r) => `${r.dagId}.${r.taskId}`), ['producer.make']);
  assert.ok(links?.lastEvent);
  assert.deepEqual((await listAssets(store, { dagIds: ['consumer_any'], sort: 'uri', limit: 100, offset: 0 })).items.map((x) => x.uri), [A, C]);
  const anySpec = (await store.dags.latestVersion('consumer_any'))?.spec;
  assert.deepEqual(anySpec && presentAssetExpression(anySpec), { any: [{ asset: { uri: A, name: A, group: 'asset' } }, { asset: { uri: C, name: C, group: 'asset' } }] });
  const created = await runsCreatedBy(store, [links.lastEvent]);
  assert.deepEqual(
    (created.get(links.lastEvent.id) ?? []).map((r) => r.dagId).sort(),
    ['consumer_all', 'consumer_any', 'consumer_paused'],
  );
});

test('`dags test` of the producer records its asset events and queues them for the consumers', async () => {
  const home = mkdtempSync(join(tmpdir(), 'updraft-assets-test-'));
  const dagsFolder = join(home, 'dags');
  mkdirSync(dagsFolder);
  for (const [name, text] of Object.entries(DAG_FILES)) writeFileSync(join(dagsFolder, name), text);
  const app = await openApp({ home, dagsFolder, loadExamples: false }, {});
  try {
    const { dag, versionId } = await (await loadDagsForCli(app)).runtimeOf('producer');
    const result = await runDagTest({ store: app.store, dag, dagVersionId: versionId, logsFolder: app.config.logsFolder, maxXcomBytes: app.config.maxXcomBytes });
    assert.equal(result.run.state, 'success');
    const events = (await app.store.assets.listEvents({ sourceDagId: 'producer' })).items;
    assert.deepEqual(events.map((e) => [e.sourceTaskId, e.sourceRunId]), [
      ['make', result.run.runId],
      ['make', result.run.runId],
    ]);
    assert.deepEqual([...new Set((await app.store.assets.listQueue()).map((q) => q.dagId))].sort(), ['consumer_all', 'consumer_any', 'consumer_paused']);
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
