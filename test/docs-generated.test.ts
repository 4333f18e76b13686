/**
 * docs/configuration.md and docs/cli.md are generated from the settings table
 * and the `updraft` program; a change to either that is not regenerated fails
 * here, saying which page, where it first differs, and what to run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_DOCS, REGENERATE_COMMAND } from '../scripts/generate-docs.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

for (const doc of GENERATED_DOCS) {
  test(`${doc.path} matches the code`, async () => {
    const path = join(root, doc.path);
    const fix = `run \`${REGENERATE_COMMAND}\` and commit the result`;
    assert.ok(existsSync(path), `${doc.path} is missing: ${fix}`);
    const committed = readFileSync(path, 'utf8').split('\n');
    const fresh = (await doc.render()).split('\n');
    const line = committed.findIndex((text, index) => text !== fresh[index]);
    if (line === -1 && committed.length === fresh.length) return;
    const at = line === -1 ? Math.min(committed.length, fresh.length) : line;
    assert.fail(
      `${doc.path} is out of date with the code: ${fix}.\n` +
        `First difference at line ${at + 1}:\n  committed: ${committed[at] ?? '(end of file)'}\n  generated: ${fresh[at] ?? '(end of file)'}`,
    );
  });
}
