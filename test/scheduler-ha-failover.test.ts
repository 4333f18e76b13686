/**
 * A scheduler dies (`kill -9`) or freezes (SIGSTOP: alive, but silent) while
 * its tasks run; another scheduler on the same PostgreSQL database ends its job
 * and takes over its task instances (Airflow's adopt_or_reset_orphaned_tasks):
 * at once for a process gone from this host, after the health check threshold
 * for a silent one. The victim is a real child process; the survivor runs here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../src/app.js';
import type { ConfigOverrides } from '../src/config/config.js';
import { createOrchestrator, type Orchestrator } from '../src/orchestrator.js';
import { INTERRUPTED_REASON } from '../src/scheduler/recover-orphans.js';
import { triggerDag } from '../src/services/trigger-dag.js';
import type { Job } from '../src/store/types.js';
import { describeTis, freshHome, lines, root, waitFor } from './support/scheduler-harness.js';
import { withTestDatabase } from './support/test-database.js';

const THRESHOLD_S = 2;
const TASKS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

const shared = withTestDatabase(() => freshHome('updraft-failover-'));

interface Cluster {
  readonly app: App;
  readonly survivor: Orchestrator;
  readonly victim: ChildProcess;
  readonly victimOutput: () => string;
  readonly logs: string[];
  readonly trace: string;
  close(): Promise<void>;
}

/** The survivor (parses the DAGs) here and the victim in a child process, both on the test's database. */
async function startCluster(dagId: string): Promise<Cluster> {
  const { home, database } = shared;
  const dagsFolder = join(home, dagId);
  const trace = join(home, `${dagId}.trace`);
  mkdirSync(dagsFolder, { recursive: true });
  writeFileSync(
    join(dagsFolder, 'slow.ts'),
    `import { dag, task } from 'updraft';
import { appendFileSync } from 'node:fs';
dag('${dagId}', { isPausedUponCreation: true }, () => {
  for (const id of ${JSON.stringify(TASKS)}) {
    task(id, async (_in, { tryNumber }) => {
      appendFileSync(${JSON.stringify(trace)}, id + ' ' + tryNumber + ' start\\n');
      await new Promise((done) => setTimeout(done, 1500));
      appendFileSync(${JSON.stringify(trace)}, id + ' ' + tryNumber + ' end\\n');
    });
  }
});
`,
  );
  const settings = { 'scheduler.heartbeat_sec': 0.3, 'scheduler.health_check_threshold': THRESHOLD_S };
  const config = (parallelism: number): ConfigOverrides => ({ home, dagsFolder, databaseUrl: database.url, loadExamples: false, settings: { ...settings, 'core.parallelism': parallelism } });
  const app = await openApp(config(2), {});
  const logs: string[] = [];
  const survivor = createOrchestrator(app, { log: (message) => logs.push(message) });
  await survivor.start();
  const victim = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'support', 'ha-scheduler-child.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: home, HA_SCHEDULER_CONFIG: JSON.stringify(config(4)) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  victim.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  victim.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<void>((done) => victim.once('exit', () => done()));
  await waitFor(() => /ha scheduler ready/.test(out) || victim.exitCode !== null, 30_000, () => `the victim scheduler to start:\n${out}`);
  assert.equal(victim.exitCode, null, `the victim scheduler exited while starting:\n${out}`);
  return {
    app,
    survivor,
    victim,
    victimOutput: () => out,
    logs,
    trace,
    async close() {
      victim.kill('SIGKILL');
      await exited;
      await survivor.stop(2000);
      await app.close();
    },
  };
}

/** Triggers one run and waits until the victim runs some of its tasks; returns the run and the victim's job. */
async function runUntilVictimWorks(c: Cluster, dagId: string): Promise<{ key: { dagId: string; runId: string }; victimJob: Job }> {
  const victimJob = (await c.app.store.jobs.list({ kind: 'scheduler', state: 'running' })).find((j) => j.pid === c.victim.pid);
  assert.ok(victimJob, 'the victim registered its scheduler job');
  const run = await triggerDag(c.app.store, { dagId, runId: 'failover', triggeredBy: 'test' }, new Date());
  await c.app.store.dags.setPaused(dagId, false);
  c.survivor.scheduler.wake(true);
  const key = { dagId, runId: run.runId };
  await waitFor(
    async () => (await c.app.store.taskInstances.list({ ...key, states: ['running'] })).items.some((ti) => ti.queuedByJobId === victimJob.id),
    20_000,
    async () => `the victim to run a task: ${await describeTis(c.app, key)}\n${c.victimOutput()}`,
  );
  return { key, victimJob };
}

