/**
 * DAGs and their versions.
 *
 *   file parsed ──> dag row upserted (is_active = true)
 *                   hash == latest version's hash ? nothing : new dag_version (n + 1)
 *   file no longer defines it / file deleted ──> is_active = false (history kept)
 */
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { DagSpec } from '../../core/dag-spec.js';
import { scheduleSummary, hashDagVersion } from '../dag-hash.js';
import type { DagFileSync, DagFilter, DagRepository, DagTagFilter, DagSyncResult, NextDagrunInfo, Page } from '../store.js';
import type { DagModel, DagVersion } from '../types.js';
import type { Codec } from './codec.js';
import { changed, inTransaction } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf, parseSort } from './paging.js';
import type { Database, DagTable, DagVersionTable } from './schema.js';

const SORT_COLUMNS = { dagId: 'dag_id', lastParsedAt: 'last_parsed_at', nextDagrunAt: 'next_dagrun' } as const;

type DagRow = Selectable<DagTable> & { has_import_errors: unknown };

function toDagModel(row: DagRow, tags: readonly string[], c: Codec): DagModel {
  const start = c.toDateOrNull(row.next_dagrun_data_interval_start);
  const end = c.toDateOrNull(row.next_dagrun_data_interval_end);
  return {
    dagId: row.dag_id,
    isPaused: c.toBool(row.is_paused),
    isActive: c.toBool(row.is_active),
    fileloc: row.fileloc,
    owners: JSON.parse(row.owners) as string[],
    tags,
    description: row.description,
    latestVersionId: row.latest_version_id,
    timetableSummary: row.timetable_summary,
    maxActiveRuns: row.max_active_runs,
    maxActiveTasks: row.max_active_tasks,
    nextDagrunAt: c.toDateOrNull(row.next_dagrun),
    nextDagrunDataInterval: start && end ? { start, end } : null,
    nextDagrunCreateAfter: c.toDateOrNull(row.next_dagrun_create_after),
    lastParsedAt: c.toDateOrNull(row.last_parsed_at),
    hasImportErrors: row.has_import_errors === true || Number(row.has_import_errors) === 1,
  };
}

function toDagVersion(row: Selectable<DagVersionTable>, c: Codec): DagVersion {
  return {
    id: row.id,
    dagId: row.dag_id,
    versionNumber: row.version_number,
    hash: row.hash,
    spec: c.fromJson<DagSpec>(row.spec),
    sourceCode: row.source_code,
    createdAt: c.toDate(row.created_at),
  };
}

/** Task owners in order of first appearance; the DAG's owner when it has no tasks. */
function ownersOf(spec: DagSpec): string[] {
  const owners = [...new Set(spec.tasks.map((t) => t.owner))];
  return owners.length > 0 ? owners : [spec.owner];
}

export class KyselyDagRepository implements DagRepository {
  constructor(private readonly ctx: RepoContext) {}

  private selectDags(db: Kysely<Database>) {
    return db
      .selectFrom('dag')
      .selectAll('dag')
      .select((eb) =>
        eb
          .exists(eb.selectFrom('import_error').select('import_error.id').whereRef('import_error.fileloc', '=', 'dag.fileloc'))
          .as('has_import_errors'),
      );
  }

  private async tagsOf(dagIds: readonly string[]): Promise<Map<string, string[]>> {
    const tags = new Map<string, string[]>();
    if (dagIds.length === 0) return tags;
    const rows = await this.ctx.db.selectFrom('dag_tag').selectAll().where('dag_id', 'in', dagIds).orderBy('name').execute();
    for (const row of rows) tags.set(row.dag_id, [...(tags.get(row.dag_id) ?? []), row.name]);
    return tags;
  }

