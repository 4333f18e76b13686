/**
 * emailSend and slackMessage end to end: a real orchestrator runs a DAG that
 * mails through an SMTP server started here (STARTTLS, login checked, a file
 * attached, a value from an upstream task in the body) and posts to a
 * Slack-compatible endpoint through both connection types; a Slack error
 * (unknown channel) fails its task with Slack's reason.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ConnectionInfo } from '../../src/sdk/context.js';
import type { TaskInstance } from '../../src/core/run-model.js';
import { startLocalSlack, type LocalSlack } from '../../src/hooks/testing/slack-server.js';
import { startLocalSmtp, type LocalSmtp } from '../../src/hooks/testing/smtp-server.js';
import { taskLogPath } from '../../src/runner/log-file.js';
import { startHarness, type Harness } from '../support/scheduler-harness.js';

let h: Harness;
let smtp: LocalSmtp;
let slack: LocalSlack;

async function store(conn: ConnectionInfo): Promise<void> {
  await h.app.store.connections.upsert({ ...conn, description: null, extra: JSON.stringify(conn.extra) });
}

async function xcom(run: { dagId: string; runId: string }, taskId: string): Promise<unknown> {
  const entries = await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
  return entries.find((e) => e.key === 'return_value')?.value;
}

before(async () => {
  [smtp, slack] = await Promise.all([startLocalSmtp({ mode: 'starttls', auth: { user: 'mailer', pass: 'smtp-pw-1' } }), startLocalSlack()]);
  h = await startHarness(({ scratch }) => {
    const attachment = join(scratch, 'totals.csv');
    writeFileSync(attachment, 'day,total\n2024-03-01,15\n');
    return {
      'notify_ops.ts': `import { dag, emailSend, slackMessage, task } from 'updraft';
dag('notify_ops', {}, () => {
  const total = task('total', () => 15);
  emailSend('mail', {
    to: 'ann@example.com, bob@example.com',
    cc: 'carol@example.com',
    subject: 'Sales {{ params.day }}',
    html: '<p>Total: <b>{{ inputs.total }}</b></p>',
    files: ${JSON.stringify(attachment)},
    inputs: { total },
  });
  slackMessage('via_webhook', { connId: 'slack_webhook', text: 'Sales {{ params.day }}: {{ inputs.total }}', inputs: { total } });
  slackMessage('via_api', {
    connId: 'slack_api',
    channel: '#data',
    text: 'fallback',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*{{ params.day }}* loaded' } }],
  });
  slackMessage('wrong_channel', { connId: 'slack_api', channel: '#nowhere', text: 'lost' });
});
`,
    };
  });
  await store(smtp.connection('smtp_default'));
  await store(slack.webhookConnection('slack_webhook'));
  await store(slack.apiConnection('slack_api'));
});

after(async () => {
  await h?.close();
  await Promise.all([smtp?.stop(), slack?.stop()]);
});

test('emailSend delivers a templated mail with an attachment; slackMessage posts through a webhook and the Web API', async () => {
  const run = await h.waitForRun(await h.trigger('notify_ops', { conf: { day: '2024-03-01' } }));
  const tis = await h.tis(run);
  assert.equal(tis.get('mail')?.state, 'success');
  const [mail] = await smtp.waitFor(1);
  assert.ok(mail);
  assert.equal(mail.secure, true, 'STARTTLS was used');
  assert.equal(mail.user, 'mailer');
  assert.equal(mail.parsed.subject, 'Sales 2024-03-01');
  assert.equal(mail.parsed.html?.trim(), '<p>Total: <b>15</b></p>');
  assert.deepEqual(mail.parsed.attachments.map((a) => a.filename), ['totals.csv']);
  assert.deepEqual([...mail.envelopeTo].sort(), ['ann@example.com', 'bob@example.com', 'carol@example.com']);
  const sent = (await xcom(run, 'mail')) as { accepted: string[]; messageId: string };
  assert.equal(sent.accepted.length, 3);
  assert.match(sent.messageId, /@/);

  assert.equal(tis.get('via_webhook')?.state, 'success');
  assert.equal(tis.get('via_api')?.state, 'success');
  const posts = await slack.waitFor(2);
  assert.deepEqual(
    posts.map((p) => p.payload).sort((a, b) => String(a.text).localeCompare(String(b.text))),
    [
      { channel: '#data', text: 'fallback', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*2024-03-01* loaded' } }] },
      { text: 'Sales 2024-03-01: 15' },
    ],
  );
  const viaApi = (await xcom(run, 'via_api')) as { ts: string; channel: string };
  assert.equal(viaApi.channel, 'C0ALERTS');
  assert.match(viaApi.ts, /^1700000000\.\d{6}$/);
  assert.deepEqual(await xcom(run, 'via_webhook'), { ts: null, channel: null });

  const wrong = tis.get('wrong_channel') as TaskInstance;
  assert.equal(wrong.state, 'failed');
  assert.match(readFileSync(taskLogPath(h.app.config.logsFolder, wrong, 1), 'utf8'), /Slack API connection 'slack_api': chat\.postMessage failed: channel_not_found/);
});
