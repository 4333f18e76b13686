#!/usr/bin/env node
// Runs every test file with node's own test runner (TypeScript through tsx).
// Unit tests sit beside their code as `*.test.ts`; end-to-end tests live in `test/`.
// Usage: node scripts/run-tests.mjs [path-substring ...] to run a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  let found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found = found.concat(findTests(path));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const filters = process.argv.slice(2);
const files = ['src', 'test']
  .flatMap((dir) => findTests(dir))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files matched ${filters.join(' ') || '(all)'}`);
  process.exit(1);
}
// Two files at a time: this is a 2-core machine and several suites start child processes.
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--enable-source-maps', '--test', '--test-concurrency=2', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
