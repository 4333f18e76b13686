/**
 * A real orchestrator (DAG processor + scheduler + local executor) in the test's
 * process, over a temp UPDRAFT_HOME with the embedded SQLite store; tasks run in
 * real child processes. Also helpers to watch processes on a machine where killed
 * processes linger as zombies, and to run the built CLI.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type App } from '../../src/app.js';
import type { ConfigValue } from '../../src/config/config.js';
import type { DagRun, TaskInstance } from '../../src/core/run-model.js';
import { createOrchestrator, type Orchestrator } from '../../src/orchestrator.js';
import { triggerDag, type TriggerInput } from '../../src/services/trigger-dag.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = join(root, 'dist', 'cli', 'main.js');

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface Harness {
  readonly home: string;
  readonly dagsFolder: string;
  /** A folder for files tasks write (outside the DAGs folder, so writes do not trigger a re-parse). */
  readonly scratch: string;
  readonly app: App;
  readonly orchestrator: Orchestrator;
  /** What the orchestrator logged, for failure messages. */
  readonly logs: string[];
  trigger(dagId: string, input?: Partial<Omit<TriggerInput, 'dagId'>>): Promise<DagRun>;
  /** Waits until the run is success or failed. */
  waitForRun(run: { dagId: string; runId: string }, timeoutMs?: number): Promise<DagRun>;
  ti(run: { dagId: string; runId: string }, taskId: string): Promise<TaskInstance>;
  /** The run's instances by task id (unmapped tasks only). */
  tis(run: { dagId: string; runId: string }): Promise<Map<string, TaskInstance>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly settings?: Readonly<Record<string, ConfigValue>>;
  /** The app's environment (default empty): e.g. UPDRAFT_CONN_* / UPDRAFT_VAR_* overrides. */
  readonly env?: Readonly<Record<string, string>>;
}

export function freshHome(prefix = 'updraft-sched-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export type DagFiles = Record<string, string> | ((paths: { readonly home: string; readonly scratch: string }) => Record<string, string>);

/** Writes the DAG files (a function of the temp folders, for files tasks write), opens the app with an empty environment, starts the orchestrator. */
export async function startHarness(dagFiles: DagFiles, options: HarnessOptions = {}): Promise<Harness> {
  const home = freshHome();
  const dagsFolder = join(home, 'dags');
  const scratch = join(home, 'scratch');
  mkdirSync(dagsFolder, { recursive: true });
  mkdirSync(scratch, { recursive: true });
  const files = typeof dagFiles === 'function' ? dagFiles({ home, scratch }) : dagFiles;
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dagsFolder, name), text);
  // An empty env: nothing from the developer's environment (UPDRAFT_*) leaks in.
  const app = await openApp({ home, dagsFolder, loadExamples: false, ...(options.settings ? { settings: options.settings } : {}) }, { ...options.env });
  const logs: string[] = [];
  const orchestrator = createOrchestrator(app, { log: (message) => logs.push(message) });
  await orchestrator.start();
  const importErrors = (await app.store.importErrors.list()).items;
  assert.deepEqual(importErrors.map((e) => `${e.fileloc}: ${e.message}`), [], 'the test DAG files import');

  const harness: Harness = {
    home,
    dagsFolder,
    scratch,
    app,
    orchestrator,
    logs,
    async trigger(dagId, input = {}) {
      const run = await triggerDag(app.store, { triggeredBy: 'test', ...input, dagId }, new Date());
      orchestrator.scheduler.wake(true);
      return run;
    },
    async waitForRun(key, timeoutMs = 20_000) {
      let last: DagRun | null = null;
      await waitFor(
        async () => {
          last = await app.store.dagRuns.get(key);
          return last?.state === 'success' || last?.state === 'failed';
        },
        timeoutMs,
        async () => `run ${key.dagId}/${key.runId} to end; it is ${(last as DagRun | null)?.state}; tasks: ${await describeTis(app, key)}\n${logs.join('\n')}`,
      );
      return last as unknown as DagRun;
    },
    async ti(key, taskId) {
      const ti = await app.store.taskInstances.get({ dagId: key.dagId, runId: key.runId, taskId, mapIndex: -1 });
      assert.ok(ti, `task instance ${taskId} of ${key.runId} exists`);
      return ti;
    },
    async tis(key) {
      const items = (await app.store.taskInstances.list({ dagId: key.dagId, runId: key.runId })).items;
      return new Map(items.map((ti) => [ti.taskId, ti]));
    },
    async close() {
      await orchestrator.stop(2000);
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
  return harness;
}

export async function describeTis(app: App, key: { dagId: string; runId: string }): Promise<string> {
  const items = (await app.store.taskInstances.list({ dagId: key.dagId, runId: key.runId })).items;
  return items.map((ti) => `${ti.taskId}=${ti.state ?? 'none'}#${ti.tryNumber}${ti.stateReason ? ` (${ti.stateReason})` : ''}`).join(', ');
}

/** Polls `check` every 50 ms; fails with `what` (a description of the awaited condition) after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string | Promise<string>),
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) {
      const text = typeof what === 'string' ? what : await what();
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${text}`);
    }
    await sleep(50);
  }
}

export { alive, liveDescendants, liveMembers } from '../../src/runner/testing/processes.js';

/** Lines of a file tasks append to ('' lines dropped); empty when it does not exist yet. */
export function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line !== '') : [];
}

// ------------------------------------------------------------------ the built CLI

export function cliEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, NO_COLOR: '1' };
}

function requireBuild(): void {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'npm run build' (npm test does it first)`);
}

export function updraftSync(home: string, args: readonly string[], timeoutMs = 60_000): { status: number | null; stdout: string; stderr: string } {
  requireBuild();
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', input: '', env: cliEnv(home), timeout: timeoutMs });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI without blocking this process's event loop. */
export function updraft(home: string, args: readonly string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = cliEnv(home)): Promise<{ status: number | null; stdout: string; stderr: string }> {
  requireBuild();
  return new Promise((done) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

export interface SchedulerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

/**
 * Starts a long-running CLI command (`scheduler`, `standalone`) and waits until
 * its output matches `ready`; fails with the output if it exits first.
 */
export async function startCliProcess(
  home: string,
  args: readonly string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = cliEnv(home),
  timeoutMs = 30_000,
): Promise<SchedulerProcess> {
  requireBuild();
  const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(() => gone || ready.test(out), timeoutMs, () => `updraft ${args[0]} to be ready:\n${out}`);
  assert.ok(!gone, `updraft ${args[0]} exited while starting:\n${out}`);
  return { child, pid: child.pid as number, output: () => out, exited };
}

/** Starts `updraft scheduler` and waits for its ready line. */
export function startSchedulerProcess(home: string, args: readonly string[] = []): Promise<SchedulerProcess> {
  return startCliProcess(home, ['scheduler', ...args], /Scheduler ready/);
}
