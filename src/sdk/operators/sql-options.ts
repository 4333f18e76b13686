/** Options the SQL operators share, and their checks. */
import type { JsonValue } from '../../core/dag-spec.js';
import type { Inputs } from '../inputs.js';
import type { TaskOptions } from '../task-options.js';
import type { OptionChecks } from './operator-task.js';

/**
 * Bound to the SQL, never pasted into it: an object for `:name` placeholders
 * (any database), or a list for the driver's positional ones (`$1` on
 * PostgreSQL, `?` on MySQL and SQLite). Strings in it are templated.
 */
export type SqlTaskParameters = readonly JsonValue[] | { readonly [name: string]: JsonValue };

export interface SqlConnectionOptions extends TaskOptions {
  /** The connection to run on: a postgres, mysql (MariaDB) or sqlite connection. Templated. */
  connId: string;
  /** Other tasks' outputs (or literals) the SQL can use as `{{ inputs.name }}`; they become upstream tasks. */
  inputs?: Inputs;
}

export function checkParameters(check: OptionChecks, value: unknown): SqlTaskParameters | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) check.object('parameters', value);
  return check.json('parameters', value) as SqlTaskParameters;
}

/** Pulls the SQL options off, leaving the options every task takes. */
export function splitSqlOptions<O extends SqlConnectionOptions>(options: O): { connId: unknown; inputs: Inputs | undefined; rest: Omit<O, 'connId' | 'inputs'> } {
  const { connId, inputs, ...rest } = options;
  return { connId, inputs, rest };
}
