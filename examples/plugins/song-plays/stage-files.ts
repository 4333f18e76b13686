/**
 * Staging: the downloaded files, line by line, into the staging tables, in one
 * transaction (the previous staging of the day is replaced whole, or not at
 * all). A file is streamed (read a line, keep at most one INSERT's worth of
 * rows), so a day of millions of events takes the memory of a thousand. The
 * hook gets no `log`: it would write every batch statement to the task log;
 * progress is logged here instead.
 */
import { readdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TaskContext } from 'updraft';
import { sqlHook } from 'updraft/hooks';
import { BatchInsert, transaction, type Transaction } from './batch-insert.js';
import { eventsFileOf, songsFolderOf } from './records.js';
import type { RunPlan } from './run-plan.js';
import { stagedEvent, stagedSong, type Staged } from './staged-rows.js';
import { CLEAR_STAGED_EVENTS, CLEAR_STAGED_SONGS, RECORD_LOAD_AUDIT, STAGED_EVENT_COLUMNS, STAGED_SONG_COLUMNS } from './warehouse-sql.js';

export interface StagedFile {
  readonly file: string;
  /** Lines read (blank lines included). */
  readonly lines: number;
  readonly staged: number;
  /** Lines that were not a record (each logged, up to a few). */
  readonly unreadable: number;
}

export interface StagedSongs {
  readonly files: number;
  readonly songs: number;
  readonly unreadable: number;
}

const PROBLEMS_LOGGED = 5;
const PROGRESS_EVERY = 200_000;

/** The day's event log into staging_events (replacing the day), and what was read into load_audit. */
export async function stageEvents(plan: RunPlan, ctx: TaskContext): Promise<StagedFile> {
  const file = eventsFileOf(plan.dayDir, plan.day);
  return withWarehouse(plan, ctx, async (db) => {
    await db.run(CLEAR_STAGED_EVENTS, { ds: plan.day });
    const insert = new BatchInsert(db, 'staging_events', STAGED_EVENT_COLUMNS);
    const read = await streamFile(file, insert, (line) => stagedEvent(line, plan.day), ctx);
    await insert.flush();
    const audit = { ds: plan.day, file, lines: read.lines, staged: read.staged, unreadable: read.unreadable };
    await db.run(RECORD_LOAD_AUDIT, audit);
    ctx.log.info(`Staged ${read.staged} events of ${file} (${read.lines} lines, ${read.unreadable} unreadable)`);
    return read;
  });
}

/** Every file under song_data/ into staging_songs (the dataset is small and changes rarely: reloaded whole). */
export async function stageSongs(plan: RunPlan, ctx: TaskContext): Promise<StagedSongs> {
  const folder = songsFolderOf(plan.dayDir);
  const files = (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  if (files.length === 0) throw new Error(`no song files (*.json) under ${folder}: is the source's song_data/ folder empty?`);
  return withWarehouse(plan, ctx, async (db) => {
    await db.run(CLEAR_STAGED_SONGS);
    const insert = new BatchInsert(db, 'staging_songs', STAGED_SONG_COLUMNS);
    let unreadable = 0;
    for (const file of files) unreadable += (await streamFile(file, insert, stagedSong, ctx)).unreadable;
    await insert.flush(); // after the last file: small files share statements
    ctx.log.info(`Staged ${insert.rows} songs from ${files.length} files (${unreadable} unreadable lines)`);
    return { files: files.length, songs: insert.rows, unreadable };
  });
}

/** `work` in one transaction on the plan's warehouse. */
async function withWarehouse<T>(plan: RunPlan, ctx: TaskContext, work: (db: Transaction) => Promise<T>): Promise<T> {
  const db = await sqlHook(ctx.connections, plan.warehouse, { signal: ctx.signal });
  try {
    return await transaction(db, work);
  } finally {
    await db.close();
  }
}

/** Reads `file` a line at a time, adding each record to `insert` (the caller flushes); blank lines are skipped, other non-records counted. */
async function streamFile(file: string, insert: BatchInsert, parse: (line: string) => Staged, ctx: TaskContext): Promise<StagedFile> {
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  let unreadable = 0;
  let staged = 0;
  try {
    for await (const line of lines) {
      count += 1;
      if (line.trim() === '') continue;
      const parsed = parse(line);
      if ('problem' in parsed) {
        unreadable += 1;
        if (unreadable <= PROBLEMS_LOGGED) ctx.log.warn(`${file} line ${count}: ${parsed.problem}`);
        continue;
      }
      await insert.add(parsed.row);
      staged += 1;
      if (count % PROGRESS_EVERY === 0) ctx.log.info(`${file}: ${count} lines read`);
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (unreadable > PROBLEMS_LOGGED) ctx.log.warn(`${file}: ${unreadable - PROBLEMS_LOGGED} more unreadable lines`);
  return { file, lines: count, staged, unreadable };
}
