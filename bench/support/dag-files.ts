/**
 * DAG files the benchmarks run: trivial function tasks (each returns a number,
 * so every try also writes its XCom), in the shapes the figures are about.
 */

/** `steps` tasks, each downstream of the one before. */
export function chainDagFile(dagId: string, steps: number): string {
  return `import { dag, task, chain } from 'updraft';
dag('${dagId}', {}, () => {
  const tasks = [];
  for (let i = 0; i < ${steps}; i += 1) tasks.push(task('step_' + String(i).padStart(5, '0'), () => i));
  chain(...tasks);
});
`;
}

/**
 * `width` independent tasks. `maxActiveTasks` is lifted to the width so that the
 * executor's parallelism (core.parallelism), not the DAG's default of 16, bounds
 * how many run at once: the same concurrency the peers get.
 */
export function fanoutDagFile(dagId: string, width: number): string {
  return `import { dag, task } from 'updraft';
dag('${dagId}', { maxActiveTasks: ${width} }, () => {
  for (let i = 0; i < ${width}; i += 1) task('t_' + String(i).padStart(5, '0'), () => i);
});
`;
}
