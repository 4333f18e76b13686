/** Executor of `httpRequest`: one request through HttpHook, its checks, and the answer (or the filtered part) as the XCom. */
import { isDeepStrictEqual } from 'node:util';
import type { JsonValue } from '../../core/dag-spec.js';
import { parseJsonPath, valueAtJsonPath } from '../../core/json-path.js';
import { HttpHook } from '../../hooks/http-hook.js';
import type { HttpResponse } from '../../hooks/http-send.js';
import type { HttpRequestConfig, HttpResponseCheckConfig } from '../../sdk/operators/http-request.js';
import { executor, succeeded, type OperatorContext } from '../operator.js';

export const httpRequestExecutor = executor<HttpRequestConfig>(async (config, ctx) => {
  // With an explicit list of accepted statuses, that list decides instead of "below 400".
  const { response, body } = await sendConfiguredRequest(config, ctx, (config.responseCheck?.status ?? null) === null);
  if (config.responseCheck) {
    const problem = responseCheckProblem(ctx, config.responseCheck, response, body);
    if (problem !== null) throw new Error(`${ctx.where}: the response check failed for ${response.url}: ${problem}`);
  }
  return succeeded(filteredBody(config, ctx, response, body));
});

/**
 * Sends the configured request (templates rendered, the connection's auth applied). With
 * `checkStatus`, a status of 400 or more throws; without, the caller judges the status.
 */
export async function sendConfiguredRequest(
  config: HttpRequestConfig,
  ctx: OperatorContext,
  checkStatus: boolean,
): Promise<{ readonly response: HttpResponse; readonly body: JsonValue }> {
  const connection = await ctx.connection(ctx.render(config.connId));
  const hook = new HttpHook(connection, { log: ctx.log, signal: ctx.signal });
  const renderMap = <V>(map: { readonly [name: string]: V }) =>
    Object.fromEntries(Object.entries(map).map(([name, value]) => [name, typeof value === 'string' ? ctx.render(value) : value]));
  const response = await hook.run(ctx.render(config.endpoint), {
    ...(config.method ? { method: config.method } : {}),
    headers: renderMap(config.headers),
    query: renderMap(config.query),
    ...(config.body !== null ? { body: ctx.render(config.body) } : {}),
    ...(config.json !== null ? { json: ctx.renderJson(config.json.value) } : {}),
    ...(config.timeoutMs !== null ? { timeoutMs: config.timeoutMs } : {}),
    retries: config.requestRetries,
    checkResponse: checkStatus,
  });
  if (config.logResponse) ctx.log.info(`Response body: ${response.text}`);
  return { response, body: bodyOf(response) };
}

/** The body, or the part `responseFilter` picks; an error when the filter matches nothing. */
export function filteredBody(config: HttpRequestConfig, ctx: OperatorContext, response: HttpResponse, body: JsonValue): JsonValue {
  if (config.responseFilter === null) return body;
  const path = parseJsonPath(config.responseFilter);
  if (typeof path === 'string') throw new Error(`${ctx.where}: responseFilter ${path}`);
  if (body === null || typeof body !== 'object') {
    throw new Error(`${ctx.where}: responseFilter '${config.responseFilter}' needs a JSON object or list, but ${response.url} answered ${describe(response)}`);
  }
  const picked = valueAtJsonPath(body, path);
  if (picked === undefined) throw new Error(`${ctx.where}: responseFilter '${config.responseFilter}' matches nothing in the answer of ${response.url}: ${excerpt(response.text)}`);
  return picked;
}

/** The body as the XCom: parsed JSON when it is JSON, else the text; null when empty. */
function bodyOf(response: HttpResponse): JsonValue {
  if (response.text === '') return null;
  const type = response.headers['content-type'] ?? '';
  if (/\bjson\b/i.test(type) || /^\s*[[{]/.test(response.text)) {
    try {
      return JSON.parse(response.text) as JsonValue;
    } catch {
      if (/\bjson\b/i.test(type)) throw new Error(`${response.url} said it answered JSON but its body is not: ${excerpt(response.text)}`);
    }
  }
  return response.text;
}

/** What in the answer fails the check, or null when it passes. */
export function responseCheckProblem(ctx: OperatorContext, check: HttpResponseCheckConfig, response: HttpResponse, body: JsonValue): string | null {
  if (check.status !== null && !check.status.includes(response.status)) {
    return `expected status ${check.status.join(' or ')}, got ${response.status} ${response.statusText}${response.text ? `: ${excerpt(response.text)}` : ''}`;
  }
  if (check.contains !== null) {
    const wanted = ctx.render(check.contains);
    if (!response.text.includes(wanted)) return `the body does not contain '${wanted}': ${excerpt(response.text)}`;
  }
  for (const [pathText, expectedRaw] of Object.entries(check.json ?? {})) {
    const path = parseJsonPath(pathText);
    if (typeof path === 'string') return path;
    const expected = ctx.renderJson(expectedRaw);
    const actual = body !== null && typeof body === 'object' ? valueAtJsonPath(body, path) : undefined;
    if (!isDeepStrictEqual(actual, expected)) {
      return `${pathText} is ${actual === undefined ? 'missing' : JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
    }
  }
  return null;
}

function describe(response: HttpResponse): string {
  return response.text === '' ? 'an empty body' : excerpt(response.text);
}

function excerpt(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
