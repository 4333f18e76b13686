/**
 * The song plays example on PostgreSQL: with the `song_plays_warehouse`
 * connection pointing at a database of its own, the same DAG and SQL load the
 * three sample days into the same star-schema counts as on SQLite; with
 * `song_plays_s3` pointing at a local S3 server, each day's report is also
 * published there. Running a day again replaces it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { S3Hook } from '../src/hooks/s3-hook.js';
import { startLocalS3, S3_ACCESS_KEY, S3_SECRET_KEY, type LocalS3 } from '../src/hooks/testing/s3-server.js';
import { countTables, expectedCounts, loadSampleDays, readReport, rerun, SAMPLE, SAMPLE_DAYS, startSongPlays, taskLog, taskStates, type SongPlaysSetup } from './support/song-plays.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const BUCKET = 'song-plays-reports';
let database: TestDatabase;
let s3: LocalS3;
let setup: SongPlaysSetup;
let runIds = new Map<string, string>();

before(async () => {
  database = await createTestDatabase();
  s3 = await startLocalS3([BUCKET]);
  const reports = { conn_type: 'aws', login: S3_ACCESS_KEY, password: S3_SECRET_KEY, extra: { endpoint_url: s3.endpoint, region_name: 'us-east-1', bucket_name: BUCKET } };
  setup = await startSongPlays({ UPDRAFT_CONN_SONG_PLAYS_WAREHOUSE: database.url, UPDRAFT_CONN_SONG_PLAYS_S3: JSON.stringify(reports) });
});
after(async () => {
  await setup?.close();
  await s3?.stop();
  await database?.drop();
});

async function query<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const counts = () => countTables(async (table) => Number((await query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n));

test('three sample days load into PostgreSQL with the same counts as the files say, and each report lands in S3', { timeout: 90_000 }, async () => {
  const { client } = setup;
  runIds = await loadSampleDays(setup, (day) => (day === '2018-11-03' ? { download: 'typescript' } : {}));

  const { unmatched, ...fromFiles } = expectedCounts(SAMPLE, SAMPLE_DAYS);
  assert.deepEqual(await counts(), fromFiles);
  assert.deepEqual(await query('SELECT COUNT(*)::int AS n FROM songplays WHERE song_id IS NULL'), [{ n: unmatched }]);
  assert.deepEqual(
    await query("SELECT ds, SUM(plays)::int AS plays FROM plays_by_hour GROUP BY ds ORDER BY ds"),
    [
      { ds: '2018-11-01', plays: 59 },
      { ds: '2018-11-02', plays: 85 },
      { ds: '2018-11-03', plays: 70 },
    ],
  );
  const runId = runIds.get('2018-11-01') as string;
  assert.match(await taskLog(client, runId, 'plan'), /Loading 2018-11-01 into the warehouse of connection 'song_plays_warehouse'/);
  assert.equal((await taskStates(client, runId)).get('publish_to_s3')?.[0], 'success');

  const hook = new S3Hook({ connId: 'check', connType: 'aws', host: null, schema: null, login: S3_ACCESS_KEY, password: S3_SECRET_KEY, port: null, extra: { endpoint_url: s3.endpoint, region_name: 'us-east-1' } });
  try {
    for (const day of SAMPLE_DAYS) {
      const published = JSON.parse(await hook.getString({ bucket: BUCKET, key: `song-plays/reports/${day}.json` })) as Record<string, unknown>;
      assert.deepEqual(published, readReport(setup.workdir, day), `the ${day} report in S3 is the local one`);
      assert.deepEqual([published.status, published.warehouse], ['loaded', 'song_plays_warehouse']);
    }
  } finally {
    await hook.close();
  }
  const model = readReport(setup.workdir, '2018-11-03').model as { plays: number; tables: unknown };
  assert.deepEqual([model.plays, model.tables], [70, fromFiles]);
});

test('running a day again on PostgreSQL replaces it', { timeout: 60_000 }, async () => {
  const { client } = setup;
  const runId = runIds.get('2018-11-01');
  assert.ok(runId, 'the first test loaded the days');
  const before = await counts();
  await rerun(setup, runId);
  assert.equal((await taskStates(client, runId)).get('load_songplays')?.[1], 2);
  assert.deepEqual(await counts(), before);
});
