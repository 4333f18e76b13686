/** Executor of `slackMessage`: renders the message and posts it through SlackHook (webhook or Web API, by connection type). */
import type { JsonValue } from '../../core/dag-spec.js';
import { SlackHook } from '../../hooks/slack-hook.js';
import type { SlackMessageConfig, SlackMessageResult } from '../../sdk/operators/slack-message.js';
import { executor, succeeded } from '../operator.js';

export const slackMessageExecutor = executor<SlackMessageConfig>(async (config, ctx) => {
  const connection = await ctx.connection(ctx.render(config.connId));
  const hook = new SlackHook(connection, { log: ctx.log, signal: ctx.signal });
  const text = (value: string | null) => (value === null ? undefined : ctx.render(value));
  const json = (value: readonly JsonValue[] | null) => (value === null ? undefined : ctx.renderJson(value as JsonValue[]));
  const result: SlackMessageResult = await hook.send({
    text: text(config.text),
    blocks: json(config.blocks),
    attachments: json(config.attachments),
    channel: text(config.channel),
    threadTs: text(config.threadTs),
    username: text(config.username),
    iconEmoji: text(config.iconEmoji),
    iconUrl: text(config.iconUrl),
  });
  return succeeded(result);
});
