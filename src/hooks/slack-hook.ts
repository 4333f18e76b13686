/**
 * SlackHook: one way to post to Slack whatever the connection is: an incoming
 * webhook (`slackwebhook`) or the Web API (`slack`, chat.postMessage). What
 * the Slack operator and notifier use.
 *
 *   const slack = await SlackHook.fromConnection(ctx.connections, 'slack_alerts');
 *   await slack.send({ channel: '#data', text: `Loaded ${rows} rows` });
 */
import type { ConnectionInfo } from '../sdk/context.js';
import { connectionError } from './connection-extra.js';
import type { ConnectionSource } from './connection-info.js';
import type { HookOptions } from './hook-options.js';
import type { RetryPolicy } from './http-send.js';
import { SlackApiHook } from './slack-api-hook.js';
import type { SlackMessage, SlackSendResult } from './slack-message.js';
import { SlackWebhookHook } from './slack-webhook-hook.js';

const WEBHOOK_TYPES = new Set(['slackwebhook', 'slack_webhook', 'slack_incoming_webhook']);
const API_TYPES = new Set(['slack', 'slack_api']);

export class SlackHook {
  readonly kind: 'webhook' | 'api';
  private readonly webhook: SlackWebhookHook | null = null;
  private readonly api: SlackApiHook | null = null;

  constructor(
    readonly connection: ConnectionInfo,
    options: HookOptions & RetryPolicy = {},
  ) {
    const type = connection.connType.toLowerCase().replace(/-/g, '_');
    if (WEBHOOK_TYPES.has(type)) {
      this.kind = 'webhook';
      this.webhook = new SlackWebhookHook(connection, options);
    } else if (API_TYPES.has(type)) {
      this.kind = 'api';
      this.api = new SlackApiHook(connection, options);
    } else {
      throw connectionError(connection, `Slack needs a connection of type 'slackwebhook' (incoming webhook) or 'slack' (Web API token)`);
    }
  }

  static async fromConnection(source: ConnectionSource, connId: string, options: HookOptions & RetryPolicy = {}): Promise<SlackHook> {
    return new SlackHook(await source.get(connId), options);
  }

  /** Posts the message: through the webhook (its channel is the app's unless a legacy webhook honours `channel`), or chat.postMessage. */
  async send(message: SlackMessage): Promise<SlackSendResult> {
    return this.webhook ? this.webhook.send(message) : (this.api as SlackApiHook).postMessage(message);
  }
}
