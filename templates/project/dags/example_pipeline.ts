/**
 * An example DAG: typed params, tasks handing each other typed values, and
 * shared code from ../plugins. Run it once: `npx updraft dags test example_pipeline`.
 */
import { bash, dag, task, z } from 'updraft';
import { countWords, greetingWord } from '../plugins/text-tools.ts';

export default dag(
  'example_pipeline',
  {
    schedule: '@daily',
    startDate: '2025-01-01',
    tags: ['example'],
    // Validates the conf of each trigger; `p` below is typed from it.
    params: z.object({
      name: z.string().default('world'),
      shout: z.boolean().default(false),
    }),
  },
  ({ params }) => {
    const printDate = bash('print_date', 'date');

    const greeting = task('greet', { retries: 2, inputs: { p: params } }, async ({ p }, ctx) => {
      const text = `${await greetingWord(ctx)}, ${p.name}! Today is ${ctx.ds}.`;
      return p.shout ? text.toUpperCase() : text; // the task's XCom: a string
    });

    const words = countWords('count_words', greeting); // takes an Output<string>: wiring a number would not compile

    task('report', { inputs: { greeting, words } }, ({ greeting, words }, { log }) => {
      log.info(`"${greeting}" has ${words} words`);
      return { greeting, words };
    });

    printDate.before(greeting);
  },
);
