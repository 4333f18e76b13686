/** Variables: key/value strings for DAG authors (Airflow's `Variable`). */
import type { Selectable } from 'kysely';
import type { Page, PageRequest, Sort, VariableInput, VariableRepository } from '../store.js';
import type { Variable } from '../types.js';
import { changed } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { VariableTable } from './schema.js';
import type { Secrets } from './secrets.js';

export class KyselyVariableRepository implements VariableRepository {
  constructor(
    private readonly ctx: RepoContext,
    private readonly secrets: Secrets,
  ) {}

  private toVariable(row: Selectable<VariableTable>): Variable {
    const isEncrypted = this.ctx.codec.toBool(row.is_encrypted);
    return {
      key: row.key,
      value: this.secrets.open(row.val, isEncrypted, `variable "${row.key}"`) ?? '',
      description: row.description,
      isEncrypted,
      isSecret: this.ctx.codec.toBool(row.is_secret),
    };
  }

  async get(key: string): Promise<Variable | null> {
    const row = await this.ctx.db.selectFrom('variable').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? this.toVariable(row) : null;
  }

  async set(variable: VariableInput): Promise<Variable> {
    const sealed = this.secrets.seal(variable.value);
    const values = {
      val: sealed.value ?? '',
      is_encrypted: this.ctx.codec.bool(sealed.encrypted),
      // Leaving the description out keeps the current one, as `airflow variables set` does.
      ...(variable.description !== undefined ? { description: variable.description } : {}),
      ...(variable.isSecret !== undefined ? { is_secret: this.ctx.codec.bool(variable.isSecret) } : {}),
    };
    const row = await this.ctx.db
      .insertInto('variable')
      .values({ key: variable.key, description: null, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.toVariable(row);
  }

  async delete(key: string): Promise<boolean> {
    return changed(await this.ctx.db.deleteFrom('variable').where('key', '=', key).executeTakeFirst()) > 0;
  }

  async encryptedKeys(limit: number): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('variable')
      .select('key')
      .where('is_encrypted', '=', this.ctx.codec.bool(true))
      .orderBy('key')
      .limit(limit)
      .execute();
    return rows.map((r) => r.key);
  }

  async list(page: PageRequest & { readonly orderBy?: Sort<'key'> } = {}): Promise<Page<Variable>> {
    const db = this.ctx.db;
    const bounds = pageBounds(page);
    const sort = parseSort(page.orderBy, { key: 'key' } as const, 'key');
    return pageOf(
      bounds,
      async () => (await applyPage(db.selectFrom('variable').selectAll().orderBy(sort.column, sort.direction), bounds).execute()).map((r) => this.toVariable(r)),
      async () => (await db.selectFrom('variable').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    );
  }
}
