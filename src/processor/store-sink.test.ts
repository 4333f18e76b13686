import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { DagProcessor } from './dag-processor.js';
import { StoreParseSink } from './store-sink.js';
import { makeTempDags, simpleDagFile, type TempDags } from './testing/dag-fixtures.js';

let temp: TempDags;
let store: Store;

before(async () => {
  temp = await makeTempDags({ 'one.ts': simpleDagFile('one'), 'two.ts': simpleDagFile('two') });
  store = await openStore({ url: 'sqlite::memory:', home: temp.root });
});
after(async () => {
  await store.close();
  await temp.remove();
});

test('StoreParseSink: DAGs, versions, import errors and deactivation follow the files (real SQLite store)', async () => {
  let now = new Date('2025-01-01T00:00:00Z');
  const processor = new DagProcessor({
    dagsFolders: [temp.dagsFolder],
    cacheDir: temp.cacheDir,
    sink: new StoreParseSink(store),
    clock: () => now,
    concurrency: 1,
  });
  try {
    await processor.parseAll();
    const listed = await store.dags.list({ orderBy: 'dagId' });
    assert.deepEqual(listed.items.map((d) => [d.dagId, d.fileloc, d.isActive, d.hasImportErrors]), [
      ['one', 'one.ts', true, false],
      ['two', 'two.ts', true, false],
    ]);
    const v1 = await store.dags.latestVersion('one');
    assert.equal(v1?.versionNumber, 1);
    assert.equal(v1?.hash, processor.results[0]?.hashes.one);
    assert.match(v1?.sourceCode ?? '', /dag\('one'/);

    // An edit is a new version; parsing again without changes is not.
    now = new Date('2025-01-01T00:01:00Z');
    await writeFile(temp.path('one.ts'), simpleDagFile('one', 'v2'));
    await processor.refresh([temp.path('one.ts')]);
    await processor.parseAll();
    assert.deepEqual((await store.dags.listVersions('one')).map((v) => v.versionNumber), [1, 2]);
    assert.deepEqual((await store.dags.listVersions('two')).map((v) => v.versionNumber), [1]);

    // A broken file: an import error for it; its DAG is inactive until fixed.
    await writeFile(temp.path('two.ts'), `import { dag } from 'updraft';\nthrow new Error('broken on purpose');\ndag('two', {}, () => {});\n`);
    await processor.refresh([temp.path('two.ts')]);
    const errors = await store.importErrors.list();
    assert.deepEqual(errors.items.map((e) => [e.fileloc, e.message]), [['two.ts', 'Failed to import two.ts: broken on purpose']]);
    assert.match(errors.items[0]?.stacktrace ?? '', /two\.ts:2/);
    assert.equal((await store.dags.get('two'))?.isActive, false);
    assert.equal((await store.dags.get('two'))?.hasImportErrors, true);

    // Fixed: the error is cleared and the DAG is back.
    await writeFile(temp.path('two.ts'), simpleDagFile('two'));
    await processor.refresh([temp.path('two.ts')]);
    assert.equal((await store.importErrors.list()).total, 0);
    assert.equal((await store.dags.get('two'))?.isActive, true);

    // A deleted file: its DAG is deactivated, kept for its history.
    await rm(temp.path('one.ts'));
    await processor.refresh([], [temp.path('one.ts')]);
    assert.equal((await store.dags.get('one'))?.isActive, false);
    assert.equal((await store.dags.get('two'))?.isActive, true);
  } finally {
    await processor.stop();
  }
});
