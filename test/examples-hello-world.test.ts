/**
 * The fourth seed's examples as shipped, on a real `updraft standalone`:
 * initialize_environment creates the default pool, the Slack connection and
 * the variables, and a second run changes nothing; hello_world_dags.ts makes
 * one DAG per `dag_number`, read at parse time: 10, then 20 once the variable
 * is set through the API, without a restart; the new DAGs run (their task
 * processes read the variable too).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UpdraftClient } from '../src/client/index.js';
import { EXAMPLES_STANDALONE, runExample, signedInClient } from './support/example-runs.js';
import { startStandalone, type Standalone } from './support/standalone-process.js';

const SLACK_TOKEN = 'xoxb-example-token-never-shown';

let standalone: Standalone;
let client: UpdraftClient;

before(async () => {
  standalone = await startStandalone({
    ...EXAMPLES_STANDALONE,
    env: { ...EXAMPLES_STANDALONE.env, SLACK_BOT_TOKEN: SLACK_TOKEN, DEFAULT_SLACK_CHANNEL: '#data' },
  });
  client = await signedInClient(standalone);
});

after(() => standalone?.stop());

async function helloWorldDags(): Promise<string[]> {
  const { dags } = await client.dags.list({ dag_id_pattern: 'hello_world_', limit: 1000 });
  return dags.map((d) => d.dag_id); // stale DAGs (no longer declared) are left out
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms\n${standalone.output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('initialize_environment creates the pool, the Slack connection and the variables; a second run changes nothing', { timeout: 60_000 }, async () => {
  const first = await runExample(client, 'initialize_environment');
  assert.equal(first.state, 'success', JSON.stringify(first.states));
  assert.equal(first.results.create_default_pool, false, 'Updraft creates default_pool with its database');
  assert.equal(first.results.create_slack_connection, true);
  const variables = first.results.create_variables as Record<string, string>;
  assert.equal(variables.dag_number, '10');
  assert.equal(variables.archive_bucket, 'archive');
  assert.match(variables.archive_staging_dir ?? '', /\/staging$/);

  const slack = await client.connections.get('slack');
  assert.deepEqual([slack.conn_type, slack.login, slack.password], ['slack', '#data', '***']);
  const log = await client.taskInstances.logText({ dagId: 'initialize_environment', runId: first.runId, taskId: 'create_slack_connection' }, 1);
  assert.ok(!log.includes(SLACK_TOKEN), 'the token never shows in the log');

  const snapshot = async () => ({
    pools: (await client.pools.list()).pools.map((p) => [p.name, p.slots]),
    connections: (await client.connections.list()).connections.map((c) => [c.connection_id, c.conn_type, c.login]),
    variables: (await client.variables.list()).variables.map((v) => [v.key, v.value]).sort(),
  });
  const before = await snapshot();
  assert.deepEqual(before.pools, [['default_pool', 128]]);
  assert.deepEqual(before.connections, [['slack', 'slack', '#data']]);
  assert.deepEqual(before.variables.map(([key]) => key), ['archive_bucket', 'archive_staging_dir', 'dag_number']);

  await client.variables.update('archive_bucket', { key: 'archive_bucket', value: 'cold-archive' });
  const second = await runExample(client, 'initialize_environment');
  assert.equal(second.state, 'success');
  assert.deepEqual([second.results.create_default_pool, second.results.create_slack_connection], [false, false]);
  assert.equal((second.results.create_variables as Record<string, string>).archive_bucket, 'cold-archive', 'a value set since is kept');
  const afterSecond = await snapshot();
  assert.deepEqual(afterSecond, { ...before, variables: before.variables.map(([k, v]) => [k, k === 'archive_bucket' ? 'cold-archive' : v]) });

  const { event_logs } = await client.eventLogs.list({ dag_id: 'initialize_environment', limit: 100 });
  const byTasks = event_logs.filter((e) => e.owner?.startsWith('task:')).map((e) => `${e.owner} ${e.event}`);
  assert.deepEqual(byTasks.sort(), [
    'task:initialize_environment.create_slack_connection connection_create',
    'task:initialize_environment.create_variables variable_create',
    'task:initialize_environment.create_variables variable_create',
    'task:initialize_environment.create_variables variable_create',
  ], 'each creation audited once, under its task');
});

test('hello_world_<n>: dag_number DAGs, 10 then 20 after setting the variable, without a restart; the new ones run', { timeout: 60_000 }, async () => {
  const names = (count: number) => Array.from({ length: count }, (_, i) => `hello_world_${i + 1}`).sort();
  assert.deepEqual((await helloWorldDags()).sort(), names(10));

  await client.variables.update('dag_number', { key: 'dag_number', value: '20' });
  await waitFor('the hello_world DAGs after dag_number=20', helloWorldDags, (dags) => dags.length === 20);
  assert.deepEqual((await helloWorldDags()).sort(), names(20));

  const run = await runExample(client, 'hello_world_20');
  assert.equal(run.state, 'success', JSON.stringify(run.states));
  assert.equal(run.results.hello_world, 20);
  const log = await client.taskInstances.logText({ dagId: 'hello_world_20', runId: run.runId, taskId: 'hello_world' }, 1);
  assert.match(log, /Hello World[\s\S]*This is DAG: 20/);

  await client.variables.update('dag_number', { key: 'dag_number', value: '12' });
  await waitFor('the hello_world DAGs after dag_number=12', helloWorldDags, (dags) => dags.length === 12);
});
