/** Connections: where and how tasks reach outside systems (Airflow's `Connection`). */
import type { Selectable } from 'kysely';
import type { ConnectionRepository, Page, PageRequest, Sort } from '../store.js';
import type { Connection, ConnectionInput } from '../types.js';
import { changed } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { ConnectionTable } from './schema.js';
import type { Secrets } from './secrets.js';

const SORT_COLUMNS = { connId: 'conn_id', connType: 'conn_type' } as const;

export class KyselyConnectionRepository implements ConnectionRepository {
  constructor(
    private readonly ctx: RepoContext,
    private readonly secrets: Secrets,
  ) {}

  private toConnection(row: Selectable<ConnectionTable>): Connection {
    const c = this.ctx.codec;
    const isEncrypted = c.toBool(row.is_encrypted);
    const isExtraEncrypted = c.toBool(row.is_extra_encrypted);
    return {
      connId: row.conn_id,
      connType: row.conn_type,
      description: row.description,
      host: row.host,
      schema: row.schema,
      login: row.login,
      password: this.secrets.open(row.password, isEncrypted, `the password of connection "${row.conn_id}"`),
      port: row.port,
      extra: this.secrets.open(row.extra, isExtraEncrypted, `the extra of connection "${row.conn_id}"`),
      isEncrypted,
      isExtraEncrypted,
    };
  }

  async get(connId: string): Promise<Connection | null> {
    const row = await this.ctx.db.selectFrom('connection').selectAll().where('conn_id', '=', connId).executeTakeFirst();
    return row ? this.toConnection(row) : null;
  }

  async list(page: PageRequest & { readonly orderBy?: Sort<'connId' | 'connType'> } = {}): Promise<Page<Connection>> {
    const db = this.ctx.db;
    const bounds = pageBounds(page);
    const sort = parseSort(page.orderBy, SORT_COLUMNS, 'connId');
    return pageOf(
      bounds,
      async () => {
        const query = db.selectFrom('connection').selectAll().orderBy(sort.column, sort.direction).orderBy('conn_id');
        return (await applyPage(query, bounds).execute()).map((r) => this.toConnection(r));
      },
      async () => (await db.selectFrom('connection').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    );
  }

  async upsert(connection: ConnectionInput): Promise<Connection> {
    const c = this.ctx.codec;
    const password = this.secrets.seal(connection.password);
    const extra = this.secrets.seal(connection.extra);
    const values = {
      conn_type: connection.connType,
      description: connection.description,
      host: connection.host,
      schema: connection.schema,
      login: connection.login,
      password: password.value,
      port: connection.port,
      extra: extra.value,
      is_encrypted: c.bool(password.encrypted),
      is_extra_encrypted: c.bool(extra.encrypted),
    };
    const row = await this.ctx.db
      .insertInto('connection')
      .values({ conn_id: connection.connId, ...values })
      .onConflict((oc) => oc.column('conn_id').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.toConnection(row);
  }

  async encryptedIds(limit: number): Promise<string[]> {
    const yes = this.ctx.codec.bool(true);
    const rows = await this.ctx.db
      .selectFrom('connection')
      .select('conn_id')
      .where((eb) => eb.or([eb('is_encrypted', '=', yes), eb('is_extra_encrypted', '=', yes)]))
      .orderBy('conn_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.conn_id);
  }

  async delete(connId: string): Promise<boolean> {
    return changed(await this.ctx.db.deleteFrom('connection').where('conn_id', '=', connId).executeTakeFirst()) > 0;
  }
}
