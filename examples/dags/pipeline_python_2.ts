/**
 * The first seed's pipeline, in TypeScript: print the date, run two tasks side
 * by side that each produce a value, then read both values, typed.
 *
 *   print_date1 ─┬─> do_task_one ─┬─> read_xcoms
 *                └─> do_task_two ─┘
 *
 * In Airflow, `read_xcoms` pulled the values by task id and key and got `Any`;
 * here it declares them as inputs and receives two `string`s, checked by tsc.
 */
import { bash, chain, dag, task } from 'updraft';

export default dag(
  'pipeline_python_2',
  {
    schedule: '@daily',
    startDate: '2019-02-15',
    defaultArgs: { owner: 'airflow' },
    tags: ['example', 'seed'],
    description: 'Print the date, run two tasks in parallel, read both of their values',
  },
  () => {
    const printDate = bash('print_date1', 'date');

    const launch = (id: string, imageName: string) =>
      task(id, { retries: 2, retryDelay: '10s' }, async (_inputs, { log }) => {
        log.info(`launching ${imageName} for ${id}`);
        return `my name is ${id}`;
      });
    const one = launch('do_task_one', 'task1');
    const two = launch('do_task_two', 'task2');

    const read = task('read_xcoms', { inputs: { one, two } }, async ({ one, two }, { log }) => {
      // `one` and `two` are strings here: `one.toFixed()` would not compile.
      for (const [index, [taskId, data]] of [['do_task_one', one], ['do_task_two', two]].entries()) {
        log.info(`[${index}] I have received data: ${data} from task ${taskId}`);
      }
      return { received: [one, two] };
    });

    chain(printDate, [one, two], read);
  },
);
