/**
 * song_plays_etl (examples/dags) over generated events: a day of 100,000 and a
 * day of 1,000,000 (plus 5,000 songs), on SQLite (the built-in sqlite_default)
 * and on PostgreSQL (a fresh database as `song_plays_warehouse`). Each run is
 * `updraft dags test` as a child process, every task inside it, so the child's
 * peak RSS is what the load took: bounded when it is about the same at 100k
 * and 1M events (the files are streamed, a thousand rows at a time). Wall time
 * is the whole run, process start to exit; the main steps' own times beside it.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, Figures } from './bench-types.js';
import { generateSongPlays } from '../examples/plugins/song-plays/generate-song-plays.js';
import { createTestDatabase } from '../test/support/test-database.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const cliPath = join(repoRoot, 'dist', 'cli', 'main.js');
const rssReporter = pathToFileURL(join(repoRoot, 'bench', 'support', 'report-max-rss.mjs')).href;
const DAY = '2018-11-01';
const SIZES = [100_000, 1_000_000] as const;
const STEPS = ['download.with_bash', 'stage_events', 'clean_staging', 'load_songplays', 'load_dimensions.users', 'load_dimensions.time', 'quality_checks.row_counts', 'model_plays_by_hour'];

interface EtlRun {
  readonly seconds: number;
  readonly rssMb: number;
  readonly steps: Record<string, number>;
}

/** Generated once per size for both databases. */
const sources = new Map<number, Promise<string>>();
function source(events: number): Promise<string> {
  let folder = sources.get(events);
  if (!folder) {
    folder = (async () => {
      const out = await mkdtemp(join(tmpdir(), `updraft-bench-song-plays-${events}-`));
      process.once('exit', () => rmSync(out, { recursive: true, force: true })); // a million events take 440 MB
      await generateSongPlays({ out, firstDay: DAY, days: 1, eventsPerDay: events, songs: 5_000, users: 2_000, seed: 2018, songsPerFile: 500 });
      return out;
    })();
    sources.set(events, folder);
  }
  return folder;
}

async function etlRun(events: number, warehouseUrl: string | null): Promise<EtlRun> {
  const home = await mkdtemp(join(tmpdir(), 'updraft-bench-etl-'));
  try {
    const conf = { source: await source(events), workdir: join(home, 'work') };
    await mkdir(join(home, 'dags'));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, UPDRAFT_DAGS_FOLDER: join(home, 'dags'), TMPDIR: home, NO_COLOR: '1' };
    if (warehouseUrl !== null) env.UPDRAFT_CONN_SONG_PLAYS_WAREHOUSE = warehouseUrl;
    const args = ['--import', rssReporter, cliPath, 'dags', 'test', 'song_plays_etl', DAY, '--examples', '--quiet', '--conf', JSON.stringify(conf)];
    const started = performance.now();
    const { status, output } = await run(args, env);
    const seconds = (performance.now() - started) / 1000;
    if (status !== 0) throw new Error(`song_plays_etl over ${events} events failed:\n${output.slice(-3000)}`);
    const rss = /max_rss_kb=(\d+)/.exec(output);
    return { seconds, rssMb: rss ? Math.round(Number(rss[1]) / 1024) : -1, steps: stepSeconds(output) };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** The main steps' durations from `dags test`'s summary table (`task | state | 1m 2s 300ms | tries`). */
function stepSeconds(output: string): Record<string, number> {
  const steps: Record<string, number> = {};
  for (const line of output.split('\n')) {
    const [task, , duration] = line.split('|').map((cell) => cell.trim());
    if (task === undefined || duration === undefined || !STEPS.includes(task)) continue;
    let ms = 0;
    for (const [, count, unit] of duration.matchAll(/(\d+)(ms|d|h|m|s)/g)) ms += Number(count) * ({ ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[unit as string] ?? 0);
    steps[task] = Math.round(ms / 100) / 10;
  }
  return steps;
}

async function measure(warehouseUrl: () => Promise<{ url: string | null; drop(): Promise<void> }>): Promise<Figures> {
  const figures: Record<string, number | Record<string, number>> = {};
  for (const events of SIZES) {
    const database = await warehouseUrl();
    try {
      const result = await etlRun(events, database.url);
      const label = events >= 1_000_000 ? `${events / 1_000_000}m` : `${events / 1_000}k`;
      figures[`seconds_${label}`] = Math.round(result.seconds * 10) / 10;
      figures[`events_per_s_${label}`] = Math.round(events / result.seconds);
      figures[`peak_rss_mb_${label}`] = result.rssMb;
      figures[`steps_s_${label}`] = result.steps;
    } finally {
      await database.drop();
    }
  }
  return figures;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'song_plays_etl_sqlite',
    run: () => measure(async () => ({ url: null, drop: async () => undefined })),
  },
  {
    name: 'song_plays_etl_postgres',
    run: () => measure(createTestDatabase),
  },
];
