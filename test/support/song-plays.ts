/**
 * The song plays example (examples/dags/song_plays_etl.ts) on a real
 * `standalone` with the shipped examples loaded, driven through the typed
 * client: trigger a day, wait for it, read its tasks, logs and report, and
 * what the shipped sample data must load into the star schema, worked out
 * from the files without any SQL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdraftClient } from '../../src/client/index.js';
import { root, waitFor } from './scheduler-harness.js';
import { startStandalone, type Standalone } from './standalone-process.js';

export const DAG_ID = 'song_plays_etl';
export const SAMPLE = join(root, 'examples', 'data', 'song-plays');
export const SAMPLE_DAYS = ['2018-11-01', '2018-11-02', '2018-11-03'] as const;
export const STAR_TABLES = ['songplays', 'users', 'songs', 'artists', 'time'] as const;
export type TableCounts = Record<(typeof STAR_TABLES)[number], number>;

export interface SongPlaysSetup {
  readonly standalone: Standalone;
  readonly client: UpdraftClient;
  /** The standalone's TMPDIR: the built-in sqlite_default.db and the default workdir live here. */
  readonly tmp: string;
  /** The DAG's default workdir under `tmp`. */
  readonly workdir: string;
  close(): Promise<void>;
}

/** A standalone with the examples loaded, paused at creation (so only this example runs), this one unpaused. */
export async function startSongPlays(env: Readonly<Record<string, string>> = {}): Promise<SongPlaysSetup> {
  const tmp = mkdtempSync(join(tmpdir(), 'updraft-song-plays-test-'));
  const standalone = await startStandalone({ loadExamples: true, env: { TMPDIR: tmp, UPDRAFT__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'true', ...env } });
  const client = new UpdraftClient({ baseUrl: standalone.url });
  await client.login('admin', standalone.adminPassword);
  await waitFor(async () => (await client.dags.get(DAG_ID).catch(() => null)) !== null, 30_000, () => `${DAG_ID} to be parsed:\n${standalone.output()}`);
  await client.dags.setPaused(DAG_ID, false);
  return {
    standalone,
    client,
    tmp,
    workdir: join(tmp, 'updraft-song-plays'),
    async close() {
      await standalone.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Triggers the run of `day` (its logical date) with `conf`; returns its run id. */
export async function triggerDay(client: UpdraftClient, day: string, conf: Record<string, unknown> = {}): Promise<string> {
  const run = await client.dagRuns.trigger(DAG_ID, { logical_date: `${day}T00:00:00Z`, dag_run_id: `test__${day}`, conf });
  return run.dag_run_id;
}

/** Follows the run until it ends; returns its final state. */
export async function waitForRun(client: UpdraftClient, runId: string): Promise<string> {
  let state = '';
  for await (const line of client.dagRuns.wait(DAG_ID, runId, { intervalSec: 0.2 })) state = line.state;
  return state;
}

/** task id -> [state, try number]. */
export async function taskStates(client: UpdraftClient, runId: string): Promise<Map<string, readonly [string | null, number]>> {
  const { task_instances } = await client.taskInstances.list(DAG_ID, runId, { limit: 100 });
  return new Map(task_instances.map((ti) => [ti.task_id, [ti.state, ti.try_number] as const]));
}

/** Asserts the run succeeded, naming the tasks that did not when it did not. */
export async function assertSucceeded(setup: SongPlaysSetup, runId: string, state: string): Promise<void> {
  if (state === 'success') return;
  const states = [...(await taskStates(setup.client, runId))].filter(([, [s]]) => s !== 'success' && s !== 'skipped');
  assert.fail(`run ${runId} ended ${state}; tasks: ${JSON.stringify(states)}\n${setup.standalone.output().slice(-4000)}`);
}

/** Triggers every sample day (with its conf), then waits for each to succeed; returns day -> run id. */
export async function loadSampleDays(setup: SongPlaysSetup, confOf: (day: string) => Record<string, unknown> = () => ({})): Promise<Map<string, string>> {
  const runIds = new Map<string, string>();
  // maxActiveRuns 1: the runs queue up and load one day after the other.
  for (const day of SAMPLE_DAYS) runIds.set(day, await triggerDay(setup.client, day, confOf(day)));
  for (const runId of runIds.values()) await assertSucceeded(setup, runId, await waitForRun(setup.client, runId));
  return runIds;
}

/** Clears the whole run of a day (dry_run false), waits for it to succeed again. */
export async function rerun(setup: SongPlaysSetup, runId: string): Promise<void> {
  await setup.client.dagRuns.clear(DAG_ID, runId, { dry_run: false });
  await assertSucceeded(setup, runId, await waitForRun(setup.client, runId));
}

export async function taskLog(client: UpdraftClient, runId: string, taskId: string, tryNumber = 1): Promise<string> {
  return client.taskInstances.logText({ dagId: DAG_ID, runId, taskId }, tryNumber);
}

export function readReport(workdir: string, day: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(workdir, 'reports', `${day}.json`), 'utf8')) as Record<string, unknown>;
}

/** Runs `count` once per star table, e.g. through better-sqlite3 or pg. */
export async function countTables(count: (table: string) => Promise<number> | number): Promise<TableCounts> {
  const counts = {} as TableCounts;
  for (const table of STAR_TABLES) counts[table] = Number(await count(table));
  return counts;
}

/**
 * What `days` of a source folder load: distinct plays (a user's session and
 * item), the users who played, every song and artist of the dataset, and the
 * distinct start times of the plays. Independent of the pipeline's SQL.
 */
export function expectedCounts(source: string, days: readonly string[]): TableCounts & { unmatched: number } {
  const songs = readdirSync(join(source, 'song_data'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => jsonLines(join(source, 'song_data', name)));
  const catalog = new Set(songs.map((s) => `${String(s.title)}\u0000${String(s.artist_name)}`));
  const plays = new Map<string, Record<string, unknown>>();
  for (const day of days) {
    for (const event of jsonLines(join(source, 'log_data', `${day}-events.json`))) {
      if (event.page === 'NextSong') plays.set(`${String(event.userId)}-${String(event.sessionId)}-${String(event.itemInSession)}`, event);
    }
  }
  const all = [...plays.values()];
  return {
    songplays: plays.size,
    users: new Set(all.map((p) => p.userId)).size,
    songs: new Set(songs.map((s) => s.song_id)).size,
    artists: new Set(songs.map((s) => s.artist_id)).size,
    time: new Set(all.map((p) => p.ts)).size,
    unmatched: all.filter((p) => !catalog.has(`${String(p.song)}\u0000${String(p.artist)}`)).length,
  };
}

function jsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
