/** `empty(id)`: a task that does nothing; a join point or a placeholder (Airflow's EmptyOperator). */
import { currentBuilder } from './dag-builder.js';
import type { TaskRef } from './refs.js';
import type { TaskOptions } from './task-options.js';

export function empty(id: string, options: TaskOptions = {}): TaskRef<null> {
  return currentBuilder('empty', id).addTask({ id, kind: 'empty', operator: 'EmptyOperator', options });
}
