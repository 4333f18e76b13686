/**
 * `latestOnly(id)`: lets its downstream tasks run only in the most recent
 * scheduled run; in older runs (catch-up, backfill) they are skipped. Manual
 * runs are never skipped (Airflow's LatestOnlyOperator).
 */
import { currentBuilder } from './dag-builder.js';
import type { TaskRef } from './refs.js';
import type { TaskOptions } from './task-options.js';

export function latestOnly(id: string, options: TaskOptions = {}): TaskRef<null> {
  return currentBuilder('latestOnly', id).addTask({ id, kind: 'latest_only', operator: 'LatestOnlyOperator', options });
}
