/**
 * idle: `updraft standalone` as users start it (a child process, examples
 * loaded, a temporary UPDRAFT_HOME), then nothing to run: start-to-ready
 * seconds, CPU % over 10 s, and the RSS of the whole process tree (the
 * standalone process and its task and parse processes, from /proc).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './bench-types.js';
import { round } from './support/updraft-harness.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE_MS = 10_000;
/** Linux's USER_HZ: /proc CPU times are in these ticks. */
const CLOCK_TICKS = 100;

async function processTree(root: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(parents.get(tree[i] as number) ?? []));
  return tree;
}

async function cpuTicks(pids: readonly number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function rssMb(pids: readonly number[]): Promise<number> {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'idle',
    async run() {
      const home = await mkdtemp(join(tmpdir(), 'updraft-idle-'));
      const started = performance.now();
      const child = spawn(process.execPath, [join(repoRoot, 'dist/cli/main.js'), 'standalone'], {
        env: { ...process.env, UPDRAFT_HOME: home, UPDRAFT_LOAD_EXAMPLES: 'true', UPDRAFT__API__PORT: String(20000 + (process.pid % 20000)) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const reported = await new Promise<number>((resolve, reject) => {
          let out = '';
          const timer = setTimeout(() => reject(new Error(`standalone was not ready within 60 s:\n${out.slice(-2000)}`)), 60_000);
          const onData = (chunk: Buffer) => {
            out += chunk.toString();
            const ready = /ready in ([\d.]+) s/.exec(out);
            if (ready) {
              clearTimeout(timer);
              resolve(Number(ready[1]));
            }
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          child.once('exit', (code) => reject(new Error(`standalone exited (${code}) before ready:\n${out.slice(-2000)}`)));
        });
        const readyMs = performance.now() - started;
        // Let the first parse and warm-up settle, then measure a quiet stretch.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const pid = child.pid as number;
        const before = await cpuTicks(await processTree(pid));
        const t0 = performance.now();
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
        const tree = await processTree(pid);
        const cpu = ((await cpuTicks(tree)) - before) / CLOCK_TICKS / ((performance.now() - t0) / 1000);
        return {
          ready_s: round(readyMs / 1000, 2),
          reported_ready_s: reported,
          cpu_percent: round(cpu * 100, 2),
          rss_mb: round(await rssMb(tree), 1),
          processes: tree.length,
        };
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve(null);
          }, 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve(null);
          });
        });
        await rm(home, { recursive: true, force: true });
      }
    },
  },
];
