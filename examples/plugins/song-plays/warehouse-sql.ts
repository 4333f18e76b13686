/**
 * The warehouse's SQL: the star schema of the Data Labs seed (fact `songplays`;
 * dimensions `users`, `songs`, `artists`, `time`), the staging tables the raw
 * records land in, and each step's statements.
 *
 * Written once for SQLite and PostgreSQL alike: `CREATE ... IF NOT EXISTS`,
 * `INSERT ... ON CONFLICT (key) DO UPDATE` upserts, window functions, and
 * timestamps as 'YYYY-MM-DD HH:MM:SS.mmm' in UTC (text that sorts as time in
 * SQLite, a TIMESTAMP in PostgreSQL). The breakdown of a timestamp into hour,
 * week... is computed while staging (the two databases spell it differently).
 *
 * Named parameters (`:ds`, `:from`, `:until`) are bound by the hooks and
 * operators, never pasted in.
 */

export const CREATE_TABLES = `
  -- Staging: the raw records of the run's day, as read from the files.
  CREATE TABLE IF NOT EXISTS staging_events (
    ds TEXT NOT NULL, event_id TEXT, ts BIGINT, start_time TIMESTAMP,
    hour SMALLINT, day SMALLINT, week SMALLINT, month SMALLINT, year SMALLINT, weekday SMALLINT,
    user_id INTEGER, first_name TEXT, last_name TEXT, gender TEXT, level TEXT,
    song TEXT, artist TEXT, length DOUBLE PRECISION,
    session_id INTEGER, item_in_session INTEGER, location TEXT, user_agent TEXT, page TEXT);
  CREATE INDEX IF NOT EXISTS staging_events_by_day ON staging_events (ds, page);
  CREATE TABLE IF NOT EXISTS staging_songs (
    song_id TEXT, title TEXT, artist_id TEXT, artist_name TEXT, artist_location TEXT,
    artist_latitude DOUBLE PRECISION, artist_longitude DOUBLE PRECISION, year INTEGER, duration DOUBLE PRECISION);
  CREATE INDEX IF NOT EXISTS staging_songs_by_title ON staging_songs (title, artist_name);
  -- What each day's staging read: the quality checks hold it to account.
  CREATE TABLE IF NOT EXISTS load_audit (
    ds TEXT PRIMARY KEY, events_file TEXT, lines INTEGER, staged INTEGER, unreadable INTEGER);

  -- The star schema. No NOT NULL on the fact's keys: the quality checks are the contract,
  -- so a bad day fails with a readable reason and can be fixed and run again.
  CREATE TABLE IF NOT EXISTS songplays (
    songplay_id TEXT PRIMARY KEY, start_time TIMESTAMP, user_id INTEGER, level TEXT,
    song_id TEXT, artist_id TEXT, session_id INTEGER, location TEXT, user_agent TEXT);
  CREATE INDEX IF NOT EXISTS songplays_by_start_time ON songplays (start_time);
  CREATE TABLE IF NOT EXISTS users (
    user_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, gender TEXT, level TEXT,
    last_seen TIMESTAMP);
  CREATE TABLE IF NOT EXISTS songs (
    song_id TEXT PRIMARY KEY, title TEXT, artist_id TEXT, year INTEGER, duration DOUBLE PRECISION);
  CREATE TABLE IF NOT EXISTS artists (
    artist_id TEXT PRIMARY KEY, name TEXT, location TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION);
  CREATE TABLE IF NOT EXISTS time (
    start_time TIMESTAMP PRIMARY KEY, hour SMALLINT, day SMALLINT, week SMALLINT, month SMALLINT,
    year SMALLINT, weekday SMALLINT);

  -- The model: plays per hour of the day and subscription level.
  CREATE TABLE IF NOT EXISTS plays_by_hour (
    ds TEXT NOT NULL, hour SMALLINT NOT NULL, level TEXT NOT NULL, plays INTEGER, listeners INTEGER,
    PRIMARY KEY (ds, hour, level));`;

