/**
 * The shape every run condition returns: Airflow's TIDepStatus with a human reason,
 * plus the state a condition decided early (a trigger rule's upstream_failed, a
 * branch's skip), which the scheduler sets instead of running the task.
 */
import type { TaskInstanceState } from '../states.js';

export interface DepStatus {
  readonly name: string;
  readonly passed: boolean;
  readonly reason: string;
  readonly setState?: Extract<TaskInstanceState, 'skipped' | 'upstream_failed' | 'removed'>;
}

export function pass(name: string, reason: string): DepStatus {
  return { name, passed: true, reason };
}

export function fail(name: string, reason: string, setState?: DepStatus['setState']): DepStatus {
  return setState ? { name, passed: false, reason, setState } : { name, passed: false, reason };
}