  async syncFromFile(sync: DagFileSync, now: Date): Promise<DagSyncResult> {
    const c = this.ctx.codec;
    return inTransaction(this.ctx.db, async (trx) => {
      const createdVersions: DagVersion[] = [];
      for (const { spec, hash } of sync.dags) {
        const contentHash = hash ?? hashDagVersion(spec, sync.source);
        const fields = {
          fileloc: sync.fileloc,
          owners: JSON.stringify(ownersOf(spec)),
          description: spec.description,
          timetable_summary: scheduleSummary(spec.schedule),
          max_active_runs: spec.maxActiveRuns,
          max_active_tasks: spec.maxActiveTasks,
          is_active: c.bool(true),
          last_parsed_at: c.time(now),
        };
        // In PostgreSQL the upsert also locks the DAG's row until commit, so two
        // processors syncing the same DAG cannot both create version n + 1.
        await trx
          .insertInto('dag')
          .values({ dag_id: spec.dagId, is_paused: c.bool(spec.isPausedUponCreation ?? sync.pausedAtCreation ?? false), ...fields })
          .onConflict((oc) => oc.column('dag_id').doUpdateSet(fields))
          .execute();

        const latest = await trx
          .selectFrom('dag_version')
          .select(['hash', 'version_number'])
          .where('dag_id', '=', spec.dagId)
          .orderBy('version_number', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (latest?.hash !== contentHash) {
          const row = await trx
            .insertInto('dag_version')
            .values({
              dag_id: spec.dagId,
              version_number: (latest?.version_number ?? 0) + 1,
              hash: contentHash,
              spec: c.json(spec),
              source_code: sync.source,
              created_at: c.time(now),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await trx.updateTable('dag').set({ latest_version_id: row.id }).where('dag_id', '=', spec.dagId).execute();
          createdVersions.push(toDagVersion(row, c));
        }

        await trx.deleteFrom('dag_tag').where('dag_id', '=', spec.dagId).execute();
        const tags = [...new Set(spec.tags)];
        if (tags.length > 0) await trx.insertInto('dag_tag').values(tags.map((name) => ({ dag_id: spec.dagId, name }))).execute();
      }

      const defined = sync.dags.map((d) => d.spec.dagId);
      let gone = trx
        .updateTable('dag')
        .set({ is_active: c.bool(false) })
        .where('fileloc', '=', sync.fileloc)
        .where('is_active', '=', c.bool(true));
      if (defined.length > 0) gone = gone.where('dag_id', 'not in', defined);
      const deactivated = (await gone.returning('dag_id').execute()).map((r) => r.dag_id).sort();
      return { createdVersions, deactivated };
    });
  }

  async deactivateMissing(existingFilelocs: readonly string[]): Promise<string[]> {
    const c = this.ctx.codec;
    let query = this.ctx.db.updateTable('dag').set({ is_active: c.bool(false) }).where('is_active', '=', c.bool(true));
    if (existingFilelocs.length > 0) query = query.where('fileloc', 'not in', existingFilelocs);
    return (await query.returning('dag_id').execute()).map((r) => r.dag_id).sort();
  }

  async get(dagId: string): Promise<DagModel | null> {
    const row = await this.selectDags(this.ctx.db).where('dag.dag_id', '=', dagId).executeTakeFirst();
    if (!row) return null;
    return toDagModel(row, (await this.tagsOf([dagId])).get(dagId) ?? [], this.ctx.codec);
  }

  async list(filter: DagFilter = {}): Promise<Page<DagModel>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(filter);
    const sort = parseSort(filter.orderBy, SORT_COLUMNS, 'dagId');
    const tags = [...new Set(filter.tags ?? [])];
    const matches = (eb: ExpressionBuilder<Database, 'dag'>) => {
      const parts: Expression<SqlBool>[] = [];
      if (filter.dagIdPattern !== undefined) parts.push(eb('dag.dag_id', c.ilike, `%${filter.dagIdPattern}%`));
      if (filter.paused !== undefined) parts.push(eb('dag.is_paused', '=', c.bool(filter.paused)));
      if (filter.active !== undefined) parts.push(eb('dag.is_active', '=', c.bool(filter.active)));
      if (tags.length > 0) {
        const tagged = eb.selectFrom('dag_tag').select('dag_tag.dag_id').where('dag_tag.name', 'in', tags).groupBy('dag_tag.dag_id');
        parts.push(
          eb('dag.dag_id', 'in', filter.tagsMatchMode === 'all' ? tagged.having((h) => h.fn.countAll(), '=', tags.length) : tagged),
        );
      }
      return eb.and(parts);
    };
    return pageOf(
      bounds,
      async () => {
        const query = this.selectDags(db).where(matches).orderBy(`dag.${sort.column}`, sort.direction).orderBy('dag.dag_id');
        const rows = await applyPage(query, bounds).execute();
        const tagsByDag = await this.tagsOf(rows.map((r) => r.dag_id));
        return rows.map((row) => toDagModel(row, tagsByDag.get(row.dag_id) ?? [], c));
      },
      () => this.ctx.counts.count(db.selectFrom('dag').where(matches).select((eb) => eb.fn.countAll<number>().as('n'))),
    );
  }

  async listTags(filter: DagTagFilter = {}): Promise<Page<string>> {
    const { db, codec: c } = this.ctx;
    const bounds = pageBounds(filter);
    const sort = parseSort(filter.orderBy, { name: 'name' } as const, 'name');
    const base = () => {
      const query = db.selectFrom('dag_tag').select('name').distinct();
      return filter.namePattern !== undefined ? query.where('name', c.ilike, `%${filter.namePattern}%`) : query;
    };
    return pageOf(
      bounds,
      async () => (await applyPage(base().orderBy(sort.column, sort.direction), bounds).execute()).map((r) => r.name),
      async () =>
        Number((await db.selectFrom(base().as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    );
  }

  async setPaused(dagId: string, paused: boolean): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('dag')
      .set({ is_paused: this.ctx.codec.bool(paused) })
      .where('dag_id', '=', dagId)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async setNextDagrun(dagId: string, next: NextDagrunInfo): Promise<boolean> {
    const c = this.ctx.codec;
    const result = await this.ctx.db
      .updateTable('dag')
      .set({
        next_dagrun: c.timeOrNull(next.nextDagrunAt),
        next_dagrun_data_interval_start: c.timeOrNull(next.nextDagrunDataInterval?.start),
        next_dagrun_data_interval_end: c.timeOrNull(next.nextDagrunDataInterval?.end),
        next_dagrun_create_after: c.timeOrNull(next.nextDagrunCreateAfter),
      })
      .where('dag_id', '=', dagId)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async delete(dagId: string): Promise<boolean> {
    // Foreign keys cascade to versions, tags, backfills, runs and from runs to TIs, tries, XComs.
    const result = await this.ctx.db.deleteFrom('dag').where('dag_id', '=', dagId).executeTakeFirst();
    return changed(result) > 0;
  }

  async latestVersion(dagId: string): Promise<DagVersion | null> {
    const row = await this.ctx.db
      .selectFrom('dag_version')
      .selectAll()
      .where('dag_id', '=', dagId)
      .orderBy('version_number', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toDagVersion(row, this.ctx.codec) : null;
  }

  async getVersion(id: number): Promise<DagVersion | null> {
    const row = await this.ctx.db.selectFrom('dag_version').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDagVersion(row, this.ctx.codec) : null;
  }

  async listVersions(dagId: string): Promise<DagVersion[]> {
    const rows = await this.ctx.db
      .selectFrom('dag_version')
      .selectAll()
      .where('dag_id', '=', dagId)
      .orderBy('version_number')
      .execute();
    return rows.map((row) => toDagVersion(row, this.ctx.codec));
  }
}
