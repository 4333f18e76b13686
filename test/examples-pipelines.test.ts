/**
 * The first seed's pipelines as shipped in examples/dags, on a real
 * `updraft standalone`: pipeline_python_2 (two parallel tasks, their values
 * read by a third) and its part three, pipeline_containers, whose middle tasks
 * run in containers. This machine has no container engine: a stand-in
 * `docker` on the standalone's PATH plays one, and records each container run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { UpdraftClient } from '../src/client/index.js';
import { EXAMPLES_STANDALONE, runExample, signedInClient } from './support/example-runs.js';
import { standInContainerTools, type StandInTools } from './support/stand-in-container-cli.js';
import { startStandalone, type Standalone } from './support/standalone-process.js';

let standalone: Standalone;
let client: UpdraftClient;
let tools: StandInTools;
let scratch = '';

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'updraft-example-pipelines-'));
  tools = standInContainerTools(scratch);
  standalone = await startStandalone({ ...EXAMPLES_STANDALONE, env: { ...EXAMPLES_STANDALONE.env, PATH: `${tools.dockerDir}:${process.env.PATH ?? ''}` } });
  client = await signedInClient(standalone);
});

after(async () => {
  await standalone?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('pipeline_python_2: read_xcoms receives both values', { timeout: 60_000 }, async () => {
  const run = await runExample(client, 'pipeline_python_2');
  assert.equal(run.state, 'success', JSON.stringify(run.states));
  assert.deepEqual(run.results, {
    do_task_one: 'my name is do_task_one',
    do_task_two: 'my name is do_task_two',
    read_xcoms: { received: ['my name is do_task_one', 'my name is do_task_two'] },
    print_date1: run.results.print_date1,
  });
  const log = await client.taskInstances.logText({ dagId: 'pipeline_python_2', runId: run.runId, taskId: 'read_xcoms' }, 1);
  assert.match(log, /\[1\] I have received data: my name is do_task_two from task do_task_two/);
});

test('pipeline_containers: the middle tasks run as containers and their output flows to read_xcoms', { timeout: 60_000 }, async () => {
  const run = await runExample(client, 'pipeline_containers', { image: 'alpine:3.20' });
  assert.equal(run.state, 'success', JSON.stringify(run.states));
  assert.equal(run.results.do_task_one, 'my name is do_task_one');
  assert.equal(run.results.do_task_two, 'my name is do_task_two');
  assert.deepEqual(run.results.read_xcoms, { received: ['my name is do_task_one', 'my name is do_task_two'] });

  const runs = tools.runs();
  assert.deepEqual(runs.map((r) => [r.tool, r.image, r.command.join(' ')]).sort(), [
    ['docker', 'alpine:3.20', 'echo my name is do_task_one'],
    ['docker', 'alpine:3.20', 'echo my name is do_task_two'],
  ]);
  assert.ok(runs.every((r) => r.rm && !tools.exists(r.name)), 'each container was removed when it exited');
  const log = await client.taskInstances.logText({ dagId: 'pipeline_containers', runId: run.runId, taskId: 'do_task_one' }, 1);
  assert.match(log, /my name is do_task_one/);
});
