/**
 * Whether an error means the metadata database cannot be reached right now (a
 * restart, a failover, a network cut), as opposed to a query that is wrong.
 * Callers answer such an error with "try again shortly" (the API's 503) rather
 * than a crash or a 500: nothing is wrong with the request, and the drivers
 * reconnect on their own once the server is back.
 */

/** Socket errors of the Node runtime when the server is down or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (the
 * server is shutting down, crashed, or not accepting connections yet).
 */
const POSTGRES_UNAVAILABLE = /^(08...|57P0[123])$/;
/** What node-postgres says when the server closes the connection under it. */
const TERMINATED = /Connection terminated|connection timeout|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code))) return true;
  if (TERMINATED.test(error.message)) return true;
  return error.cause !== undefined && error.cause !== error && isDatabaseUnavailable(error.cause);
}
