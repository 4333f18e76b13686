import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { loadDagFile } from './load-dag-file.js';
import { makeTempDags, type TempDags } from './testing/dag-fixtures.js';

let temp: TempDags;

before(async () => {
  temp = await makeTempDags({
    'lib/where.ts': `export const helperUrl = import.meta.url;\nexport const helperDir = import.meta.dirname;\n`,
    'located.ts': `import { dag, task } from 'updraft';
import { helperDir, helperUrl } from './lib/where.js';
const mine = new URL('./data/songs.json', import.meta.url).href;
const text = "import.meta.url stays text in a string";
dag('located', { description: JSON.stringify([mine, import.meta.filename, helperUrl, helperDir, text]) }, () => { task('t', () => 1); });
`,
  });
});
after(() => temp.remove());

test('import.meta in a DAG file and its helper modules means each source file, not the cached bundle', async () => {
  const { dags } = await loadDagFile(temp.path('located.ts'), { dagsFolder: temp.dagsFolder, cacheDir: temp.cacheDir });
  const seen = JSON.parse(dags[0]?.spec.description ?? '[]') as string[];
  assert.deepEqual(seen, [
    pathToFileURL(temp.path('data/songs.json')).href,
    temp.path('located.ts'),
    pathToFileURL(temp.path('lib/where.ts')).href,
    temp.path('lib'),
    'import.meta.url stays text in a string',
  ]);
});
