/**
 * A worker's side of the execution API, for one try: start it, heartbeat, ship
 * its log, call its services, report its outcome. The token it holds is the
 * try's own; the server sends a fresh one before it expires (the
 * `Refreshed-API-Token` header) and this client keeps it.
 *
 * The API server may be away for a moment (a restart, a database restart
 * behind it): calls that must arrive (start, the outcome) are retried with
 * back-off until they do or their patience runs out; a heartbeat or a log
 * piece is simply tried again on the next beat.
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';

export type CallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: number; readonly detail: string; readonly body: Record<string, unknown> };

export interface CallOptions {
  /** Keep retrying transient failures (no answer, 5xx, 429) for this long; 0: one attempt. */
  readonly patienceMs?: number;
}

/** `dagSourceHash`: sha256 of the DAG file the run's version was parsed from (null: not stored). */
export interface StartedTry {
  readonly token: string;
  readonly dagSourceHash: string | null;
}

export class ExecutionApiError extends Error {
  override name = 'ExecutionApiError';
}

const BACKOFF_START_MS = 250;
const BACKOFF_MAX_MS = 5_000;
/** One call that hangs longer than this is abandoned (and retried, within its patience). */
const REQUEST_TIMEOUT_MS = 30_000;

export class ExecutionClient {
  constructor(
    private readonly apiUrl: string,
    private token: string,
    private readonly stopped: AbortSignal = new AbortController().signal,
  ) {}

  /** Exchanges the start token this client holds for the try's execution token; false: the job is stale. */
  async start(worker: { hostname: string; pid: number; worker: string }, patienceMs: number): Promise<CallResult<StartedTry>> {
    const result = await this.call<StartedTry>('POST', '/execution/tries/start', worker, { patienceMs });
    if (result.ok) this.token = result.value.token;
    return result;
  }

  heartbeat(): Promise<CallResult<{ state: string }>> {
    return this.call('POST', '/execution/tries/heartbeat', {});
  }

  shipLog(offset: number, text: string): Promise<CallResult<{ size: number }>> {
    return this.call('PUT', '/execution/tries/logs', { offset, text });
  }

  async service(method: string, args: readonly JsonValue[]): Promise<JsonValue> {
    const result = await this.call<{ value: JsonValue }>('POST', '/execution/tries/services', { method, args }, { patienceMs: 60_000 });
    if (!result.ok) throw new ExecutionApiError(result.detail);
    return result.value.value;
  }

  finish(outcome: AttemptOutcome, interrupted: boolean, patienceMs: number): Promise<CallResult<{ recorded: boolean }>> {
    return this.call('POST', '/execution/tries/finish', { outcome, interrupted }, { patienceMs });
  }

  private async call<T>(method: string, path: string, body: unknown, options: CallOptions = {}): Promise<CallResult<T>> {
    const giveUpAt = Date.now() + (options.patienceMs ?? 0);
    let wait = BACKOFF_START_MS;
    for (;;) {
      let failure: string;
      try {
        const response = await fetch(new URL(path, this.apiUrl), {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const refreshed = response.headers.get('refreshed-api-token');
        if (refreshed) this.token = refreshed;
        const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
        if (response.ok) return { ok: true, value: json as T };
        const detail = typeof json.detail === 'string' ? json.detail : `HTTP ${response.status}`;
        if (response.status < 500 && response.status !== 429) return { ok: false, status: response.status, detail, body: json };
        failure = `${path}: ${detail}`;
      } catch (error) {
        failure = `${path}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
      }
      if (Date.now() + wait > giveUpAt || this.stopped.aborted) {
        return { ok: false, status: 0, detail: `the API server at ${this.apiUrl} did not answer (${failure})`, body: {} };
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(BACKOFF_MAX_MS, wait * 2);
    }
  }
}
