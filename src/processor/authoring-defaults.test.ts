/**
 * The configured DAG defaults (scheduler.catchup_by_default, core.max_active_runs_per_dag,
 * core.max_active_tasks_per_dag, core.default_task_retries) reach the specs the DAG processor
 * stores: its parse children install them while importing a file. A bundle already evaluated
 * in a process with other defaults is evaluated again rather than served from the cache.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { authoringDefaultsOf } from '../config/authoring-defaults.js';
import { loadConfig } from '../config/config.js';
import type { DagSpec } from '../core/dag-spec.js';
import { openStore } from '../store/open-store.js';
import { DagProcessor } from './dag-processor.js';
import { loadDagFile } from './load-dag-file.js';
import { StoreParseSink } from './store-sink.js';
import { makeTempDags } from './testing/dag-fixtures.js';

const FILE = `import { dag, task } from 'updraft';
dag('unset', { schedule: '@daily', startDate: '2024-01-01' }, () => {
  task('bare', () => null);
  task('own', { retries: 5 }, () => null);
});
dag('set', { schedule: '@daily', startDate: '2024-01-01', catchup: false, maxActiveRuns: 1, maxActiveTasks: 2, defaultArgs: { retries: 1 } }, () => {
  task('bare', () => null);
});
`;

const SETTINGS = {
  'scheduler.catchup_by_default': true,
  'core.max_active_runs_per_dag': 3,
  'core.max_active_tasks_per_dag': 4,
  'core.default_task_retries': 2,
};

const temps: { remove(): Promise<void> }[] = [];
after(() => Promise.all(temps.map((t) => t.remove())));

const summary = (spec: DagSpec | undefined) =>
  spec && { catchup: spec.catchup, maxActiveRuns: spec.maxActiveRuns, maxActiveTasks: spec.maxActiveTasks, retries: Object.fromEntries(spec.tasks.map((t) => [t.taskId, t.retries])) };

test('DagProcessor: a DAG that leaves them unset gets the configured defaults in its stored spec; its own options win', async () => {
  const temp = await makeTempDags({ 'defaults.ts': FILE });
  temps.push(temp);
  const config = loadConfig({}, { home: temp.root, settings: SETTINGS });
  const store = await openStore({ url: 'sqlite::memory:', home: temp.root });
  const processor = new DagProcessor({
    dagsFolders: [temp.dagsFolder],
    cacheDir: temp.cacheDir,
    sink: new StoreParseSink(store),
    authoringDefaults: authoringDefaultsOf(config),
    concurrency: 1,
  });
  try {
    await processor.parseAll();
    assert.deepEqual(processor.results.map((r) => r.error), [null]);
    assert.deepEqual(summary((await store.dags.latestVersion('unset'))?.spec), { catchup: true, maxActiveRuns: 3, maxActiveTasks: 4, retries: { bare: 2, own: 5 } });
    assert.deepEqual(summary((await store.dags.latestVersion('set'))?.spec), { catchup: false, maxActiveRuns: 1, maxActiveTasks: 2, retries: { bare: 1 } });
  } finally {
    await processor.stop();
    await store.close();
  }
});

test('loadDagFile: the same file loaded with other defaults in one process is evaluated again', async () => {
  const temp = await makeTempDags({ 'defaults.ts': FILE });
  temps.push(temp);
  const load = (settings: Record<string, boolean | number>) =>
    loadDagFile(temp.path('defaults.ts'), { dagsFolder: temp.dagsFolder, cacheDir: temp.cacheDir, authoringDefaults: authoringDefaultsOf(loadConfig({}, { home: temp.root, settings })) });
  const unsetOf = (loaded: Awaited<ReturnType<typeof load>>) => summary(loaded.dags.find((d) => d.dagId === 'unset')?.spec);

  assert.deepEqual(unsetOf(await load({})), { catchup: false, maxActiveRuns: 16, maxActiveTasks: 16, retries: { bare: 0, own: 5 } });
  assert.deepEqual(unsetOf(await load(SETTINGS)), { catchup: true, maxActiveRuns: 3, maxActiveTasks: 4, retries: { bare: 2, own: 5 } });
  const plain = await loadDagFile(temp.path('defaults.ts'), { dagsFolder: temp.dagsFolder, cacheDir: temp.cacheDir });
  assert.deepEqual(unsetOf(plain), { catchup: false, maxActiveRuns: 16, maxActiveTasks: 16, retries: { bare: 0, own: 5 } }, 'none given: the built-in ones');
});
