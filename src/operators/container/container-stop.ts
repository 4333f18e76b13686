/**
 * Stopping a container: `<tool> kill <name>`, then `<tool> rm -f <name>`, run
 * by a small detached helper process rather than by this one. Why: when a try
 * times out or is cleared the task runner abandons the operator, reports the
 * try, and the task process exits within milliseconds; the helper finishes
 * the kill and the removal even then. Killing the `run` client would not do:
 * the container lives on in the daemon (or under conmon for podman).
 *
 * State: the containers of this process that run now and nobody stops yet.
 *
 *   running --abort--> stopping (helper started) --> gone
 *      |--this process exits--> helper started from the 'exit' hook
 *      '--exits by itself--> gone
 */
import { spawn } from 'node:child_process';
import type { ContainerTool } from './container-runtime.js';

export interface StopStep {
  /** e.g. 'kill <name>' */
  readonly command: string;
  /** The tool's exit code; null when it could not run or timed out. */
  readonly status: number | null;
  readonly output: string;
}

// Plain JavaScript run with `node -e`: each step waits at most 30 s for a stuck daemon; the
// report is written once both ran, and a reader that is gone (the task process exited) is fine.
const HELPER = `
const { spawnSync } = require('node:child_process');
const [tool, name] = process.argv.slice(1);
process.stdout.on('error', () => {});
const steps = [['kill', name], ['rm', '-f', name]].map((args) => {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 30000, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = ((r.stdout || '') + (r.stderr || '')).trim() || (r.error ? r.error.message : '');
  return { command: args.join(' '), status: r.status, output };
});
process.stdout.write(JSON.stringify(steps) + '\\n');
`;

const running = new Map<string, ContainerTool>();
let exitHookInstalled = false;

/** Remembers a container that runs now, so that it is stopped if this process exits before it does. */
export function trackContainer(tool: ContainerTool, name: string): void {
  running.set(name, tool);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' handlers cannot wait, but a spawned, detached helper outlives this process.
    process.on('exit', () => {
      for (const [container, owner] of running) {
        try {
          startHelper(owner, container, false);
        } catch {
          // Nothing more can be done from a process that is exiting.
        }
      }
      running.clear();
    });
  }
}

/** The container exited by itself: nothing to stop. */
export function untrackContainer(name: string): void {
  running.delete(name);
}

/** Kills and removes the container; resolves with what each step said once both ran. */
export function stopContainer(tool: ContainerTool, name: string): Promise<StopStep[]> {
  running.delete(name);
  const helper = startHelper(tool, name, true);
  return new Promise((resolve) => {
    let text = '';
    helper.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    helper.on('error', (error) => resolve([{ command: `kill ${name}; rm -f ${name}`, status: null, output: `could not start the stop helper: ${error.message}` }]));
    helper.on('close', () => {
      try {
        resolve(JSON.parse(text) as StopStep[]);
      } catch {
        resolve([{ command: `kill ${name}; rm -f ${name}`, status: null, output: `the stop helper reported nothing: ${text.trim() || '(no output)'}` }]);
      }
    });
  });
}

function startHelper(tool: ContainerTool, name: string, report: boolean) {
  const helper = spawn(process.execPath, ['-e', HELPER, tool.path, name], {
    detached: true,
    stdio: ['ignore', report ? 'pipe' : 'ignore', 'ignore'],
    windowsHide: true,
  });
  if (!report) helper.unref();
  return helper;
}
