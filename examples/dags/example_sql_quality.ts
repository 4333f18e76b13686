/**
 * The seeds' ETL into a star schema (Sparkify's song plays), on SQLite so it
 * runs with no setup at all: `sqlite_default` is a SQLite file in the temp
 * folder unless you define that connection (point it at PostgreSQL or MariaDB
 * and adjust the two SQLite-only statements marked below).
 *
 *   create_tables ─┬> stage_events ─┬> load_songplays ─> load_dimensions (users, songs, artists, time)
 *                  └> stage_songs  ─┘   ─> quality_checks (table, columns, orphans, value, interval)
 *                                       ─> top_songs ─> report
 *
 * Each run loads one day ({{ ds }}), replacing what an earlier try loaded for
 * it, then checks the data: a failing check fails its task with a message
 * naming the check and the values it saw.
 */
import { chain, dag, group, sqlCheck, sqlColumnCheck, sqlExecute, sqlIntervalCheck, sqlQuery, sqlTableCheck, sqlValueCheck, task } from 'updraft';

const connId = 'sqlite_default';

export default dag(
  'example_sql_quality',
  {
    schedule: '@daily',
    startDate: '2024-01-01',
    tags: ['example', 'sql', 'seed'],
    description: 'Load a day of song plays into a star schema on SQLite, then check its quality',
    defaultArgs: { retries: 1, retryDelay: '10s' },
  },
  () => {
    const createTables = sqlExecute('create_tables', {
      connId,
      sql: `
        CREATE TABLE IF NOT EXISTS staging_events (ds TEXT, ts INTEGER, user_id INTEGER, first_name TEXT, last_name TEXT, gender TEXT,
          level TEXT, song TEXT, artist TEXT, session_id INTEGER, location TEXT, user_agent TEXT, page TEXT);
        CREATE TABLE IF NOT EXISTS staging_songs (song_id TEXT, title TEXT, artist_id TEXT, artist_name TEXT, artist_location TEXT,
          year INTEGER, duration REAL);
        CREATE TABLE IF NOT EXISTS songplays (songplay_id TEXT PRIMARY KEY, ds TEXT, start_time TEXT, user_id INTEGER, level TEXT,
          song_id TEXT, artist_id TEXT, session_id INTEGER, location TEXT, user_agent TEXT);
        CREATE TABLE IF NOT EXISTS users (user_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, gender TEXT, level TEXT);
        CREATE TABLE IF NOT EXISTS songs (song_id TEXT PRIMARY KEY, title TEXT, artist_id TEXT, year INTEGER, duration REAL);
        CREATE TABLE IF NOT EXISTS artists (artist_id TEXT PRIMARY KEY, name TEXT, location TEXT);
        CREATE TABLE IF NOT EXISTS time (start_time TEXT PRIMARY KEY, hour INTEGER, day INTEGER, week INTEGER, month INTEGER,
          year INTEGER, weekday INTEGER);`,
    });

    // The seeds downloaded these from S3; a day of sample events stands in for them here.
    const stageEvents = sqlExecute('stage_events', {
      connId,
      sql: `
        DELETE FROM staging_events WHERE ds = :ds;
        INSERT INTO staging_events VALUES
          (:ds, strftime('%s', :ds || ' 08:15:00') * 1000, 52, 'Theodore', 'Smith', 'M', 'free', 'Yellow', 'Coldplay', 154, 'Houston, TX', 'Firefox', 'NextSong'),
          (:ds, strftime('%s', :ds || ' 08:19:00') * 1000, 52, 'Theodore', 'Smith', 'M', 'free', 'Clocks', 'Coldplay', 154, 'Houston, TX', 'Firefox', 'NextSong'),
          (:ds, strftime('%s', :ds || ' 21:02:00') * 1000, 8, 'Kaylee', 'Summers', 'F', 'paid', 'Yellow', 'Coldplay', 139, 'Phoenix, AZ', 'Chrome', 'NextSong'),
          (:ds, strftime('%s', :ds || ' 21:05:00') * 1000, 8, 'Kaylee', 'Summers', 'F', 'paid', NULL, NULL, 139, 'Phoenix, AZ', 'Chrome', 'Home');`,
      parameters: { ds: '{{ ds }}' },
    });
    const stageSongs = sqlExecute('stage_songs', {
      connId,
      sql: `
        DELETE FROM staging_songs;
        INSERT INTO staging_songs VALUES
          ('SOYELLOW', 'Yellow', 'ARCOLDPLAY', 'Coldplay', 'London', 2000, 266.8),
          ('SOCLOCKS', 'Clocks', 'ARCOLDPLAY', 'Coldplay', 'London', 2002, 307.9);`,
    });

    const loadSongplays = sqlExecute('load_songplays', {
      connId,
      sql: `
        DELETE FROM songplays WHERE ds = :ds;
        INSERT INTO songplays
        SELECT e.ds || '-' || e.session_id || '-' || e.ts, e.ds, datetime(e.ts / 1000, 'unixepoch'), e.user_id, e.level,
               s.song_id, s.artist_id, e.session_id, e.location, e.user_agent
        FROM staging_events e LEFT JOIN staging_songs s ON e.song = s.title AND e.artist = s.artist_name
        WHERE e.ds = :ds AND e.page = 'NextSong';`,
      parameters: { ds: '{{ ds }}' },
    });

    // SQLite's upsert; PostgreSQL and MariaDB spell it ON CONFLICT / ON DUPLICATE KEY.
    const dimensions = group('load_dimensions', () => [
      sqlExecute('load_users', {
        connId,
        sql: `INSERT OR REPLACE INTO users SELECT user_id, first_name, last_name, gender, level FROM staging_events
              WHERE ds = :ds AND page = 'NextSong' AND user_id IS NOT NULL GROUP BY user_id`,
        parameters: { ds: '{{ ds }}' },
      }),
      sqlExecute('load_songs', { connId, sql: 'INSERT OR REPLACE INTO songs SELECT song_id, title, artist_id, year, duration FROM staging_songs' }),
      sqlExecute('load_artists', {
        connId,
        sql: 'INSERT OR REPLACE INTO artists SELECT artist_id, artist_name, artist_location FROM staging_songs GROUP BY artist_id',
      }),
      sqlExecute('load_time', {
        connId,
        sql: `INSERT OR REPLACE INTO time
              SELECT start_time, strftime('%H', start_time), strftime('%d', start_time), strftime('%W', start_time),
                     strftime('%m', start_time), strftime('%Y', start_time), strftime('%w', start_time)
              FROM songplays WHERE ds = :ds`,
        parameters: { ds: '{{ ds }}' },
      }),
    ]);

    const checks = group('quality_checks', { tooltip: 'Each check fails its task, naming what it found, when the data is wrong' }, () => [
      sqlTableCheck('check_songplays', {
        connId,
        table: 'songplays',
        partitionClause: "ds = '{{ ds }}'",
        checks: {
          row_count: { checkStatement: 'COUNT(*) >= 1' },
          has_song: { checkStatement: 'song_id IS NOT NULL' },
          has_start_time: { checkStatement: 'start_time IS NOT NULL' },
        },
      }),
      sqlColumnCheck('check_users', {
        connId,
        table: 'users',
        columnMapping: {
          user_id: { null_check: { equalTo: 0 }, unique_check: { equalTo: 0 } },
          level: { distinct_check: { leqTo: 2 } },
        },
      }),
      sqlCheck('check_no_orphan_plays', {
        connId,
        sql: `SELECT COUNT(*) = 0 AS every_play_has_a_user FROM songplays p LEFT JOIN users u ON p.user_id = u.user_id
              WHERE p.ds = :ds AND u.user_id IS NULL`,
        parameters: { ds: '{{ ds }}' },
      }),
      sqlValueCheck('check_play_count', {
        connId,
        sql: "SELECT COUNT(*) FROM songplays WHERE ds = '{{ ds }}'",
        passValue: 3,
      }),
      // Against a week earlier: days without data count as 0 and pass (ignoreZero), as on a first run.
      sqlIntervalCheck('check_weekly_volume', {
        connId,
        table: 'songplays',
        metricsThresholds: { 'COUNT(*)': 1.5, 'COUNT(DISTINCT user_id)': 2 },
      }),
    ]);

    const topSongs = sqlQuery<{ title: string; plays: number }>('top_songs', {
      connId,
      sql: `SELECT s.title, COUNT(*) AS plays FROM songplays p JOIN songs s ON p.song_id = s.song_id
            WHERE p.ds = :ds GROUP BY s.title ORDER BY plays DESC, s.title LIMIT 10`,
      parameters: { ds: '{{ ds }}' },
    });

    const report = task('report', { inputs: { topSongs } }, ({ topSongs }, { log, ds }) => {
      for (const { title, plays } of topSongs) log.info(`${ds}: ${title} played ${plays} time${plays === 1 ? '' : 's'}`);
      return topSongs.length;
    });

    chain(createTables, [stageEvents, stageSongs], loadSongplays, dimensions, checks, topSongs, report);
  },
);