/** The columns of staging_events, in the order the staging step writes them. */
export const STAGED_EVENT_COLUMNS = [
  'ds', 'event_id', 'ts', 'start_time', 'hour', 'day', 'week', 'month', 'year', 'weekday',
  'user_id', 'first_name', 'last_name', 'gender', 'level', 'song', 'artist', 'length',
  'session_id', 'item_in_session', 'location', 'user_agent', 'page',
] as const;

export const STAGED_SONG_COLUMNS = [
  'song_id', 'title', 'artist_id', 'artist_name', 'artist_location', 'artist_latitude', 'artist_longitude', 'year', 'duration',
] as const;

export const CLEAR_STAGED_EVENTS = 'DELETE FROM staging_events WHERE ds = :ds';
export const CLEAR_STAGED_SONGS = 'DELETE FROM staging_songs';

export const RECORD_LOAD_AUDIT = `
  DELETE FROM load_audit WHERE ds = :ds;
  INSERT INTO load_audit (ds, events_file, lines, staged, unreadable) VALUES (:ds, :file, :lines, :staged, :unreadable)`;

export const CLEAN_STAGING = `
  -- Only song plays feed the star schema: drop page views, logins, upgrades...
  DELETE FROM staging_events WHERE ds = :ds AND (page IS NULL OR page <> 'NextSong');
  -- The song dataset writes "unknown" as year 0 and as an empty location: store NULL, which SQL skips.
  UPDATE staging_songs SET year = NULL WHERE year = 0;
  UPDATE staging_songs SET artist_location = NULL WHERE TRIM(artist_location) = '';`;

/**
 * The day's plays, replacing whatever an earlier run of the day loaded: one
 * transaction, so readers see the old day or the new one, never half of it.
 * A line the log shipper sent twice is the same play: ON CONFLICT keeps one.
 * A song is matched on its title and artist (the log has no song ids), once
 * even if the dataset lists it twice.
 */
export const LOAD_SONGPLAYS = `
  DELETE FROM songplays WHERE start_time >= :from AND start_time < :until;
  INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent)
  SELECT e.event_id, e.start_time, e.user_id, e.level, s.song_id, s.artist_id, e.session_id, e.location, e.user_agent
  FROM staging_events e
  LEFT JOIN (SELECT title, artist_name, MIN(song_id) AS song_id, MIN(artist_id) AS artist_id
             FROM staging_songs GROUP BY title, artist_name) s
    ON s.title = e.song AND s.artist_name = e.artist
  WHERE e.ds = :ds AND e.page = 'NextSong' AND e.start_time >= :from AND e.start_time < :until
  ON CONFLICT (songplay_id) DO NOTHING;`;

/** Each user as of their last play of the day; re-running an older day never undoes a newer level. */
export const LOAD_USERS = `
  INSERT INTO users (user_id, first_name, last_name, gender, level, last_seen)
  SELECT user_id, first_name, last_name, gender, level, start_time FROM (
    SELECT user_id, first_name, last_name, gender, level, start_time,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC, item_in_session DESC) AS newest
    FROM staging_events WHERE ds = :ds AND page = 'NextSong' AND user_id IS NOT NULL) latest
  WHERE newest = 1
  ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
    gender = excluded.gender, level = excluded.level, last_seen = excluded.last_seen
  WHERE users.last_seen IS NULL OR users.last_seen <= excluded.last_seen`;

export const LOAD_SONGS = `
  INSERT INTO songs (song_id, title, artist_id, year, duration)
  SELECT song_id, MIN(title), MIN(artist_id), MIN(year), MIN(duration) FROM staging_songs
  WHERE song_id IS NOT NULL GROUP BY song_id
  ON CONFLICT (song_id) DO UPDATE SET title = excluded.title, artist_id = excluded.artist_id,
    year = excluded.year, duration = excluded.duration`;

export const LOAD_ARTISTS = `
  INSERT INTO artists (artist_id, name, location, latitude, longitude)
  SELECT artist_id, MIN(artist_name), MIN(artist_location), MIN(artist_latitude), MIN(artist_longitude) FROM staging_songs
  WHERE artist_id IS NOT NULL GROUP BY artist_id
  ON CONFLICT (artist_id) DO UPDATE SET name = excluded.name, location = excluded.location,
    latitude = excluded.latitude, longitude = excluded.longitude`;

