/** Import errors: DAG files that failed to load, at most one current error per file. */
import type { ImportErrorRepository, Page, PageRequest, Sort } from '../store.js';
import type { ImportError } from '../types.js';
import { changed, inTransaction } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';

const SORT_COLUMNS = { fileloc: 'fileloc', timestamp: 'timestamp' } as const;

export class KyselyImportErrorRepository implements ImportErrorRepository {
  constructor(private readonly ctx: RepoContext) {}

  async replaceForFile(
    fileloc: string,
    error: { readonly message: string; readonly stacktrace: string | null; readonly timestamp: Date } | null,
  ): Promise<void> {
    await inTransaction(this.ctx.db, async (trx) => {
      await trx.deleteFrom('import_error').where('fileloc', '=', fileloc).execute();
      if (error) {
        await trx
          .insertInto('import_error')
          .values({ fileloc, message: error.message, stacktrace: error.stacktrace, timestamp: this.ctx.codec.time(error.timestamp) })
          .execute();
      }
    });
  }

  async removeMissing(existingFilelocs: readonly string[]): Promise<number> {
    let query = this.ctx.db.deleteFrom('import_error');
    if (existingFilelocs.length > 0) query = query.where('fileloc', 'not in', existingFilelocs);
    return changed(await query.executeTakeFirst());
  }

  async list(page: PageRequest & { readonly orderBy?: Sort<'fileloc' | 'timestamp'> } = {}): Promise<Page<ImportError>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(page);
    const sort = parseSort(page.orderBy, SORT_COLUMNS, 'fileloc');
    return pageOf(
      bounds,
      async () => {
        const query = db.selectFrom('import_error').selectAll().orderBy(sort.column, sort.direction).orderBy('id');
        return (await applyPage(query, bounds).execute()).map((row) => ({
          id: row.id,
          fileloc: row.fileloc,
          message: row.message,
          stacktrace: row.stacktrace,
          timestamp: c.toDate(row.timestamp),
        }));
      },
      async () => (await db.selectFrom('import_error').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    );
  }
}
