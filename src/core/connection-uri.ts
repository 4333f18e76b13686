/**
 * Connection URIs with Airflow's exact semantics, so URIs written for Airflow
 * (`AIRFLOW_CONN_*`, `airflow connections add --conn-uri`, exports) mean the same here:
 *
 *   conn-type://login:password@host:port/schema?param=value&param2=value2
 *
 * - each part is percent-decoded; `+` is a space in the query only
 * - the scheme is the conn type with `-` for `_` (`google-cloud-platform` -> `google_cloud_platform`),
 *   and `postgresql` means `postgres`
 * - a host may carry its own protocol: `spark://k8s://100.68.0.1:443` has host `k8s://100.68.0.1`
 * - query parameters become the JSON extra, unless `__extra__` holds the whole extra as JSON text
 * - absent host and schema parse as `''` and absent login/password as null (as Airflow does)
 *
 * Python's `urlsplit` quirks that decide results are reproduced on purpose (the
 * host is lower-cased only up to its first `%`). Pure: no I/O.
 */

export interface ConnectionParts {
  readonly connType: string | null;
  readonly host: string | null;
  readonly login: string | null;
  readonly password: string | null;
  readonly schema: string | null;
  readonly port: number | null;
  /** JSON text of an object, as stored. */
  readonly extra: string | null;
}

export class ConnectionUriError extends Error {
  override name = 'ConnectionUriError';
}

const EXTRA_KEY = '__extra__';

/** The usual cause of a malformed URI: a special character left as it is in a password. */
const ENCODING_HINT = `. If the login or password holds '@', ':', '/', '?' or '#', percent-encode it ('@' as %40, ':' as %3A, '/' as %2F, '?' as %3F, '#' as %23)`;

/** `postgresql` -> `postgres`; `-` -> `_` (URI schemes cannot hold `_`). */
export function normalizeConnType(connType: string): string {
  if (connType === 'postgresql') return 'postgres';
  return connType.replace(/-/g, '_');
}

/** Letters, digits and `_ # ! ( ) - . : / \`, 1 to 250 of them (what Airflow accepts as a conn id). */
export function isValidConnId(connId: string): boolean {
  return connId.length <= 250 && /^[\w#!()\-.:/\\]+$/.test(connId);
}

export function parseConnectionUri(uri: string): ConnectionParts {
  const schemes = uri.split('://').length - 1;
  // Messages never repeat the URI: it usually holds a password.
  if (schemes > 2) throw new ConnectionUriError(`invalid connection URI: it has ${schemes} '://', at most two are allowed (type://protocol://host)${ENCODING_HINT}`);
  const hostWithProtocol = schemes === 2;
  const outer = urlsplit(uri);
  const connType = outer.scheme;
  // Only the leading scheme is replaced, so `http://http://host` keeps its host's protocol.
  const rest = uri.replace(`${connType}://`, hostWithProtocol ? '' : '//');
  if (hostWithProtocol) {
    const beforeProtocol = rest.split('://')[0] ?? '';
    if (beforeProtocol.includes('@') || beforeProtocol.includes(':')) {
      throw new ConnectionUriError(`invalid connection URI: a host with its own protocol (type://protocol://host) takes its login and password after the protocol${ENCODING_HINT}`);
    }
  }
  const parts = urlsplit(rest);
  const protocol = hostWithProtocol ? parts.scheme : null;
  const host = hostOf(parts.netloc);
  const { username, password } = userinfoOf(parts.netloc);
  const quotedSchema = parts.path.slice(1);
  let extra: string | null = null;
  if (parts.query) {
    const query = Object.fromEntries(parseQsl(parts.query));
    extra = EXTRA_KEY in query ? (query[EXTRA_KEY] as string) : JSON.stringify(query);
  }
  return {
    connType: normalizeConnType(connType),
    host: host && protocol ? `${protocol}://${host}` : host,
    login: username ? unquote(username) : username,
    // An empty password is no password (Airflow's setter ignores falsy values).
    password: password ? unquote(password) : null,
    schema: quotedSchema ? unquote(quotedSchema) : quotedSchema,
    port: portOf(parts.netloc),
    extra,
  };
}

/** The Airflow URI of a connection; `parseConnectionUri` of it gives the same parts back. */
export function connectionToUri(conn: Omit<ConnectionParts, 'extra'> & { readonly extra?: string | null }): string {
  let uri = conn.connType ? `${conn.connType.toLowerCase().replace(/_/g, '-')}://` : '//';
  let protocol: string | null = null;
  let host = conn.host;
  if (host && host.includes('://')) {
    const at = host.indexOf('://');
    protocol = host.slice(0, at);
    host = host.slice(at + 3);
  }
  if (protocol) uri += `${protocol}://`;
  let authority = '';
  if (conn.login !== null) authority += quote(conn.login);
  if (conn.password !== null) authority += `:${quote(conn.password)}`;
  if (authority !== '') uri += `${authority}@`;
  let hostBlock = host ? quote(host) : '';
  if (conn.port) hostBlock += hostBlock === '' && authority === '' ? `@:${conn.port}` : `:${conn.port}`;
  if (conn.schema) hostBlock += `/${quote(conn.schema)}`;
  uri += hostBlock;
  if (conn.extra) {
    const sep = conn.schema ? '?' : '/?';
    const flat = flatStringObject(conn.extra);
    uri += sep + (flat ? urlencode(flat) : urlencode([[EXTRA_KEY, conn.extra]]));
  }
  return uri;
}

/** The extra's entries when it is a non-empty JSON object of strings (those fit as plain query params). */
function flatStringObject(extra: string): [string, string][] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(extra);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const entries = Object.entries(parsed);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string')) return null;
  return entries as [string, string][];
}

