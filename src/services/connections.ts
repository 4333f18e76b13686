/**
 * Connections as the API changes them, with Airflow's rules: the id in a body
 * must match the path, a PATCH changes only the fields it sends (narrowed by an
 * update mask), every change is audited, and what is shown hides the password
 * and the secret-looking keys of the extra.
 */
import { testConnection, type ConnectionTestResult } from '../hooks/connection-test.js';
import type { Page, Store } from '../store/store.js';
import type { Connection, ConnectionInput } from '../store/types.js';
import { audit } from './audit.js';
import type { BulkTarget } from './bulk.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from './errors.js';
import { likeMatcher, pageInMemory } from './list-page.js';
import { MASK, maskedExtra, restoreMaskedExtra } from './secret-masking.js';

/** The fields of Airflow's ConnectionBody, as we store them. */
export type ConnectionFields = ConnectionInput;
export const PATCHABLE_CONNECTION_FIELDS = ['conn_type', 'description', 'host', 'schema', 'login', 'password', 'port', 'extra'] as const;
type Patchable = (typeof PATCHABLE_CONNECTION_FIELDS)[number];
const FIELD_OF: Readonly<Record<Patchable, keyof ConnectionInput>> = {
  conn_type: 'connType',
  description: 'description',
  host: 'host',
  schema: 'schema',
  login: 'login',
  password: 'password',
  port: 'port',
  extra: 'extra',
};

/** A connection for display: the password `***` when set, secret keys of the extra masked. */
export function maskedConnection<C extends Pick<Connection, 'password' | 'extra'>>(conn: C): C {
  return { ...conn, password: conn.password === null ? null : MASK, extra: maskedExtra(conn.extra) };
}

/** Extra is JSON text of an object, as in Airflow; null when not, with the reason. */
export function extraProblem(extra: string | null | undefined): string | null {
  if (extra === null || extra === undefined || extra === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(extra);
  } catch {
    return 'The extra field must be a valid JSON object (e.g., {"key": "value"})';
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? null : 'The extra field must be a valid JSON object (e.g., {"key": "value"})';
}

export async function requireConnection(store: Store, connId: string): Promise<Connection> {
  const conn = await store.connections.get(connId);
  if (!conn) throw new NotFoundError(`The Connection with connection_id: \`${connId}\` was not found`);
  return conn;
}

export async function listConnections(store: Store, request: { readonly idPattern?: string | undefined; readonly sort: string; readonly limit: number; readonly offset: number }): Promise<Page<Connection>> {
  const { items } = await store.connections.list({ orderBy: 'connId' });
  const matches = likeMatcher(request.idPattern);
  return pageInMemory(items, { sort: request.sort, limit: request.limit, offset: request.offset, keep: (c) => matches(c.connId) });
}

export async function createConnection(store: Store, input: ConnectionInput, actor: string, now: Date): Promise<Connection> {
  if (await store.connections.get(input.connId)) throw new ConflictError(`The connection with connection_id: \`${input.connId}\` already exists.`);
  const saved = await store.connections.upsert(input);
  await audit(store, 'connection_create', { owner: actor, extra: JSON.stringify({ connection_id: input.connId }) }, now);
  return saved;
}

/**
 * Changes the `sent` fields (names as in the body) of a connection; with a mask,
 * only those of them the mask names. A mask naming an unknown field is a 400.
 */
export function patchedConnection(current: Connection, input: ConnectionInput, sent: readonly string[], mask: readonly string[] | null): ConnectionInput {
  const unknown = (mask ?? []).filter((f) => !(PATCHABLE_CONNECTION_FIELDS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new BadRequestError(`Invalid field(s) in update mask: ${unknown.join(', ')}; use ${PATCHABLE_CONNECTION_FIELDS.join(', ')}`);
  const fields = (mask ?? sent).filter((f): f is Patchable => (PATCHABLE_CONNECTION_FIELDS as readonly string[]).includes(f));
  const out: Record<string, unknown> = {
    connId: current.connId,
    connType: current.connType,
    description: current.description,
    host: current.host,
    schema: current.schema,
    login: current.login,
    password: current.password,
    port: current.port,
    extra: current.extra,
  };
  for (const field of fields) {
    // A client echoing back the masked password (or masked extra values) it was shown keeps the real ones.
    if (field === 'password' && input.password === MASK) continue;
    out[FIELD_OF[field]] = field === 'extra' ? restoreMaskedExtra(input.extra, current.extra) : input[FIELD_OF[field]];
  }
  return out as unknown as ConnectionInput;
}

export async function updateConnection(store: Store, connId: string, input: ConnectionInput, sent: readonly string[], mask: readonly string[] | null, actor: string, now: Date): Promise<Connection> {
  if (input.connId !== connId) throw new BadRequestError(`The connection_id in the request body ('${input.connId}') does not match the one in the path ('${connId}')`);
  const current = await requireConnection(store, connId);
  const saved = await store.connections.upsert(patchedConnection(current, input, sent, mask));
  await audit(store, 'connection_edit', { owner: actor, extra: JSON.stringify({ connection_id: connId, fields: mask ?? sent }) }, now);
  return saved;
}

export async function deleteConnection(store: Store, connId: string, actor: string, now: Date): Promise<void> {
  if (!(await store.connections.delete(connId))) throw new NotFoundError(`The Connection with connection_id: \`${connId}\` was not found`);
  await audit(store, 'connection_delete', { owner: actor, extra: JSON.stringify({ connection_id: connId }) }, now);
}

/** A connection in a bulk body: its fields, and which of them the body sent (an update changes only those). */
export interface ConnectionBulkEntity {
  readonly input: ConnectionInput;
  readonly sent: readonly string[];
}

export const CONNECTIONS_BULK: BulkTarget<ConnectionBulkEntity> = {
  noun: 'connections',
  keyOf: (c) => c.input.connId,
  exists: async (store, key) => (await store.connections.get(key)) !== null,
  create: async (store, c) => {
    await store.connections.upsert(c.input);
  },
  update: async (store, c, mask) => {
    const current = await requireConnection(store, c.input.connId);
    await store.connections.upsert(patchedConnection(current, c.input, c.sent, mask));
  },
  delete: async (store, key) => {
    if (!(await store.connections.delete(key))) throw new NotFoundError(`The Connection with connection_id: \`${key}\` was not found`);
  },
};

/**
 * Tests a connection as a form describes it, without saving it. Airflow's rule:
 * only where `core.test_connection` is Enabled. A form for a saved connection
 * that leaves the password blank (or echoes `***`, also for masked extra values)
 * is tested with the saved ones,
 * so "Test" works on the edit page, where the password is never shown.
 */
export async function testConnectionSettings(
  store: Store,
  input: ConnectionInput,
  setting: 'Disabled' | 'Enabled' | 'Hidden',
  actor: string,
  now: Date,
): Promise<ConnectionTestResult> {
  if (setting !== 'Enabled') {
    throw new ForbiddenError(`Testing connections is disabled (core.test_connection is ${setting}): set UPDRAFT__CORE__TEST_CONNECTION=Enabled to allow it`);
  }
  const saved = await store.connections.get(input.connId);
  const password = input.password === MASK ? (saved?.password ?? null) : (input.password ?? saved?.password ?? null);
  const extra = restoreMaskedExtra(input.extra, saved?.extra ?? null);
  const result = await testConnection({ ...input, password, extra, isEncrypted: false, isExtraEncrypted: false });
  await audit(store, 'connection_test', { owner: actor, extra: JSON.stringify({ connection_id: input.connId, conn_type: input.connType, ok: result.ok }) }, now);
  return result;
}
