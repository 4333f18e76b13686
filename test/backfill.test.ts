/**
 * Backfills end to end: a real orchestrator in this process runs a 3-day
 * backfill with max_active_runs 1 (tasks in real child processes, which record
 * when they start and end), and the built CLI's `backfill create --wait`
 * against a `updraft scheduler` child process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openApp } from '../src/app.js';
import { createOrchestrator } from '../src/orchestrator.js';
import { backfillProgress, createBackfill } from '../src/services/backfill.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A daily DAG whose one task appends `start|end <run id> <ms>` lines to `events` around a short sleep. */
function dailyDag(dagId: string, events: string): string {
  return `import { appendFileSync } from 'node:fs';
import { dag, task } from 'updraft';
dag('${dagId}', { schedule: '@daily', startDate: '2024-01-01', catchup: false }, () => {
  task('work', async (_in, ctx) => {
    if (ctx.runType !== 'backfill') return 0;
    appendFileSync(${JSON.stringify(events)}, \`start \${ctx.runId} \${Date.now()}\\n\`);
    await new Promise((done) => setTimeout(done, 300));
    appendFileSync(${JSON.stringify(events)}, \`end \${ctx.runId} \${Date.now()}\\n\`);
    return 1;
  });
});
`;
}

function freshHome(): { home: string; dags: string; events: string } {
  const home = mkdtempSync(join(tmpdir(), 'updraft-backfill-'));
  const dags = join(home, 'dags');
  mkdirSync(dags, { recursive: true });
  mkdirSync(join(home, 'scratch'), { recursive: true });
  return { home, dags, events: join(home, 'scratch', 'events.log') };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: () => string | Promise<string>): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out after ${timeoutMs} ms waiting for ${await what()}`);
    await sleep(100);
  }
}

test('a 3-day backfill with max_active_runs 1 runs its runs one after another, oldest first', async () => {
  const { home, dags, events } = freshHome();
  writeFileSync(join(dags, 'daily.ts'), dailyDag('bf_daily', events));
  const app = await openApp({ home, dagsFolder: dags, loadExamples: false }, {});
  const logs: string[] = [];
  const orchestrator = createOrchestrator(app, { log: (m) => logs.push(m) });
  try {
    await orchestrator.start();
    assert.deepEqual((await app.store.importErrors.list()).items, [], 'the DAG file imports');
    const { backfill, dates } = await createBackfill(
      app.store,
      { dagId: 'bf_daily', from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-03-03T00:00:00Z'), maxActiveRuns: 1, triggeredBy: 'test' },
      new Date(),
    );
    assert.deepEqual(dates.map((d) => d.action), ['create', 'create', 'create']);
    orchestrator.scheduler.wake(true);
    await waitFor(
      async () => (await app.store.backfills.get(backfill.id))?.completedAt != null,
      30_000,
      async () => `backfill ${backfill.id} to complete: ${JSON.stringify((await backfillProgress(app.store, backfill.id)).byState)}\n${logs.join('\n')}`,
    );
    const runs = (await app.store.dagRuns.list({ dagId: 'bf_daily', backfillId: backfill.id, orderBy: 'logicalDate' })).items;
    assert.deepEqual(
      runs.map((r) => [r.runId, r.runType, r.state]),
      ['01', '02', '03'].map((day) => [`backfill__2024-03-${day}T00:00:00+00:00`, 'backfill', 'success']),
    );
    // Tasks recorded start/end; with max_active_runs 1 each run starts after the previous one ended.
    const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => l.split(' '));
    assert.equal(lines.length, 6, lines.join('\n'));
    for (let i = 0; i < lines.length; i += 2) {
      const [start, end] = [lines[i], lines[i + 1]];
      assert.equal(start?.[0], 'start', `line ${i}: ${lines.join('\n')}`);
      assert.equal(end?.[0], 'end');
      assert.equal(start?.[1], end?.[1], 'the run that started is the one that ended next: no overlap');
    }
    assert.deepEqual(lines.filter((l) => l[0] === 'start').map((l) => l[1]), runs.map((r) => r.runId), 'oldest date first');
    const progress = await backfillProgress(app.store, backfill.id);
    assert.deepEqual([progress.done, progress.total, progress.byState.success], [3, 3, 3]);
  } finally {
    await orchestrator.stop(2000);
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function updraft(home: string, args: readonly string[]): Promise<Result> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, NO_COLOR: '1' }, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end();
  });
}

test('updraft backfill create --wait follows a running scheduler to the end and exits 0', async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' (npm test does it first)`);
  const { home, dags, events } = freshHome();
  writeFileSync(join(dags, 'daily.ts'), dailyDag('bf_cli', events));
  let schedulerOut = '';
  const scheduler: ChildProcess = spawn(process.execPath, [cli, 'scheduler', '--grace', '2'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, NO_COLOR: '1' },
  });
  scheduler.stdout?.setEncoding('utf8').on('data', (c: string) => (schedulerOut += c));
  scheduler.stderr?.setEncoding('utf8').on('data', (c: string) => (schedulerOut += c));
  const exited = new Promise<void>((done) => scheduler.on('exit', () => done()));
  try {
    await waitFor(async () => /Scheduler ready/.test(schedulerOut), 30_000, () => `the scheduler to start:\n${schedulerOut}`);
    const args = ['backfill', 'create', '--dag-id', 'bf_cli', '--from', '2024-03-01', '--to', '2024-03-03', '--max-active-runs', '1'];

    const dry = await updraft(home, [...args, '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /would create 3, re-run 0 and skip 0 of 3 dates/);

    const run = await updraft(home, [...args, '--wait']);
    assert.equal(run.status, 0, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}\nscheduler:\n${schedulerOut}`);
    assert.match(run.stdout, /Backfill 1 of DAG bf_cli: 3 run\(s\) created, 0 re-run, 0 skipped/);
    assert.match(run.stdout, /backfill__2024-03-01T00:00:00\+00:00/);
    assert.match(run.stdout, /^3\/3 runs done \(3 success, 0 failed\)$/m, 'plain progress lines when not on a terminal');

    const shown = await updraft(home, ['backfill', 'show', '1', '-o', 'json']);
    assert.equal(shown.status, 0, shown.stderr);
    const record = JSON.parse(shown.stdout) as { progress: { done: number; success: number }; runs: { state: string }[] };
    assert.deepEqual([record.progress.done, record.progress.success, record.runs.map((r) => r.state)], [3, 3, ['success', 'success', 'success']]);

    // The scheduler marks the backfill completed on its next pass after the last run ended.
    await waitFor(
      async () => (JSON.parse((await updraft(home, ['backfill', 'show', '1', '-o', 'json'])).stdout) as { completed_at: string | null }).completed_at !== null,
      10_000,
      () => `backfill 1 to be completed:\n${schedulerOut}`,
    );
    const again = await updraft(home, [...args]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /0 run\(s\) created, 0 re-run, 3 skipped/, 'reprocess none skips dates that have runs');
    const cancel = await updraft(home, ['backfill', 'cancel', '2']);
    assert.ok(cancel.status === 0 || /already completed/.test(cancel.stderr), cancel.stderr);
  } finally {
    scheduler.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (scheduler.exitCode === null) scheduler.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
});