export const LOAD_TIME = `
  DELETE FROM time WHERE start_time >= :from AND start_time < :until;
  INSERT INTO time (start_time, hour, day, week, month, year, weekday)
  SELECT DISTINCT start_time, hour, day, week, month, year, weekday FROM staging_events
  WHERE ds = :ds AND page = 'NextSong' AND start_time >= :from AND start_time < :until`;

/** Row counts: each column must come out true (sqlCheck names the ones that do not). */
export const CHECK_ROW_COUNTS = `
  SELECT
    (SELECT COUNT(*) FROM songplays WHERE start_time >= :from AND start_time < :until) > 0 AS the_day_has_plays,
    (SELECT COUNT(*) FROM songplays WHERE start_time >= :from AND start_time < :until)
      = (SELECT COUNT(DISTINCT event_id) FROM staging_events WHERE ds = :ds AND page = 'NextSong') AS every_play_of_the_day_is_loaded,
    (SELECT COUNT(*) FROM songs) > 0 AS songs_are_loaded,
    (SELECT COUNT(*) FROM artists) > 0 AS artists_are_loaded`;

/** Referential integrity of the day's plays (a play of a song the dataset lacks has no song: allowed). */
export const CHECK_REFERENCES = `
  SELECT
    (SELECT COUNT(*) FROM songplays p LEFT JOIN users u ON u.user_id = p.user_id
      WHERE p.start_time >= :from AND p.start_time < :until AND u.user_id IS NULL) = 0 AS every_play_has_a_user,
    (SELECT COUNT(*) FROM songplays p LEFT JOIN songs s ON s.song_id = p.song_id
      WHERE p.start_time >= :from AND p.start_time < :until AND p.song_id IS NOT NULL AND s.song_id IS NULL) = 0 AS every_song_is_known,
    (SELECT COUNT(*) FROM songplays p LEFT JOIN artists a ON a.artist_id = p.artist_id
      WHERE p.start_time >= :from AND p.start_time < :until AND p.artist_id IS NOT NULL AND a.artist_id IS NULL) = 0 AS every_artist_is_known,
    (SELECT COUNT(*) FROM songplays p LEFT JOIN time t ON t.start_time = p.start_time
      WHERE p.start_time >= :from AND p.start_time < :until AND t.start_time IS NULL) = 0 AS every_start_time_is_in_time`;

export const MODEL_PLAYS_BY_HOUR = `
  DELETE FROM plays_by_hour WHERE ds = :ds;
  INSERT INTO plays_by_hour (ds, hour, level, plays, listeners)
  SELECT CAST(:ds AS TEXT), t.hour, p.level, COUNT(*), COUNT(DISTINCT p.user_id)
  FROM songplays p JOIN time t ON t.start_time = p.start_time
  WHERE p.start_time >= :from AND p.start_time < :until
  GROUP BY t.hour, p.level`;

export const READ_PLAYS_BY_HOUR = 'SELECT hour, level, plays FROM plays_by_hour WHERE ds = :ds ORDER BY hour, level';

export const READ_DAY_TOTALS = `
  SELECT COUNT(*) AS plays, COUNT(DISTINCT user_id) AS listeners,
         SUM(CASE WHEN level = 'paid' THEN 1 ELSE 0 END) AS paid_plays,
         SUM(CASE WHEN song_id IS NOT NULL THEN 1 ELSE 0 END) AS matched_plays
  FROM songplays WHERE start_time >= :from AND start_time < :until`;

export const READ_TOP_SONGS = `
  SELECT s.title, a.name AS artist, COUNT(*) AS plays
  FROM songplays p JOIN songs s ON s.song_id = p.song_id JOIN artists a ON a.artist_id = p.artist_id
  WHERE p.start_time >= :from AND p.start_time < :until
  GROUP BY s.title, a.name ORDER BY plays DESC, s.title LIMIT 5`;

export const READ_TABLE_SIZES = `
  SELECT (SELECT COUNT(*) FROM songplays) AS songplays, (SELECT COUNT(*) FROM users) AS users,
         (SELECT COUNT(*) FROM songs) AS songs, (SELECT COUNT(*) FROM artists) AS artists,
         (SELECT COUNT(*) FROM time) AS time`;
