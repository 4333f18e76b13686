import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { DagFileBundleError, DuplicateDagIdError, loadDagFile } from './load-dag-file.js';
import { makeTempDags, simpleDagFile, type TempDags } from './testing/dag-fixtures.js';

describe('loadDagFile (in this process)', () => {
  let temp: TempDags;
  const load = (relPath: string) => loadDagFile(temp.path(relPath), { dagsFolder: temp.dagsFolder, cacheDir: temp.cacheDir });

  before(async () => {
    temp = await makeTempDags({
      'simple.ts': simpleDagFile('simple'),
      'lib/names.ts': `export const prefix = (s: string): string => 'team_' + s;\n`,
      'team/uses_helper.ts': `import { dag, bash } from 'updraft';
import { prefix } from '../lib/names.js';
for (const name of ['a', 'b']) {
  dag(prefix(name), {}, () => { bash('say', 'echo ' + name); });
}
`,
      'node_modules/greeter/package.json': JSON.stringify({
        name: 'greeter',
        type: 'module',
        exports: { import: './esm.js', require: './cjs.cjs' },
      }),
      'node_modules/greeter/esm.js': `export const greeting = 'from esm';\n`,
      'node_modules/greeter/cjs.cjs': `exports.greeting = 'from cjs';\n`,
      'packages.ts': `import { dag, bash } from 'updraft';
import { greeting } from 'greeter';
import { z } from 'zod';
import { join } from 'node:path';
const id = z.string().parse('pkg_' + greeting.replace(' ', '_'));
dag(id, {}, () => { bash('t', 'echo ' + join('a', 'b')); });
`,
      'twice.ts': `import { dag, bash } from 'updraft';
dag('same', {}, () => { bash('a', 'echo 1'); });
dag('other', {}, () => { bash('a', 'echo 1'); });
dag('same', {}, () => { bash('a', 'echo 2'); });
`,
      'broken.ts': `import { dag } from 'updraft';\nexport default dag('broken', {}, () => {\n  const x = ;\n});\n`,
      'missing_pkg.ts': `import { dag } from 'updraft';\nimport 'no-such-package-here';\ndag('m', {}, () => {});\n`,
    });
  });
  after(() => temp.remove());

  test('a good file yields its DAG with fileloc filled, its source, and a bundle hash', async () => {
    const loaded = await load('simple.ts');
    assert.equal(loaded.dags.length, 1);
    const [simple] = loaded.dags;
    assert.equal(simple?.dagId, 'simple');
    assert.equal(simple?.spec.fileloc, 'simple.ts');
    assert.deepEqual(simple?.spec.tasks.map((t) => t.taskId).sort(), ['count', 'hello', 'report']);
    assert.equal(simple?.spec.schedule.kind, 'cron');
    assert.equal(typeof simple?.runtime.tasks.get('count')?.run, 'function');
    assert.match(loaded.source, /dag\('simple'/);
    assert.match(loaded.bundleHash, /^[0-9a-f]{64}$/);
    assert.ok((await readdir(temp.cacheDir)).includes(`${loaded.bundleHash}.mjs`));
  });

  test('loading the same file again returns its DAGs again (the module is cached, not re-run)', async () => {
    const first = await load('simple.ts');
    const second = await load('simple.ts');
    assert.equal(second.bundleHash, first.bundleHash);
    assert.deepEqual(
      second.dags.map((d) => d.spec),
      first.dags.map((d) => d.spec),
    );
  });

  test('a helper module in a subfolder is bundled in; fileloc keeps the subfolder', async () => {
    const loaded = await load('team/uses_helper.ts');
    assert.deepEqual(
      loaded.dags.map((d) => [d.dagId, d.spec.fileloc]),
      [
        ['team_a', 'team/uses_helper.ts'],
        ['team_b', 'team/uses_helper.ts'],
      ],
    );
  });

  test("packages resolve from the DAGs folder's node_modules (ESM condition), then from Updraft's own", async () => {
    const loaded = await load('packages.ts');
    assert.deepEqual(
      loaded.dags.map((d) => d.dagId),
      ['pkg_from_esm'],
    );
  });

  test('the same DAG id twice in one file is an error naming the file and both declarations', async () => {
    await assert.rejects(load('twice.ts'), (error: unknown) => {
      assert.ok(error instanceof DuplicateDagIdError);
      assert.match(error.message, /twice\.ts declares DAG 'same' twice \(dag\(\) call #1 and #3\)/);
      return true;
    });
  });

  test('a syntax error names file:line:col', async () => {
    await assert.rejects(load('broken.ts'), (error: unknown) => {
      assert.ok(error instanceof DagFileBundleError);
      assert.match(error.message, /^Cannot compile broken\.ts:\nbroken\.ts:3:13: Unexpected ";"/);
      return true;
    });
  });

  test('a package that is not installed says where to install it', async () => {
    await assert.rejects(load('missing_pkg.ts'), /Cannot find package 'no-such-package-here': install it in the DAGs folder/);
  });
});
