/**
 * Deadline alerts end to end: a real orchestrator (scheduler + local executor)
 * runs a DAG whose run must be done 1 s after it starts while its task takes
 * 3 s, and a DAG whose task must be done 1 s after it starts. Each missed
 * deadline is recorded (missed_at, how late, the callback's outcome) and its
 * callback runs in a process of its own, writing a file this test reads; a run
 * done well within its deadline leaves no record. The CLI lists the misses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deadlineCallbackLogPath } from '../src/runner/log-file.js';
import type { Deadline } from '../src/store/deadlines.js';
import { lines, startHarness, updraft, waitFor, type Harness } from './support/scheduler-harness.js';

let h: Harness;
let notes = '';

before(async () => {
  h = await startHarness(({ scratch }) => {
    notes = join(scratch, 'deadlines.jsonl');
    const note = `(ctx) => appendFileSync(${JSON.stringify(notes)}, JSON.stringify({ dag: ctx.dagId, run: ctx.runId, task: ctx.taskId, state: ctx.state, reason: ctx.reason, deadline: ctx.deadline, pid: process.pid }) + '\\n')`;
    const sleep = (ms: number) => `() => new Promise((done) => setTimeout(() => done('slept'), ${ms}))`;
    return {
      'late_run.ts': `import { appendFileSync } from 'node:fs';
import { dag, task } from 'updraft';
const note = ${note};
dag('late_run', { deadline: { reference: 'run_start', interval: '1s', callback: note } }, () => {
  task('slow', ${sleep(3000)});
});
`,
      'late_task.ts': `import { appendFileSync } from 'node:fs';
import { dag, task } from 'updraft';
const note = ${note};
dag('late_task', {}, () => {
  task('slow', { deadline: { after: '1s', callback: [note, note] } }, ${sleep(3000)});
});
`,
      'punctual.ts': `import { appendFileSync } from 'node:fs';
import { dag, task } from 'updraft';
const note = ${note};
dag('punctual', { deadline: { reference: 'run_queued', interval: '2m', callback: note } }, () => {
  task('quick', { deadline: { after: '2m', callback: note } }, () => 'done');
});
`,
    };
  });
});

after(async () => {
  await h?.close();
});

interface Note {
  readonly dag: string;
  readonly run: string;
  readonly task: string | null;
  readonly state: string;
  readonly reason: string;
  readonly deadline: { readonly id: number; readonly deadlineTime: string; readonly lateMs: number; readonly reference: string; readonly intervalMs: number };
  readonly pid: number;
}

const notesOf = (dagId: string): Note[] => lines(notes).map((line) => JSON.parse(line) as Note).filter((n) => n.dag === dagId);

async function missedDeadlines(dagId: string, count: number): Promise<Deadline[]> {
  let found: Deadline[] = [];
  await waitFor(
    async () => {
      found = (await h.app.store.deadlines.list({ dagId, missed: true })).items;
      return found.length >= count && found.every((d) => d.callbackState !== 'pending');
    },
    // The callbacks run in processes of their own: on a loaded 2-core machine one can take many seconds to start.
    45_000,
    () => `${count} missed deadline(s) of ${dagId} with their callbacks done: ${JSON.stringify(found)}\n${h.logs.join('\n')}`,
  );
  return found;
}

test('a run not done 1 s after it started misses its deadline: recorded, and its callback runs outside the scheduler', { timeout: 120_000 }, async () => {
  const run = await h.waitForRun(await h.trigger('late_run'));
  assert.equal(run.state, 'success', 'a late run still runs to its end');
  const [deadline] = await missedDeadlines('late_run', 1);
  assert.ok(deadline && run.startDate && deadline.missedAt && deadline.deadlineTime);
  assert.equal(deadline.runId, run.runId);
  assert.equal(deadline.taskId, null);
  assert.equal(deadline.reference, 'run_start');
  assert.equal(deadline.deadlineTime.getTime(), run.startDate.getTime() + 1000, 'the run had to be done 1 s after it started');
  assert.ok(deadline.missedAt >= deadline.deadlineTime);
  assert.equal(deadline.lateMs, deadline.missedAt.getTime() - deadline.deadlineTime.getTime());
  assert.equal(deadline.callback, 'note');
  assert.equal(deadline.callbackState, 'success', deadline.callbackReason ?? '');

  await waitFor(() => notesOf('late_run').length >= 1, 45_000, 'the callback to write its note');
  const notes = notesOf('late_run');
  assert.equal(notes.length, 1, 'the callback ran once');
  const [note] = notes;
  assert.ok(note);
  assert.equal(note.run, run.runId);
  assert.equal(note.task, null);
  assert.equal(note.state, 'running', 'the run was still running when the miss was found');
  assert.notEqual(note.pid, process.pid, 'the callback ran in a process of its own, not in the scheduler');
  assert.deepEqual(
    { ...note.deadline, deadlineTime: new Date(note.deadline.deadlineTime).getTime() },
    { id: deadline.id, deadlineTime: deadline.deadlineTime.getTime(), lateMs: deadline.lateMs, reference: 'run_start', intervalMs: 1000 },
  );
  assert.match(note.reason, /^the run was not done by .* \(run_start \+ 1s\), .* late$/);
  const log = readFileSync(deadlineCallbackLogPath(h.app.config.logsFolder, run, deadline.id), 'utf8');
  assert.match(log, /Running the deadline callback of DAG 'late_run' for run/);
  assert.ok(h.logs.some((l) => l.includes(`deadline missed: late_run/${run.runId}: the run was not done by`)), h.logs.join('\n'));
});

test('a task not done 1 s after it started misses its task deadline; both callbacks of its list run', { timeout: 120_000 }, async () => {
  const run = await h.waitForRun(await h.trigger('late_task'));
  const [deadline] = await missedDeadlines('late_task', 1);
  const ti = await h.ti(run, 'slow');
  assert.ok(deadline?.deadlineTime && ti.startDate);
  assert.deepEqual([deadline.taskId, deadline.reference, deadline.callback, deadline.callbackState], ['slow', 'task_start', 'note, note', 'success']);
  assert.equal(deadline.deadlineTime.getTime(), ti.startDate.getTime() + 1000);
  await waitFor(() => notesOf('late_task').length >= 2, 45_000, 'both callbacks of the list to write their notes');
  assert.deepEqual(notesOf('late_task').map((n) => [n.task, n.state, n.deadline.reference]), [['slow', 'running', 'task_start'], ['slow', 'running', 'task_start']]);
});

test('a run done well within its deadlines records no miss and leaves no pending deadline', { timeout: 120_000 }, async () => {
  const run = await h.waitForRun(await h.trigger('punctual'));
  assert.equal(run.state, 'success');
  await waitFor(async () => (await h.app.store.deadlines.list({ dagId: 'punctual' })).total === 0, 30_000, 'the met deadlines to be resolved');
  assert.deepEqual(notesOf('punctual'), []);
});

test('`updraft dags deadlines` lists the misses with their deadline, lateness and callback outcome', { timeout: 120_000 }, async () => {
  await missedDeadlines('late_run', 1);
  const listed = await updraft(h.home, ['dags', 'deadlines', 'late_run', '--missed', '-o', 'json']);
  assert.equal(listed.status, 0, listed.stderr);
  const rows = JSON.parse(listed.stdout) as Record<string, string | null>[];
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.deadline, 'run_start + 1s');
  assert.equal(rows[0]?.status, 'missed, callback success');
  assert.equal(rows[0]?.callback, 'note');
  assert.match(rows[0]?.late_by ?? '', /^\d/);
  const unknown = await updraft(h.home, ['dags', 'deadlines', 'no_such_dag']);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /DAG 'no_such_dag' not found/);
});
