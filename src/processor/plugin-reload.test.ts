import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { testDag } from '../dag-testing/index.js';
import { DagProcessor, type ParseBatch } from './dag-processor.js';
import { makeTempDags } from './testing/dag-fixtures.js';

const plugin = (greeting: string) => `import { task } from 'updraft';
export const GREETING = '${greeting}';
export const greet = (id: string, name: string) => task(id, async (_in, { log }) => { log.info('greeting ' + name); return GREETING + ', ' + name; });
`;

const dagFile = `import { bash, dag } from 'updraft';
import { GREETING, greet } from '../plugins/greeting.ts';
export default dag('greeter', {}, () => {
  greet('hello', 'world').before(bash('echo_greeting', 'echo ' + GREETING));
});
`;

test('a DAG file importing ../plugins/x.ts is re-parsed when the plugin changes, and runs the new code', async () => {
  const temp = await makeTempDags({ 'greeter.ts': dagFile });
  const pluginPath = join(temp.root, 'plugins', 'greeting.ts');
  await mkdir(join(temp.root, 'plugins'));
  await writeFile(pluginPath, plugin('hello'));
  const batches: ParseBatch[] = [];
  const processor = new DagProcessor({
    dagsFolders: [temp.dagsFolder],
    cacheDir: temp.cacheDir,
    timeoutMs: 10_000,
    concurrency: 1,
    debounceMs: 30,
    sink: { applyParseResults: async (batch) => void batches.push(batch) },
  });
  const command = () => processor.results[0]?.dags[0]?.tasks.find((t) => t.taskId === 'echo_greeting')?.config.command;
  const waitFor = async (what: string, ok: () => boolean) => {
    for (const deadline = Date.now() + 5000; !ok(); await sleep(20)) {
      if (Date.now() > deadline) throw new Error(`${what}: not within 5 s; last outcome ${JSON.stringify(processor.results[0]?.error ?? command())}`);
    }
  };
  try {
    await processor.start();
    assert.equal(processor.results[0]?.error, null);
    assert.deepEqual(processor.results[0]?.imports, [pluginPath]);
    assert.equal(command(), 'echo hello');
    const firstHash = processor.results[0]?.hashes.greeter;

    await writeFile(pluginPath, plugin('howdy'));
    await waitFor('the new plugin parsed', () => command() === 'echo howdy');
    assert.notEqual(processor.results[0]?.hashes.greeter, firstHash, 'a plugin change is a new DAG version');
    const run = await testDag({ file: join(temp.dagsFolder, 'greeter.ts') });
    assert.equal(run.xcom('hello'), 'howdy, world', 'tasks run the new plugin code');

    // A plugin that breaks the import, then is fixed: the DAG file comes back without being touched.
    await writeFile(pluginPath, `${plugin('oops')}throw new Error('plugin broken');\n`);
    await waitFor('the import error', () => /plugin broken/.test(processor.results[0]?.error?.message ?? ''));
    await writeFile(pluginPath, plugin('fixed'));
    await waitFor('the fixed plugin parsed', () => processor.results[0]?.error === null && command() === 'echo fixed');
    assert.ok(batches.length >= 4, 'each outcome reached the sink');
  } finally {
    await processor.stop();
    await temp.remove();
  }
});