/** The run ends in success; the victim's tries that were running end as interrupted and ran again; returns those tries. */
async function assertTakenOver(c: Cluster, key: { dagId: string; runId: string }, victimJob: Job): Promise<{ interruptedAt: Date[] }> {
  await waitFor(
    async () => ['success', 'failed'].includes((await c.app.store.dagRuns.get(key))?.state ?? ''),
    30_000,
    async () => `the run to end: ${await describeTis(c.app, key)}\n${c.logs.join('\n')}`,
  );
  assert.equal((await c.app.store.dagRuns.get(key))?.state, 'success', await describeTis(c.app, key));
  assert.equal((await c.app.store.jobs.get(victimJob.id))?.state, 'failed', 'the victim’s job was ended as failed');
  const adopted = c.logs.filter((l) => l.includes(`adopted the task instances of scheduler job ${victimJob.id} (pid ${victimJob.pid} on ${hostname()}), dead`));
  assert.equal(adopted.length, 1, `one line names the dead scheduler:\n${c.logs.join('\n')}`);
  const interruptedAt: Date[] = [];
  for (const taskId of TASKS) {
    const tries = await c.app.store.taskInstances.listTries({ ...key, taskId, mapIndex: -1 });
    const shape = tries.map((t) => [t.tryNumber, t.state, t.stateReason]);
    if (tries.length === 1) {
      assert.deepEqual(shape, [[1, 'success', null]], taskId);
    } else {
      assert.deepEqual(shape, [[1, 'failed', INTERRUPTED_REASON], [2, 'success', null]], `${taskId}: interrupted once, then run again`);
      interruptedAt.push(tries[0]?.endDate as Date);
    }
  }
  assert.ok(interruptedAt.length >= 1, 'some tries were the victim’s');
  // Its queued tries (handed to its executor, not started) went back to scheduled: the same try ran here.
  assert.match(adopted[0] ?? '', new RegExp(`: \\d+ queued back to scheduled, ${interruptedAt.length} running retried$`));
  return { interruptedAt };
}

test('kill -9 of one of two schedulers: the other ends its job at once (its pid is gone) and retries its running tries', { timeout: 60_000 }, async () => {
  const c = await startCluster('ha_killed');
  try {
    const { key, victimJob } = await runUntilVictimWorks(c, 'ha_killed');
    const killedAt = Date.now();
    c.victim.kill('SIGKILL');
    const { interruptedAt } = await assertTakenOver(c, key, victimJob);
    // Found by its missing pid, well before the heartbeat threshold (checked every half threshold).
    for (const at of interruptedAt) assert.ok(at.getTime() - killedAt < THRESHOLD_S * 1000 + 500, `settled ${at.getTime() - killedAt} ms after the kill`);
    // Its task processes died with it: an interrupted try never got to its end.
    for (const taskId of TASKS) {
      const ends = lines(c.trace).filter((l) => l.startsWith(`${taskId} `) && l.endsWith(' end'));
      assert.equal(ends.length, 1, `${taskId} finished once: ${lines(c.trace).join(', ')}`);
    }
  } finally {
    await c.close();
  }
});

test('a frozen scheduler (SIGSTOP): the other waits for the health check threshold, then takes over', { timeout: 60_000 }, async () => {
  const c = await startCluster('ha_frozen');
  try {
    const { key, victimJob } = await runUntilVictimWorks(c, 'ha_frozen');
    c.victim.kill('SIGSTOP');
    const { interruptedAt } = await assertTakenOver(c, key, victimJob);
    const lastHeartbeat = (await c.app.store.jobs.get(victimJob.id))?.latestHeartbeat as Date;
    for (const at of interruptedAt) {
      assert.ok(at.getTime() - lastHeartbeat.getTime() > THRESHOLD_S * 1000, `settled ${at.getTime() - lastHeartbeat.getTime()} ms after its last heartbeat`);
    }
  } finally {
    await c.close();
  }
});
