/**
 * The `run` command line a container task gets, its container name, and how
 * the tool is found on PATH (real executable files in temp folders).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { containerName, runInvocation, type ContainerSpec } from './container-command.js';
import { findContainerTool } from './container-runtime.js';

const base: ContainerSpec = {
  image: 'acme/etl:1.0',
  command: [],
  entrypoint: null,
  env: {},
  mounts: [],
  workingDir: null,
  user: null,
  network: null,
  pull: null,
  autoRemove: true,
  extraArgs: [],
};
const docker = { name: 'docker', path: '/usr/bin/docker' } as const;

describe('the run command line', () => {
  it('puts every option before the image and the command after it, one argument each', () => {
    const invocation = runInvocation(
      docker,
      'updraft-x',
      {
        ...base,
        command: ['python', '-c', 'print("a b"); import os'],
        entrypoint: ['/bin/tini', '--'],
        mounts: [{ source: '/srv/in', target: '/in', readOnly: true }, { source: 'cache', target: '/cache', readOnly: false }],
        workingDir: '/in',
        user: '1000:1000',
        network: 'none',
        pull: 'never',
        extraArgs: ['--memory', '2g'],
      },
      {},
    );
    assert.deepEqual(invocation.args, [
      'run', '--name', 'updraft-x', '--rm', '--pull=never', '-v', '/srv/in:/in:ro', '-v', 'cache:/cache', '-w', '/in', '--user', '1000:1000',
      '--network', 'none', '--entrypoint', '/bin/tini', '--memory', '2g', 'acme/etl:1.0', '--', 'python', '-c', 'print("a b"); import os',
    ]);
    assert.equal(
      invocation.display,
      `docker run --name updraft-x --rm --pull=never -v /srv/in:/in:ro -v cache:/cache -w /in --user 1000:1000 --network none --entrypoint /bin/tini --memory 2g acme/etl:1.0 -- python -c 'print("a b"); import os'`,
    );
  });

  it('passes variables by name with their values in the tool environment; the log shows ***', () => {
    const invocation = runInvocation(docker, 'n', { ...base, autoRemove: false, env: { API_TOKEN: 's3cr3t-value', DAY: '2024-03-01' } }, { PATH: '/usr/bin', HOME: '/home/u' });
    assert.deepEqual(invocation.args, ['run', '--name', 'n', '-e', 'API_TOKEN', '-e', 'DAY', 'acme/etl:1.0']);
    assert.deepEqual(invocation.env, { PATH: '/usr/bin', HOME: '/home/u', API_TOKEN: 's3cr3t-value', DAY: '2024-03-01' });
    assert.equal(invocation.display, 'docker run --name n -e API_TOKEN=*** -e DAY=*** acme/etl:1.0');
  });

  it('passes names the tool reads itself inline, leaving its own environment alone', () => {
    const invocation = runInvocation(docker, 'n', { ...base, env: { PATH: '/opt/bin', http_proxy: 'http://p:3128', DOCKER_HOST: 'x' } }, { PATH: '/usr/bin' });
    assert.deepEqual(invocation.args.slice(4, 10), ['-e', 'PATH=/opt/bin', '-e', 'http_proxy=http://p:3128', '-e', 'DOCKER_HOST=x']);
    assert.deepEqual(invocation.env, { PATH: '/usr/bin' });
    assert.equal(invocation.display, 'docker run --name n --rm -e PATH=*** -e http_proxy=*** -e DOCKER_HOST=*** acme/etl:1.0');
  });

  it('names containers after dag, task, map index, run and try, within the characters runtimes accept', () => {
    const who = { dagId: 'etl.daily', taskId: 'group.load', runId: 'manual__2024-03-01T00:00:00+00:00', tryNumber: 2, mapIndex: -1 };
    assert.equal(containerName(who, 'a1b2c3'), 'updraft-etl.daily-group.load-manual__2024-03-01T00-00-00-00-00-2-a1b2c3');
    assert.equal(containerName({ ...who, mapIndex: 4, runId: '/weird run/' }, 'ff'), 'updraft-etl.daily-group.load-4-weird-run-2-ff');
    assert.match(containerName({ ...who, dagId: 'x'.repeat(300) }, 'ff'), /^updraft-x{60}-group/);
  });
});

describe('finding docker or podman on PATH', () => {
  const root = mkdtempSync(join(tmpdir(), 'updraft-tools-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const folder = (name: string, tools: string[], executable = true) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const tool of tools) {
      writeFileSync(join(dir, tool), '#!/bin/sh\n');
      chmodSync(join(dir, tool), executable ? 0o755 : 0o644);
    }
    return dir;
  };
  const where = "DAG 'd', task 't'";

  it("'auto' prefers docker, then podman, in PATH order; a file that is not executable does not count", async () => {
    const both = folder('both', ['docker', 'podman']);
    const onlyPodman = folder('only-podman', ['podman']);
    const notExecutable = folder('not-executable', ['docker'], false);
    assert.deepEqual(await findContainerTool('auto', [onlyPodman, both].join(delimiter), where), { name: 'docker', path: join(both, 'docker') });
    assert.deepEqual(await findContainerTool('auto', [notExecutable, onlyPodman].join(delimiter), where), { name: 'podman', path: join(onlyPodman, 'podman') });
    assert.deepEqual(await findContainerTool('podman', both, where), { name: 'podman', path: join(both, 'podman') });
  });

  it('says which worker, what was searched, and what to install or set when there is none', async () => {
    const empty = folder('empty', []);
    await assert.rejects(findContainerTool('auto', empty, where), (error: Error) => {
      assert.equal(
        error.message,
        `DAG 'd', task 't': no container runtime on worker ${hostname()}: neither 'docker' nor 'podman' is an executable file on the PATH of the process running the task (searched PATH: ${empty}). ` +
          `Install Docker (https://docs.docker.com/engine/install/) or Podman (https://podman.io/docs/installation) on the worker, or add the folder that holds it to the worker's PATH, ` +
          `or send the task with 'queue' to workers that have one`,
      );
      return true;
    });
    await assert.rejects(findContainerTool('auto', '', where), /\(PATH is empty\)/);
    await assert.rejects(
      findContainerTool('docker', folder('podman-here', ['podman']), where),
      /runtime 'docker' was asked for, but there is no 'docker' executable on worker .*; podman is there \(.*\/podman-here\/podman\): set runtime: 'podman' or 'auto' to use it\. Install Docker/,
    );
  });
});
