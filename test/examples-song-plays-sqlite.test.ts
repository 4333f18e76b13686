/**
 * The song plays example as shipped, on `standalone` with no connection
 * defined: the warehouse falls back to SQLite (the built-in sqlite_default,
 * in the standalone's temp folder). Three sample days load through both
 * download variants into exact star-schema counts, each day's report is
 * published (S3 skipped: no connection), and running a day again replaces it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { countTables, expectedCounts, loadSampleDays, readReport, rerun, SAMPLE, SAMPLE_DAYS, startSongPlays, taskLog, taskStates, type SongPlaysSetup } from './support/song-plays.js';

/** The shipped sample's star schema after its three days (checked against the files by expectedCounts too). */
const SAMPLE_COUNTS = { songplays: 214, users: 14, songs: 40, artists: 17, time: 214 };

let setup: SongPlaysSetup;
let runIds = new Map<string, string>();

before(async () => {
  setup = await startSongPlays();
});
after(() => setup?.close());

async function warehouse<T>(read: (db: Database.Database) => T | Promise<T>): Promise<T> {
  const db = new Database(join(setup.tmp, 'sqlite_default.db'), { readonly: true });
  try {
    return await read(db);
  } finally {
    db.close();
  }
}

const counts = () => warehouse((db) => countTables((table) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n));

test('three sample days load into SQLite: bash and TypeScript downloads, exact star-schema counts, a report a day', { timeout: 90_000 }, async () => {
  const { client } = setup;
  runIds = await loadSampleDays(setup, (day) => (day === '2018-11-02' ? { download: 'typescript' } : {}));

  assert.ok(existsSync(join(setup.tmp, 'sqlite_default.db')), 'the built-in sqlite_default file in the temp folder');
  const { unmatched, ...fromFiles } = expectedCounts(SAMPLE, SAMPLE_DAYS);
  assert.deepEqual(fromFiles, SAMPLE_COUNTS, 'the sample data has not changed');
  assert.deepEqual(await counts(), SAMPLE_COUNTS);
  assert.equal(await warehouse((db) => (db.prepare('SELECT COUNT(*) AS n FROM songplays WHERE song_id IS NULL').get() as { n: number }).n), unmatched);

  const first = await taskStates(client, runIds.get('2018-11-01') as string);
  const second = await taskStates(client, runIds.get('2018-11-02') as string);
  assert.deepEqual([first.get('download.with_bash')?.[0], first.get('download.with_typescript')?.[0]], ['success', 'skipped']);
  assert.deepEqual([second.get('download.with_bash')?.[0], second.get('download.with_typescript')?.[0]], ['skipped', 'success']);
  assert.equal(first.get('report_missing_events')?.[0], 'skipped', 'all_failed: the sensor succeeded');
  assert.equal(first.get('publish_to_s3')?.[0], 'skipped', 'no song_plays_s3 connection');
  assert.match(await taskLog(client, runIds.get('2018-11-01') as string, 'plan'), /No connection 'song_plays_warehouse': loading 2018-11-01 into SQLite \('sqlite_default'\)/);

  const report = readReport(setup.workdir, '2018-11-02') as { status: string; warehouse: string; events: Record<string, unknown>; model: Record<string, unknown> };
  assert.deepEqual([report.status, report.warehouse], ['loaded', 'sqlite_default']);
  assert.deepEqual({ ...report.events, file: undefined }, { file: undefined, lines: 104, staged: 104, unreadable: 0 });
  const model = report.model as { plays: number; listeners: number; byHour: { free: number; paid: number }[]; topSongs: unknown[]; tables: unknown };
  assert.deepEqual([model.plays, model.listeners], [85, 6]);
  assert.equal(model.byHour.length, 24);
  assert.equal(model.byHour.reduce((sum, h) => sum + h.free + h.paid, 0), 85, 'plays per hour and level add up to the day');
  assert.ok(model.topSongs.length > 0);
  assert.deepEqual((readReport(setup.workdir, '2018-11-03').model as { tables: unknown }).tables, SAMPLE_COUNTS, 'the last day reports the whole warehouse');
});

test('running a day again replaces it: no duplicated plays, the other days untouched', { timeout: 60_000 }, async () => {
  const { client } = setup;
  const runId = runIds.get('2018-11-02');
  assert.ok(runId, 'the first test loaded the days');
  const before = await warehouse((db) => db.prepare("SELECT COUNT(*) AS n FROM songplays WHERE start_time >= '2018-11-02' AND start_time < '2018-11-03'").get());
  await rerun(setup, runId);
  assert.equal((await taskStates(client, runId)).get('load_songplays')?.[1], 2, 'the day loaded a second time');
  assert.deepEqual(await counts(), SAMPLE_COUNTS);
  assert.deepEqual(await warehouse((db) => db.prepare("SELECT COUNT(*) AS n FROM songplays WHERE start_time >= '2018-11-02' AND start_time < '2018-11-03'").get()), before);
  assert.deepEqual(
    await warehouse((db) => db.prepare('SELECT ds, SUM(plays) AS plays FROM plays_by_hour GROUP BY ds ORDER BY ds').all()),
    [
      { ds: '2018-11-01', plays: 59 },
      { ds: '2018-11-02', plays: 85 },
      { ds: '2018-11-03', plays: 70 },
    ],
    'the model holds each day once',
  );
});
