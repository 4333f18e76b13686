/**
 * One HTTP exchange with retries, shared by the HTTP and Slack hooks: a timeout
 * per try, exponential back-off on network errors, 429 and 5xx (honouring
 * `Retry-After`), cancellation through the task's signal, and the whole answer
 * read into memory so it can be checked, logged and kept as an XCom.
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { TaskLogger } from '../sdk/context.js';

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  /** The final URL (after redirects), without credentials. */
  readonly url: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** The body decoded as UTF-8. */
  readonly text: string;
  /** The body parsed as JSON; throws with the start of the body when it is not JSON. */
  json<T = JsonValue>(): T;
}

export interface RetryPolicy {
  /** Extra tries after the first (default 0). */
  readonly retries?: number;
  /** Wait before the first retry, doubled at each further one (default 1000 ms). */
  readonly retryDelayMs?: number;
  /** Cap on one wait (default 30 s). */
  readonly maxRetryDelayMs?: number;
}

export interface SendOptions extends RetryPolicy {
  readonly method: string;
  readonly url: string;
  /** How the URL appears in logs, errors and the response (default: the URL without credentials); hides tokens in paths. */
  readonly displayUrl?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | URLSearchParams;
  /** Per try (default 60 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly log?: TaskLogger;
  /** Prefix of error messages, such as "HTTP connection 'api'". */
  readonly what: string;
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly response: HttpResponse | null,
  ) {
    super(message);
  }
}

export const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_RETRY_DELAY_MS = 1_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;

/** 429 (too many requests) and server errors are worth another try; other 4xx are the caller's mistake. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The wait before retry number `retry` (1-based): doubling from the base, capped, or what `Retry-After` asks (capped too). */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfter?: string | null): number {
  const max = policy.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, max);
  }
  return Math.min((policy.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** (retry - 1), max);
}

/** Removes `user:password@` from a URL so it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

async function readResponse(response: Response, displayUrl: string | undefined): Promise<HttpResponse> {
  const body = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(body);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const url = displayUrl ?? redactUrl(response.url);
  return {
    status: response.status,
    statusText: response.statusText,
    url,
    headers,
    body,
    text,
    json<T>(): T {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new Error(`The answer of ${url} is not JSON: ${text.slice(0, 200)}`);
      }
    },
  };
}

/**
 * Sends the request, retrying as the policy allows; resolves with any answer
 * that is not retryable (or the last one), rejects when every try failed to
 * get an answer. Status checks are the caller's.
 */
export async function sendWithRetry(options: SendOptions): Promise<HttpResponse> {
  const retries = options.retries ?? 0;
  const label = `${options.method} ${options.displayUrl ?? redactUrl(options.url)}`;
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let failure: string;
    let retryAfter: string | null = null;
    try {
      const response = await readResponse(
        await fetch(options.url, { method: options.method, headers: options.headers, body: fetchBody(options.body), signal, redirect: 'follow' }),
        options.displayUrl,
      );
      if (!isRetryableStatus(response.status) || attempt > retries) return response;
      failure = `answered ${response.status} ${response.statusText}`;
      retryAfter = response.headers['retry-after'] ?? null;
    } catch (error) {
      if (options.signal?.aborted) throw new Error(`${options.what}: ${label} was cancelled`);
      failure = timeout.aborted ? `timed out after ${timeoutMs} ms` : `failed: ${causeOf(error)}`;
      if (attempt > retries) {
        const tries = retries > 0 ? ` (after ${attempt} tries)` : '';
        throw new HttpError(`${options.what}: ${label} ${failure}${tries}`, null, null);
      }
    }
    const wait = retryDelay(options, attempt, retryAfter);
    options.log?.warn(`${label} ${failure}; try ${attempt + 1} of ${retries + 1} in ${wait} ms`);
    try {
      await sleep(wait, options.signal);
    } catch {
      throw new Error(`${options.what}: ${label} was cancelled`);
    }
  }
}

/** Bytes as fetch's types accept them in Node and DOM alike (a view over a plain ArrayBuffer). */
function fetchBody(body: string | Uint8Array | URLSearchParams | undefined): string | Uint8Array<ArrayBuffer> | URLSearchParams | undefined {
  return body instanceof Uint8Array ? new Uint8Array(body) : body;
}
