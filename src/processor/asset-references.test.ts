/** Parsed DAG files fill the asset references the scheduler queues through (real processor, real SQLite). */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { DagProcessor } from './dag-processor.js';
import { StoreParseSink } from './store-sink.js';
import { makeTempDags, type TempDags } from './testing/dag-fixtures.js';

const producer = (outlets: string) => `import { asset, dag, task } from 'updraft';
const songs = asset('s3://lake/songs', { name: 'songs', group: 'lake' });
dag('producer', {}, () => {
  task('load', { outlets: ${outlets} }, () => 1);
  task('other', () => 2);
});
`;
const consumer = (schedule: string) => `import { allOf, anyOf, dag, task } from 'updraft';
dag('consumer', { schedule: ${schedule} }, () => {
  task('t', () => 1);
});
`;

let temp: TempDags;
let store: Store;

before(async () => {
  temp = await makeTempDags({
    'producer.ts': producer(`[songs, 's3://lake/plays']`),
    'consumer.ts': consumer(`{ assets: anyOf('s3://lake/songs', allOf('s3://lake/plays', 's3://lake/users')) }`),
  });
  store = await openStore({ url: 'sqlite::memory:', home: temp.root });
});
after(async () => {
  await store.close();
  await temp.remove();
});

test('the store sink records the assets of a DAG version: schedule references, producing tasks, asset() metadata', async () => {
  let now = new Date('2025-01-01T00:00:00Z');
  const processor = new DagProcessor({ dagsFolders: [temp.dagsFolder], cacheDir: temp.cacheDir, sink: new StoreParseSink(store), clock: () => now, concurrency: 1 });
  try {
    await processor.parseAll();
    assert.deepEqual((await store.importErrors.list()).items, []);
    const byUri = async () => new Map((await store.assets.list()).items.map((a) => [a.uri, a]));
    const assets = await byUri();
    assert.deepEqual([...assets.keys()].sort(), ['s3://lake/plays', 's3://lake/songs', 's3://lake/users']);
    assert.deepEqual([assets.get('s3://lake/songs')?.name, assets.get('s3://lake/songs')?.group], ['songs', 'lake']);
    assert.deepEqual([assets.get('s3://lake/users')?.name, assets.get('s3://lake/users')?.group], ['s3://lake/users', 'asset']);
    const uriOf = (id: number) => [...assets.values()].find((a) => a.id === id)?.uri;
    assert.deepEqual((await store.assets.listScheduleReferences({ dagId: 'consumer' })).map((r) => uriOf(r.assetId)).sort(), [
      's3://lake/plays',
      's3://lake/songs',
      's3://lake/users',
    ]);
    assert.deepEqual((await store.assets.listOutletReferences({ dagId: 'producer' })).map((r) => [uriOf(r.assetId), r.taskId]).sort(), [
      ['s3://lake/plays', 'load'],
      ['s3://lake/songs', 'load'],
    ]);
    assert.equal((await store.dags.get('consumer'))?.timetableSummary, 'assets: s3://lake/songs | (s3://lake/plays & s3://lake/users)');

    // Edits change the references: the producer drops an outlet, the consumer waits on one asset only.
    now = new Date('2025-01-02T00:00:00Z');
    await writeFile(temp.path('producer.ts'), producer(`[songs]`));
    await writeFile(temp.path('consumer.ts'), consumer(`{ assets: ['s3://lake/plays'] }`));
    await processor.refresh([temp.path('producer.ts'), temp.path('consumer.ts')]);
    assert.deepEqual((await store.assets.listOutletReferences({ dagId: 'producer' })).map((r) => [uriOf(r.assetId), r.taskId]), [['s3://lake/songs', 'load']]);
    assert.deepEqual((await store.assets.listScheduleReferences({ dagId: 'consumer' })).map((r) => uriOf(r.assetId)), ['s3://lake/plays']);
    assert.equal((await store.dags.get('consumer'))?.timetableSummary, 'assets: s3://lake/plays');
  } finally {
    await processor.stop();
  }
});
