import { liveMembers } from './testing/processes.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBash, type BashCommand, type BashResult } from './bash-process.js';

interface Ran extends BashResult {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly ms: number;
}

async function run(command: string, options: Partial<BashCommand> = {}): Promise<Ran> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const started = Date.now();
  const result = await runBash({
    command,
    env: process.env,
    cwd: null,
    signal: new AbortController().signal,
    onOutput: (stream, line) => (stream === 'stdout' ? stdout : stderr).push(line),
    ...options,
  });
  return { ...result, stdout, stderr, ms: Date.now() - started };
}

/**
 * Processes of a process group that still run. A process that was killed stays a zombie until
 * its parent reaps it, and on machines whose PID 1 does not reap orphans it stays forever, so
 * `kill(-pgid, 0)` succeeding is not proof of life: ask `ps` for non-zombie members then.
 */

async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

describe('runBash', () => {
  test('exit 0: the last non-empty stdout line is kept, stderr is reported separately', async () => {
    const ran = await run('echo first; echo "to stderr" >&2; echo last; echo');
    assert.equal(ran.exitCode, 0);
    assert.equal(ran.killedBy, null);
    assert.equal(ran.lastStdoutLine, 'last');
    assert.deepEqual(ran.stdout, ['first', 'last', '']);
    assert.deepEqual(ran.stderr, ['to stderr']);
  });

  test('a non-zero exit code is reported as is', async () => {
    assert.equal((await run('exit 1')).exitCode, 1);
    assert.equal((await run('exit 99')).exitCode, 99);
    const silent = await run('true');
    assert.equal(silent.lastStdoutLine, null);
  });

  test('the environment is exactly the one given', async () => {
    const ran = await run('echo "${GREETING:-unset} ${HOME:-nohome}"', { env: { GREETING: 'hello' } });
    assert.equal(ran.lastStdoutLine, 'hello nohome');
  });

  test('the default working directory is a fresh temporary directory, removed afterwards', async () => {
    const first = await run('pwd; touch scratch.txt; ls');
    const second = await run('pwd; ls | wc -l');
    const dir = first.stdout[0] as string;
    assert.ok(dir.startsWith(realpathSync(tmpdir())), dir);
    assert.match(dir, /updraft-bash-/);
    assert.equal(first.stdout[1], 'scratch.txt');
    assert.notEqual(second.stdout[0], dir, 'each command gets its own directory');
    assert.equal(second.stdout[1]?.trim(), '0', 'and it starts empty');
    assert.equal(existsSync(dir), false, `${dir} was removed`);
    assert.equal(existsSync(second.stdout[0] as string), false);
  });

  test('a given working directory is used and kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bash-cwd-test-'));
    try {
      const ran = await run('pwd; echo data > out.txt', { cwd: dir });
      assert.equal(ran.stdout[0], realpathSync(dir));
      assert.ok(existsSync(join(dir, 'out.txt')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a working directory that does not exist is a clear error, not "bash ENOENT"', async () => {
    await assert.rejects(run('true', { cwd: '/nonexistent/updraft/dir' }), /working directory \/nonexistent\/updraft\/dir does not exist/);
  });

  // from Airflow: providers/standard/tests/unit/standard/operators/test_bash.py::TestBashOperator::test_bash_operator_kill
  test('abort kills the whole process group, background jobs included', { timeout: 15_000 }, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const ran = await run('echo $$; sleep 1000 & sleep 1000', { signal: controller.signal });
    const pgid = Number(ran.stdout[0]);
    assert.ok(pgid > 0);
    assert.equal(ran.exitCode, null);
    assert.equal(ran.killedBy, 'SIGTERM');
    assert.ok(ran.ms < 3000, `took ${ran.ms} ms`);
    assert.ok(await eventually(() => liveMembers(pgid).length === 0), `still running: ${liveMembers(pgid).join('; ')}`);
  });

  test('a command that ignores SIGTERM is killed after the grace period', { timeout: 15_000 }, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const ran = await run("trap '' TERM; echo $$; sleep 1000", { signal: controller.signal, killGraceMs: 300 });
    assert.equal(ran.killedBy, 'SIGKILL');
    assert.ok(ran.ms >= 550 && ran.ms < 3000, `took ${ran.ms} ms`);
    assert.ok(await eventually(() => liveMembers(Number(ran.stdout[0])).length === 0));
  });

  test('a background job left running when the shell exits does not hold the try open, and is killed', { timeout: 15_000 }, async () => {
    const ran = await run('echo $$; sleep 1000 & echo started');
    assert.equal(ran.exitCode, 0);
    assert.equal(ran.lastStdoutLine, 'started');
    assert.ok(ran.ms < 3000, `took ${ran.ms} ms`);
    assert.ok(await eventually(() => liveMembers(Number(ran.stdout[0])).length === 0));
  });

  test('an already aborted signal stops the command at once', { timeout: 15_000 }, async () => {
    const controller = new AbortController();
    controller.abort();
    const ran = await run('sleep 1000', { signal: controller.signal });
    assert.equal(ran.killedBy, 'SIGTERM');
    assert.ok(ran.ms < 3000);
  });
});
