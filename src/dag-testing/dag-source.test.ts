import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { testDag } from './index.js';

const FLAKY = `import { dag, task } from 'updraft';
export default dag('flaky_defaults', {}, () => {
  task('fails', () => { throw new Error('boom'); });
  task('own', { retries: 0 }, () => { throw new Error('boom'); });
});
`;

/** Sets the variables for the test's duration, as a shell would for the whole process. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

test('testDag on a file: what the file leaves unset follows the project settings, as under the DAG processor', async () => {
  const home = await mkdtemp(join(tmpdir(), 'updraft-dag-source-'));
  try {
    const file = join(home, 'flaky.ts');
    await writeFile(file, FLAKY);
    const result = await withEnv({ UPDRAFT_HOME: home, UPDRAFT__CORE__DEFAULT_TASK_RETRIES: '2' }, () => testDag({ file }));
    assert.equal(result.state, 'failed');
    assert.deepEqual(
      result.taskInstances.map((ti) => [ti.taskId, ti.state, ti.tryNumber]),
      [
        ['fails', 'failed', 3],
        ['own', 'failed', 1],
      ],
      'core.default_task_retries = 2 gives two retries (the test clock skips their delays); an explicit 0 stays',
    );
    await assert.rejects(
      withEnv({ UPDRAFT_HOME: home, UPDRAFT__CORE__DEFAULT_TASK_RETRIES: 'two' }, () => testDag({ file })),
      /cannot load .*flaky\.ts: its defaults come from your Updraft settings, which do not load: .*UPDRAFT__CORE__DEFAULT_TASK_RETRIES/,
    );
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
