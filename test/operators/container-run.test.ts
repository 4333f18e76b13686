/**
 * containerRun end to end: a real orchestrator runs DAGs whose tasks start
 * containers through stand-in `docker` and `podman` tools on PATH (this
 * machine has no container engine; test/support/stand-in-container-cli.ts):
 * options become `run` arguments, the container's output streams into the
 * task log and its last stdout line feeds a downstream task; a nonzero exit
 * fails the task saying why; a timeout, a clear and a mark kill and remove the
 * container; podman is used when docker is absent, and a worker with neither
 * fails the task saying what to install. Secret values never reach the log.
 * One test drives the process runner directly: it resolves only after the
 * kill and the removal (under the executor the task process may exit first;
 * the stop helper it starts finishes the job, which the other tests check).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TaskInstance } from '../../src/core/run-model.js';
import { runInvocation, type ContainerSpec } from '../../src/operators/container/container-command.js';
import { runContainerProcess } from '../../src/operators/container/container-process.js';
import { taskLogPath } from '../../src/runner/log-file.js';
import { clearTaskInstances } from '../../src/services/clear-task-instances.js';
import { markTaskInstances } from '../../src/services/mark-task-instances.js';
import { startHarness, waitFor, type Harness } from '../support/scheduler-harness.js';
import { standInContainerTools, type RunCall, type StandInTools } from '../support/stand-in-container-cli.js';

const SECRET = 'partner-cr3dential-7731';
let h: Harness;
let tools: StandInTools;
let toolsRoot = '';
const originalPath = process.env.PATH;

async function xcom(run: { dagId: string; runId: string }, taskId: string): Promise<unknown> {
  const entries = await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
  return entries.find((e) => e.key === 'return_value')?.value;
}

const logOf = (ti: TaskInstance, tryNumber = ti.tryNumber) => readFileSync(taskLogPath(h.app.config.logsFolder, ti, tryNumber), 'utf8');

/** The container a task's try ran (names start updraft-<dag>-<task>-<run>-<try>-). */
function runOf(dagId: string, taskId: string, runId: string, tryNumber = 1): RunCall | undefined {
  const prefix = `updraft-${dagId}-${taskId}-${runId.replace(/[^a-zA-Z0-9_.-]+/g, '-')}-${tryNumber}-`;
  return tools.runs().find((call) => call.name.startsWith(prefix));
}

/** Waits until the try runs (in the store too, so that a clear or mark finds it running) and has started its container. */
async function waitForRunOf(dagId: string, taskId: string, runId: string, tryNumber: number): Promise<RunCall> {
  const running = async () => {
    const ti = await h.ti({ dagId, runId }, taskId);
    return ti.state === 'running' && ti.tryNumber === tryNumber && runOf(dagId, taskId, runId, tryNumber) !== undefined;
  };
  await waitFor(running, 15_000, `try ${tryNumber} of ${dagId}.${taskId} to run its container`);
  return runOf(dagId, taskId, runId, tryNumber) as RunCall;
}

/** Waits until `kill <name>` then `rm -f <name>` were called and the container is gone. */
async function waitForKilledAndRemoved(tool: string, name: string): Promise<void> {
  const stops = () => tools.calls().filter((call) => call.verb !== 'run' && call.name === name);
  await waitFor(() => stops().length >= 2 && !tools.exists(name), 15_000, () => `${name} to be killed and removed; calls: ${JSON.stringify(stops())}`);
  assert.deepEqual(
    stops().map((call) => [call.tool, ...call.argv]),
    [
      [tool, 'kill', name],
      [tool, 'rm', '-f', name],
    ],
  );
}

before(async () => {
  toolsRoot = mkdtempSync(join(tmpdir(), 'updraft-container-tools-'));
  tools = standInContainerTools(toolsRoot);
  // Task processes inherit this PATH when the harness forks them: only the stand-ins, so a
  // real docker CLI on the machine is never found (this one has a docker client, no engine).
  process.env.PATH = [tools.dockerDir, tools.podmanDir].join(delimiter);
  h = await startHarness(({ scratch }) => ({
    'containers.ts': `import { containerRun, dag, task } from 'updraft';
dag('containers', {}, () => {
  const load = containerRun('load', {
    image: 'acme/etl:{{ params.tag }}',
    command: 'out:loading "out:day {{ params.day }}" env:STAGE env:DAY err:progress out:rows=42 err:after',
    env: { STAGE: 'prod', DAY: '{{ params.day }}' },
    mounts: [{ source: ${JSON.stringify(scratch)}, target: '/data', readOnly: true }, { source: 'etl_cache', target: '/cache' }],
    workingDir: '/data',
    user: 1000,
    network: 'none',
    pull: 'always',
    extraArgs: ['--memory', '512m'],
  });
  task('use', { inputs: { load } }, ({ load }) => (load ?? '').split('=')[1]);
  containerRun('fails', { image: 'acme/etl:1.0', command: ['out:working', 'err:disk full', 'exit:3'] });
  containerRun('no_variable', { image: 'acme/etl:1.0', secretEnv: { KEY: 'missing_{{ params.tag }}' } });
  containerRun('secret', {
    image: 'acme/etl:1.0',
    secretEnv: { PARTNER_KEY: 'partner_credential' },
    env: { PLAIN: 'plain-value-1234' },
    command: 'out:{{ params.day }} env:PARTNER_KEY',
    autoRemove: false,
    xcom: 'none',
  });
});
dag('slow', {}, () => {
  containerRun('hang', { image: 'acme/etl:1.0', command: 'out:started sleep:60', executionTimeout: '1s', autoRemove: false });
});
dag('held', {}, () => {
  containerRun('long', { image: 'acme/etl:1.0', command: 'out:started sleep:60' });
});
dag('anywhere', {}, () => {
  containerRun('auto', { image: 'acme/etl:1.0', command: 'out:hello' });
  containerRun('pinned', { image: 'acme/etl:1.0', command: 'out:hello', runtime: 'docker' });
});
`,
  }));
  await h.app.store.variables.set({ key: 'partner_credential', value: SECRET });
});

