/**
 * XComs: small JSON values passed between tasks, one row per (task instance, key).
 * Size is checked before writing: the metadata database is not a blob store, and a
 * 100 MB XCom would slow every query that touches the table.
 */
import type { Selectable } from 'kysely';
import type { JsonValue } from '../../core/dag-spec.js';
import type { TaskInstanceKey, XComEntry } from '../../core/run-model.js';
import { StoreError } from '../errors.js';
import type { DagRunKey, XComKey, XComRepository } from '../store.js';
import type { Codec } from './codec.js';
import { changed } from './context.js';
import type { RepoContext } from './context.js';
import type { XComTable } from './schema.js';

export const DEFAULT_MAX_XCOM_BYTES = 1024 * 1024;

function toEntry(row: Selectable<XComTable>, c: Codec): XComEntry {
  return {
    dagId: row.dag_id,
    runId: row.run_id,
    taskId: row.task_id,
    mapIndex: row.map_index,
    key: row.key,
    value: c.fromJson<JsonValue>(row.value),
    timestamp: c.toDate(row.timestamp),
  };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export class KyselyXComRepository implements XComRepository {
  constructor(
    private readonly ctx: RepoContext,
    private readonly maxBytes: number,
  ) {}

  async set(entry: XComEntry): Promise<void> {
    const c = this.ctx.codec;
    const text = JSON.stringify(entry.value);
    if (text === undefined) {
      throw new StoreError('invalid', `XCom "${entry.key}" of task "${entry.taskId}" (DAG "${entry.dagId}") is not JSON-serializable`);
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.maxBytes) {
      throw new StoreError(
        'too_large',
        `XCom "${entry.key}" of task "${entry.taskId}"${entry.mapIndex >= 0 ? ` [map index ${entry.mapIndex}]` : ''} ` +
          `in run "${entry.runId}" of DAG "${entry.dagId}" is ${formatBytes(bytes)} (${bytes} bytes), over the limit of ` +
          `${formatBytes(this.maxBytes)} (${this.maxBytes} bytes). Store large data elsewhere (a file or object store) ` +
          `and return a reference to it, or raise the XCom size limit.`,
      );
    }
    // Checked first: a foreign-key violation would abort the caller's transaction in PostgreSQL.
    const ti = await this.ctx.db
      .selectFrom('task_instance')
      .select('task_id')
      .where('dag_id', '=', entry.dagId)
      .where('run_id', '=', entry.runId)
      .where('task_id', '=', entry.taskId)
      .where('map_index', '=', entry.mapIndex)
      .executeTakeFirst();
    if (!ti) {
      throw new StoreError(
        'not_found',
        `cannot store XCom "${entry.key}": task "${entry.taskId}" [map index ${entry.mapIndex}] has no instance in run "${entry.runId}" of DAG "${entry.dagId}"`,
      );
    }
    const values = { value: text, timestamp: c.time(entry.timestamp) };
    await this.ctx.db
      .insertInto('xcom')
      .values({ dag_id: entry.dagId, run_id: entry.runId, task_id: entry.taskId, map_index: entry.mapIndex, key: entry.key, ...values })
      .onConflict((oc) => oc.columns(['dag_id', 'run_id', 'task_id', 'map_index', 'key']).doUpdateSet(values))
      .execute();
  }

  async get(key: XComKey): Promise<XComEntry | null> {
    const row = await this.ctx.db
      .selectFrom('xcom')
      .selectAll()
      .where('dag_id', '=', key.dagId)
      .where('run_id', '=', key.runId)
      .where('task_id', '=', key.taskId)
      .where('map_index', '=', key.mapIndex)
      .where('key', '=', key.key)
      .executeTakeFirst();
    return row ? toEntry(row, this.ctx.codec) : null;
  }

  async listForTi(ti: TaskInstanceKey): Promise<XComEntry[]> {
    const rows = await this.ctx.db
      .selectFrom('xcom')
      .selectAll()
      .where('dag_id', '=', ti.dagId)
      .where('run_id', '=', ti.runId)
      .where('task_id', '=', ti.taskId)
      .where('map_index', '=', ti.mapIndex)
      .orderBy('key')
      .execute();
    return rows.map((r) => toEntry(r, this.ctx.codec));
  }

  async listForRun(run: DagRunKey & { readonly taskId?: string }): Promise<XComEntry[]> {
    let query = this.ctx.db.selectFrom('xcom').selectAll().where('dag_id', '=', run.dagId).where('run_id', '=', run.runId);
    if (run.taskId !== undefined) query = query.where('task_id', '=', run.taskId);
    const rows = await query.orderBy('task_id').orderBy('map_index').orderBy('key').execute();
    return rows.map((r) => toEntry(r, this.ctx.codec));
  }

  async deleteForTi(ti: TaskInstanceKey): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('xcom')
      .where('dag_id', '=', ti.dagId)
      .where('run_id', '=', ti.runId)
      .where('task_id', '=', ti.taskId)
      .where('map_index', '=', ti.mapIndex)
      .executeTakeFirst();
    return changed(result);
  }
}
