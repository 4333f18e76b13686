/**
 * `shortCircuit(id, [options], fn)`: when `fn` returns a falsy value, every task
 * downstream is skipped; when truthy, the DAG continues (Airflow's
 * @task.short_circuit). With `ignoreDownstreamTriggerRules: false` only the
 * direct downstream tasks are skipped and the rest follow their trigger rules.
 */
import { currentBuilder, type TaskFunction } from './dag-builder.js';
import type { Inputs, ResolvedInputs, XComOf } from './inputs.js';
import type { TaskRef } from './refs.js';
import type { FunctionTaskOptions, TaskBody } from './task.js';

export interface ShortCircuitOptions<I extends Inputs> extends Omit<FunctionTaskOptions<I, {}>, 'expand'> {
  /** Skip all downstream tasks regardless of their trigger rules (default true, as Airflow). */
  ignoreDownstreamTriggerRules?: boolean;
}

export function shortCircuit<R>(id: string, fn: TaskBody<Record<string, never>, R>): TaskRef<XComOf<R>>;
export function shortCircuit<R, I extends Inputs = {}>(
  id: string,
  options: ShortCircuitOptions<I>,
  fn: TaskBody<ResolvedInputs<I>, R>,
): TaskRef<XComOf<R>>;
export function shortCircuit(
  id: string,
  optionsOrFn: ShortCircuitOptions<Inputs> | TaskBody<never, unknown>,
  maybeFn?: TaskBody<never, unknown>,
): TaskRef<unknown> {
  const [options, fn] = typeof optionsOrFn === 'function' ? [{}, optionsOrFn] : [optionsOrFn, maybeFn];
  if (typeof fn !== 'function') throw new Error(`shortCircuit('${id}'): the last argument must be the condition function`);
  const { inputs, ignoreDownstreamTriggerRules, ...taskOptions } = options as ShortCircuitOptions<Inputs>;
  return currentBuilder('shortCircuit', id).addTask({
    id,
    kind: 'short_circuit',
    operator: 'ShortCircuitTask',
    options: taskOptions,
    inputs: inputs ?? {},
    config: { ignoreDownstreamTriggerRules: ignoreDownstreamTriggerRules ?? true },
    run: fn as TaskFunction,
  });
}
