/**
 * `updraft connections add|get|list|delete|import|export|test`: how tasks reach outside
 * systems. URIs follow Airflow exactly (see core/connection-uri.ts). Files use
 * Airflow's JSON: an object keyed by conn id whose values are either a URI string
 * or `{"conn_type", "description", "host", "login", "password", "schema", "port", "extra"}`.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import type { UpdraftConfig } from '../../config/config.js';
import { ConnectionUriError, connectionToUri, isValidConnId, normalizeConnType, parseConnectionUri } from '../../core/connection-uri.js';
import { TESTABLE_CONN_TYPES, testConnection } from '../../hooks/connection-test.js';
import { maskedConnection } from '../../services/connections.js';
import { MASK } from '../../services/secret-masking.js';
import type { Connection, ConnectionInput } from '../../store/types.js';
import { exportJson, note, readJsonObject, renderRecord, withApp, withOutput, writeText } from '../command-helpers.js';
import { renderRows, type OutputFormat } from '../output.js';

function checkConnId(connId: string): void {
  if (!isValidConnId(connId)) {
    throw new Error(`'${connId}' is not a valid connection id: use 1-250 letters, digits and _ # ! ( ) - . : / \\`);
  }
}

/** Extra is JSON text of an object, as in Airflow. */
function checkExtra(extra: string, what: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(extra);
  } catch {
    throw new Error(`${what}: the extra is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${what}: the extra must be a JSON object`);
  return extra;
}

function parsePort(value: unknown, what: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${what}: the port must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}

/** The URI of a connection for display: masked values read `***`, not `%2A%2A%2A`. */
function displayUri(conn: Parameters<typeof connectionToUri>[0]): string {
  return connectionToUri(conn).replace(/%2A%2A%2A/g, MASK);
}

function display<C extends Pick<Connection, 'password' | 'extra'>>(conn: C, showSecrets: boolean): C {
  return showSecrets ? conn : maskedConnection(conn);
}

export interface ConnectionAddOptions {
  connUri?: string;
  connType?: string;
  connHost?: string;
  connLogin?: string;
  connPassword?: string;
  connSchema?: string;
  connPort?: string;
  connExtra?: string;
  connDescription?: string;
}

export function connectionFromOptions(connId: string, o: ConnectionAddOptions): ConnectionInput {
  const fields = [o.connType, o.connHost, o.connLogin, o.connPassword, o.connSchema, o.connPort, o.connExtra];
  const description = o.connDescription ?? null;
  if (o.connUri !== undefined) {
    if (fields.some((f) => f !== undefined)) {
      throw new Error('give either --conn-uri or --conn-type with --conn-host/--conn-login/--conn-password/--conn-schema/--conn-port/--conn-extra, not both');
    }
    let parts;
    try {
      parts = parseConnectionUri(o.connUri);
    } catch (error) {
      if (!(error instanceof ConnectionUriError)) throw error;
      throw new Error(`connection '${connId}': --conn-uri: ${error.message}`);
    }
    if (!parts.connType) throw new Error(`connection '${connId}': --conn-uri has no connection type: write it as type://login:password@host:port/schema`);
    if (parts.extra !== null) checkExtra(parts.extra, `connection '${connId}'`);
    return { connId, description, ...parts, connType: parts.connType };
  }
  if (o.connType === undefined) throw new Error('give --conn-uri, or --conn-type (with optional --conn-host, --conn-login, ...)');
  return {
    connId,
    connType: normalizeConnType(o.connType),
    description,
    host: o.connHost ?? null,
    login: o.connLogin ?? null,
    password: o.connPassword ?? null,
    schema: o.connSchema ?? null,
    port: parsePort(o.connPort, '--conn-port'),
    extra: o.connExtra === undefined ? null : checkExtra(o.connExtra, '--conn-extra'),
  };
}

const FILE_KEYS = ['conn_id', 'conn_type', 'description', 'host', 'login', 'password', 'schema', 'port', 'extra', 'uri', 'extra_dejson'];

