/**
 * `updraft api-server --workers N` as the benchmarks run it: a real process (N
 * worker processes behind it when N > 1) on a free loopback port, over a home and
 * database already seeded. Built `dist/` when present, else the sources via tsx.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mode } from './load-updraft.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ApiProcess {
  readonly url: string;
  /** SIGTERM, then waits for every process to exit. */
  stop(): Promise<void>;
}

export async function startApiProcess(home: string, workers: number, env: Readonly<Record<string, string>> = {}): Promise<ApiProcess> {
  const cli = mode === 'dist' ? [join(repoRoot, 'dist/cli/main.js')] : ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts')];
  const child = spawn(process.execPath, [...cli, 'api-server', '--workers', String(workers), '--port', '0', '--host', '127.0.0.1'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, UPDRAFT_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`api-server --workers ${workers} not ready after 60 s:\n${output}`)), 60_000);
    const check = () => {
      const found = /Updraft API server listening on (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1] as string);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`api-server --workers ${workers} exited while starting:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      if (child.exitCode !== 0) throw new Error(`api-server --workers ${workers} exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    },
  };
}
