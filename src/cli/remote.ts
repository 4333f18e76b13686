/**
 * The CLI against a remote Updraft over its REST API, through the package's
 * typed client: `--api-url <url>` (or UPDRAFT_API_URL) on the commands that
 * steer runs, so a CI job can trigger and wait on a server it has no database
 * access to. Credentials come from the environment, never from the command
 * line (shell history): UPDRAFT_API_TOKEN, or UPDRAFT_API_USERNAME and
 * UPDRAFT_API_PASSWORD.
 */
import type { Command } from 'commander';
import { UpdraftClient } from '../client/index.js';
import type { DagRun } from '../client/types.js';
import { colourState } from './output.js';

export function withApiUrlOption(command: Command): Command {
  return command.option('--api-url <url>', 'act through the REST API of this Updraft server instead of the local database (or UPDRAFT_API_URL)');
}

/** The API URL asked for, from the option or the environment; null: work on the local database. */
export function apiUrlOf(options: { apiUrl?: string }): string | null {
  const url = options.apiUrl ?? process.env.UPDRAFT_API_URL;
  return url && url.trim() !== '' ? url.trim() : null;
}

export async function connectRemote(baseUrl: string): Promise<UpdraftClient> {
  if (!/^https?:\/\//.test(baseUrl)) throw new Error(`--api-url must be an http(s) URL such as http://localhost:8080, got '${baseUrl}'`);
  const token = process.env.UPDRAFT_API_TOKEN;
  const client = new UpdraftClient({ baseUrl, token: token && token !== '' ? token : null });
  if (client.token) return client;
  const username = process.env.UPDRAFT_API_USERNAME;
  const password = process.env.UPDRAFT_API_PASSWORD;
  if (!username || !password) {
    throw new Error(`to use ${baseUrl}, set UPDRAFT_API_TOKEN, or UPDRAFT_API_USERNAME and UPDRAFT_API_PASSWORD`);
  }
  try {
    await client.login(username, password);
  } catch (error) {
    throw new Error(`cannot sign in to ${baseUrl} as ${username}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return client;
}

/**
 * Follows a remote run on the server's NDJSON stream until it ends, printing
 * each change of the run's state, then the task instances that did not succeed.
 */
export async function followRemoteRun(client: UpdraftClient, run: DagRun, options: { quiet: boolean }): Promise<string> {
  let last = '';
  let final = run.state as string;
  for await (const line of client.dagRuns.wait(run.dag_id, run.dag_run_id, { intervalSec: 0.5 })) {
    final = line.state;
    if (line.state !== last && !options.quiet) console.log(`run ${run.dag_run_id}: ${colourState(line.state)}`);
    last = line.state;
  }
  if (final !== 'success' && !options.quiet) {
    const { task_instances } = await client.taskInstances.list(run.dag_id, run.dag_run_id, { order_by: 'task_id' });
    for (const ti of task_instances.filter((t) => t.state !== 'success')) {
      console.log(`  ${ti.task_id}${ti.map_index >= 0 ? `[${ti.map_index}]` : ''} ${colourState(ti.state ?? 'none')}`);
    }
  }
  return final;
}
