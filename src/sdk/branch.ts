/**
 * `branch(id, [options], fn)`: `fn` picks which direct downstream tasks run;
 * the others are skipped (and, through their trigger rules, what follows them).
 * Return task ids, task handles, a list of them, or `null` to skip them all
 * (Airflow's @task.branch).
 */
import { currentBuilder, type TaskFunction } from './dag-builder.js';
import type { Inputs, ResolvedInputs } from './inputs.js';
import type { TaskRef } from './refs.js';
import type { FunctionTaskOptions, TaskBody } from './task.js';

export type BranchChoice = string | TaskRef | null | readonly (string | TaskRef)[];

export function branch(id: string, fn: TaskBody<Record<string, never>, BranchChoice>): TaskRef<string[]>;
export function branch<I extends Inputs = {}>(
  id: string,
  options: Omit<FunctionTaskOptions<I, {}>, 'expand'>,
  fn: TaskBody<ResolvedInputs<I>, BranchChoice>,
): TaskRef<string[]>;
export function branch(
  id: string,
  optionsOrFn: Omit<FunctionTaskOptions<Inputs, {}>, 'expand'> | TaskBody<never, BranchChoice>,
  maybeFn?: TaskBody<never, BranchChoice>,
): TaskRef<string[]> {
  const [options, fn] = typeof optionsOrFn === 'function' ? [{}, optionsOrFn] : [optionsOrFn, maybeFn];
  if (typeof fn !== 'function') throw new Error(`branch('${id}'): the last argument must be the function that picks the branch`);
  const { inputs, ...taskOptions } = options as FunctionTaskOptions<Inputs, {}>;
  return currentBuilder('branch', id).addTask({
    id,
    kind: 'branch',
    operator: 'BranchTask',
    options: taskOptions,
    inputs: inputs ?? {},
    run: fn as TaskFunction,
  });
}
