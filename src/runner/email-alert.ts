/**
 * Airflow's email_on_failure / email_on_retry: after a try that failed, the
 * task's own process mails the task's `email` addresses, with Airflow's
 * default subject and body (`Updraft alert: <TaskInstance: dag.task run [state]>`;
 * try N out of M, the exception, a link to the log, the host).
 *
 * The mail server is the [smtp] settings (host, port, starttls, ssl, user,
 * password, mail_from), logging in with the email.email_conn_id connection's
 * login and password when the settings give none, as Airflow does; without
 * smtp.host the connection alone names the server. With neither, the task log
 * gets one line saying what to configure, and the task's outcome is unchanged.
 */
import { hostname } from 'node:os';
import { loadConfig, settingOf, type UpdraftConfig } from '../config/config.js';
import type { TaskInstanceKey } from '../core/run-model.js';
import { escapeHtml, taskLogLink, uiBaseUrl } from '../hooks/notifiers/notification.js';
import { SmtpHook } from '../hooks/smtp-hook.js';
import type { ConnectionAccess, ConnectionInfo, TaskLogger } from '../sdk/context.js';
import type { TaskEmail } from '../sdk/task-email.js';

export interface EmailAlertSettings {
  readonly host: string | null;
  readonly port: number;
  readonly starttls: boolean;
  readonly ssl: boolean;
  readonly user: string | null;
  readonly password: string | null;
  readonly mailFrom: string | null;
  readonly timeoutSec: number;
  readonly retryLimit: number;
  readonly connId: string;
  readonly sslContext: string;
  readonly defaultOnFailure: boolean;
  readonly defaultOnRetry: boolean;
}

export function emailAlertSettings(config: UpdraftConfig): EmailAlertSettings {
  const value = (section: string, key: string) => settingOf(config, section, key).value;
  const text = (section: string, key: string) => {
    const v = value(section, key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  return {
    host: text('smtp', 'host'),
    port: value('smtp', 'port') as number,
    starttls: value('smtp', 'starttls') as boolean,
    ssl: value('smtp', 'ssl') as boolean,
    user: text('smtp', 'user'),
    password: text('smtp', 'password'),
    mailFrom: text('smtp', 'mail_from') ?? text('email', 'from_email'),
    timeoutSec: value('smtp', 'timeout') as number,
    retryLimit: value('smtp', 'retry_limit') as number,
    connId: text('email', 'email_conn_id') ?? 'smtp_default',
    sslContext: text('email', 'ssl_context') ?? 'default',
    defaultOnFailure: value('email', 'default_email_on_failure') as boolean,
    defaultOnRetry: value('email', 'default_email_on_retry') as boolean,
  };
}

export interface TaskEmailAlert {
  /** `maxTries` is Airflow's max_tries: the retries allowed. */
  readonly ti: TaskInstanceKey & { readonly maxTries: number };
  readonly tryNumber: number;
  /** `failed` for good, or `up_for_retry`. */
  readonly state: 'failed' | 'up_for_retry';
  readonly reason: string | null;
  readonly email: TaskEmail;
  readonly log: TaskLogger;
  readonly connections: ConnectionAccess;
  /** Default: read from the environment and the config file, as this process sees them. */
  readonly settings?: EmailAlertSettings;
  /** The UI's address for the log link (default: the api.base_url setting). */
  readonly baseUrl?: string;
}

/** Sends the alert if the task asks for it in this state; never throws (an alert must not change the outcome). */
export async function sendTaskEmailAlert(alert: TaskEmailAlert): Promise<void> {
  const { log } = alert;
  try {
    const settings = alert.settings ?? emailAlertSettings(loadConfig(process.env));
    const wanted = alert.state === 'failed' ? (alert.email.onFailure ?? settings.defaultOnFailure) : (alert.email.onRetry ?? settings.defaultOnRetry);
    if (!wanted) return;
    const server = await alertServer(settings, alert.connections);
    if ('missing' in server) {
      log.warn(`Email alert to ${alert.email.to.join(', ')} not sent: ${server.missing}`);
      return;
    }
    const message = alertMessage(alert, await uiBaseUrl(alert.baseUrl), hostname());
    const hook = new SmtpHook(server.connection, { log });
    await hook.send({ to: alert.email.to, from: settings.mailFrom ?? hook.settings.fromEmail ?? `updraft@${hostname()}`, ...message });
  } catch (error) {
    log.error(`Email alert to ${alert.email.to.join(', ')} failed (the outcome is unchanged): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The server to send through, as an smtp connection, or what is missing. */
export async function alertServer(settings: EmailAlertSettings, connections: ConnectionAccess): Promise<{ connection: ConnectionInfo } | { missing: string }> {
  let stored: ConnectionInfo | null = null;
  let lookupError = '';
  try {
    stored = await connections.get(settings.connId);
  } catch (error) {
    lookupError = error instanceof Error ? error.message : String(error);
  }
  if (settings.host === null) {
    if (stored !== null) return { connection: stored };
    return {
      missing: `no SMTP server is configured: set smtp.host (UPDRAFT__SMTP__HOST) in the settings, or define the connection '${settings.connId}' (${lookupError})`,
    };
  }
  return {
    connection: {
      connId: '[smtp] settings',
      connType: 'smtp',
      host: settings.host,
      port: settings.port,
      schema: null,
      login: settings.user ?? stored?.login ?? null,
      password: settings.password ?? stored?.password ?? null,
      extra: { ssl: settings.ssl, starttls: settings.starttls, timeout: settings.timeoutSec, retry_limit: settings.retryLimit, ssl_context: settings.sslContext },
    },
  };
}

/** Airflow's default subject and body, with Updraft's name and log link. */
export function alertMessage(alert: Pick<TaskEmailAlert, 'ti' | 'tryNumber' | 'state' | 'reason'>, baseUrl: string, host: string): { subject: string; html: string; text: string } {
  const { ti } = alert;
  const mapped = ti.mapIndex >= 0 ? ` map_index=${ti.mapIndex}` : '';
  const subject = `Updraft alert: <TaskInstance: ${ti.dagId}.${ti.taskId} ${ti.runId}${mapped} [${alert.state}]>`;
  const link = taskLogLink(baseUrl, ti, alert.tryNumber);
  const exception = alert.reason ?? '(no message)';
  const tries = `Try ${alert.tryNumber} out of ${ti.maxTries + 1}`;
  const html =
    `${tries}<br>` +
    `Exception:<br><pre>${escapeHtml(exception)}</pre><br>` +
    `Log: <a href="${escapeHtml(link)}">Link</a><br>` +
    `Host: ${escapeHtml(host)}<br>`;
  const text = `${tries}\nException:\n${exception}\nLog: ${link}\nHost: ${host}\n`;
  return { subject, html, text };
}