// ---------------------------------------------------------------- Python's urllib.parse, as far as it matters here

interface SplitUrl {
  readonly scheme: string;
  readonly netloc: string;
  readonly path: string;
  readonly query: string;
}

function urlsplit(url: string): SplitUrl {
  let scheme = '';
  let rest = url;
  const colon = url.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    rest = url.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const ends = ['/', '?', '#'].map((c) => rest.indexOf(c, 2)).filter((i) => i >= 0);
    const end = ends.length > 0 ? Math.min(...ends) : rest.length;
    netloc = rest.slice(2, end);
    rest = rest.slice(end);
    if (netloc.includes('[') !== netloc.includes(']')) throw new ConnectionUriError(`invalid connection URI: an IPv6 host must be written in [brackets]${ENCODING_HINT}`);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  const path = q >= 0 ? rest.slice(0, q) : rest;
  return { scheme, netloc, path, query };
}

function userinfoOf(netloc: string): { username: string | null; password: string | null } {
  const at = netloc.lastIndexOf('@');
  if (at < 0) return { username: null, password: null };
  const info = netloc.slice(0, at);
  const colon = info.indexOf(':');
  return colon < 0 ? { username: info, password: null } : { username: info.slice(0, colon), password: info.slice(colon + 1) };
}

function hostinfoOf(netloc: string): { hostname: string; port: string } {
  const hostinfo = netloc.slice(netloc.lastIndexOf('@') + 1);
  const open = hostinfo.indexOf('[');
  if (open >= 0) {
    const bracketed = hostinfo.slice(open + 1);
    const close = bracketed.indexOf(']');
    const hostname = close >= 0 ? bracketed.slice(0, close) : bracketed;
    const after = close >= 0 ? bracketed.slice(close + 1) : '';
    const colon = after.indexOf(':');
    return { hostname, port: colon >= 0 ? after.slice(colon + 1) : '' };
  }
  const colon = hostinfo.indexOf(':');
  return colon < 0 ? { hostname: hostinfo, port: '' } : { hostname: hostinfo.slice(0, colon), port: hostinfo.slice(colon + 1) };
}

/** Airflow's host: `urlsplit().hostname` decoded, or the raw netloc's host when that holds a `/`. */
function hostOf(netloc: string): string {
  const { hostname } = hostinfoOf(netloc);
  // urlsplit lower-cases the hostname only before a `%` (an IPv6 zone id follows it).
  const percent = hostname.indexOf('%');
  const pyHostname = percent < 0 ? hostname.toLowerCase() : hostname.slice(0, percent).toLowerCase() + hostname.slice(percent);
  let host = unquote(pyHostname);
  if (host.includes('/')) {
    let raw = netloc;
    if (raw.includes('@')) raw = raw.slice(raw.lastIndexOf('@') + 1);
    if (raw.includes(':')) raw = raw.slice(0, raw.indexOf(':'));
    host = unquote(raw);
  }
  return host;
}

function portOf(netloc: string): number | null {
  const { port } = hostinfoOf(netloc);
  if (!port) return null;
  if (!/^[0-9]+$/.test(port)) throw new ConnectionUriError(`invalid connection URI: what follows the host's ':' is not a port number${ENCODING_HINT}`);
  const n = Number(port);
  if (n > 65535) throw new ConnectionUriError(`invalid connection URI: the port ${n} is out of range 0-65535`);
  return n;
}

function parseQsl(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const item of query.split('&')) {
    if (!item) continue;
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    pairs.push([unquote(name.replace(/\+/g, ' ')), unquote(value.replace(/\+/g, ' '))]);
  }
  return pairs;
}

/** Percent-decoding as UTF-8; a malformed escape stays as written and bad bytes become U+FFFD (as Python). */
export function unquote(text: string): string {
  if (!text.includes('%')) return text;
  const decoder = new TextDecoder();
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return decoder.decode(bytes);
  });
}

/** Python's `quote(text, safe='')`: everything but letters, digits and `_.-~` is escaped. */
export function quote(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function urlencode(pairs: readonly (readonly [string, string])[]): string {
  const plus = (s: string) => quote(s).replace(/%20/g, '+');
  return pairs.map(([k, v]) => `${plus(k)}=${plus(v)}`).join('&');
}
