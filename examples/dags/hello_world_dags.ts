/**
 * The fourth seed's "DAG of DAGs": one file that generates `hello_world_1` …
 * `hello_world_<n>`, where n is the variable `dag_number` (10 when unset).
 *
 * The variable is read while the file is parsed, with `await variable(...)`
 * at the top level (Airflow's module-level `Variable.get`). The DAG processor
 * remembers which variables a file read and checks them every few seconds, so
 *
 *   updraft variables set dag_number 20
 *
 * (or the UI's Admin → Variables) gives 20 DAGs moments later, no restart.
 * Lowering it deactivates the DAGs beyond the new count; their history stays.
 */
import { dag, task, variable } from 'updraft';

const MAX_DAGS = 500;

const dagNumber = Number(await variable('dag_number', '10'));
// A bad value fails the import with this message (shown in the UI and `updraft dags list-import-errors`).
if (!Number.isInteger(dagNumber) || dagNumber < 0 || dagNumber > MAX_DAGS) {
  throw new Error(`variable dag_number must be a whole number from 0 to ${MAX_DAGS}: fix it with 'updraft variables set dag_number 10'`);
}

for (let n = 1; n <= dagNumber; n++) {
  dag(
    `hello_world_${n}`,
    {
      schedule: '@daily',
      startDate: '2018-01-01',
      defaultArgs: { owner: 'airflow' },
      tags: ['example', 'seed', 'generated'],
      description: `Generated from the variable dag_number: DAG ${n} of ${dagNumber}`,
    },
    () => {
      // `n` is captured per DAG: each generated DAG knows its own number.
      task('hello_world', (_inputs, { log }) => {
        log.info('Hello World');
        log.info(`This is DAG: ${n}`);
        return n;
      });
    },
  );
}