/** One value of an import file: a URI string, or an object of Airflow's connection fields. */
export function connectionFromFile(connId: string, value: unknown): ConnectionInput {
  const what = `connection '${connId}'`;
  if (typeof value === 'string') return connectionFromOptions(connId, { connUri: value });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what}: give a URI string or an object of fields`);
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).filter((k) => !FILE_KEYS.includes(k));
  if (unknown.length > 0) throw new Error(`${what}: unknown field(s) ${unknown.join(', ')}; the fields are ${FILE_KEYS.join(', ')}`);
  if (v.conn_id !== undefined && v.conn_id !== connId) throw new Error(`${what}: its "conn_id" says '${String(v.conn_id)}'`);
  if (v.extra !== undefined && v.extra_dejson !== undefined) throw new Error(`${what}: give "extra" or "extra_dejson", not both`);
  const text = (field: string): string | null => {
    const x = v[field];
    if (x === undefined || x === null) return null;
    if (typeof x !== 'string') throw new Error(`${what}: "${field}" must be a string`);
    return x;
  };
  const description = text('description');
  if (v.uri !== undefined) {
    const others = Object.keys(v).filter((k) => !['uri', 'conn_id', 'description'].includes(k));
    if (others.length > 0) throw new Error(`${what}: "uri" cannot be combined with ${others.join(', ')}`);
    return { ...connectionFromOptions(connId, { connUri: text('uri') ?? '' }), description };
  }
  const rawExtra = v.extra_dejson ?? v.extra;
  const extra = rawExtra === undefined || rawExtra === null ? null : typeof rawExtra === 'string' ? rawExtra : JSON.stringify(rawExtra);
  const connType = text('conn_type');
  if (!connType) throw new Error(`${what}: "conn_type" is missing`);
  return {
    connId,
    connType: normalizeConnType(connType),
    description,
    host: text('host'),
    login: text('login'),
    password: text('password') || null,
    schema: text('schema'),
    port: parsePort(v.port, what),
    extra: extra === null || extra === '' ? null : checkExtra(extra, what),
  };
}

/** Airflow's CLI refuses unless core.test_connection is Enabled: testing makes this machine connect wherever the connection points. */
function checkTestingEnabled(config: UpdraftConfig): void {
  if (config.testConnection === 'Enabled') return;
  const file = config.configFile ?? join(config.home, 'updraft.toml');
  const inFile = file.endsWith('.toml') ? `test_connection = "Enabled" under [core] in ${file}` : `core: {test_connection: Enabled} in ${file}`;
  throw new Error(`testing connections is disabled (core.test_connection is ${config.testConnection}): enable it with UPDRAFT__CORE__TEST_CONNECTION=Enabled, or ${inFile}`);
}

/** A server's words may quote what it was sent: never let the password through. */
function withoutPassword(message: string, password: string | null): string {
  if (!password) return message;
  return message.replaceAll(password, MASK).replaceAll(encodeURIComponent(password), MASK);
}

export function registerConnectionsCommands(program: Command): void {
  const connections = program.command('connections').description('Manage connections: how tasks reach databases, APIs and other systems');

  connections
    .command('add')
    .description('Add a connection from a URI (type://login:password@host:port/schema?extra=...) or from its fields')
    .argument('<conn_id>')
    .option('--conn-uri <uri>', 'the whole connection as an Airflow URI')
    .option('--conn-type <type>', 'connection type, e.g. postgres, http, aws')
    .option('--conn-host <host>')
    .option('--conn-login <login>')
    .option('--conn-password <password>')
    .option('--conn-schema <schema>')
    .option('--conn-port <port>')
    .option('--conn-extra <json>', 'extra settings as a JSON object')
    .option('--conn-description <text>')
    .action(async (connId: string, options: ConnectionAddOptions) => {
      checkConnId(connId);
      const input = connectionFromOptions(connId, options);
      await withApp(async ({ store }) => {
        if (await store.connections.get(connId)) throw new Error(`connection '${connId}' already exists: delete it first, or import with --overwrite`);
        const saved = await store.connections.upsert(input);
        console.log(`Added connection ${connId}: ${displayUri(display(saved, false))}`);
      });
    });

  withOutput(connections.command('get'))
    .description('Show one connection as tasks see it: from the secrets backends in order (local file, UPDRAFT_CONN_<ID>, the database), with its source; password and secret-looking extras masked unless --show-secrets')
    .argument('<conn_id>')
    .option('--show-secrets', 'print the password and extras in clear')
    .action(async (connId: string, options: { showSecrets?: boolean; output: OutputFormat }) =>
      withApp(async ({ secrets }) => {
        const found = await secrets.getConnection(connId);
        if (!found) throw new Error(`connection '${connId}' does not exist: see 'updraft connections list'`);
        const conn = display(found.connection, options.showSecrets ?? false);
        const record = {
          conn_id: conn.connId,
          conn_type: conn.connType,
          description: conn.description,
          host: conn.host,
          schema: conn.schema,
          login: conn.login,
          password: conn.password,
          port: conn.port,
          extra: conn.extra,
          uri: options.showSecrets ? connectionToUri(conn) : displayUri(conn),
          source: found.source,
        };
        console.log(renderRecord(record, options.output));
      }),
    );

  withOutput(connections.command('list'))
    .description('List connections (without passwords or extras)')
    .action(async (options: { output: OutputFormat }) =>
      withApp(async ({ store }) => {
        const { items } = await store.connections.list({ orderBy: 'connId' });
        const rows = items.map((c) => ({ conn_id: c.connId, conn_type: c.connType, host: c.host, port: c.port, schema: c.schema, login: c.login, description: c.description }));
        console.log(renderRows(rows, ['conn_id', 'conn_type', 'host', 'port', 'schema', 'login', 'description'], options.output));
      }),
    );

  connections
    .command('delete')
    .description('Delete a connection')
    .argument('<conn_id>')
    .action(async (connId: string) =>
      withApp(async ({ store }) => {
        if (!(await store.connections.delete(connId))) throw new Error(`connection '${connId}' does not exist: see 'updraft connections list'`);
        console.log(`Deleted connection ${connId}`);
      }),
    );

  connections
    .command('import')
    .description('Import connections from a JSON file keyed by conn id (Airflow\'s format; "-" reads stdin)')
    .argument('<file>')
    .option('--overwrite', 'replace connections that already exist (default: skip them)')
    .action(async (file: string, options: { overwrite?: boolean }) => {
      const inputs = Object.entries(readJsonObject(file)).map(([connId, value]) => {
        checkConnId(connId);
        try {
          return connectionFromFile(connId, value);
        } catch (error) {
          throw new Error(`${file}: ${(error as Error).message}; nothing was imported`);
        }
      });
      await withApp(async ({ store }) => {
        const skipped: string[] = [];
        await store.transaction(async (tx) => {
          for (const input of inputs) {
            if (!options.overwrite && (await tx.connections.get(input.connId))) skipped.push(input.connId);
            else await tx.connections.upsert(input);
          }
        });
        console.log(`Imported ${inputs.length - skipped.length} connection(s) from ${file}`);
        if (skipped.length > 0) console.log(`Skipped ${skipped.join(', ')}: already exist (use --overwrite to replace them)`);
      });
    });

  connections
    .command('export')
    .description('Export all connections to a JSON file keyed by conn id ("-" writes to stdout); it holds passwords in clear, so the file is written with mode 0600')
    .argument('<file>')
    .option('--format <format>', 'json (an object of fields per connection) or uri (one URI per connection)', 'json')
    .action(async (file: string, options: { format: string }) => {
      if (options.format !== 'json' && options.format !== 'uri') throw new Error(`--format must be json or uri, not '${options.format}'`);
      await withApp(async ({ store }) => {
        const { items } = await store.connections.list({ orderBy: 'connId' });
        const data = Object.fromEntries(
          items.map((c) => [
            c.connId,
            options.format === 'uri'
              ? connectionToUri(c)
              : { conn_type: c.connType, description: c.description, login: c.login, password: c.password, host: c.host, port: c.port, schema: c.schema, extra: c.extra },
          ]),
        );
        const where = writeText(file, exportJson(data), { private: true });
        note(file === '-', `Exported ${items.length} connection(s) to ${where}`);
      });
    });

  connections
    .command('test')
    .description(
      'Test a connection as tasks see it (local file, UPDRAFT_CONN_<ID>, the database) by connecting once; exits 1 if it fails. ' +
        `Needs core.test_connection = Enabled (UPDRAFT__CORE__TEST_CONNECTION=Enabled). Testable types: ${TESTABLE_CONN_TYPES.join(', ')}`,
    )
    .argument('<conn_id>')
    .action(async (connId: string) =>
      withApp(async ({ config, secrets }) => {
        checkTestingEnabled(config);
        const found = await secrets.getConnection(connId);
        if (!found) throw new Error(`connection '${connId}' does not exist: see 'updraft connections list'`);
        const conn = found.connection;
        if (!TESTABLE_CONN_TYPES.includes(normalizeConnType(conn.connType))) {
          throw new Error(`connection '${connId}' is of type '${conn.connType}', which cannot be tested: the testable types are ${TESTABLE_CONN_TYPES.join(', ')}`);
        }
        console.log(`Retrieving connection: '${connId}' (from ${found.source})\n\nTesting...`);
        const result = await testConnection({ ...conn, isEncrypted: false, isExtraEncrypted: false });
        if (result.ok) {
          console.log('\nConnection success!');
        } else {
          console.log(`\nConnection failed!\n${withoutPassword(result.message, conn.password)}`);
          process.exitCode = 1;
        }
      }),
    );
}
