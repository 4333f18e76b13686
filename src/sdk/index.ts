/**
 * The authoring SDK: everything a DAG file imports from 'updraft'.
 * It loads no database, HTTP or queue code (checked by a test), so DAG files
 * import fast and stay free of side effects.
 */
export { dag, type Dag, type DagOptions, type DagScope } from './dag.js';
export { task, type FunctionTaskOptions, type TaskBody } from './task.js';
export { bash, type BashOptions } from './bash.js';
export { empty } from './empty.js';
export { branch, type BranchChoice } from './branch.js';
export { shortCircuit, type ShortCircuitOptions } from './short-circuit.js';
export { latestOnly } from './latest-only.js';
export { group, type GroupOptions } from './group.js';
export { chain } from './chain.js';
export { TaskRef, TaskGroupRef, Output, type Chainable } from './refs.js';
export type { Schedule } from './schedule.js';
export type { TaskOptions, DefaultArgs, Duration } from './task-options.js';
export type { TaskContext, TaskLogger, CallbackContext, Callback, ConnectionInfo } from './context.js';
export type { TriggerRule, WeightRule, JsonValue, JsonObject } from '../core/dag-spec.js';
/** zod, re-exported so DAG files declare params with the same zod the SDK reads: `import { z } from 'updraft'`. */
export { z } from 'zod';
