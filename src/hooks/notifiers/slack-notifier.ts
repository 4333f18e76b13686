/**
 * `slackNotifier({ connId, channel })`: a callback that posts what happened to
 * Slack (Airflow's SlackNotifier / SlackWebhookNotifier), through a Web API
 * (`slack`) or incoming webhook (`slackwebhook`) connection, for `onFailure`,
 * `onRetry` or `onSuccess` of a task or a DAG:
 *
 *   import { slackNotifier } from 'updraft/hooks';
 *   task('load', { retries: 2, onFailure: slackNotifier({ connId: 'slack', channel: '#alerts' }) }, load);
 *
 * The default message gives the DAG, task, run, logical date, try, state, the
 * error and a link to the log; `text` replaces it.
 */
import type { JsonValue } from '../../core/dag-spec.js';
import { namedCallback } from '../../sdk/callback-list.js';
import type { Callback, CallbackContext } from '../../sdk/context.js';
import { SlackHook } from '../slack-hook.js';
import { describeEvent, uiBaseUrl, type Notification } from './notification.js';

export interface SlackNotifierOptions {
  /** A slack (Web API) or slackwebhook connection. */
  readonly connId: string;
  /** Required with a Web API connection. */
  readonly channel?: string;
  readonly text?: string | ((ctx: CallbackContext) => string);
  readonly username?: string;
  readonly iconEmoji?: string;
  /** The UI's address for the log link (default: the api.base_url setting). */
  readonly baseUrl?: string;
}

const SLACK_TEXT_LIMIT = 2900; // a section's text holds 3000 characters

export function slackNotifier(options: SlackNotifierOptions): Callback {
  return namedCallback('slackNotifier', async (ctx) => {
    const notification = describeEvent(ctx, await uiBaseUrl(options.baseUrl));
    const hook = await SlackHook.fromConnection(ctx.connections, options.connId, { log: ctx.log });
    const custom = options.text === undefined ? undefined : typeof options.text === 'function' ? options.text(ctx) : options.text;
    await hook.send({
      channel: options.channel,
      username: options.username,
      iconEmoji: options.iconEmoji,
      text: custom ?? `${notification.title}: ${notification.link}`,
      blocks: custom === undefined ? notificationBlocks(notification) : undefined,
    });
  });
}

/** Slack's mrkdwn needs &, < and > escaped. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function notificationBlocks(n: Notification): JsonValue[] {
  const blocks: JsonValue[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(n.title)}*` } },
    { type: 'section', fields: n.facts.map(([label, value]) => ({ type: 'mrkdwn', text: `*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}` })) },
  ];
  if (n.error) {
    const error = n.error.length > SLACK_TEXT_LIMIT ? `${n.error.slice(0, SLACK_TEXT_LIMIT)}…` : n.error;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Error*\n\`\`\`${escapeMrkdwn(error)}\`\`\`` } });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${n.link}|${escapeMrkdwn(n.linkLabel)}>` } });
  return blocks;
}
