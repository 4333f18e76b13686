/**
 * Runs a bash command the way a task needs it: in its own process group, so a
 * timeout or cancel kills the command and everything it started; output read
 * line by line for the log; the last line of standard output kept as the XCom;
 * a fresh temporary working directory unless one is given.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface BashCommand {
  readonly command: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string | null;
  readonly signal: AbortSignal;
  readonly onOutput: (stream: 'stdout' | 'stderr', line: string) => void;
  /** How long to wait after SIGTERM before SIGKILL. */
  readonly killGraceMs?: number;
  /** Called once the shell runs, with its pid (also its process group id), so an outside process can kill the group. */
  readonly onSpawn?: (pgid: number) => void;
}

export interface BashResult {
  readonly exitCode: number | null;
  readonly killedBy: NodeJS.Signals | null;
  readonly lastStdoutLine: string | null;
}

export async function runBash(options: BashCommand): Promise<BashResult> {
  if (options.cwd !== null && !(await stat(options.cwd).then((s) => s.isDirectory(), () => false))) {
    // spawn would only say "spawn bash ENOENT", as if bash were missing.
    throw new Error(`the working directory ${options.cwd} does not exist or is not a directory`);
  }
  const ownCwd = options.cwd === null ? await mkdtemp(join(tmpdir(), 'updraft-bash-')) : null;
  try {
    return await spawnInGroup(options, options.cwd ?? (ownCwd as string));
  } finally {
    if (ownCwd !== null) await rm(ownCwd, { recursive: true, force: true });
  }
}

function spawnInGroup(options: BashCommand, cwd: string): Promise<BashResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', options.command], { cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let lastStdoutLine: string | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const onAbort = () => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 5000);
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });

    const stdout = createInterface({ input: child.stdout });
    stdout.on('line', (line) => {
      if (line.trim() !== '') lastStdoutLine = line;
      options.onOutput('stdout', line);
    });
    createInterface({ input: child.stderr }).on('line', (line) => options.onOutput('stderr', line));

    child.on('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(new Error(`could not start bash: ${error.message}`));
    });
    // Children that outlive the shell (background jobs) go with it: one holding the output pipes
    // open would otherwise keep 'close' from firing until it ended by itself. After an abort they
    // keep their grace period (the kill timer).
    child.on('exit', () => {
      if (!options.signal.aborted) killGroup('SIGKILL');
    });
    child.on('close', (exitCode, killedBy) => {
      options.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      killGroup('SIGKILL');
      resolve({ exitCode, killedBy, lastStdoutLine });
    });
  });
}
