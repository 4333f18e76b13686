/**
 * For operator factory tests: define a DAG ('d') with `body` and read back its
 * serialized spec, a task of it, or the import error a mistake gives. Each
 * empties the DAG registry so tests do not see each other's DAGs.
 */
import assert from 'node:assert/strict';
import type { DagSpec, TaskSpec } from '../../../core/dag-spec.js';
import { dag } from '../../index.js';
import { takeRegisteredDags } from '../../registry.js';

export function build(body: () => void): DagSpec {
  const built = dag('d', {}, body);
  takeRegisteredDags();
  return built.spec;
}

export function taskOf(spec: DagSpec, taskId: string): TaskSpec {
  const found = spec.tasks.find((t) => t.taskId === taskId);
  assert.ok(found, `task ${taskId} exists`);
  return found;
}

/** The message of the error defining the DAG throws (and a failure if it throws none). */
export function importError(body: () => void): string {
  try {
    build(body);
  } catch (error) {
    takeRegisteredDags();
    return (error as Error).message;
  }
  throw new Error('expected the DAG definition to fail');
}
