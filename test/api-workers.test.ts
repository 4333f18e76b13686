/**
 * The built `updraft api-server --workers 2` as real processes: two workers serve
 * one port (port 0 becomes one free port for both), failed logins are counted
 * across workers, a worker killed with -9 is replaced and the port keeps
 * answering, and SIGTERM stops every process with exit code 0. Needs
 * `npm run build` (npm test builds first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { alive, freshHome, liveDescendants, startCliProcess, updraft, waitFor } from './support/scheduler-harness.js';

/** One request on a connection of its own (no keep-alive), so the primary hands each to a worker in turn. */
function fresh(url: string, method = 'GET', body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const servingPids = (output: string): number[] => [...output.matchAll(/API worker (\d+) serving/g)].map((m) => Number(m[1]));

test('api-server --workers 2: one port, shared login limits, a killed worker replaced, SIGTERM stops all with 0', { timeout: 90_000 }, async () => {
  const home = freshHome('updraft-api-workers-');
  const server = await startCliProcess(home, ['api-server', '--workers', '2', '--port', '0', '--host', '127.0.0.1'], /Updraft API server listening on \S+ .*2 workers/, undefined, 60_000);
  let stopped = false;
  try {
    const url = (/listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(server.output()) as RegExpExecArray)[1] as string;
    assert.ok(!url.endsWith(':0'), url);
    const [first, second] = servingPids(server.output());
    assert.ok(first && second && first !== second, server.output());
    assert.deepEqual(liveDescendants(server.pid).sort(), [first, second].sort(), 'the workers are the primary\'s children');
    for (let i = 0; i < 6; i += 1) assert.equal(await fresh(`${url}/api/v2/version`), 200);

    // Five failures for one name from one address, spread over both workers, use up the allowance.
    const login = JSON.stringify({ username: 'nobody', password: 'wrong' });
    for (let i = 0; i < 5; i += 1) assert.equal(await fresh(`${url}/auth/token`, 'POST', login), 401, `attempt ${i + 1}`);
    assert.equal(await fresh(`${url}/auth/token`, 'POST', login), 429, 'the sixth attempt is refused whichever worker gets it');

    process.kill(first, 'SIGKILL');
    await waitFor(() => servingPids(server.output()).length === 3, 30_000, () => `a replacement worker:\n${server.output()}`);
    assert.match(server.output(), new RegExp(`API worker ${first} was killed by SIGKILL: starting a replacement`));
    const replacement = servingPids(server.output())[2] as number;
    assert.ok(alive(replacement) && !alive(first));
    for (let i = 0; i < 6; i += 1) assert.equal(await fresh(`${url}/api/v2/version`), 200, 'the same port still answers');

    server.child.kill('SIGTERM');
    await server.exited;
    stopped = true;
    assert.equal(server.child.exitCode, 0, server.output());
    for (const pid of [second, replacement]) {
      assert.match(server.output(), new RegExp(`API worker ${pid} exited with code 0`));
      assert.ok(!alive(pid), `worker ${pid} is gone`);
    }
  } finally {
    if (!stopped) server.child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
});

test('api-server --workers 2 on a port in use: the workers cannot serve, the command says why and exits 1', { timeout: 60_000 }, async () => {
  const home = freshHome('updraft-api-workers-');
  const blocker = await startCliProcess(home, ['api-server', '--port', '0', '--host', '127.0.0.1'], /listening on http/, undefined, 60_000);
  try {
    const port = (/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(blocker.output()) as RegExpExecArray)[1] as string;
    const taken = await updraft(home, ['api-server', '--workers', '2', '--port', port, '--host', '127.0.0.1'], 45_000);
    const output = taken.stdout + taken.stderr;
    assert.equal(taken.status, 1, output);
    assert.match(output, /EADDRINUSE/);
    assert.match(output, /before serving/);
  } finally {
    blocker.child.kill('SIGTERM');
    await blocker.exited;
    rmSync(home, { recursive: true, force: true });
  }
});
