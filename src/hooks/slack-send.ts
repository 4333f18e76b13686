/**
 * What the Slack hooks (Web API and webhook) share when they send: the
 * connection's extra.timeout, and the retry policy (3 retries unless the
 * caller says otherwise: Slack rate-limits with 429 and Retry-After).
 */
import type { ConnectionInfo } from '../sdk/context.js';
import { extraNumber } from './connection-extra.js';
import type { HookOptions } from './hook-options.js';
import type { RetryPolicy, SendOptions } from './http-send.js';

/** extra.timeout (seconds) as milliseconds per try; undefined: sendWithRetry's default. */
export function slackTimeoutMs(connection: ConnectionInfo): number | undefined {
  const seconds = extraNumber(connection, 'timeout');
  return seconds === undefined ? undefined : seconds * 1000;
}

export function slackRetry(options: HookOptions & RetryPolicy, what: string): Pick<SendOptions, 'retries' | 'retryDelayMs' | 'maxRetryDelayMs' | 'signal' | 'log' | 'what'> {
  return {
    retries: options.retries ?? 3,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    signal: options.signal,
    log: options.log,
    what,
  };
}
