/**
 * SlackApiHook: Slack's Web API over HTTP, from an Airflow `slack`
 * connection: the password holds the token (xoxb-… / xoxp-…),
 * `extra.base_url` overrides https://slack.com/api/ (a proxy, or a local
 * stand-in in tests), `extra.timeout` in seconds. Slack answers 200 with
 * `{ ok: false, error }` for failures: those become errors naming the method
 * and Slack's reason. 429 (rate limited, with Retry-After) and 5xx are retried.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import type { ConnectionInfo } from '../sdk/context.js';
import type { Connection } from '../store/types.js';
import { connectionError, extraString } from './connection-extra.js';
import { connectionInfoOf, type ConnectionSource } from './connection-info.js';
import type { HookOptions } from './hook-options.js';
import { urlFromEndpoint } from './http-connection.js';
import { HttpError, sendWithRetry, type RetryPolicy } from './http-send.js';
import { assertSlackContent, slackPayload, type SlackMessage, type SlackSendResult } from './slack-message.js';
import { slackRetry, slackTimeoutMs } from './slack-send.js';

export const SLACK_API_BASE_URL = 'https://slack.com/api/';

export class SlackApiError extends Error {
  override name = 'SlackApiError';
  constructor(
    message: string,
    /** Slack's error code, such as `channel_not_found` or `invalid_auth`. */
    readonly slackError: string,
  ) {
    super(message);
  }
}

export class SlackApiHook {
  private readonly token: string;
  readonly baseUrl: string;
  private readonly timeoutMs: number | undefined;

  constructor(
    readonly connection: ConnectionInfo,
    private readonly options: HookOptions & RetryPolicy = {},
  ) {
    const token = connection.password?.trim();
    if (!token) throw connectionError(connection, 'a Slack API connection needs the API token (xoxb-…) in its password');
    this.token = token;
    const baseUrl = extraString(connection, 'base_url') ?? SLACK_API_BASE_URL;
    if (!/^https?:\/\/[^/]/i.test(baseUrl)) throw connectionError(connection, 'extra.base_url must be an http(s) URL');
    this.baseUrl = baseUrl;
    this.timeoutMs = slackTimeoutMs(connection);
  }

  static async fromConnection(source: ConnectionSource, connId: string, options: HookOptions & RetryPolicy = {}): Promise<SlackApiHook> {
    return new SlackApiHook(await source.get(connId), options);
  }

  private get what(): string {
    return `Slack API connection '${this.connection.connId}'`;
  }

  /** Calls a Web API method with a JSON body; resolves with Slack's answer when `ok`. */
  async call<T extends JsonObject = JsonObject>(method: string, body: JsonObject = {}): Promise<T & { ok: true }> {
    const response = await sendWithRetry({
      method: 'POST',
      url: urlFromEndpoint(this.baseUrl, method),
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      timeoutMs: this.timeoutMs,
      ...slackRetry(this.options, this.what),
    });
    if (response.status !== 200) {
      throw new HttpError(`${this.what}: ${method} answered ${response.status} ${response.statusText}: ${response.text.slice(0, 300)}`, response.status, response);
    }
    let answer: { ok?: boolean; error?: string; warning?: string } & Record<string, JsonValue>;
    try {
      answer = response.json();
    } catch {
      throw new Error(`${this.what}: ${method} did not answer JSON: ${response.text.slice(0, 200)}`);
    }
    if (answer.ok !== true) {
      const reason = answer.error ?? 'unknown_error';
      throw new SlackApiError(`${this.what}: ${method} failed: ${reason}`, reason);
    }
    if (answer.warning) this.options.log?.warn(`${method}: Slack warns ${answer.warning}`);
    return answer as T & { ok: true };
  }

  /** chat.postMessage; the channel is required (an id such as C0123 or a name such as #ops). */
  async postMessage(message: SlackMessage): Promise<SlackSendResult> {
    assertSlackContent(message, this.what);
    if (!message.channel) throw new Error(`${this.what}: chat.postMessage needs a channel (an id such as C0123 or a name such as #ops)`);
    const answer = await this.call<{ ts?: string; channel?: string }>('chat.postMessage', slackPayload(message));
    this.options.log?.info(`posted a Slack message to ${message.channel} (ts ${answer.ts ?? '?'})`);
    return { ts: answer.ts ?? null, channel: answer.channel ?? message.channel };
  }

  /** auth.test: checks the token (what `connections test` runs, as Airflow's SlackHook does). */
  async test(): Promise<void> {
    await this.call('auth.test');
  }
}

export async function testSlackApiConnection(conn: Connection, timeoutMs: number): Promise<void> {
  await new SlackApiHook(connectionInfoOf(conn), { retries: 0, signal: AbortSignal.timeout(timeoutMs) }).test();
}
