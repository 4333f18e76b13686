/**
 * A DAG callback runs in a process of its own that loads the DAG file: a file
 * generating DAGs from a variable read at parse time finds the DAG the run
 * belongs to, because the process asks its parent for the variable.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeTempDags, type TempDags } from '../../processor/testing/dag-fixtures.js';
import { runDagCallback } from './run-dag-callback.js';

let temp: TempDags | null = null;
after(() => temp?.remove());

test("a DAG's callback finds its DAG when the file generates DAGs from a variable", async () => {
  temp = await makeTempDags({
    'gen.ts': `import { dag, variable } from 'updraft';
const count = Number(await variable('dag_number', '1'));
for (let n = 1; n <= count; n++) dag('gen_' + n, { onSuccess: (ctx) => ctx.log.info('callback of ' + ctx.dagId + ' of ' + count) }, () => {});
`,
  });
  const logPath = join(temp.root, 'callback.log');
  const asked: string[] = [];
  const problem = await runDagCallback(
    {
      dagFile: { absPath: temp.path('gen.ts'), dagsFolder: temp.dagsFolder, fileloc: 'gen.ts' },
      cacheDir: temp.cacheDir,
      dagId: 'gen_3',
      runId: 'manual__1',
      state: 'success',
      reason: 'all done',
      logicalDate: null,
      logPath,
    },
    30_000,
    {
      getConnection: async () => null,
      getVariable: async (key) => {
        asked.push(key);
        return key === 'dag_number' ? '3' : null;
      },
    },
  );
  assert.equal(problem, null);
  assert.deepEqual(asked, ['dag_number']);
  assert.match(readFileSync(logPath, 'utf8'), /callback of gen_3 of 3/);
});
