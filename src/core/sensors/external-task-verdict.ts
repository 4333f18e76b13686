/**
 * Whether another DAG's tasks (or run) are where an ExternalTaskSensor wants
 * them, from the states found: Airflow's `_get_count` comparisons, with a
 * human reason for the log. Failed states win over skipped ones, and both over
 * waiting, as in Airflow's `poke`.
 */
import type { ExternalStateRules } from './wait-state.js';

export type ExternalVerdict =
  | { readonly verdict: 'met'; readonly reason: string }
  | { readonly verdict: 'waiting'; readonly reason: string }
  | { readonly verdict: 'failed'; readonly reason: string }
  | { readonly verdict: 'skipped'; readonly reason: string };

export interface ExternalObservation {
  /** What was looked at, for the reasons: "tasks load, check of DAG 'etl' at 2024-01-01T00:00:00.000Z". */
  readonly what: string;
  /** One state per expected instance that exists; missing instances are simply absent. */
  readonly states: readonly (string | null)[];
  /** How many instances must be in an allowed state (the task ids asked for, or 1 run). */
  readonly expected: number;
}

export function externalTaskVerdict(rules: ExternalStateRules, seen: ExternalObservation): ExternalVerdict {
  const count = (wanted: readonly string[]) => seen.states.filter((s) => s !== null && wanted.includes(s)).length;
  const failed = count(rules.failedStates);
  if (failed > 0) return { verdict: 'failed', reason: `${seen.what}: ${failed} in a failed state (${rules.failedStates.join(', ')})` };
  const skipped = count(rules.skippedStates);
  if (skipped > 0) return { verdict: 'skipped', reason: `${seen.what}: ${skipped} in a skipped state (${rules.skippedStates.join(', ')})` };
  const allowed = count(rules.allowedStates);
  if (allowed === seen.expected) return { verdict: 'met', reason: `${seen.what}: ${rules.allowedStates.join(' or ')}` };
  const found = seen.states.length === 0 ? 'not found yet' : `${allowed} of ${seen.expected} ${rules.allowedStates.join(' or ')} (now: ${seen.states.map((s) => s ?? 'none').join(', ')})`;
  return { verdict: 'waiting', reason: `${seen.what}: ${found}` };
}
