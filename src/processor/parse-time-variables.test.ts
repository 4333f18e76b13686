/**
 * DAG files that read variables at parse time (`await variable(...)`): the
 * loader answers them through the caller's reader and re-evaluates a bundle
 * when a value it read changed; the processor re-parses such a file when one
 * of its variables changes (a bad value is an import error that a fix clears);
 * with no reader, each read gets its fallback.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { DagProcessor, type ParseBatch } from './dag-processor.js';
import { loadDagFile } from './load-dag-file.js';
import { makeTempDags } from './testing/dag-fixtures.js';

const GENERATED = `import { dag, task, variable } from 'updraft';
const count = Number(await variable('dag_number', '2'));
if (!Number.isInteger(count)) throw new Error('dag_number must be a whole number');
for (let n = 1; n <= count; n++) dag('gen_' + n, {}, () => { task('t', () => n); });
`;

const temps: { remove(): Promise<void> }[] = [];
after(() => Promise.all(temps.map((t) => t.remove())));

test('loadDagFile: reads go to the reader, are reported, and a changed value re-evaluates the file', async () => {
  const temp = await makeTempDags({ 'gen.ts': GENERATED });
  temps.push(temp);
  const values = new Map<string, string>();
  const reads: string[] = [];
  const readVariable = async (key: string) => {
    reads.push(key);
    return values.get(key) ?? null;
  };
  const load = () => loadDagFile(temp.path('gen.ts'), { dagsFolder: temp.dagsFolder, cacheDir: temp.cacheDir, readVariable });

  const first = await load();
  assert.deepEqual(first.dags.map((d) => d.dagId), ['gen_1', 'gen_2'], 'unset: the fallback');
  assert.deepEqual(first.variables, { dag_number: null });
  values.set('dag_number', '3');
  const second = await load();
  assert.deepEqual(second.dags.map((d) => d.dagId), ['gen_1', 'gen_2', 'gen_3']);
  assert.deepEqual(second.variables, { dag_number: '3' });
  reads.length = 0;
  const third = await load();
  assert.deepEqual(third.dags.map((d) => d.dagId), ['gen_1', 'gen_2', 'gen_3'], 'unchanged: the cached DAGs');
  assert.deepEqual(reads, ['dag_number'], 'one read to check the value, no new evaluation');

  const unanswered = await loadDagFile(temp.path('gen.ts'), { dagsFolder: temp.dagsFolder, cacheDir: temp.cacheDir });
  assert.deepEqual(unanswered.dags.map((d) => d.dagId), ['gen_1', 'gen_2'], 'without a reader, the fallback');
});

test('DagProcessor: a variable change re-parses the files that read it; a bad value is an import error until fixed', async () => {
  const temp = await makeTempDags({ 'gen.ts': GENERATED, 'plain.ts': `import { dag } from 'updraft';\ndag('plain', {}, () => {});\n` });
  temps.push(temp);
  const values = new Map<string, string>([['dag_number', '1']]);
  const batches: ParseBatch[] = [];
  const processor = new DagProcessor({
    dagsFolders: [temp.dagsFolder],
    cacheDir: temp.cacheDir,
    sink: { applyParseResults: async (batch) => void batches.push(batch) },
    readVariable: async (key) => values.get(key) ?? null,
    variableCheckMs: 20,
  });
  const genDags = () => processor.results.find((r) => r.fileloc === 'gen.ts');
  const until = async (what: string, done: () => boolean) => {
    for (const deadline = Date.now() + 10_000; !done(); await sleep(20)) if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(genDags())}`);
  };
  try {
    await processor.start();
    assert.deepEqual(genDags()?.dags.map((d) => d.dagId), ['gen_1']);
    assert.deepEqual(genDags()?.variables, { dag_number: '1' });

    const parsedBefore = batches.length;
    values.set('dag_number', '3');
    await until('three DAGs', () => genDags()?.dags.length === 3);
    assert.deepEqual(batches.slice(parsedBefore).flatMap((b) => b.results.map((r) => r.fileloc)), ['gen.ts'], 'only the file that read it');

    values.set('dag_number', 'many');
    await until('an import error', () => genDags()?.error !== null);
    assert.match(genDags()?.error?.message ?? '', /dag_number must be a whole number/);
    assert.deepEqual(genDags()?.variables, { dag_number: 'many' }, 'what the failed import read is kept');
    values.set('dag_number', '2');
    await until('fixed', () => genDags()?.error === null && genDags()?.dags.length === 2);
  } finally {
    await processor.stop();
  }
});
