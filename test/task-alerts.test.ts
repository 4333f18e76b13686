/**
 * Task email alerts and callback lists end to end: a real orchestrator whose
 * [smtp] settings point at an SMTP server this test starts runs a DAG whose
 * task has `email` and one retry. The server receives Airflow's retry and
 * failure alerts (DAG, task, run, try, exception, log link on api.base_url)
 * sent from the task's process; emailOnFailure: false silences a task; a list
 * of onFailure callbacks runs in order, a broken one in between logged and
 * skipped, at task and at DAG level.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startLocalSmtp, type LocalSmtp } from '../src/hooks/testing/smtp-server.js';
import { taskLogPath } from '../src/runner/log-file.js';
import { lines, startHarness, waitFor, type Harness } from './support/scheduler-harness.js';

let h: Harness;
let smtp: LocalSmtp;
let calls = '';

before(async () => {
  smtp = await startLocalSmtp({ mode: 'plain' });
  h = await startHarness(
    ({ scratch }) => {
      calls = join(scratch, 'calls.txt');
      const mark = (label: string) => `(ctx) => appendFileSync(${JSON.stringify(calls)}, '${label} ' + (ctx.taskId ?? 'dag') + ' ' + ctx.state + '\\n')`;
      return {
        'alerts.ts': `import { appendFileSync } from 'node:fs';
import { dag, task } from 'updraft';
const broken = () => { throw new Error('pager is down'); };
dag('alerts', { onFailure: [${mark('dag-first')}, ${mark('dag-second')}] }, () => {
  task('breaks', {
    email: 'oncall@example.com; lead@example.com',
    retries: 1,
    retryDelay: 0,
    onFailure: [${mark('first')}, broken, ${mark('second')}],
  }, (_in, ctx) => {
    throw new Error('disk <full> (try ' + ctx.tryNumber + ')');
  });
  task('quiet', { email: 'nobody@example.com', emailOnFailure: false }, () => {
    throw new Error('not worth a mail');
  });
});
`,
      };
    },
    {
      settings: {
        'smtp.host': '127.0.0.1',
        'smtp.port': smtp.port,
        'smtp.starttls': false,
        'smtp.mail_from': 'updraft@example.com',
        'api.base_url': 'https://updraft.example.com/',
      },
    },
  );
});

after(async () => {
  await h?.close();
  await smtp?.stop();
});

test('a failing task with `email` mails its retry and its failure through the [smtp] settings, with Airflow\'s subject and body', { timeout: 60_000 }, async () => {
  const run = await h.waitForRun(await h.trigger('alerts'), 40_000);
  assert.equal(run.state, 'failed');
  const mails = await smtp.waitFor(2, 20_000);
  // Give a mail for `quiet` (emailOnFailure: false) the time to arrive if it were sent.
  await waitFor(async () => (await h.ti(run, 'quiet')).state === 'failed', 10_000, 'quiet to fail');
  const subjects = mails.map((m) => m.parsed.subject).sort();
  assert.deepEqual(subjects, [
    `Updraft alert: <TaskInstance: alerts.breaks ${run.runId} [failed]>`,
    `Updraft alert: <TaskInstance: alerts.breaks ${run.runId} [up_for_retry]>`,
  ]);
  const failure = mails.find((m) => m.parsed.subject?.endsWith('[failed]>'));
  assert.ok(failure);
  assert.equal(failure.envelopeFrom, 'updraft@example.com');
  assert.deepEqual([...failure.envelopeTo].sort(), ['lead@example.com', 'oncall@example.com']);
  const html = failure.parsed.html ?? '';
  assert.match(html, /Try 2 out of 2<br>/);
  assert.match(html, /<pre>Error: disk &lt;full&gt; \(try 2\)<\/pre>/);
  const link = `https://updraft.example.com/dags/alerts/runs/${encodeURIComponent(run.runId)}/tasks/breaks?try=2`;
  assert.ok(html.includes(`<a href="${link}">Link</a>`), html);
  const retry = mails.find((m) => m.parsed.subject?.endsWith('[up_for_retry]>'));
  assert.match(retry?.parsed.text ?? '', /^Try 1 out of 2\nException:\nError: disk <full> \(try 1\)\nLog: https:\/\/updraft\.example\.com\/dags\/alerts\/runs\/.*\/tasks\/breaks\?try=1\n/);
  assert.equal(smtp.received.length, 2, 'no mail for the task with emailOnFailure: false');

  const breaks = await h.ti(run, 'breaks');
  const log = readFileSync(taskLogPath(h.app.config.logsFolder, breaks, 2), 'utf8');
  assert.match(log, /sent "Updraft alert: <TaskInstance: alerts\.breaks .* \[failed\]>" to oncall@example\.com, lead@example\.com/);
});

test('a list of onFailure callbacks runs in order at task and DAG level; a broken one is logged and the next still runs', { timeout: 60_000 }, async () => {
  const run = (await h.app.store.dagRuns.list({ dagId: 'alerts' })).items[0] ?? (await h.waitForRun(await h.trigger('alerts'), 40_000));
  await h.waitForRun(run, 40_000);
  await waitFor(() => lines(calls).filter((l) => l.startsWith('dag-')).length >= 2, 20_000, () => `the DAG's two onFailure callbacks: ${lines(calls).join('; ')}`);
  assert.deepEqual(
    lines(calls).filter((l) => l.includes('breaks')),
    ['first breaks failed', 'second breaks failed'],
    'both task callbacks ran, in order, on the final failure only',
  );
  assert.deepEqual(lines(calls).filter((l) => l.startsWith('dag-')), ['dag-first dag failed', 'dag-second dag failed']);
  const breaks = await h.ti(run, 'breaks');
  const log = readFileSync(taskLogPath(h.app.config.logsFolder, breaks, 2), 'utf8');
  assert.match(log, /callback 2 of 3 \(broken\) failed, the others still run: pager is down/);
});
