/**
 * Notifiers end to end: a real orchestrator runs a DAG whose failing task has
 * emailNotifier as onFailure and slackNotifier (incoming webhook) as onRetry,
 * whose DAG has slackNotifier (Web API) as onFailure, and whose other task has
 * a custom onSuccess Slack text. The SMTP server and the Slack-compatible
 * endpoint started here receive the default messages: DAG, task, run, try,
 * error and a log link on the configured api.base_url. Connections come from
 * the store through the task process (task callbacks) and through the DAG
 * callback process's parent (DAG callbacks); the SMTP password is masked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { JsonObject } from '../../src/core/dag-spec.js';
import { startLocalSlack, type LocalSlack } from '../../src/hooks/testing/slack-server.js';
import { startLocalSmtp, type LocalSmtp } from '../../src/hooks/testing/smtp-server.js';
import { dagCallbackLogPath, taskLogPath } from '../../src/runner/log-file.js';
import type { ConnectionInfo } from '../../src/sdk/context.js';
import { startHarness, waitFor, type Harness } from '../support/scheduler-harness.js';

let h: Harness;
let smtp: LocalSmtp;
let slack: LocalSlack;
const SMTP_PASSWORD = 'notify-pw-77';

async function store(conn: ConnectionInfo): Promise<void> {
  await h.app.store.connections.upsert({ ...conn, description: null, extra: JSON.stringify(conn.extra) });
}

before(async () => {
  [smtp, slack] = await Promise.all([startLocalSmtp({ mode: 'plain', auth: { user: 'alerts', pass: SMTP_PASSWORD } }), startLocalSlack()]);
  h = await startHarness(
    {
      'notified.ts': `import { dag, task } from 'updraft';
import { emailNotifier, slackNotifier } from 'updraft/hooks';
dag('notified', { onFailure: slackNotifier({ connId: 'slack_api', channel: '#alerts' }) }, () => {
  task('breaks', {
    retries: 1,
    retryDelay: 0,
    onRetry: slackNotifier({ connId: 'slack_webhook' }),
    onFailure: emailNotifier({ to: 'oncall@example.com; lead@example.com' }),
  }, (_in, ctx) => {
    throw new Error('disk <full> & on fire (try ' + ctx.tryNumber + ')');
  });
  task('fine', { onSuccess: slackNotifier({ connId: 'slack_webhook', text: (ctx) => 'all good in ' + ctx.taskId + ' of ' + ctx.runId }) }, () => 1);
});
`,
    },
    { settings: { 'api.base_url': 'https://updraft.example.com/' } },
  );
  await store(smtp.connection('smtp_default'));
  await store(slack.webhookConnection('slack_webhook'));
  await store(slack.apiConnection('slack_api'));
});

after(async () => {
  await h?.close();
  await Promise.all([smtp?.stop(), slack?.stop()]);
});

test('a failing task\'s notifiers deliver to the SMTP server and the Slack endpoint with the default message', async () => {
  const run = await h.waitForRun(await h.trigger('notified'), 60_000);
  assert.equal(run.state, 'failed');
  const link = `https://updraft.example.com/dags/notified/runs/${encodeURIComponent(run.runId)}/tasks/breaks`;

  // onFailure of the task (try 2 of 2): a mail with the default subject and body.
  const [mail] = await smtp.waitFor(1);
  assert.ok(mail);
  assert.equal(mail.user, 'alerts');
  assert.deepEqual([...mail.envelopeTo].sort(), ['lead@example.com', 'oncall@example.com']);
  assert.equal(mail.parsed.subject, '[Updraft] Task notified.breaks failed');
  const html = mail.parsed.html ?? '';
  for (const fact of ['<th align="left">DAG</th><td>notified</td>', '<th align="left">Task</th><td>breaks</td>', `<td>${run.runId}</td>`, '<th align="left">Try</th><td>2</td>', '<th align="left">State</th><td>failed</td>']) {
    assert.ok(html.includes(fact), `the mail shows ${fact}: ${html}`);
  }
  assert.match(html, /<pre>Error: disk &lt;full&gt; &amp; on fire \(try 2\)<\/pre>/);
  assert.ok(html.includes(`<a href="${link}?try=2">View the log</a>`), html);
  assert.match(mail.parsed.text ?? '', /View the log: https:\/\/updraft\.example\.com\/dags\/notified\/runs\/.*\/tasks\/breaks\?try=2/);

  // onRetry of the task (try 1) through the webhook, onSuccess of 'fine', onFailure of the DAG through the Web API.
  await waitFor(() => slack.posts.length >= 3, 20_000, () => `3 Slack posts, got ${JSON.stringify(slack.posts)}`);
  const retry = slack.posts.find((p) => p.via === 'webhook' && String(p.payload.text).includes('will be retried'));
  assert.ok(retry, JSON.stringify(slack.posts));
  assert.equal(retry.payload.text, `Task notified.breaks failed and will be retried: ${link}?try=1`);
  const blocksText = JSON.stringify(retry.payload.blocks);
  assert.match(blocksText, /\*Try\*\\n1/);
  assert.match(blocksText, /disk &lt;full&gt; &amp; on fire \(try 1\)/);
  assert.ok(blocksText.includes(`<${link}?try=1|View the log>`));

  const success = slack.posts.find((p) => String(p.payload.text).startsWith('all good'));
  assert.deepEqual(success?.payload, { text: `all good in fine of ${run.runId}` });

  const dagFailure = slack.posts.find((p) => p.via === 'api');
  assert.ok(dagFailure, 'the DAG onFailure posted through the Web API');
  assert.equal(dagFailure.payload.channel, '#alerts');
  assert.equal(dagFailure.payload.text, `DAG run notified failed: https://updraft.example.com/dags/notified/runs/${encodeURIComponent(run.runId)}`);
  assert.match(JSON.stringify((dagFailure.payload.blocks as JsonObject[])[1]), /\*Run\*\\n/);

  const breaks = await h.ti(run, 'breaks');
  const taskLog = readFileSync(taskLogPath(h.app.config.logsFolder, breaks, 2), 'utf8');
  assert.match(taskLog, /sent "\[Updraft\] Task notified\.breaks failed" to oncall@example\.com, lead@example\.com/);
  assert.doesNotMatch(taskLog, new RegExp(SMTP_PASSWORD));
  await waitFor(async () => {
    try {
      return /posted a Slack message to #alerts/.test(readFileSync(dagCallbackLogPath(h.app.config.logsFolder, run, 'failed'), 'utf8'));
    } catch {
      return false;
    }
  }, 10_000, 'the DAG callback log records the post');
});
