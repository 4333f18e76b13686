/**
 * The song plays example's data: the shipped sample is exactly what the
 * generator writes with the options its README gives; generated days hold the
 * asked number of events, in time order, inside their day; and staging reads a
 * line into a row, leniently (a bad field becomes NULL for the checks to
 * catch), refusing only lines that are not JSON objects.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateSongPlays } from '../examples/plugins/song-plays/generate-song-plays.js';
import type { LogEvent } from '../examples/plugins/song-plays/records.js';
import { stagedEvent, stagedSong } from '../examples/plugins/song-plays/staged-rows.js';
import { STAGED_EVENT_COLUMNS } from '../examples/plugins/song-plays/warehouse-sql.js';
import { SAMPLE } from './support/song-plays.js';

const out = mkdtempSync(join(tmpdir(), 'updraft-song-plays-data-'));
after(() => rmSync(out, { recursive: true, force: true }));

const files = (root: string) => (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.json')).sort();

test('the shipped sample is what the generator writes with the README options, byte for byte', async () => {
  const folder = join(out, 'sample');
  await generateSongPlays({ out: folder, firstDay: '2018-11-01', days: 3, eventsPerDay: 100, songs: 40, users: 24, seed: 2018, duplicateRate: 0.02 });
  assert.deepEqual(files(folder), files(SAMPLE));
  for (const file of files(SAMPLE)) assert.equal(readFileSync(join(folder, file), 'utf8'), readFileSync(join(SAMPLE, file), 'utf8'), file);
  assert.match(readFileSync(join(SAMPLE, 'README.md'), 'utf8'), /--days 3 --events-per-day 100 --songs 40 --users 24 --seed 2018 --duplicate-rate 0\.02/);
});

test('a generated day has the events asked for, in time order, inside the day, in the seed\'s shape', async () => {
  const folder = join(out, 'volume');
  const result = await generateSongPlays({ out: folder, firstDay: '2018-11-05', days: 1, eventsPerDay: 20_000, songs: 300, users: 100, seed: 7, songsPerFile: 100 });
  assert.deepEqual([result.songs, result.songFiles, result.days[0]?.events], [300, 3, 20_000]);
  const lines = readFileSync(join(folder, 'log_data', '2018-11-05-events.json'), 'utf8').trim().split('\n');
  assert.equal(lines.length, result.days[0]?.lines);
  const events = lines.map((line) => JSON.parse(line) as LogEvent);
  const start = Date.parse('2018-11-05T00:00:00Z');
  assert.ok(events.every((e, i) => e.ts >= start && e.ts < start + 86_400_000 && (i === 0 || e.ts >= (events[i - 1] as LogEvent).ts)));
  assert.deepEqual(Object.keys(events[0] as LogEvent), [
    'artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location',
    'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId',
  ]);
  const plays = events.filter((e) => e.page === 'NextSong');
  assert.equal(new Set(plays.map((p) => `${p.userId}-${p.sessionId}-${p.itemInSession}`)).size, result.days[0]?.plays, 'plays, less the lines written twice');
  assert.ok(plays.every((p) => p.userId !== '' && p.song !== null && p.length !== null), 'every play has a user and a song');
});

test('staging reads an event into a row with its time broken down, and a bad field into NULL', () => {
  const play = { artist: 'Casual', auth: 'Logged In', firstName: 'Theodore', gender: 'M', itemInSession: 3, lastName: 'Smith', length: 218.93179, level: 'free', location: 'Houston, TX', method: 'PUT', page: 'NextSong', registration: 1540306145796.0, sessionId: 154, song: "I Didn't Mean To", status: 200, ts: 1541290555796, userAgent: 'Firefox', userId: '52' };
  const staged = stagedEvent(JSON.stringify(play), '2018-11-04');
  assert.ok('row' in staged);
  const row = Object.fromEntries(STAGED_EVENT_COLUMNS.map((column, i) => [column, staged.row[i]]));
  assert.deepEqual(row, {
    ds: '2018-11-04', event_id: '52-154-3', ts: 1541290555796, start_time: '2018-11-04 00:15:55.796',
    hour: 0, day: 4, week: 44, month: 11, year: 2018, weekday: 0,
    user_id: 52, first_name: 'Theodore', last_name: 'Smith', gender: 'M', level: 'free', song: "I Didn't Mean To", artist: 'Casual', length: 218.93179,
    session_id: 154, item_in_session: 3, location: 'Houston, TX', user_agent: 'Firefox', page: 'NextSong',
  });
  const bad = stagedEvent(JSON.stringify({ ...play, userId: '', ts: 'yesterday' }), '2018-11-04');
  assert.ok('row' in bad);
  assert.deepEqual([bad.row[STAGED_EVENT_COLUMNS.indexOf('user_id')], bad.row[STAGED_EVENT_COLUMNS.indexOf('start_time')]], [null, null]);
});

test('staging refuses, with the reason, what is not a JSON object', () => {
  assert.deepEqual(stagedEvent('[1, 2]', '2018-11-04'), { problem: 'not a JSON object but a list' });
  const cut = stagedEvent('{"artist":"Casual","auth":"Logg', '2018-11-04');
  assert.ok('problem' in cut && cut.problem.startsWith('not JSON ('), JSON.stringify(cut));
  assert.deepEqual(stagedSong('{"title": "no id"}'), { problem: 'the song has no song_id' });
});
