/** Which keys encrypt: the setting, else `<home>/fernet.key`, generated once (also when processes race). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, it } from 'node:test';
import { generateFernetKey } from './fernet.js';
import { fernetKeyFile, resolveFernet } from './fernet-key-file.js';

const homes: string[] = [];
const home = () => {
  const dir = mkdtempSync(join(tmpdir(), 'updraft-key-'));
  homes.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('generates a key file once (mode 600) and reuses it; a configured key wins and writes nothing', () => {
  const dir = home();
  const first = resolveFernet(null, dir);
  assert.deepEqual([first.generated, first.keyFile], [true, fernetKeyFile(dir)]);
  assert.equal(statSync(fernetKeyFile(dir)).mode & 0o777, 0o600);
  const second = resolveFernet('  ', dir);
  assert.equal(second.generated, false);
  assert.equal(second.cipher.decrypt(first.cipher.encrypt('same key')), 'same key');

  const other = home();
  const configured = resolveFernet(generateFernetKey(), other);
  assert.deepEqual([configured.generated, configured.keyFile], [false, null]);
  assert.throws(() => readFileSync(fernetKeyFile(other)), /ENOENT/);
});

it('an emptied key file is an error saying what was lost, not a silent new key', () => {
  const dir = home();
  writeFileSync(fernetKeyFile(dir), '\n');
  assert.throws(() => resolveFernet(null, dir), /the Fernet key file .*fernet\.key is empty: restore the key it held from a backup/);
});

it('processes starting at once on a fresh home agree on one key', async () => {
  const dir = home();
  const module = pathToFileURL(join(import.meta.dirname, 'fernet-key-file.ts')).href;
  const script = `const { resolveFernet } = await import(${JSON.stringify(module)}); const r = resolveFernet(null, ${JSON.stringify(dir)}); console.log(JSON.stringify({ generated: r.generated, token: r.cipher.encrypt('hello') }));`;
  const results = await Promise.all(
    Array.from({ length: 4 }, () => new Promise<{ generated: boolean; token: string }>((done, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? done(JSON.parse(out) as { generated: boolean; token: string }) : reject(new Error(`exit ${code}`))));
    })),
  );
  assert.equal(results.filter((r) => r.generated).length, 1, 'exactly one generated the file');
  const cipher = resolveFernet(null, dir).cipher;
  for (const r of results) assert.equal(cipher.decrypt(r.token), 'hello', 'every process encrypted with the kept key');
});

it('a configured key that differs from an earlier generated one points at the file in errors', () => {
  const dir = home();
  const token = resolveFernet(null, dir).cipher.encrypt('old value');
  const configured = resolveFernet(generateFernetKey(), dir).cipher;
  assert.throws(() => configured.decrypt(token), new RegExp(`the key generated earlier, which this home's older values may need, is in ${fernetKeyFile(dir)}`));
});
