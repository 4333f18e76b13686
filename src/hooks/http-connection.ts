/**
 * An HTTP connection, tested with a GET of its base URL (scheme from the
 * connection's schema or type, host, port), with basic auth from login and
 * password as the HTTP hook sends it. Any answer below 400 passes.
 */
import type { Connection } from '../store/types.js';

export function httpBaseUrl(conn: Connection): string {
  if (!conn.host) throw new Error('An http connection needs a host');
  if (/^https?:\/\//.test(conn.host)) return conn.host;
  const scheme = conn.schema === 'https' || conn.connType === 'https' ? 'https' : 'http';
  return `${scheme}://${conn.host}${conn.port !== null ? `:${conn.port}` : ''}`;
}

export async function testHttpConnection(conn: Connection, timeoutMs: number): Promise<void> {
  const url = httpBaseUrl(conn);
  const headers: Record<string, string> = {};
  if (conn.login) headers.authorization = `Basic ${Buffer.from(`${conn.login}:${conn.password ?? ''}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new Error(`GET ${url} failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  await response.body?.cancel();
  if (response.status >= 400) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
}
