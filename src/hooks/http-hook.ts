/**
 * HttpHook: requests to the service an HTTP connection names, with its auth
 * and default headers, a timeout, retries with back-off on network errors,
 * 429 and 5xx, and a status check. Headers and credentials are never logged.
 *
 *   const api = await HttpHook.fromConnection(ctx.connections, 'orders_api', { log: ctx.log, signal: ctx.signal });
 *   const answer = await api.run('v1/orders', { query: { day: ctx.ds }, retries: 3 });
 *   return answer.json();
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { ConnectionInfo } from '../sdk/context.js';
import type { Connection } from '../store/types.js';
import { connectionInfoOf, type ConnectionSource } from './connection-info.js';
import type { HookOptions } from './hook-options.js';
import { httpConnectionSettings, urlFromEndpoint, type HttpConnectionSettings } from './http-connection.js';
import { HttpError, sendWithRetry, type HttpResponse, type RetryPolicy } from './http-send.js';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

export interface HttpRunOptions extends RetryPolicy {
  /** Default GET, or POST when there is a body (as curl does). */
  readonly method?: string;
  /** Added to (and overriding) the connection's headers. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | URLSearchParams;
  /** Sent as JSON with `content-type: application/json`; excludes `body`. */
  readonly json?: JsonValue;
  /** Appended to the URL's query string; null/undefined values are left out. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Per try; default the connection's `extra.timeout` (seconds) or 60 s. */
  readonly timeoutMs?: number;
  /** Fail on a status of 400 or more (default: the connection's `extra.check_response`, else true). */
  readonly checkResponse?: boolean;
  /** Fail unless this returns true for the answer. */
  readonly responseCheck?: (response: HttpResponse) => boolean | Promise<boolean>;
  readonly signal?: AbortSignal;
}

export class HttpHook {
  private readonly settings: HttpConnectionSettings;

  /** Reads the connection now, so a misconfigured one fails before any request. */
  constructor(
    readonly connection: ConnectionInfo,
    private readonly options: HookOptions = {},
  ) {
    this.settings = httpConnectionSettings(connection);
    if (this.settings.unsupported.length > 0) {
      options.log?.warn(
        `connection '${connection.connId}': ${this.settings.unsupported.join(', ')} in its extra ${this.settings.unsupported.length === 1 ? 'is' : 'are'} not applied: ` +
          `requests use the system's certificate authorities (add one with NODE_EXTRA_CA_CERTS=<file>), no client certificate and no proxy`,
      );
    }
  }

  static async fromConnection(source: ConnectionSource, connId: string, options: HookOptions = {}): Promise<HttpHook> {
    return new HttpHook(await source.get(connId), options);
  }

  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  /** The URL `run(endpoint, { query })` requests. */
  url(endpoint?: string, query?: Readonly<Record<string, QueryValue>>): string {
    const url = new URL(urlFromEndpoint(this.settings.baseUrl, endpoint));
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === null || value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
    }
    return url.toString();
  }

  async run(endpoint?: string, options: HttpRunOptions = {}): Promise<HttpResponse> {
    if (options.body !== undefined && options.json !== undefined) throw new Error('HttpHook.run takes a body or json, not both');
    const what = `HTTP connection '${this.connection.connId}'`;
    const headers: Record<string, string> = { ...this.settings.headers };
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    const method = (options.method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase();
    const url = this.url(endpoint, options.query);
    const log = this.options.log;
    const response = await sendWithRetry({
      method,
      url,
      headers,
      body,
      timeoutMs: options.timeoutMs ?? this.settings.timeoutMs,
      retries: options.retries ?? this.settings.retries,
      retryDelayMs: options.retryDelayMs ?? this.settings.retryDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs,
      signal: options.signal ?? this.options.signal,
      log,
      what,
    });
    log?.info(`${method} ${response.url} answered ${response.status} ${response.statusText}`);
    if ((options.checkResponse ?? this.settings.checkResponse) && response.status >= 400) {
      const excerpt = response.text.length > 500 ? `${response.text.slice(0, 500)}…` : response.text;
      throw new HttpError(`${what}: ${method} ${response.url} answered ${response.status} ${response.statusText}${excerpt ? `: ${excerpt}` : ''}`, response.status, response);
    }
    if (options.responseCheck && !(await options.responseCheck(response))) {
      throw new HttpError(`${what}: the response check returned false for ${method} ${response.url} (status ${response.status})`, response.status, response);
    }
    return response;
  }

  /** A GET of the base URL: any answer below 400 passes (what `connections test` runs). */
  async test(timeoutMs?: number): Promise<void> {
    await this.run('', { method: 'GET', timeoutMs, retries: 0, checkResponse: true });
  }
}

export async function testHttpConnection(conn: Connection, timeoutMs: number): Promise<void> {
  await new HttpHook(connectionInfoOf(conn)).test(timeoutMs);
}