after(async () => {
  await h?.close();
  process.env.PATH = originalPath;
  rmSync(toolsRoot, { recursive: true, force: true });
});

test('containerRun: options become run arguments, output streams to the log, the last stdout line is the XCom; a nonzero exit fails clearly', { timeout: 60_000 }, async () => {
  const run = await h.waitForRun(await h.trigger('containers', { conf: { day: '2024-03-01', tag: '1.4' } }));
  const tis = await h.tis(run);

  assert.equal(tis.get('load')?.state, 'success');
  const load = runOf('containers', 'load', run.runId) as RunCall;
  assert.equal(load.tool, 'docker');
  assert.equal(load.image, 'acme/etl:1.4');
  assert.deepEqual(load.command, ['out:loading', 'out:day 2024-03-01', 'env:STAGE', 'env:DAY', 'err:progress', 'out:rows=42', 'err:after']);
  assert.deepEqual(load.env, { STAGE: 'prod', DAY: '2024-03-01' });
  assert.deepEqual(load.volumes, [`${h.scratch}:/data:ro`, 'etl_cache:/cache']);
  assert.deepEqual(load.options, { pull: 'always', w: '/data', user: '1000', network: 'none', memory: '512m' });
  assert.equal(load.rm, true);
  assert.equal(tools.exists(load.name), false, 'removed on exit (--rm)');
  assert.equal(await xcom(run, 'load'), 'rows=42', 'the last line of stdout, not of stderr');
  assert.equal(await xcom(run, 'use'), '42');
  const loadLog = logOf(tis.get('load') as TaskInstance);
  assert.match(loadLog, new RegExp(`Running container ${load.name} with ${tools.dockerDir}/docker: docker run --name ${load.name} --rm --pull=always -e STAGE=\\*\\*\\* -e DAY=\\*\\*\\* -v `));
  for (const line of ['loading', 'day 2024-03-01', 'STAGE=prod', 'DAY=2024-03-01', 'progress', 'rows=42', 'after']) assert.match(loadLog, new RegExp(`INFO +${line}\n`));

  assert.equal(tis.get('fails')?.state, 'failed');
  const reason = "DAG 'containers', task 'fails': the container of image 'acme/etl:1.0' exited with code 3; its last output: working | disk full";
  assert.equal(tis.get('fails')?.stateReason, `Error: ${reason}`);
  assert.match(logOf(tis.get('fails') as TaskInstance), new RegExp(`Task failed with Error: ${reason.replace(/[.|()]/g, '\\$&')}`));

  assert.equal(tis.get('no_variable')?.state, 'failed');
  assert.equal(
    tis.get('no_variable')?.stateReason,
    "Error: DAG 'containers', task 'no_variable': secretEnv.KEY reads variable 'missing_1.4', which does not exist: create it with 'updraft variables set missing_1.4 <value> --secret', or in the UI's Variables page",
  );
  assert.equal(runOf('containers', 'no_variable', run.runId), undefined, 'no container started');
});

test('containerRun: a secret variable reaches the container by name only and is masked in the log', { timeout: 60_000 }, async () => {
  const run = await h.waitForRun(await h.trigger('containers', { conf: { day: '2024-03-02', tag: '1.4' } }));
  const ti = await h.ti(run, 'secret');
  assert.equal(ti.state, 'success');
  const call = runOf('containers', 'secret', run.runId) as RunCall;
  assert.deepEqual(call.env, { PLAIN: 'plain-value-1234', PARTNER_KEY: SECRET }, 'the container got the values');
  assert.ok(!call.argv.join(' ').includes(SECRET) && !call.argv.join(' ').includes('plain-value-1234'), 'no value on the command line (ps shows it to every user)');
  assert.equal(call.rm, false);
  assert.equal(await xcom(run, 'secret'), null, "xcom: 'none'");
  const log = logOf(ti);
  assert.match(log, /-e PLAIN=\*\*\* -e PARTNER_KEY=\*\*\*/);
  assert.match(log, /INFO +PARTNER_KEY=\*\*\*\n/, 'what the container prints is masked too');
  assert.doesNotMatch(log, new RegExp(SECRET));
});

