/**
 * Writes a song dataset and days of event logs in the seed's shapes, from a
 * seed: the same options give the same bytes. The sample data shipped in
 * examples/data/song-plays was written by it (see its README), and the
 * benchmark writes a million events a day with it, streaming to disk:
 *
 *   node --import tsx examples/plugins/song-plays/generate-song-plays.ts \
 *     --out /tmp/song-plays --first-day 2018-11-01 --days 1 --events-per-day 1000000
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { eventsFileOf, songsFolderOf, SONG_PLAY_PAGE, type LogEvent, type SongRecord } from './records.js';
import { SeededRandom } from './seeded-random.js';
import { simulateSongs, simulateUsers } from './simulated-catalog.js';
import { simulateDay } from './simulated-sessions.js';

export interface SongPlaysDataOptions {
  /** The folder to write `song_data/` and `log_data/` into (created if missing). */
  readonly out: string;
  /** The first day, YYYY-MM-DD (UTC). */
  readonly firstDay: string;
  readonly days: number;
  readonly eventsPerDay: number;
  readonly songs: number;
  readonly users: number;
  readonly seed: number;
  /** Songs per file under song_data/ (default 1: the dataset's one small file per song). */
  readonly songsPerFile?: number;
  /** Share of plays of songs the dataset lacks (default 0.1). */
  readonly unknownSongRate?: number;
  /** Share of log lines written twice, as a log shipper that retries does (default 0.001). */
  readonly duplicateRate?: number;
}

export interface GeneratedDay {
  readonly day: string;
  readonly file: string;
  readonly events: number;
  readonly plays: number;
  /** Lines in the file: events plus the duplicated ones. */
  readonly lines: number;
}

export interface GeneratedSongPlays {
  readonly songs: number;
  readonly songFiles: number;
  readonly days: readonly GeneratedDay[];
}

const DAY_MS = 86_400_000;
/** Lines gathered before one write: fewer, larger writes are what makes millions of lines fast. */
const LINES_PER_WRITE = 2_000;

export async function generateSongPlays(options: SongPlaysDataOptions): Promise<GeneratedSongPlays> {
  const firstDay = new Date(`${options.firstDay}T00:00:00Z`);
  if (Number.isNaN(firstDay.getTime())) throw new Error(`firstDay must be a date such as 2018-11-01, got '${options.firstDay}'`);
  const random = new SeededRandom(options.seed);
  const songs = simulateSongs(random, options.songs);
  const users = simulateUsers(random, options.users, firstDay);
  const songFiles = await writeSongs(random, options.out, songs, options.songsPerFile ?? 1);

  const days: GeneratedDay[] = [];
  const session = { nextSessionId: 154 }; // the session id of the seed's example event
  for (let n = 0; n < options.days; n += 1) {
    const dayStart = new Date(firstDay.getTime() + n * DAY_MS);
    const day = dayStart.toISOString().slice(0, 10);
    const file = eventsFileOf(options.out, day);
    await mkdir(dirname(file), { recursive: true });
    const lines = new LineWriter(createWriteStream(file));
    let events = 0;
    let plays = 0;
    let written = 0;
    const simulation = {
      dayStart,
      events: options.eventsPerDay,
      songs,
      users,
      unknownSongRate: options.unknownSongRate ?? 0.1,
      firstSessionId: session.nextSessionId,
      opensWithFirstUser: n === 0,
    };
    for (const event of simulateDay(random, simulation, session)) {
      const line = logLine(event);
      const copies = random.chance(options.duplicateRate ?? 0.001) ? 2 : 1;
      for (let c = 0; c < copies; c += 1) if (lines.add(line)) await lines.flush();
      events += 1;
      written += copies;
      if (event.page === SONG_PLAY_PAGE) plays += 1;
    }
    await lines.close();
    days.push({ day, file, events, plays, lines: written });
  }
  return { songs: songs.length, songFiles, days };
}

/** One file per song under song_data/A/B/C/ (as the dataset does), or `perFile` songs a file. */
async function writeSongs(random: SeededRandom, out: string, songs: readonly SongRecord[], perFile: number): Promise<number> {
  const folder = songsFolderOf(out);
  let files = 0;
  for (let i = 0; i < songs.length; i += perFile) {
    const track = `TR${random.code(16)}`;
    const path = perFile === 1 ? join(folder, track[2] as string, track[3] as string, track[4] as string, `${track}.json`) : join(folder, `songs-${String(files).padStart(5, '0')}.json`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, songs.slice(i, i + perFile).map((song) => `${JSON.stringify(song)}\n`).join(''));
    files += 1;
  }
  return files;
}

/** The event as the log writes it (the simulator builds it with its keys in the seed's order). */
function logLine(event: LogEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** Buffers lines and writes them in batches, waiting when the disk falls behind (bounded memory). */
class LineWriter {
  private buffer: string[] = [];

  constructor(private readonly stream: WriteStream) {}

  /** Keeps the line; true when enough are kept to `flush`. */
  add(line: string): boolean {
    this.buffer.push(line);
    return this.buffer.length >= LINES_PER_WRITE;
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'first-day': { type: 'string', default: '2018-11-01' },
      days: { type: 'string', default: '3' },
      'events-per-day': { type: 'string', default: '1000' },
      songs: { type: 'string', default: '200' },
      users: { type: 'string', default: '100' },
      seed: { type: 'string', default: '2018' },
      'songs-per-file': { type: 'string', default: '1' },
      'duplicate-rate': { type: 'string', default: '0.001' },
    },
  });
  if (!values.out) throw new Error('give --out FOLDER: where to write song_data/ and log_data/');
  const number = (name: keyof typeof values) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0, got '${values[name]}'`);
    return value;
  };
  const started = Date.now();
  const result = await generateSongPlays({
    out: values.out,
    firstDay: values['first-day'],
    days: number('days'),
    eventsPerDay: number('events-per-day'),
    songs: number('songs'),
    users: number('users'),
    seed: number('seed'),
    songsPerFile: number('songs-per-file'),
    duplicateRate: number('duplicate-rate'),
  });
  console.log(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }, null, 2));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
