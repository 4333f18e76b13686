/**
 * Every `dag()` call registers its DAG here, so a file may declare DAGs in a
 * loop (the "DAG of DAGs" pattern) without exporting each one. The DAG
 * processor and the task runner drain the registry after importing a file.
 *
 * The list hangs off `globalThis` under a registered symbol so that it is one
 * list even if two copies of the SDK end up loaded in one process.
 */
import type { Dag } from './dag-definition.js';

const REGISTRY = Symbol.for('updraft.dag-registry');

type Holder = { [REGISTRY]?: Dag[] };

function registry(): Dag[] {
  const holder = globalThis as Holder;
  holder[REGISTRY] ??= [];
  return holder[REGISTRY];
}

export function registerDag(dag: Dag): void {
  registry().push(dag);
}

/** Returns the DAGs registered since the last call and empties the registry. */
export function takeRegisteredDags(): Dag[] {
  return registry().splice(0);
}
