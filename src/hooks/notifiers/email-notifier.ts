/**
 * `emailNotifier({ to })`: a callback that mails what happened (Airflow's
 * SmtpNotifier), for `onFailure`, `onRetry` or `onSuccess` of a task or a DAG:
 *
 *   import { emailNotifier } from 'updraft/hooks';
 *   dag('etl', { onFailure: emailNotifier({ to: 'data-team@example.com' }) }, () => { ... });
 *
 * The default subject and body give the DAG, task, run, logical date, try,
 * state, error and a link to the log; `subject` and `html` replace them.
 */
import { namedCallback } from '../../sdk/callback-list.js';
import type { Callback, CallbackContext } from '../../sdk/context.js';
import { SmtpHook, type EmailAddresses } from '../smtp-hook.js';
import { describeEvent, escapeHtml, uiBaseUrl, type Notification } from './notification.js';

export interface EmailNotifierOptions {
  /** An smtp connection (default 'smtp_default', as Airflow). */
  readonly connId?: string;
  readonly to: EmailAddresses;
  readonly cc?: EmailAddresses;
  readonly bcc?: EmailAddresses;
  /** Default: the connection's extra.from_email. */
  readonly from?: string;
  readonly subject?: string | ((ctx: CallbackContext) => string);
  readonly html?: string | ((ctx: CallbackContext) => string);
  /** The UI's address for the log link (default: the api.base_url setting). */
  readonly baseUrl?: string;
}

export function emailNotifier(options: EmailNotifierOptions): Callback {
  return namedCallback('emailNotifier', async (ctx) => {
    const notification = describeEvent(ctx, await uiBaseUrl(options.baseUrl));
    const pick = (value: string | ((c: CallbackContext) => string) | undefined, fallback: string) =>
      value === undefined ? fallback : typeof value === 'function' ? value(ctx) : value;
    const hook = await SmtpHook.fromConnection(ctx.connections, options.connId ?? 'smtp_default', { log: ctx.log });
    await hook.send({
      to: options.to,
      cc: options.cc,
      bcc: options.bcc,
      from: options.from,
      subject: pick(options.subject, `[Updraft] ${notification.title}`),
      html: pick(options.html, notificationHtml(notification)),
      text: options.html === undefined ? notificationText(notification) : undefined,
    });
  });
}

export function notificationHtml(n: Notification): string {
  const rows = n.facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  const error = n.error ? `<p><b>Error</b></p><pre>${escapeHtml(n.error)}</pre>` : '';
  return `<h3>${escapeHtml(n.title)}</h3><table>${rows}</table>${error}<p><a href="${escapeHtml(n.link)}">${escapeHtml(n.linkLabel)}</a></p>`;
}

export function notificationText(n: Notification): string {
  const facts = n.facts.map(([label, value]) => `${label}: ${value}`).join('\n');
  return `${n.title}\n\n${facts}${n.error ? `\n\nError:\n${n.error}` : ''}\n\n${n.linkLabel}: ${n.link}\n`;
}
