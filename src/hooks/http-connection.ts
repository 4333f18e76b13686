/**
 * An HTTP connection read as Airflow's HttpHook reads it:
 * - base URL: the host when it carries its own scheme, else `schema://host`
 *   (schema `http` or `https`, `https` also for type `https`), then `:port`;
 * - auth: basic from login and password; a bearer token when the extra says
 *   `auth_type: "bearer"` (token in the password or `bearer_token`), or has a `bearer_token`;
 * - headers: `extra.headers`, and, as Airflow does, every other scalar extra
 *   that is not a request option (timeout, check_response, ...).
 */
import type { ConnectionInfo } from '../sdk/context.js';
import { connectionError, extraBoolean, extraNumber, extraString, extraStringMap } from './connection-extra.js';

type BaseUrlFields = Pick<ConnectionInfo, 'connId' | 'connType' | 'host' | 'schema' | 'port'>;

export function httpBaseUrl(conn: BaseUrlFields): string {
  if (!conn.host) throw connectionError(conn, 'an HTTP connection needs a host (such as api.example.com or https://api.example.com)');
  const port = conn.port !== null ? `:${conn.port}` : '';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(conn.host)) return `${conn.host}${port}`;
  const scheme = conn.schema === 'https' || conn.connType === 'https' ? 'https' : 'http';
  return `${scheme}://${conn.host}${port}`;
}

/** Airflow's join: exactly one `/` between base URL and endpoint; an empty endpoint is the base URL. */
export function urlFromEndpoint(baseUrl: string, endpoint: string | undefined): string {
  if (!endpoint) return baseUrl;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) return endpoint;
  if (!baseUrl.endsWith('/') && !endpoint.startsWith('/')) return `${baseUrl}/${endpoint}`;
  if (baseUrl.endsWith('/') && endpoint.startsWith('/')) return `${baseUrl}${endpoint.slice(1)}`;
  return `${baseUrl}${endpoint}`;
}

/** Extra keys that configure requests rather than name headers (Airflow's, plus ours). */
const REQUEST_OPTION_KEYS = new Set([
  'stream', 'cert', 'proxies', 'proxy', 'timeout', 'verify', 'verify_ssl', 'allow_redirects', 'max_redirects', 'trust_env',
  'check_response', 'auth_type', 'bearer_token', 'headers', 'retries', 'retry_delay',
]);

export interface HttpConnectionSettings {
  readonly baseUrl: string;
  /** Auth and default headers (names lower-cased); never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number | undefined;
  readonly checkResponse: boolean;
  readonly retries: number | undefined;
  readonly retryDelayMs: number | undefined;
  /** Airflow request options in the extra that this hook does not apply: said in the task log, never silently dropped. */
  readonly unsupported: readonly string[];
}

/**
 * Options of Airflow's HttpHook (requests) that Node's fetch here does not take:
 * TLS verification off or a custom CA (`verify`), client certificates, proxies.
 * A default value (`verify: true`) changes nothing and is not reported.
 */
function unsupportedOptions(extra: ConnectionInfo['extra']): string[] {
  const found: string[] = [];
  for (const key of ['verify', 'verify_ssl']) if (key in extra && extra[key] !== true && extra[key] !== 'true') found.push(`${key}=${JSON.stringify(extra[key])}`);
  for (const key of ['cert', 'proxies', 'proxy']) if (key in extra && extra[key] !== null && extra[key] !== '') found.push(key);
  return found;
}

export function httpConnectionSettings(conn: ConnectionInfo): HttpConnectionSettings {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(conn.extra)) {
    if (REQUEST_OPTION_KEYS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') headers[key.toLowerCase()] = String(value);
  }
  // Lower-cased names, so a request's own header replaces the connection's instead of joining it.
  for (const [name, value] of Object.entries(extraStringMap(conn, 'headers') ?? {})) headers[name.toLowerCase()] = value;
  const { baseUrl, userInfo } = splitUserInfo(httpBaseUrl(conn));
  const authorization = authorizationHeader(conn) ?? userInfo;
  if (authorization) headers.authorization = authorization;
  const timeoutSeconds = extraNumber(conn, 'timeout');
  const retryDelaySeconds = extraNumber(conn, 'retry_delay');
  return {
    baseUrl,
    headers,
    timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    checkResponse: extraBoolean(conn, 'check_response') ?? true,
    retries: extraNumber(conn, 'retries'),
    retryDelayMs: retryDelaySeconds === undefined ? undefined : retryDelaySeconds * 1000,
    unsupported: unsupportedOptions(conn.extra),
  };
}

/** fetch refuses URLs with credentials: `http://user:pass@host` becomes basic auth on `http://host`. */
function splitUserInfo(url: string): { baseUrl: string; userInfo: string | null } {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@(.*)$/i.exec(url);
  if (!match) return { baseUrl: url, userInfo: null };
  const [, scheme, credentials, rest] = match as unknown as [string, string, string, string];
  const [user = '', password = ''] = credentials.split(/:(.*)/s).map((part) => decodeURIComponent(part));
  return { baseUrl: `${scheme}${rest}`, userInfo: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

function authorizationHeader(conn: ConnectionInfo): string | null {
  const authType = extraString(conn, 'auth_type')?.toLowerCase();
  const bearerToken = extraString(conn, 'bearer_token');
  if (authType === 'bearer' || (authType === undefined && bearerToken)) {
    const token = bearerToken ?? conn.password;
    if (!token) throw connectionError(conn, 'bearer auth needs the token in the password or in extra.bearer_token');
    return `Bearer ${token}`;
  }
  if (authType !== undefined && authType !== 'basic') {
    throw connectionError(conn, `extra.auth_type '${authType}' is not supported: use 'basic' (login and password) or 'bearer'`);
  }
  if (conn.login) return `Basic ${Buffer.from(`${conn.login}:${conn.password ?? ''}`).toString('base64')}`;
  if (authType === 'basic') throw connectionError(conn, 'basic auth needs a login (and a password)');
  return null;
}
