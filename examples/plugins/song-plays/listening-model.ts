/**
 * The model step: plays per hour of the day and subscription level,
 * materialized in `plays_by_hour` for the day (replacing an earlier run's),
 * and summed up as the task's XCom: the figures the report publishes.
 */
import type { TaskContext } from 'updraft';
import { sqlHook } from 'updraft/hooks';
import type { RunPlan } from './run-plan.js';
import { MODEL_PLAYS_BY_HOUR, READ_DAY_TOTALS, READ_PLAYS_BY_HOUR, READ_TABLE_SIZES, READ_TOP_SONGS } from './warehouse-sql.js';

export interface HourOfPlays {
  /** 0-23, UTC. */
  readonly hour: number;
  readonly free: number;
  readonly paid: number;
}

export interface TopSong {
  readonly title: string;
  readonly artist: string;
  readonly plays: number;
}

export interface TableSizes {
  readonly songplays: number;
  readonly users: number;
  readonly songs: number;
  readonly artists: number;
  readonly time: number;
}

export interface ListeningModel {
  readonly day: string;
  readonly plays: number;
  readonly listeners: number;
  /** Share of the plays by paying users, 0-1 (3 decimals). */
  readonly paidShare: number;
  /** Share of the plays whose song is in the song dataset, 0-1 (3 decimals). */
  readonly matchedShare: number;
  /** The hour with the most plays (the earliest of ties); null on a day without plays. */
  readonly busiestHour: number | null;
  /** Every hour of the day, in order. */
  readonly byHour: readonly HourOfPlays[];
  readonly topSongs: readonly TopSong[];
  /** Rows in each star-schema table after this run (every day loaded so far). */
  readonly tables: TableSizes;
}

export async function modelPlaysByHour(plan: RunPlan, ctx: TaskContext): Promise<ListeningModel> {
  const db = await sqlHook(ctx.connections, plan.warehouse, { log: ctx.log, signal: ctx.signal });
  try {
    const day = { ds: plan.day, from: plan.from, until: plan.until };
    await db.run(MODEL_PLAYS_BY_HOUR, day);
    const rows = await db.query<{ hour: number; level: string; plays: number }>(READ_PLAYS_BY_HOUR, { ds: plan.day });
    const totals = await db.first<{ plays: number; listeners: number; paid_plays: number | null; matched_plays: number | null }>(READ_DAY_TOTALS, day);
    const topSongs = await db.query<TopSong>(READ_TOP_SONGS, day);
    const tables = (await db.first<TableSizes>(READ_TABLE_SIZES)) as TableSizes;
    const byHour = Array.from({ length: 24 }, (_, hour): HourOfPlays => {
      const plays = (level: string) => rows.find((r) => r.hour === hour && r.level === level)?.plays ?? 0;
      return { hour, free: plays('free'), paid: plays('paid') };
    });
    const plays = totals?.plays ?? 0;
    const busiest = byHour.reduce((best, h) => (h.free + h.paid > best.free + best.paid ? h : best));
    return {
      day: plan.day,
      plays,
      listeners: totals?.listeners ?? 0,
      paidShare: share(totals?.paid_plays ?? 0, plays),
      matchedShare: share(totals?.matched_plays ?? 0, plays),
      busiestHour: plays === 0 ? null : busiest.hour,
      byHour,
      topSongs,
      tables,
    };
  } finally {
    await db.close();
  }
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
}
