/**
 * `updraft init` end to end: the built CLI scaffolds a project, which then
 * passes its own type-check and tests, and whose DAG the CLI parses with the
 * project's `.env`. `updraft` is this checkout (linked, as `npm link` would);
 * the project's tools are linked from this checkout's node_modules: no network.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const temp = mkdtempSync(join(tmpdir(), 'updraft-init-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // Nothing of this machine's Updraft settings: the project's .env must be what counts.
    env: { PATH: process.env.PATH ?? '', HOME: temp, NO_COLOR: '1', npm_config_update_notifier: 'false' },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const updraft = (args: readonly string[], cwd: string) => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' (npm test does it first)`);
  return run(process.execPath, [cli, ...args], cwd);
};

/** What `npm install` would give the project, linked from this checkout. */
function linkDependencies(project: string): void {
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '@types'), { recursive: true });
  mkdirSync(join(modules, '.bin'));
  symlinkSync(root, join(modules, 'updraft'));
  for (const name of ['typescript', 'tsx', '@types/node']) symlinkSync(join(root, 'node_modules', name), join(modules, name));
  symlinkSync('../typescript/bin/tsc', join(modules, '.bin', 'tsc'));
}

test('updraft init scaffolds a project that type-checks, passes its tests, and whose DAG parses', () => {
  const project = join(temp, 'my-project');
  const init = updraft(['init', project, '--updraft-spec', `file:${root}`], temp);
  assert.equal(init.status, 0, init.output);
  for (const file of ['dags/example_pipeline.ts', 'plugins/text-tools.ts', 'tests/example_pipeline.test.ts', 'tsconfig.json', 'README.md', '.gitignore']) {
    assert.ok(existsSync(join(project, file)), `${file} is scaffolded`);
  }
  const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
  assert.equal(pkg.name, 'my-project');
  assert.equal(pkg.dependencies.updraft, `file:${root}`);
  const env = readFileSync(join(project, '.env'), 'utf8');
  assert.match(env, /^UPDRAFT_FERNET_KEY=[A-Za-z0-9_-]{43}=$/m);
  assert.match(env, new RegExp(`^UPDRAFT_HOME=${project}/\\.updraft$`, 'm'));
  assert.match(env, new RegExp(`^UPDRAFT_DAGS_FOLDER=${project}/dags$`, 'm'));

  linkDependencies(project);
  const typecheck = run('npm', ['run', 'typecheck'], project);
  assert.equal(typecheck.status, 0, typecheck.output);
  const tests = run('npm', ['test'], project);
  assert.equal(tests.status, 0, tests.output);
  assert.match(tests.output, /# pass 4\n# fail 0/);

  // Run in the project, the CLI reads its .env: the project's DAGs folder and home, nothing else.
  const list = updraft(['dags', 'list', '-o', 'plain'], project);
  assert.equal(list.status, 0, list.output);
  assert.match(list.output, /example_pipeline/);
  const errors = updraft(['dags', 'list-import-errors'], project);
  assert.equal(errors.status, 0, errors.output);
  assert.ok(existsSync(join(project, '.updraft', 'updraft.db')), 'the metadata database lives in the project');
});

test('updraft init refuses a folder that is not empty, unless --force, which keeps the .env and its key', () => {
  const project = join(temp, 'existing');
  mkdirSync(project);
  writeFileSync(join(project, 'notes.txt'), 'mine');
  const refused = updraft(['init', project], temp);
  assert.equal(refused.status, 1);
  assert.match(refused.output, /existing is not empty \(notes\.txt\): give a new folder, or pass --force/);
  assert.ok(!existsSync(join(project, 'package.json')), 'nothing written');

  writeFileSync(join(project, '.env'), 'UPDRAFT_FERNET_KEY=keep-me\n');
  const forced = updraft(['init', project, '--force'], temp);
  assert.equal(forced.status, 0, forced.output);
  assert.match(forced.output, /\.env \(kept as it was\)/);
  assert.equal(readFileSync(join(project, '.env'), 'utf8'), 'UPDRAFT_FERNET_KEY=keep-me\n');
  assert.equal(readFileSync(join(project, 'notes.txt'), 'utf8'), 'mine');
  assert.ok(existsSync(join(project, 'dags', 'example_pipeline.ts')));
});
