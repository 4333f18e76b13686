/** The message of the DagDefinitionError a DAG declaration throws (registered DAGs are drained either way). */
import { takeRegisteredDags } from '../registry.js';

export function definitionError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    takeRegisteredDags();
    return (error as Error).message;
  }
  throw new Error('expected the DAG definition to fail');
}
