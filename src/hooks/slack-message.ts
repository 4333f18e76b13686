/** A Slack message as the webhook and Web API both take it (Block Kit blocks, legacy attachments). */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';

export interface SlackMessage {
  /** The text, or the notification fallback when there are blocks. */
  readonly text?: string;
  readonly blocks?: readonly JsonValue[];
  readonly attachments?: readonly JsonValue[];
  /** Channel id or name; required by the Web API; fixed by the app for modern incoming webhooks. */
  readonly channel?: string;
  /** Reply in this thread (Web API). */
  readonly threadTs?: string;
  readonly username?: string;
  readonly iconEmoji?: string;
  readonly iconUrl?: string;
  readonly unfurlLinks?: boolean;
  readonly unfurlMedia?: boolean;
}

export interface SlackSendResult {
  /** The message's timestamp id (Web API only). */
  readonly ts: string | null;
  readonly channel: string | null;
}

/** The JSON body Slack expects: snake_case names, absent fields left out. */
export function slackPayload(message: SlackMessage): JsonObject {
  const payload: Record<string, JsonValue> = {};
  const set = (name: string, value: JsonValue | undefined) => {
    if (value !== undefined) payload[name] = value;
  };
  set('channel', message.channel);
  set('text', message.text);
  set('blocks', message.blocks);
  set('attachments', message.attachments);
  set('thread_ts', message.threadTs);
  set('username', message.username);
  set('icon_emoji', message.iconEmoji);
  set('icon_url', message.iconUrl);
  set('unfurl_links', message.unfurlLinks);
  set('unfurl_media', message.unfurlMedia);
  return payload;
}

/** Fails unless the message has something to show. */
export function assertSlackContent(message: SlackMessage, what: string): void {
  if (!message.text && !(message.blocks?.length) && !(message.attachments?.length)) {
    throw new Error(`${what}: a Slack message needs text, blocks or attachments`);
  }
}
