/**
 * SlackWebhookHook: posts to a Slack incoming webhook, from an Airflow
 * `slackwebhook` connection: the password holds the webhook token
 * (`T000/B000/XXXX`) or the whole webhook URL; the host (default
 * hooks.slack.com/services, scheme from the schema or https) is the base the
 * token is appended to; `extra.timeout` in seconds. The token is a secret: it
 * never appears in logs or errors. 429 and 5xx answers are retried.
 */
import type { ConnectionInfo } from '../sdk/context.js';
import { connectionError } from './connection-extra.js';
import type { ConnectionSource } from './connection-info.js';
import type { HookOptions } from './hook-options.js';
import { HttpError, sendWithRetry, type RetryPolicy } from './http-send.js';
import { assertSlackContent, slackPayload, type SlackMessage, type SlackSendResult } from './slack-message.js';
import { slackRetry, slackTimeoutMs } from './slack-send.js';

/** Airflow's SlackWebhookHook URL rule: a password with `://` is the URL; else base URL + '/' + token. */
export function slackWebhookUrl(conn: ConnectionInfo): { url: string; displayUrl: string } {
  const token = conn.password?.trim();
  if (!token) throw connectionError(conn, 'a Slack webhook connection needs the webhook token (or the whole webhook URL) in its password');
  if (token.includes('://')) {
    const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/]+)/i.exec(token)?.[1] ?? 'webhook';
    return { url: token, displayUrl: `${origin}/***` };
  }
  const base = conn.host && conn.host.includes('://') ? conn.host : `${conn.schema || 'https'}://${conn.host || 'hooks.slack.com/services'}`;
  const trimmed = base.replace(/\/+$/, '');
  return { url: `${trimmed}/${token.replace(/^\/+/, '')}`.replace(/\/+$/, ''), displayUrl: `${trimmed}/***` };
}

export class SlackWebhookHook {
  private readonly target: { url: string; displayUrl: string };
  private readonly timeoutMs: number | undefined;

  constructor(
    readonly connection: ConnectionInfo,
    private readonly options: HookOptions & RetryPolicy = {},
  ) {
    this.target = slackWebhookUrl(connection);
    this.timeoutMs = slackTimeoutMs(connection);
  }

  static async fromConnection(source: ConnectionSource, connId: string, options: HookOptions & RetryPolicy = {}): Promise<SlackWebhookHook> {
    return new SlackWebhookHook(await source.get(connId), options);
  }

  private get what(): string {
    return `Slack webhook connection '${this.connection.connId}'`;
  }

  async send(message: SlackMessage): Promise<SlackSendResult> {
    assertSlackContent(message, this.what);
    const response = await sendWithRetry({
      method: 'POST',
      url: this.target.url,
      displayUrl: this.target.displayUrl,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(slackPayload(message)),
      timeoutMs: this.timeoutMs,
      ...slackRetry(this.options, this.what),
    });
    // Slack answers 200 "ok"; errors come as a status with a reason in the body (invalid_payload, channel_not_found, ...).
    if (response.status !== 200) {
      throw new HttpError(`${this.what}: POST ${this.target.displayUrl} answered ${response.status}: ${response.text.slice(0, 300) || response.statusText}`, response.status, response);
    }
    this.options.log?.info(`posted a Slack message through ${this.target.displayUrl}`);
    return { ts: null, channel: message.channel ?? null };
  }

  async sendText(text: string): Promise<SlackSendResult> {
    return this.send({ text });
  }
}
