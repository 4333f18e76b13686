/** Executor of `httpRequest`: one request through HttpHook, its checks, and the answer (or the filtered part) as the XCom. */
import { isDeepStrictEqual } from 'node:util';
import type { JsonValue } from '../../core/dag-spec.js';
import { parseJsonPath, valueAtJsonPath } from '../../core/json-path.js';
import { HttpHook } from '../../hooks/http-hook.js';
import type { HttpResponse } from '../../hooks/http-send.js';
import type { HttpRequestConfig, HttpResponseCheckConfig } from '../../sdk/operators/http-request.js';
import { executor, succeeded, type OperatorContext } from '../operator.js';

export const httpRequestExecutor = executor<HttpRequestConfig>(async (config, ctx) => {
  const connection = await ctx.connection(ctx.render(config.connId));
  const hook = new HttpHook(connection, { log: ctx.log, signal: ctx.signal });
  const renderMap = <V>(map: { readonly [name: string]: V }) =>
    Object.fromEntries(Object.entries(map).map(([name, value]) => [name, typeof value === 'string' ? ctx.render(value) : value]));
  const accepted = config.responseCheck?.status ?? null;
  const response = await hook.run(ctx.render(config.endpoint), {
    ...(config.method ? { method: config.method } : {}),
    headers: renderMap(config.headers),
    query: renderMap(config.query),
    ...(config.body !== null ? { body: ctx.render(config.body) } : {}),
    ...(config.json !== null ? { json: ctx.renderJson(config.json.value) } : {}),
    ...(config.timeoutMs !== null ? { timeoutMs: config.timeoutMs } : {}),
    retries: config.requestRetries,
    // With an explicit list of accepted statuses, that list decides instead of "below 400".
    checkResponse: accepted === null,
  });
  if (config.logResponse) ctx.log.info(`Response body: ${response.text}`);
  const body = bodyOf(response);
  if (config.responseCheck) checkResponse(ctx, config.responseCheck, response, body);
  if (config.responseFilter === null) return succeeded(body);
  const path = parseJsonPath(config.responseFilter);
  if (typeof path === 'string') throw new Error(`${ctx.where}: responseFilter ${path}`);
  if (body === null || typeof body !== 'object') {
    throw new Error(`${ctx.where}: responseFilter '${config.responseFilter}' needs a JSON object or list, but ${response.url} answered ${describe(response)}`);
  }
  const picked = valueAtJsonPath(body, path);
  if (picked === undefined) throw new Error(`${ctx.where}: responseFilter '${config.responseFilter}' matches nothing in the answer of ${response.url}: ${excerpt(response.text)}`);
  return succeeded(picked);
});

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

function checkResponse(ctx: OperatorContext, check: HttpResponseCheckConfig, response: HttpResponse, body: JsonValue): void {
  const failed = (why: string) => new Error(`${ctx.where}: the response check failed for ${response.url}: ${why}`);
  if (check.status !== null && !check.status.includes(response.status)) {
    throw failed(`expected status ${check.status.join(' or ')}, got ${response.status} ${response.statusText}${response.text ? `: ${excerpt(response.text)}` : ''}`);
  }
  if (check.contains !== null) {
    const wanted = ctx.render(check.contains);
    if (!response.text.includes(wanted)) throw failed(`the body does not contain '${wanted}': ${excerpt(response.text)}`);
  }
  for (const [pathText, expectedRaw] of Object.entries(check.json ?? {})) {
    const path = parseJsonPath(pathText);
    if (typeof path === 'string') throw failed(path);
    const expected = ctx.renderJson(expectedRaw);
    const actual = body !== null && typeof body === 'object' ? valueAtJsonPath(body, path) : undefined;
    if (!isDeepStrictEqual(actual, expected)) {
      throw failed(`${pathText} is ${actual === undefined ? 'missing' : JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  }
}

function describe(response: HttpResponse): string {
  return response.text === '' ? 'an empty body' : excerpt(response.text);
}

function excerpt(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
