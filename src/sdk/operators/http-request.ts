/**
 * `httpRequest(id, { connId, endpoint })`: one HTTP request to the service an
 * HTTP connection names (Airflow's HttpOperator), with the connection's auth
 * and headers. The answer is the task's XCom: its JSON body (or text), or the
 * part `responseFilter` picks. A status of 400 or more fails the task, as does
 * a failed `responseCheck`. Endpoint, headers, query, body and json strings are
 * templated (`{{ ds }}`, `{{ params.x }}`, `{{ inputs.y }}`).
 *
 *   const order = httpRequest<{ id: string }>('create_order', {
 *     connId: 'orders_api', method: 'POST', endpoint: 'v1/orders',
 *     json: { day: '{{ ds }}' }, responseCheck: { status: [201] }, responseFilter: 'data.order',
 *   });
 *
 * Checks and filters are data, not functions, because the task runs from its
 * serialized form; for logic, use a `task()` with `HttpHook` from 'updraft/hooks'.
 */
import type { JsonValue } from '../../core/dag-spec.js';
import { parseJsonPath } from '../../core/json-path.js';
import type { Inputs } from '../inputs.js';
import type { TaskRef } from '../refs.js';
import type { Duration, TaskOptions } from '../task-options.js';
import { operatorTask, type OptionChecks } from './operator-task.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface HttpResponseCheck {
  /** Accepted statuses (replacing "below 400"), e.g. [200, 201] or [404] for "must be gone". */
  status?: number | readonly number[];
  /** The body must contain this text (templated). */
  contains?: string;
  /** Each JSON path of the body must hold this value, e.g. { 'data.state': 'ready' } (strings templated). */
  json?: { readonly [path: string]: JsonValue };
}

export interface HttpRequestOptions extends TaskOptions {
  /** An http connection (base URL, auth, default headers). Templated. */
  connId: string;
  /** Joined to the connection's base URL (default ''); an absolute URL is used as is. */
  endpoint?: string;
  /** Default GET, or POST when there is a body or json (as curl does). */
  method?: HttpMethod;
  headers?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | number | boolean>>;
  /** A text body. */
  body?: string;
  /** A JSON body (sent with content-type application/json). */
  json?: JsonValue;
  /** Per request (default the connection's extra.timeout or 60 s). */
  timeout?: Duration;
  /** Extra tries of the request itself on network errors, 429 and 5xx, with back-off (default 0); task retries come on top. */
  requestRetries?: number;
  responseCheck?: HttpResponseCheck;
  /** A JSON path into the answer's body (e.g. 'data.items[0].id'): only that value becomes the XCom. */
  responseFilter?: string;
  /** Write the answer's body to the task log (default false, as Airflow's log_response). */
  logResponse?: boolean;
  /** Other tasks' outputs usable as `{{ inputs.name }}`; they become upstream tasks. */
  inputs?: Inputs;
}

export type HttpResponseCheckConfig = {
  readonly status: readonly number[] | null;
  readonly contains: string | null;
  readonly json: { readonly [path: string]: JsonValue } | null;
};

export type HttpRequestConfig = {
  readonly connId: string;
  readonly endpoint: string;
  readonly method: HttpMethod | null;
  readonly headers: { readonly [name: string]: string };
  readonly query: { readonly [name: string]: string | number | boolean };
  readonly body: string | null;
  /** Wrapped so that a JSON body of `null` stays distinct from no body. */
  readonly json: { readonly value: JsonValue } | null;
  readonly timeoutMs: number | null;
  readonly requestRetries: number;
  readonly responseCheck: HttpResponseCheckConfig | null;
  readonly responseFilter: string | null;
  readonly logResponse: boolean;
};

