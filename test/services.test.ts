/**
 * The separate services as real processes of the built CLI: `scheduler
 * --no-dag-processor` beside `dag-processor`, `triggerer` ending a deferred
 * sensor while no scheduler runs, each service's `/health` (503 once its
 * heartbeat is stuck behind a row lock on PostgreSQL) and `jobs check` exit
 * codes, and every service's `--help`. Needs `npm run build`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openApp, type App } from '../src/app.js';
import { createApiServer } from '../src/api/server.js';
import { createTestDatabase } from './support/test-database.js';
import { cliEnv, freshHome, lines, startCliProcess, updraft, waitFor, type SchedulerProcess } from './support/scheduler-harness.js';

const HEALTH_URL = /\(health: (http:\/\/\S+\/health)\)/;

async function stop(proc: SchedulerProcess, name: string): Promise<void> {
  proc.child.kill('SIGTERM');
  await proc.exited;
  assert.equal(proc.child.exitCode, 0, `${name} stops cleanly on SIGTERM:\n${proc.output()}`);
}

async function health(url: string): Promise<{ status: number; body: { status: string; reason?: string; job: { id: number; job_type: string; pid: number; state: string } | null } }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as never };
}

function healthUrlOf(proc: SchedulerProcess): string {
  return (HEALTH_URL.exec(proc.output()) as RegExpExecArray)[1] as string;
}

async function dagIds(home: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const app = await openApp({ home, loadExamples: false }, { ...env });
  try {
    return (await app.store.dags.list()).items.map((d) => d.dagId).sort();
  } finally {
    await app.close();
  }
}

test('every service says in --help what it does, what it needs and how its health is checked', async () => {
  const home = freshHome('updraft-help-');
  try {
    const helps = await Promise.all(['scheduler', 'dag-processor', 'triggerer', 'api-server'].map((cmd) => updraft(home, [cmd, '--help'])));
    for (const [i, cmd] of ['scheduler', 'dag-processor', 'triggerer', 'api-server'].entries()) {
      const help = helps[i] as { status: number | null; stdout: string };
      assert.equal(help.status, 0, cmd);
      assert.match(help.stdout, new RegExp(`^Usage: updraft ${cmd} `), cmd);
      assert.match(help.stdout, /Needs:\n {2}.*metadata database.*UPDRAFT_DATABASE_URL=postgres:\/\//s, `${cmd} names the database it needs`);
      assert.match(help.stdout, /Health: /, `${cmd} says how its health is checked`);
      assert.match(help.stdout, /SIGTERM/, `${cmd} says how it stops`);
      if (cmd !== 'api-server') assert.match(help.stdout, /--health-port <port>/, cmd);
    }
    assert.match(helps[0]?.stdout ?? '', /--no-dag-processor/);
    assert.match(helps[0]?.stdout ?? '', /UPDRAFT_REDIS_URL/, 'the scheduler says when it needs Redis');
    const check = await updraft(home, ['jobs', 'check', '--help']);
    assert.equal(check.status, 0);
    assert.match(check.stdout, /--job-type <type>[\s\S]*--hostname <host>[\s\S]*--limit <n>/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('scheduler --no-dag-processor parses nothing; a separate dag-processor parses and watches the folder, and the scheduler runs what it parsed', { timeout: 90_000 }, async () => {
  const home = freshHome('updraft-dagproc-');
  mkdirSync(join(home, 'dags'));
  writeFileSync(join(home, 'dags', 'hello.ts'), `import { dag, bash } from 'updraft';\ndag('hello', {}, () => { bash('say', 'echo hello'); });\n`);
  let scheduler: SchedulerProcess | null = null;
  let processor: SchedulerProcess | null = null;
  try {
    scheduler = await startCliProcess(home, ['scheduler', '--no-dag-processor'], /Scheduler ready/);
    assert.match(scheduler.output(), /DAGs parsed by a separate dag-processor/);
    assert.deepEqual(await dagIds(home), [], 'the scheduler did not parse the folder');

    processor = await startCliProcess(home, ['dag-processor', '--health-port', '0'], /DAG processor ready/);
    assert.deepEqual(await dagIds(home), ['hello'], 'parsed before it said ready');
    const ok = await health(healthUrlOf(processor));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'healthy');
    assert.equal(ok.body.job?.job_type, 'DagProcessorJob');
    assert.equal(ok.body.job?.pid, processor.pid);
    const alive = await updraft(home, ['jobs', 'check', '--job-type', 'dag_processor', '--local']);
    assert.equal(alive.status, 0, alive.stdout + alive.stderr);
    assert.equal(alive.stdout.trim(), 'Found one alive job.');

    // It keeps watching: a new file becomes a DAG without a restart.
    writeFileSync(join(home, 'dags', 'later.ts'), `import { dag, bash } from 'updraft';\ndag('later', {}, () => { bash('x', 'true'); });\n`);
    await waitFor(async () => (await dagIds(home)).includes('later'), 20_000, () => `the new DAG file to be parsed:\n${processor?.output()}`);

    const run = await updraft(home, ['dags', 'trigger', 'hello', '--wait']);
    assert.equal(run.status, 0, `the scheduler runs the DAG the processor parsed:\n${run.stdout}${run.stderr}\n${scheduler.output()}`);

    await stop(processor, 'the DAG processor');
    processor = null;
    const dead = await updraft(home, ['jobs', 'check', '--job-type', 'dag_processor']);
    assert.equal(dead.status, 1);
    assert.equal(dead.stdout.trim(), 'No alive jobs found.');
    const app = await openApp({ home, loadExamples: false }, {});
    try {
      const [job] = await app.store.jobs.list({ kind: 'dag_processor' });
      assert.equal(job?.state, 'success', 'its job ended on SIGTERM');
    } finally {
      await app.close();
    }
  } finally {
    if (processor) await stop(processor, 'the DAG processor');
    if (scheduler) await stop(scheduler, 'the scheduler');
    rmSync(home, { recursive: true, force: true });
  }
});

test('the triggerer ends a deferred time sensor while no scheduler runs, and runs its callback; a scheduler then finishes the run', { timeout: 90_000 }, async () => {
  const home = freshHome('updraft-triggerer-');
  const trace = join(home, 'callbacks.txt');
  mkdirSync(join(home, 'dags'));
  writeFileSync(
    join(home, 'dags', 'deferred.ts'),
    `import { appendFileSync } from 'node:fs';
import { bash, chain, dag, timeDeltaSensor } from 'updraft';
dag('deferred', {}, () => {
  const wait = timeDeltaSensor('wait', {
    delta: '5s', deferrable: true, pokeInterval: 100,
    onSuccess: (ctx) => appendFileSync(${JSON.stringify(trace)}, \`\${ctx.taskId} \${ctx.state} pid \${process.pid}\\n\`),
  });
  chain(wait, bash('after', 'echo after'));
});
`,
  );
  let scheduler: SchedulerProcess | null = await startCliProcess(home, ['scheduler'], /Scheduler ready/);
  let triggerer: SchedulerProcess | null = null;
  const app: App = await openApp({ home, loadExamples: false }, {});
  const wait = { dagId: 'deferred', runId: 'r1', taskId: 'wait', mapIndex: -1 };
  try {
    const triggered = await updraft(home, ['dags', 'trigger', 'deferred', '--run-id', 'r1']);
    assert.equal(triggered.status, 0, triggered.stderr);
    await waitFor(async () => (await app.store.taskInstances.get(wait))?.state === 'deferred', 20_000, () => `the sensor to defer:\n${scheduler?.output()}`);
    await stop(scheduler, 'the scheduler');
    scheduler = null;
    assert.equal((await app.store.taskInstances.get(wait))?.state, 'deferred', 'still deferred when the scheduler is gone');

    triggerer = await startCliProcess(home, ['triggerer'], /Triggerer ready/);
    // The API's health report (Airflow's /monitor/health) shows the triggerer.
    const api = createApiServer(app, { log: () => undefined });
    try {
      const report = (await (await api.fetch(new Request('http://updraft/api/v2/monitor/health'))).json()) as { triggerer: { status: string | null; latest_triggerer_heartbeat: string | null } };
      assert.equal(report.triggerer.status, 'healthy');
      assert.ok(report.triggerer.latest_triggerer_heartbeat);
    } finally {
      await api.close();
    }
    await waitFor(async () => (await app.store.taskInstances.get(wait))?.state === 'success', 20_000, () => `the triggerer to end the sensor:\n${triggerer?.output()}`);
    const ended = await app.store.taskInstances.get(wait);
    const run = await app.store.dagRuns.get(wait);
    assert.ok((ended?.endDate as Date).getTime() >= (run?.logicalDate as Date).getTime() + 5000, 'not before its time');
    // Its log line comes through a pipe, possibly after the commit the store already shows.
    await waitFor(() => /deferred\.wait of r1: trigger ended it as success/.test(triggerer?.output() ?? ''), 10_000, () => `the triggerer to log the end:\n${triggerer?.output()}`);
    await waitFor(() => lines(trace).length > 0, 20_000, () => `the onSuccess callback to run:\n${triggerer?.output()}`);
    assert.deepEqual(lines(trace).map((l) => l.replace(/pid \d+/, 'pid N')), ['wait success pid N'], 'the callback ran once');
    assert.equal((await app.store.taskInstances.get({ ...wait, taskId: 'after' }))?.state ?? null, null, 'nobody ran the downstream task: no scheduler');

    scheduler = await startCliProcess(home, ['scheduler'], /Scheduler ready/);
    await waitFor(async () => (await app.store.dagRuns.get(wait))?.state === 'success', 20_000, () => `the run to finish:\n${scheduler?.output()}`);
    assert.equal(lines(trace).length, 1, 'the scheduler did not run the callback again');
  } finally {
    if (triggerer) await stop(triggerer, 'the triggerer');
    if (scheduler) await stop(scheduler, 'the scheduler');
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('PostgreSQL: /health is 200, turns 503 while the heartbeat is stuck behind a row lock and 200 again after; jobs check follows the process', { timeout: 90_000 }, async () => {
  const database = await createTestDatabase();
  const home = freshHome('updraft-health-');
  const env = {
    ...cliEnv(home),
    UPDRAFT_DATABASE_URL: database.url,
    UPDRAFT__SCHEDULER__HEARTBEAT_SEC: '0.2',
    UPDRAFT__SCHEDULER__HEALTH_CHECK_THRESHOLD: '1',
    UPDRAFT__TRIGGERER__HEALTH_CHECK_PORT: '0',
  };
  const locker = new pg.Client({ connectionString: database.url });
  let triggerer: SchedulerProcess | null = null;
  try {
    triggerer = await startCliProcess(home, ['triggerer'], /Triggerer ready/, env);
    const healthUrl = healthUrlOf(triggerer);
    const ok = await health(healthUrl);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.job?.job_type, 'TriggererJob');
    const jobId = ok.body.job?.id as number;
    const check = (args: string[]) => updraft(home, ['jobs', 'check', ...args], 60_000, env);
    assert.equal((await check(['--job-type', 'triggerer', '--local'])).status, 0);
    assert.equal((await check(['--job-type', 'triggerer', '--hostname', 'elsewhere'])).status, 1, 'no triggerer on another host');
    assert.equal((await check(['--job-type', 'scheduler'])).status, 1, 'no scheduler runs');

    // The process runs on, but its heartbeats wait for the lock: after the threshold it is unhealthy.
    await locker.connect();
    await locker.query('begin');
    await locker.query('select id from job where id = $1 for update', [jobId]);
    let stuck = ok;
    await waitFor(async () => (stuck = await health(healthUrl)).status === 503, 10_000, 'the health check to turn 503');
    assert.equal(stuck.body.status, 'unhealthy');
    assert.match(stuck.body.reason ?? '', /latest heartbeat is older than 1 s/);
    assert.equal((await check(['--job-type', 'triggerer'])).status, 1, 'jobs check agrees');
    await locker.query('rollback');
    await waitFor(async () => (await health(healthUrl)).status === 200, 10_000, 'the health check to recover');
    assert.equal((await check(['--job-type', 'triggerer'])).status, 0);

    await stop(triggerer, 'the triggerer');
    triggerer = null;
    const after = await check(['--job-type', 'triggerer']);
    assert.equal(after.status, 1);
    assert.equal(after.stdout.trim(), 'No alive jobs found.');
  } finally {
    if (triggerer) await stop(triggerer, 'the triggerer');
    await locker.end().catch(() => undefined);
    await database.drop();
    rmSync(home, { recursive: true, force: true });
  }
});

