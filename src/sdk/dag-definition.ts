/**
 * A declared DAG as the rest of Updraft receives it: its spec (plain data,
 * stored and compared) beside its runtime (the task functions and callbacks,
 * which live only in the process that imported the file).
 */
import type { DagSpec } from '../core/dag-spec.js';
import type { Callback } from './context.js';
import type { TaskRuntime } from './dag-builder.js';
import type { ParamsSchema } from './params.js';

export interface DagRuntime {
  readonly tasks: ReadonlyMap<string, TaskRuntime>;
  readonly paramsSchema: ParamsSchema | undefined;
  readonly onSuccess: Callback | null;
  readonly onFailure: Callback | null;
  /** The callback of each deadline, in the order of `DagSpec.deadlines`. */
  readonly deadlines: readonly Callback[];
}

export interface Dag {
  readonly dagId: string;
  readonly spec: DagSpec;
  readonly runtime: DagRuntime;
}
