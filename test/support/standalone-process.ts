/**
 * The built `updraft standalone` as a real process, as a newcomer runs it: a
 * fresh UPDRAFT_HOME with the given DAG files, the admin password from the
 * environment, the API server on a free loopback port. Used by the API's and
 * the UI's end-to-end tests. Needs `npm run build` (npm test builds first).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, freshHome, startCliProcess } from './scheduler-harness.js';

export interface Standalone {
  readonly home: string;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly adminPassword: string;
  readonly child: ChildProcess;
  output(): string;
  /** SIGTERM, wait for a clean exit, remove the home. */
  stop(): Promise<void>;
}

export interface StandaloneOptions {
  readonly dagFiles?: Readonly<Record<string, string>>;
  readonly loadExamples?: boolean;
  /** More environment (settings as UPDRAFT__SECTION__KEY). */
  readonly env?: Readonly<Record<string, string>>;
}

export const STANDALONE_ADMIN_PASSWORD = 'admin-e2e-password';

export async function startStandalone(options: StandaloneOptions = {}): Promise<Standalone> {
  const home = freshHome('updraft-standalone-');
  mkdirSync(join(home, 'dags'), { recursive: true });
  for (const [name, text] of Object.entries(options.dagFiles ?? {})) writeFileSync(join(home, 'dags', name), text);
  const env = {
    ...cliEnv(home),
    UPDRAFT_ADMIN_PASSWORD: STANDALONE_ADMIN_PASSWORD,
    UPDRAFT_LOAD_EXAMPLES: options.loadExamples ? 'true' : 'false',
    ...options.env,
  };
  const proc = await startCliProcess(home, ['standalone', '--port', '0', '--host', '127.0.0.1'], /API server: (\S+)\/api\/v2/, env, 60_000);
  const url = (/API server: (\S+)\/api\/v2/.exec(proc.output()) as RegExpExecArray)[1] as string;
  let gone = false;
  void proc.exited.then(() => (gone = true));
  return {
    home,
    url,
    adminPassword: STANDALONE_ADMIN_PASSWORD,
    child: proc.child,
    output: proc.output,
    async stop() {
      if (!gone) {
        proc.child.kill('SIGTERM');
        await proc.exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
