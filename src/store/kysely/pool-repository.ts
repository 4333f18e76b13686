/** Pools: named slot budgets that cap how many task instances run at once. */
import type { Selectable } from 'kysely';
import { StoreError } from '../errors.js';
import type { Page, PageRequest, PoolRepository, Sort } from '../store.js';
import { DEFAULT_POOL_NAME } from '../types.js';
import type { Pool } from '../types.js';
import { changed } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { SlotPoolTable } from './schema.js';

const SORT_COLUMNS = { name: 'pool', slots: 'slots' } as const;

export class KyselyPoolRepository implements PoolRepository {
  constructor(private readonly ctx: RepoContext) {}

  private toPool(row: Selectable<SlotPoolTable>): Pool {
    return {
      name: row.pool,
      slots: row.slots,
      description: row.description,
      includeDeferred: this.ctx.codec.toBool(row.include_deferred),
    };
  }

  async get(name: string): Promise<Pool | null> {
    const row = await this.ctx.db.selectFrom('slot_pool').selectAll().where('pool', '=', name).executeTakeFirst();
    return row ? this.toPool(row) : null;
  }

  async list(page: PageRequest & { readonly orderBy?: Sort<'name' | 'slots'> } = {}): Promise<Page<Pool>> {
    const db = this.ctx.db;
    const bounds = pageBounds(page);
    const sort = parseSort(page.orderBy, SORT_COLUMNS, 'name');
    return pageOf(
      bounds,
      async () => {
        const query = db.selectFrom('slot_pool').selectAll().orderBy(sort.column, sort.direction).orderBy('pool');
        return (await applyPage(query, bounds).execute()).map((r) => this.toPool(r));
      },
      async () => (await db.selectFrom('slot_pool').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    );
  }

  async upsert(pool: Pool): Promise<Pool> {
    if (!Number.isInteger(pool.slots) || pool.slots < -1) {
      throw new StoreError('invalid', `pool "${pool.name}": slots must be an integer >= 0, or -1 for unlimited; got ${pool.slots}`);
    }
    const values = { slots: pool.slots, description: pool.description, include_deferred: this.ctx.codec.bool(pool.includeDeferred) };
    const row = await this.ctx.db
      .insertInto('slot_pool')
      .values({ pool: pool.name, ...values })
      .onConflict((oc) => oc.column('pool').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.toPool(row);
  }

  async delete(name: string): Promise<boolean> {
    if (name === DEFAULT_POOL_NAME) {
      throw new StoreError('invalid', `the pool "${DEFAULT_POOL_NAME}" cannot be deleted (tasks without a pool use it); change its slots instead`);
    }
    return changed(await this.ctx.db.deleteFrom('slot_pool').where('pool', '=', name).executeTakeFirst()) > 0;
  }
}