export function httpRequest<T = JsonValue>(id: string, options: HttpRequestOptions): TaskRef<T> {
  return operatorTask<T>('httpRequest', id, (check) => {
    const { config, inputs, taskOptions } = httpRequestConfig(check, options);
    return { kind: 'http_request', operator: 'HttpOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

/** Checks the request options (shared with `httpSensor`) and leaves the rest. */
export function httpRequestConfig<O extends HttpRequestOptions>(
  check: OptionChecks,
  options: O,
): { config: HttpRequestConfig; inputs: Inputs | undefined; taskOptions: Omit<O, keyof HttpRequestOptions & RequestKeys> } {
  const { connId, endpoint, method, headers, query, body, json, timeout, requestRetries, responseCheck, responseFilter, logResponse, inputs, ...taskOptions } = options;
  if (body !== undefined && json !== undefined) check.fail('json', 'cannot be given together with body: choose one');
  const config: HttpRequestConfig = {
    connId: check.text('connId', connId),
    endpoint: endpoint === undefined ? '' : typeof endpoint === 'string' ? endpoint : check.fail('endpoint', 'must be a string'),
    method: method === undefined ? null : check.oneOf('method', typeof method === 'string' ? method.toUpperCase() : method, HTTP_METHODS, 'GET'),
    headers: stringMap(check, 'headers', headers),
    query: scalarMap(check, 'query', query),
    body: body === undefined ? null : typeof body === 'string' ? body : check.fail('body', 'must be a string (use json for data)'),
    json: json === undefined ? null : { value: check.json('json', json) },
    timeoutMs: timeout === undefined ? null : check.duration('timeout', timeout),
    requestRetries: check.integer('requestRetries', requestRetries, 0),
    responseCheck: responseCheck === undefined ? null : checkResponseCheck(check, responseCheck),
    responseFilter: responseFilter === undefined ? null : jsonPathText(check, 'responseFilter', responseFilter),
    logResponse: check.boolean('logResponse', logResponse, false),
  };
  return { config, inputs, taskOptions };
}

type RequestKeys =
  | 'connId' | 'endpoint' | 'method' | 'headers' | 'query' | 'body' | 'json' | 'timeout'
  | 'requestRetries' | 'responseCheck' | 'responseFilter' | 'logResponse' | 'inputs';

function stringMap(check: OptionChecks, option: string, value: unknown): { [name: string]: string } {
  if (value === undefined) return {};
  const map: { [name: string]: string } = {};
  for (const [name, item] of Object.entries(check.object(option, value))) {
    if (typeof item !== 'string') check.fail(`${option}.${name}`, 'must be a string');
    map[name] = item;
  }
  return map;
}

function scalarMap(check: OptionChecks, option: string, value: unknown): { [name: string]: string | number | boolean } {
  if (value === undefined) return {};
  const map: { [name: string]: string | number | boolean } = {};
  for (const [name, item] of Object.entries(check.object(option, value))) {
    if (typeof item !== 'string' && typeof item !== 'boolean' && !(typeof item === 'number' && Number.isFinite(item))) check.fail(`${option}.${name}`, 'must be a string, number or boolean');
    map[name] = item;
  }
  return map;
}

function jsonPathText(check: OptionChecks, option: string, value: unknown): string {
  const parsed = parseJsonPath(check.text(option, value));
  if (typeof parsed === 'string') check.fail(option, `must be a JSON path: ${parsed}`);
  return value as string;
}

function checkResponseCheck(check: OptionChecks, value: unknown): HttpResponseCheckConfig {
  const { status, contains, json, ...unknown } = check.object('responseCheck', value) as HttpResponseCheck & Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) check.fail(`responseCheck.${extra[0]}`, 'is not a check: use status, contains or json');
  const statuses = status === undefined ? null : (Array.isArray(status) ? status : [status]).map((s, i) => check.integer(`responseCheck.status[${i}]`, s, 0, 100));
  const jsonChecks = json === undefined ? null : (check.json('responseCheck.json', check.object('responseCheck.json', json)) as { [path: string]: JsonValue });
  for (const path of Object.keys(jsonChecks ?? {})) jsonPathText(check, `responseCheck.json['${path}']`, path);
  return { status: statuses, contains: check.optionalText('responseCheck.contains', contains), json: jsonChecks };
}
