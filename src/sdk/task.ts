/**
 * `task(id, [options], fn)`: a task running TypeScript code. The value `fn`
 * returns is the task's XCom, and tasks that list this task in `inputs`
 * receive it with its type: wiring a task to an input of another type does not
 * compile.
 */
import type { TaskContext } from './context.js';
import { currentBuilder, type TaskFunction } from './dag-builder.js';
import type { ExpandedInputs, Expansions, Inputs, MappedResult, ResolvedInputs, XComOf } from './inputs.js';
import type { TaskRef } from './refs.js';
import type { TaskOptions } from './task-options.js';

export interface FunctionTaskOptions<I extends Inputs, E extends Expansions> extends TaskOptions {
  /** Values this task consumes: other tasks' outputs (which also makes them upstream), `params`, or JSON literals. */
  inputs?: I;
  /** Map the task over lists: one task instance per element, known only at run time (Airflow's `expand`). */
  expand?: E;
}

export type TaskBody<A, R> = (inputs: A, context: TaskContext) => R | Promise<R>;

export function task<R>(id: string, fn: TaskBody<Record<string, never>, R>): TaskRef<XComOf<R>>;
export function task<R, I extends Inputs = {}, E extends Expansions = {}>(
  id: string,
  options: FunctionTaskOptions<I, E>,
  fn: TaskBody<ResolvedInputs<I> & ExpandedInputs<E>, R>,
): TaskRef<MappedResult<E, XComOf<R>>>;
export function task(
  id: string,
  optionsOrFn: FunctionTaskOptions<Inputs, Expansions> | TaskBody<never, unknown>,
  maybeFn?: TaskBody<never, unknown>,
): TaskRef<unknown> {
  const [options, fn] = typeof optionsOrFn === 'function' ? [{}, optionsOrFn] : [optionsOrFn, maybeFn];
  if (typeof fn !== 'function') {
    throw new Error(`task('${id}'): the last argument must be the task's function, e.g. task('${id}', async () => 'done')`);
  }
  const { inputs, expand, ...taskOptions } = options as FunctionTaskOptions<Inputs, Expansions>;
  return currentBuilder('task', id).addTask({
    id,
    kind: 'function',
    operator: 'FunctionTask',
    options: taskOptions,
    inputs: inputs ?? {},
    expand: expand ?? {},
    run: fn as TaskFunction,
  });
}
