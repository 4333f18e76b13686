import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findDagFiles, hasDagFileExtension, mightContainDag } from './dag-file-finder.js';
import { makeTempDags, simpleDagFile, type TempDags } from './testing/dag-fixtures.js';
import { isIgnored, parseIgnoreFile } from './updraftignore.js';

const DAG = simpleDagFile('d');

describe('findDagFiles', () => {
  let temp: TempDags;
  const rel = (paths: string[]) => paths.map((p) => relative(temp.dagsFolder, p));

  before(async () => {
    temp = await makeTempDags({
      'b.ts': DAG,
      'a.mts': DAG,
      'c.js': DAG,
      'd.mjs': DAG,
      'types.d.ts': DAG,
      'notes.md': DAG,
      'helper.ts': 'export const x = 1;',
      'sub/e.ts': DAG,
      'node_modules/pkg/f.ts': DAG,
      '.hidden/g.ts': DAG,
    });
  });
  after(() => temp.remove());

  test('lists module files sorted, skipping .d.ts, node_modules, dot-folders and (in safe mode) non-DAG files', async () => {
    assert.deepEqual(rel(await findDagFiles(temp.dagsFolder)), ['a.mts', 'b.ts', 'c.js', 'd.mjs', 'sub/e.ts']);
  });

  test('safe mode off keeps every module file', async () => {
    assert.deepEqual(rel(await findDagFiles(temp.dagsFolder, { safeMode: false })), [
      'a.mts',
      'b.ts',
      'c.js',
      'd.mjs',
      'helper.ts',
      'sub/e.ts',
    ]);
  });

  test('.updraftignore: globs, folder patterns, negation, regex lines, nested files', async () => {
    const t = await makeTempDags({
      'keep.ts': DAG,
      'skip_me.ts': DAG,
      'tenant_1.ts': DAG,
      'project_a/x.ts': DAG,
      'lib/y.ts': DAG,
      'lib/z.ts': DAG,
      'deep/er/tmp_1.ts': DAG,
      'deep/ok.ts': DAG,
      'nested/a.ts': DAG,
      'nested/b.ts': DAG,
      '.updraftignore': ['# comment', '', 'skip_*.ts', 'project_a/', 'lib/*', '!lib/z.ts', 'deep/**/tmp_*.ts', 're:tenant_\\d'].join('\n'),
      'nested/.updraftignore': 'b.ts\n',
    });
    try {
      const found = (await findDagFiles(t.dagsFolder)).map((p) => relative(t.dagsFolder, p));
      assert.deepEqual(found, ['deep/ok.ts', 'keep.ts', 'lib/z.ts', 'nested/a.ts']);
    } finally {
      await t.remove();
    }
  });
});

describe('updraftignore patterns', () => {
  const rules = (text: string, base = '') => parseIgnoreFile(text, base);

  test('a pattern without a slash matches a name at any depth; with a slash it is anchored', () => {
    assert.equal(isIgnored('a/b/tmp.ts', false, rules('tmp.ts')), true);
    assert.equal(isIgnored('a/tmp.ts', false, rules('/tmp.ts')), false);
    assert.equal(isIgnored('tmp.ts', false, rules('/tmp.ts')), true);
    assert.equal(isIgnored('x/tmp.ts', false, rules('x/*.ts')), true);
    assert.equal(isIgnored('y/x/tmp.ts', false, rules('x/*.ts')), false);
  });

  test('* stays within a segment, ** crosses them, trailing / means folders only', () => {
    assert.equal(isIgnored('a/b.ts', false, rules('*.ts')), true);
    assert.equal(isIgnored('a/b/c.ts', false, rules('a/*.ts')), false);
    assert.equal(isIgnored('a/b/c.ts', false, rules('a/**/c.ts')), true);
    assert.equal(isIgnored('a/c.ts', false, rules('a/**/c.ts')), true);
    assert.equal(isIgnored('build', false, rules('build/')), false);
    assert.equal(isIgnored('build', true, rules('build/')), true);
  });

  test('rules of a nested .updraftignore apply under its folder only', () => {
    const nested = rules('x.ts', 'sub');
    assert.equal(isIgnored('sub/x.ts', false, nested), true);
    assert.equal(isIgnored('x.ts', false, nested), false);
  });

  test('an invalid regex names the line', () => {
    assert.throws(() => rules('ok.ts\nre:(unclosed'), /\.updraftignore line 2 \('re:\(unclosed'\)/);
  });
});

test('extension and safe-mode heuristics', () => {
  assert.equal(hasDagFileExtension('a.ts'), true);
  assert.equal(hasDagFileExtension('a.d.ts'), false);
  assert.equal(hasDagFileExtension('a.d.mts'), false);
  assert.equal(hasDagFileExtension('a.tsx'), false);
  assert.equal(mightContainDag("import { dag } from 'updraft'"), true);
  assert.equal(mightContainDag('import { DAG } from "UPDRAFT"'), true);
  assert.equal(mightContainDag("import { task } from 'updraft'"), false);
  assert.equal(mightContainDag('export const dag = 1'), false);
});
