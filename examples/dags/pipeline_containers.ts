/**
 * Part three of the first seed: the same pipeline as pipeline_python_2, with
 * the two middle tasks run in containers. Updraft schedules and watches;
 * something else executes: `containerRun` hands the work to docker (or podman)
 * on the worker, streams the container's output into the task log, and kills
 * the container on a timeout or a clear. The last line the container prints
 * is the task's XCom, so `read_xcoms` receives it like any other value.
 *
 *   print_date1 ─┬─> do_task_one (container) ─┬─> read_xcoms
 *                └─> do_task_two (container) ─┘
 *
 * It needs docker or podman where tasks run, so it runs when you trigger it:
 *
 *   updraft dags trigger pipeline_containers --wait
 *   updraft dags trigger pipeline_containers --conf '{"image": "alpine:3.20"}' --wait
 */
import { bash, chain, containerRun, dag, task, z } from 'updraft';

export default dag(
  'pipeline_containers',
  {
    schedule: null,
    startDate: '2019-02-15',
    defaultArgs: { owner: 'airflow', retries: 2, retryDelay: '10s' },
    params: z.object({
      /** Any image with `echo`: the seed's tasks would each have an image of their own. */
      image: z.string().default('busybox:1.36'),
    }),
    tags: ['example', 'seed', 'containers'],
    description: 'pipeline_python_2 with its two middle tasks run in containers',
  },
  () => {
    const printDate = bash('print_date1', 'date');

    // `{{ params.image }}` and `{{ task_id }}` are filled in when the task runs.
    const launch = (id: string) =>
      containerRun(id, {
        image: '{{ params.image }}',
        command: 'echo "my name is {{ task_id }}"',
        executionTimeout: '10m',
      });
    const one = launch('do_task_one');
    const two = launch('do_task_two');

    // A container's XCom is `string | null` (null when `xcom: 'none'`): tsc makes us say what null means.
    const read = task('read_xcoms', { inputs: { one, two } }, async ({ one, two }, { log }) => {
      const received = [one ?? '(nothing)', two ?? '(nothing)'];
      received.forEach((data, index) => log.info(`[${index}] I have received data: ${data} from a container`));
      return { received };
    });

    chain(printDate, [one, two], read);
  },
);
