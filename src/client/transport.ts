/**
 * The client's one I/O shell: `fetch` with the bearer token, query strings the
 * way the API reads them (repeated keys for lists), JSON in and out, errors as
 * `UpdraftApiError`, and NDJSON streams as async iterables. Only web-standard
 * APIs, so it runs in Node and in the browser alike.
 */
import { UpdraftApiError } from './api-error.js';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
export type Query = Readonly<Record<string, QueryValue>>;

export interface RequestOptions {
  readonly query?: Query | undefined;
  readonly body?: unknown;
  /** `Accept` header (default JSON). */
  readonly accept?: string;
  readonly signal?: AbortSignal | undefined;
}

export interface TransportOptions {
  /** Where the server is, e.g. `http://localhost:8080` (no `/api/v2`). */
  readonly baseUrl: string;
  readonly token?: string | null;
  /** Another `fetch` (tests, proxies); the global one by default. */
  readonly fetch?: typeof fetch;
  /** Called when the server answers 401 (an expired token): the UI logs out. */
  readonly onUnauthorized?: (error: UpdraftApiError) => void;
}

export function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** A path segment: ids may hold `/`, `+`, `:` (run ids do). */
export const seg = (value: string | number): string => encodeURIComponent(String(value));

export class Transport {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  token: string | null;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.token = options.token ?? null;
  }

  /** The raw response of a successful call (errors throw). */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (options.signal) init.signal = options.signal;
    const response = await this.fetchFn(`${this.baseUrl}${path}${queryString(options.query)}`, init);
    if (response.ok) return response;
    const text = await response.text();
    let detail: unknown = text;
    try {
      detail = (JSON.parse(text) as { detail?: unknown }).detail ?? text;
    } catch {
      // not JSON: keep the text (a proxy's error page, say)
    }
    const error = new UpdraftApiError(method, path, response.status, detail);
    if (response.status === 401) this.options.onUnauthorized?.(error);
    throw error;
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  async text(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    return (await this.send(method, path, options)).text();
  }

  /** Each line of an NDJSON answer, parsed, as it arrives. */
  async *lines<T>(method: string, path: string, options: RequestOptions = {}): AsyncGenerator<T> {
    const response = await this.send(method, path, { ...options, accept: 'application/x-ndjson' });
    if (!response.body) return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        buffered += decoder.decode(value, { stream: !done });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line !== '') yield JSON.parse(line) as T;
          newline = buffered.indexOf('\n');
        }
        if (done) break;
      }
      if (buffered.trim() !== '') yield JSON.parse(buffered) as T;
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }
}