test('containerRun: on executionTimeout the container is killed and removed', { timeout: 60_000 }, async () => {
  const run = await h.waitForRun(await h.trigger('slow'));
  const ti = await h.ti(run, 'hang');
  assert.equal(ti.state, 'failed');
  assert.match(ti.stateReason ?? '', /timed out after 1s/);
  const call = runOf('slow', 'hang', run.runId) as RunCall;
  await waitForKilledAndRemoved('docker', call.name);
  const log = logOf(ti);
  assert.match(log, /INFO +started\n/);
  assert.match(log, new RegExp(`Stopping container ${call.name} \\(timed out after 1s\\): docker kill ${call.name}, then docker rm -f ${call.name}`));
});

test('containerRun: clearing a running task kills and removes its container, and so does marking it', { timeout: 60_000 }, async () => {
  const run = await h.trigger('held');
  const first = await waitForRunOf('held', 'long', run.runId, 1);
  const cleared = await clearTaskInstances(h.app.store, { dagId: 'held', runId: run.runId, taskPatterns: ['long'] }, new Date());
  assert.deepEqual(cleared.map((ti) => ti.taskId), ['long']);
  h.orchestrator.scheduler.wake(true);
  await waitForKilledAndRemoved('docker', first.name);

  const second = await waitForRunOf('held', 'long', run.runId, 2);
  await markTaskInstances(h.app.store, { key: { dagId: 'held', runId: run.runId, taskId: 'long', mapIndex: -1 }, state: 'success', actor: 'tester' }, new Date());
  h.orchestrator.scheduler.wake(true);
  assert.equal((await h.waitForRun(run)).state, 'success');
  await waitForKilledAndRemoved('docker', second.name);
});

test('runContainerProcess: an abort resolves only once the container is killed and removed', { timeout: 60_000 }, async () => {
  const tool = { name: 'docker', path: join(tools.dockerDir, 'docker') } as const;
  const name = 'updraft-direct-abort';
  const spec: ContainerSpec = {
    image: 'acme/etl:1.0', command: ['out:started', 'sleep:60'], entrypoint: null, env: {}, mounts: [], workingDir: null,
    user: null, network: null, pull: null, autoRemove: false, extraArgs: [],
  };
  const lines: string[] = [];
  const note = (line: string) => void lines.push(line);
  const controller = new AbortController();
  const running = runContainerProcess({
    tool,
    name,
    invocation: runInvocation(tool, name, spec, process.env),
    signal: controller.signal,
    log: { debug: note, info: note, warn: note, error: note },
  });
  await waitFor(() => lines.includes('started'), 15_000, 'the container to start');
  controller.abort(new Error('cleared by a test'));
  const exit = await running;
  // No waiting here: both steps ran before the promise resolved.
  assert.deepEqual(
    tools.calls().filter((call) => call.verb !== 'run' && call.name === name).map((call) => call.argv),
    [['kill', name], ['rm', '-f', name]],
  );
  assert.equal(tools.exists(name), false);
  assert.equal(exit.exitCode, 137, 'the run client ends as docker does when its container is killed');
  assert.ok(lines.includes(`Stopping container ${name} (cleared by a test): docker kill ${name}, then docker rm -f ${name}`), lines.join('\n'));
  assert.ok(lines.includes(`docker kill ${name}: done: ${name}`) && lines.includes(`docker rm -f ${name}: done: ${name}`), lines.join('\n'));
});

test('containerRun: podman runs the container when docker is not on PATH; with neither the task fails saying what to install', { timeout: 60_000 }, async () => {
  tools.remove('docker');
  const run = await h.waitForRun(await h.trigger('anywhere'));
  const tis = await h.tis(run);
  assert.equal(tis.get('auto')?.state, 'success');
  assert.equal(runOf('anywhere', 'auto', run.runId)?.tool, 'podman');
  assert.equal(await xcom(run, 'auto'), 'hello');
  assert.equal(tis.get('pinned')?.state, 'failed');
  assert.match(
    tis.get('pinned')?.stateReason ?? '',
    new RegExp(`runtime 'docker' was asked for, but there is no 'docker' executable on worker .*; podman is there \\(${tools.podmanDir}/podman\\): set runtime: 'podman' or 'auto' to use it`),
  );

  tools.remove('podman');
  const bare = await h.waitForRun(await h.trigger('anywhere'));
  const ti = await h.ti(bare, 'auto');
  assert.equal(ti.state, 'failed');
  assert.match(ti.stateReason ?? '', /DAG 'anywhere', task 'auto': no container runtime on worker \S+: neither 'docker' nor 'podman' is an executable file on the PATH/);
  assert.match(ti.stateReason ?? '', new RegExp(`searched PATH: ${tools.dockerDir}${delimiter}${tools.podmanDir}\\). Install Docker \\(https://docs.docker.com/engine/install/\\) or Podman`));
  assert.match(logOf(ti), /no container runtime on worker/);
});
