/**
 * DAG processing: 1,000 generated DAG files parsed in isolated children with a
 * per-file timeout, against a peer that imports the same files in one plain
 * Node process through tsx (no isolation, no timeout: what a user might do by
 * hand). Then the latency of one edit picked up by the watcher and re-parsed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ParseBatch } from '../src/processor/dag-processor.js';
import type { Benchmark, Figures } from './bench-types.js';
import { dagFileText, writeDagFiles } from './dag-file-generator.js';

const FILES = 1000;
const CHANGES = 5;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The shipped code when built (`npm run bench` builds first): its parse children
 * then run plain Node. Otherwise the source, whose children run under tsx.
 */
const mode = existsSync(join(repoRoot, 'dist/processor/parse-dag-files.js')) ? 'dist' : 'source';
const ext = mode === 'dist' ? 'js' : 'ts';
const codeDir = join(repoRoot, mode === 'dist' ? 'dist' : 'src');
const sdkEntry = join(codeDir, `sdk/index.${ext}`);
const load = <T>(relPath: string): Promise<T> => import(pathToFileURL(join(codeDir, `${relPath}.${ext}`)).href) as Promise<T>;
const { parseDagFiles } = await load<typeof import('../src/processor/parse-dag-files.js')>('processor/parse-dag-files');
const { DagProcessor } = await load<typeof import('../src/processor/dag-processor.js')>('processor/dag-processor');

interface Workspace {
  readonly root: string;
  readonly dagsFolder: string;
  readonly cacheDir: string;
  readonly files: string[];
}

async function makeWorkspace(): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), 'updraft-bench-'));
  const dagsFolder = join(root, 'dags');
  const files = await writeDagFiles(dagsFolder, FILES);
  // For the peer: `updraft` resolves to the same SDK module the processor uses.
  const shim = join(dagsFolder, 'node_modules', 'updraft');
  await mkdir(shim, { recursive: true });
  await writeFile(join(shim, 'package.json'), JSON.stringify({ name: 'updraft', type: 'module', exports: './index.ts' }));
  await writeFile(join(shim, 'index.ts'), `export * from ${JSON.stringify(sdkEntry)};\n`);
  return { root, dagsFolder, cacheDir: join(root, 'cache'), files };
}

/** One `node --import tsx` process importing every file in turn; returns its wall time and DAG count. */
async function runPeer(ws: Workspace): Promise<{ seconds: number; dags: number }> {
  const script = join(ws.root, 'peer.mjs');
  await writeFile(
    script,
    `import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const files = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const file of files) await import(pathToFileURL(file).href);
const registry = globalThis[Symbol.for('updraft.dag-registry')] ?? [];
console.log(registry.length);
`,
  );
  const list = join(ws.root, 'files.json');
  await writeFile(list, JSON.stringify(ws.files));
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, list], {
      cwd: repoRoot, // where tsx is installed
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`peer exited with code ${code}`))));
  });
  return { seconds: (performance.now() - started) / 1000, dags: Number(output.trim()) };
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

async function parseThousand(): Promise<Figures> {
  const ws = await makeWorkspace();
  try {
    const started = performance.now();
    const results = await parseDagFiles(ws.files, { dagsFolder: ws.dagsFolder, cacheDir: ws.cacheDir, concurrency: 2 });
    const seconds = (performance.now() - started) / 1000;
    const errors = results.filter((r) => r.error !== null);
    if (errors.length > 0) throw new Error(`${errors.length} files failed, e.g. ${errors[0]?.error?.message}`);
    const dags = results.reduce((n, r) => n + r.dags.length, 0);
    const perFile = results.map((r) => r.durationMs).sort((a, b) => a - b);
    const peer = await runPeer(ws);
    if (peer.dags !== dags) throw new Error(`peer loaded ${peer.dags} DAGs, the processor ${dags}`);
    return {
      seconds: round(seconds),
      files_per_second: round(FILES / seconds, 1),
      dags,
      file_p50_ms: round(perFile[Math.floor(perFile.length / 2)] ?? 0, 2),
      file_p99_ms: round(perFile[Math.floor(perFile.length * 0.99)] ?? 0, 2),
      mode,
      peer: 'one node --import tsx process importing all files (no isolation, no timeout)',
      peer_seconds: round(peer.seconds),
      isolation_cost_ratio: round(seconds / peer.seconds, 2),
    };
  } finally {
    await rm(ws.root, { recursive: true, force: true });
  }
}

async function changeToReparse(): Promise<Figures> {
  const ws = await makeWorkspace();
  let waiting: { fileloc: string; resolve: () => void } | null = null;
  const processor = new DagProcessor({
    dagsFolders: [ws.dagsFolder],
    cacheDir: ws.cacheDir,
    concurrency: 2,
    sink: {
      async applyParseResults(batch: ParseBatch) {
        if (waiting !== null && batch.results.some((r) => r.fileloc === waiting?.fileloc && r.error === null)) waiting.resolve();
      },
    },
  });
  try {
    const startedAll = performance.now();
    await processor.start();
    const startSeconds = (performance.now() - startedAll) / 1000;
    const latencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const index = 100 * i + 7;
      const fileloc = `dag_${String(index).padStart(4, '0')}.ts`;
      const picked = new Promise<void>((resolve) => (waiting = { fileloc, resolve }));
      const started = performance.now();
      await writeFile(join(ws.dagsFolder, fileloc), dagFileText(index, ` edit ${i}`));
      await picked;
      latencies.push((performance.now() - started) / 1000);
    }
    latencies.sort((a, b) => a - b);
    return {
      seconds: round(latencies[Math.floor(latencies.length / 2)] ?? 0),
      max_seconds: round(latencies.at(-1) ?? 0),
      changes: CHANGES,
      includes_debounce_ms: 100,
      start_seconds: round(startSeconds),
      mode,
      files: FILES,
    };
  } finally {
    await processor.stop();
    await rm(ws.root, { recursive: true, force: true });
  }
}

export const benchmarks: readonly Benchmark[] = [
  { name: 'parse_1000_dag_files', run: parseThousand },
  { name: 'dag_file_change_to_reparse', run: changeToReparse },
];
