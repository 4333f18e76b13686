/**
 * `updraft/hooks` as a DAG file meets it: importing it in a fresh process loads
 * no database driver (they load when a hook first connects), and the package
 * export points at the built module.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const PROBE = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const driver = /node_modules\\/(pg|pg-cursor|mysql2|better-sqlite3|nodemailer|@aws-sdk\\/[^/]+)\\//;
const loadedDrivers = () => [...new Set(Object.keys(require.cache).filter((k) => driver.test(k)).map((k) => driver.exec(k)[1]))];
const hooks = await import(process.argv[2]);
const atImport = loadedDrivers();
const hook = hooks.sqlHookFor({ connId: 'x', connType: 'sqlite', host: ':memory:', schema: null, login: null, password: null, port: null, extra: {} });
const afterBuild = loadedDrivers();
await hook.query('SELECT 1');
await hook.close();
console.log(JSON.stringify({ atImport, afterBuild, afterUse: loadedDrivers() }));
`;

test("importing 'updraft/hooks' loads no driver; building a hook loads none; first use loads its own", () => {
  const dir = mkdtempSync(join(tmpdir(), 'updraft-hooks-probe-'));
  try {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, PROBE);
    const result = spawnSync(process.execPath, ['--import', 'tsx', probe, join(root, 'src', 'hooks', 'index.ts')], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as Record<string, string[]>;
    assert.deepEqual(report.atImport, []);
    assert.deepEqual(report.afterBuild, []);
    assert.deepEqual(report.afterUse, ['better-sqlite3']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the package exports './hooks' from the build", () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { default: string; types: string }> };
  assert.deepEqual(pkg.exports['./hooks'], { types: './dist/hooks/index.d.ts', default: './dist/hooks/index.js' });
});
