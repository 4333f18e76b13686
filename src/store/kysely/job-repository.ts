/**
 * Jobs: Updraft processes that heartbeat (scheduler, DAG processor, triggerer, worker, API server).
 *
 *   register -> running --heartbeat--> running --markEnded--> success | failed
 *
 * A heartbeat on an ended job does nothing and returns false: the process should stop.
 */
import type { Selectable } from 'kysely';
import type { JobRepository } from '../store.js';
import type { Job, JobKind, JobLoopTime, JobState } from '../types.js';
import type { Codec } from './codec.js';
import { changed } from './context.js';
import type { RepoContext } from './context.js';
import type { JobTable } from './schema.js';

function toJob(row: Selectable<JobTable>, c: Codec): Job {
  return {
    id: row.id,
    kind: row.job_type as JobKind,
    hostname: row.hostname,
    pid: row.pid,
    state: row.state as JobState,
    startedAt: c.toDate(row.start_date),
    latestHeartbeat: c.toDate(row.latest_heartbeat),
    endedAt: c.toDateOrNull(row.end_date),
    loop: row.loop_last_ms === null || row.loop_avg_ms === null ? null : { lastMs: Number(row.loop_last_ms), avgMs: Number(row.loop_avg_ms) },
  };
}

export class KyselyJobRepository implements JobRepository {
  constructor(private readonly ctx: RepoContext) {}

  async register(job: { readonly kind: JobKind; readonly hostname: string; readonly pid: number }, now: Date): Promise<Job> {
    const c = this.ctx.codec;
    const row = await this.ctx.db
      .insertInto('job')
      .values({ job_type: job.kind, hostname: job.hostname, pid: job.pid, state: 'running', start_date: c.time(now), latest_heartbeat: c.time(now) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJob(row, c);
  }

  async heartbeat(id: number, now: Date, loop?: JobLoopTime): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('job')
      .set({ latest_heartbeat: this.ctx.codec.time(now), ...(loop ? { loop_last_ms: loop.lastMs, loop_avg_ms: loop.avgMs } : {}) })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async get(id: number): Promise<Job | null> {
    const row = await this.ctx.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toJob(row, this.ctx.codec) : null;
  }

  async list(filter: { readonly kind?: JobKind; readonly state?: JobState; readonly heartbeatSince?: Date } = {}): Promise<Job[]> {
    const c = this.ctx.codec;
    let query = this.ctx.db.selectFrom('job').selectAll();
    if (filter.kind !== undefined) query = query.where('job_type', '=', filter.kind);
    if (filter.state !== undefined) query = query.where('state', '=', filter.state);
    if (filter.heartbeatSince) query = query.where('latest_heartbeat', '>=', c.time(filter.heartbeatSince));
    const rows = await query.orderBy('id', 'desc').execute();
    return rows.map((r) => toJob(r, c));
  }

  async markEnded(id: number, state: Exclude<JobState, 'running'>, now: Date): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('job')
      .set({ state, end_date: this.ctx.codec.time(now) })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return changed(result) > 0;
  }
}
