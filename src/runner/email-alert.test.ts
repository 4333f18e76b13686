/**
 * Task email alerts against a real SMTP server started here: the server from
 * the [smtp] settings logging in with the email_conn_id connection's
 * credentials (as Airflow), the connection alone when smtp.host is unset,
 * Airflow's subject and body, the on-failure / on-retry switches and their
 * settings' defaults, and one clear log line (no crash) without any server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config/config.js';
import { recordingLogger } from '../hooks/testing/recording-logger.js';
import { startLocalSmtp, type LocalSmtp } from '../hooks/testing/smtp-server.js';
import type { ConnectionAccess, ConnectionInfo } from '../sdk/context.js';
import { alertMessage, emailAlertSettings, sendTaskEmailAlert, type EmailAlertSettings } from './email-alert.js';

const ti = { dagId: 'etl', runId: 'manual__2025-05-01T12:00:00+00:00', taskId: 'load', mapIndex: -1, maxTries: 2 };
const connectionsOf = (...list: ConnectionInfo[]): ConnectionAccess => ({
  get: async (connId) => {
    const found = list.find((c) => c.connId === connId);
    if (!found) throw new Error(`connection '${connId}' is not defined: create it with the CLI, the UI, or UPDRAFT_CONN_${connId.toUpperCase()}`);
    return found;
  },
});

describe('task email alerts', () => {
  let smtp: LocalSmtp;
  const auth = { user: 'alerts', pass: 'al3rt-pw' };
  before(async () => {
    smtp = await startLocalSmtp({ mode: 'plain', auth });
  });
  after(() => smtp.stop());

  const settingsFor = (overrides: Record<string, string | number | boolean>): EmailAlertSettings =>
    emailAlertSettings(loadConfig({ UPDRAFT_HOME: '/nonexistent-updraft-home' }, { settings: overrides }));

  /** A failure alert to a@example.com with no connections defined; returns what it logged. */
  async function failureAlertWith(settings: EmailAlertSettings) {
    const log = recordingLogger();
    const email = { to: ['a@example.com'], onFailure: null, onRetry: null };
    await sendTaskEmailAlert({ ti, tryNumber: 1, state: 'failed', reason: 'boom', email, log, connections: connectionsOf(), settings, baseUrl: 'http://h' });
    return log;
  }

  it('reads the [smtp] and [email] settings with Airflow\'s defaults and names', () => {
    const defaults = settingsFor({});
    assert.deepEqual(
      [defaults.host, defaults.port, defaults.starttls, defaults.ssl, defaults.connId, defaults.defaultOnFailure, defaults.defaultOnRetry, defaults.timeoutSec, defaults.retryLimit],
      [null, 25, true, false, 'smtp_default', true, true, 30, 5],
    );
    const env = loadConfig({ UPDRAFT_HOME: '/nonexistent-updraft-home', UPDRAFT__SMTP__SMTP_HOST: 'mail.example.com', UPDRAFT__SMTP__PORT: '2525', UPDRAFT__EMAIL__FROM_EMAIL: 'etl@example.com' });
    const fromEnv = emailAlertSettings(env);
    assert.deepEqual([fromEnv.host, fromEnv.port, fromEnv.mailFrom], ['mail.example.com', 2525, 'etl@example.com']);
  });

  it('mails a failure through smtp.host, logging in with the smtp_default connection, with Airflow\'s subject and body', async () => {
    const log = recordingLogger();
    const settings = settingsFor({ 'smtp.host': '127.0.0.1', 'smtp.port': smtp.port, 'smtp.starttls': false, 'smtp.mail_from': 'updraft@example.com' });
    const before = smtp.received.length;
    await sendTaskEmailAlert({
      ti,
      tryNumber: 3,
      state: 'failed',
      reason: 'Error: disk <full>',
      email: { to: ['oncall@example.com', 'lead@example.com'], onFailure: null, onRetry: null },
      log,
      connections: connectionsOf({ ...smtp.connection('smtp_default'), host: 'ignored.example.com' }),
      settings,
      baseUrl: 'https://updraft.example.com/',
    });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    assert.ok(mail, log.text());
    assert.equal(mail.user, 'alerts', 'the connection\'s login and password were used');
    assert.equal(mail.envelopeFrom, 'updraft@example.com');
    assert.deepEqual([...mail.envelopeTo].sort(), ['lead@example.com', 'oncall@example.com']);
    assert.equal(mail.parsed.subject, `Updraft alert: <TaskInstance: etl.load ${ti.runId} [failed]>`);
    const html = mail.parsed.html ?? '';
    assert.match(html, /Try 3 out of 3<br>/);
    assert.match(html, /Exception:<br><pre>Error: disk &lt;full&gt;<\/pre>/);
    assert.ok(html.includes(`Log: <a href="https://updraft.example.com/dags/etl/runs/${encodeURIComponent(ti.runId)}/tasks/load?try=3">Link</a>`), html);
    assert.match(html, /Host: [^<]+<br>/);
    assert.match(log.text(), /sent "Updraft alert: <TaskInstance: etl\.load .* \[failed\]>" to oncall@example\.com, lead@example\.com/);
  });

  it('falls back to the connection alone when smtp.host is unset, and honours the on-retry switch', async () => {
    const settings = settingsFor({ 'email.email_conn_id': 'mail', 'email.default_email_on_retry': false });
    const connections = connectionsOf(smtp.connection('mail'));
    const before = smtp.received.length;
    const log = recordingLogger();
    const base = { ti, tryNumber: 1, state: 'up_for_retry' as const, reason: 'Error: flaky', log, connections, settings, baseUrl: 'http://h' };
    await sendTaskEmailAlert({ ...base, email: { to: ['a@example.com'], onFailure: null, onRetry: null } });
    assert.equal(smtp.received.length, before, 'email.default_email_on_retry = false: no mail on retry');
    await sendTaskEmailAlert({ ...base, email: { to: ['a@example.com'], onFailure: null, onRetry: true } });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    assert.equal(mail?.parsed.subject, `Updraft alert: <TaskInstance: etl.load ${ti.runId} [up_for_retry]>`);
    assert.equal(mail?.envelopeFrom, 'updraft@example.com', 'the connection\'s extra.from_email');
    assert.deepEqual(log.lines.filter((l) => l.startsWith('ERROR') || l.startsWith('WARN')), []);
  });

  it('without any SMTP server logs one line saying what to set, and does not throw', async () => {
    const log = await failureAlertWith(settingsFor({}));
    assert.equal(log.lines.length, 1, log.text());
    assert.match(
      log.lines[0] ?? '',
      /^WARN Email alert to a@example\.com not sent: no SMTP server is configured: set smtp\.host \(UPDRAFT__SMTP__HOST\) in the settings, or define the connection 'smtp_default' \(connection 'smtp_default' is not defined/,
    );
  });

  it('reports a server that refuses as one error line, not a crash', async () => {
    const log = await failureAlertWith(
      settingsFor({ 'smtp.host': '127.0.0.1', 'smtp.port': smtp.port, 'smtp.starttls': false, 'smtp.user': 'alerts', 'smtp.password': 'wrong', 'smtp.retry_limit': 1 }),
    );
    assert.match(log.lines.at(-1) ?? '', /^ERROR Email alert to a@example\.com failed \(the outcome is unchanged\): SMTP connection '\[smtp\] settings' \(127\.0\.0\.1:\d+, plain\): sending failed/);
  });

  it('names a mapped instance\'s map index in the subject and the link', () => {
    const message = alertMessage({ ti: { ...ti, mapIndex: 4 }, tryNumber: 1, state: 'up_for_retry', reason: null }, 'http://h', 'worker-1');
    assert.equal(message.subject, `Updraft alert: <TaskInstance: etl.load ${ti.runId} map_index=4 [up_for_retry]>`);
    assert.match(message.text, /Log: http:\/\/h\/dags\/etl\/runs\/.*\/tasks\/load\?try=1&map_index=4\nHost: worker-1\n$/);
  });
});
