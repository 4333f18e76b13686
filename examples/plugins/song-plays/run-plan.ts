/**
 * What one run of the ETL works on, decided once by its first task and handed
 * to the others as a typed XCom: the day, its bounds as the warehouse compares
 * them, the warehouse connection, and the folders.
 */
import { join } from 'node:path';
import { SQLITE_DEFAULT_CONN_ID } from 'updraft/hooks';
import type { ConnectionInfo, TaskContext } from 'updraft';

/** The warehouse when it is defined (PostgreSQL, or any SQL database); else `sqlite_default`. */
export const WAREHOUSE_CONN_ID = 'song_plays_warehouse';
/** An aws connection (extra.bucket_name, extra.endpoint_url for S3-compatible stores): reports are published there too. */
export const REPORTS_S3_CONN_ID = 'song_plays_s3';

export interface SongPlaysParams {
  readonly source: string;
  readonly workdir: string;
  readonly download: 'bash' | 'typescript';
}

export interface RunPlan {
  /** The day this run loads: its logical date (`ds`), which for scheduled runs is its data interval. */
  readonly day: string;
  /** The day's bounds, 'YYYY-MM-DD HH:MM:SS' in UTC: plays with from <= start_time < until are the day's. */
  readonly from: string;
  readonly until: string;
  /** The connection id of the warehouse to load. */
  readonly warehouse: string;
  /** Where the song dataset and the daily logs come from. */
  readonly source: string;
  /** This day's download: <workdir>/<day>/. */
  readonly dayDir: string;
  /** Where reports are written: <workdir>/reports/. */
  readonly reportsDir: string;
}

export async function planRun(params: SongPlaysParams, ctx: TaskContext): Promise<RunPlan> {
  const day = ctx.ds;
  if (day === null) {
    throw new Error(`DAG '${ctx.dagId}' loads one day of events: trigger it with a logical date, e.g. updraft dags trigger ${ctx.dagId} --logical-date 2018-11-02`);
  }
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const warehouse = (await connectionOrNull(ctx, WAREHOUSE_CONN_ID)) ? WAREHOUSE_CONN_ID : SQLITE_DEFAULT_CONN_ID;
  ctx.log.info(
    warehouse === WAREHOUSE_CONN_ID
      ? `Loading ${day} into the warehouse of connection '${WAREHOUSE_CONN_ID}'`
      : `No connection '${WAREHOUSE_CONN_ID}': loading ${day} into SQLite ('${SQLITE_DEFAULT_CONN_ID}'). ` +
          `Define '${WAREHOUSE_CONN_ID}' (e.g. UPDRAFT_CONN_${WAREHOUSE_CONN_ID.toUpperCase()}=postgres://user:pass@host/db) to load PostgreSQL instead.`,
  );
  return {
    day,
    from: `${day} 00:00:00`,
    until: `${next} 00:00:00`,
    warehouse,
    source: params.source,
    dayDir: join(params.workdir, day),
    reportsDir: join(params.workdir, 'reports'),
  };
}

/** The connection, or null when it is not defined anywhere (a connection that fails to load is an error). */
export async function connectionOrNull(ctx: Pick<TaskContext, 'connections'>, connId: string): Promise<ConnectionInfo | null> {
  try {
    return await ctx.connections.get(connId);
  } catch (error) {
    if (error instanceof Error && /is not defined/.test(error.message)) return null;
    throw error;
  }
}
