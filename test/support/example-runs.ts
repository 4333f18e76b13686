/**
 * Running a shipped example on a real `updraft standalone` as a person would,
 * through the typed client: sign in, unpause, trigger with conf, follow the
 * run to its end, and get its state, its tasks' states and return values.
 */
import { UpdraftClient } from '../../src/client/index.js';
import type { Standalone, StandaloneOptions } from './standalone-process.js';

export interface ExampleRun {
  readonly runId: string;
  readonly state: string;
  /** The return values of every task (a mapped task's as a list), by task id. */
  readonly results: Readonly<Record<string, unknown>>;
  /** `task_id` or `task_id[map_index]` -> state. */
  readonly states: Readonly<Record<string, string | null>>;
}

/**
 * Examples load paused, so that the standalone starts no scheduled runs of its own
 * while a test runs one; `runExample` unpauses the one it triggers.
 */
export const EXAMPLES_STANDALONE: StandaloneOptions = { loadExamples: true, env: { UPDRAFT__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'true' } };

export async function signedInClient(standalone: Standalone): Promise<UpdraftClient> {
  const client = new UpdraftClient({ baseUrl: standalone.url });
  await client.login('admin', standalone.adminPassword);
  return client;
}

export async function runExample(client: UpdraftClient, dagId: string, conf: Record<string, unknown> = {}): Promise<ExampleRun> {
  await client.dags.setPaused(dagId, false);
  const run = await client.dagRuns.trigger(dagId, { conf });
  const taskIds = (await client.dags.tasks(dagId)).tasks.flatMap((t) => (t.task_id ? [t.task_id] : []));
  let last: { state: string; results?: Readonly<Record<string, unknown>> } = { state: run.state };
  for await (const line of client.dagRuns.wait(dagId, run.dag_run_id, { intervalSec: 0.2, results: taskIds })) last = line;
  const tis = await client.taskInstances.list(dagId, run.dag_run_id, { limit: 1000 });
  const states = Object.fromEntries(tis.task_instances.map((ti) => [ti.map_index >= 0 ? `${ti.task_id}[${ti.map_index}]` : ti.task_id, ti.state]));
  return { runId: run.dag_run_id, state: last.state, results: last.results ?? {}, states };
}
