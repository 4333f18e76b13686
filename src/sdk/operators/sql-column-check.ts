/**
 * `sqlColumnCheck(id, { connId, table, columnMapping })`: checks statistics of
 * columns against expectations (Airflow's SQLColumnCheckOperator). Checks per
 * column: `null_check` (count of nulls), `distinct_check` (count of distinct
 * values), `unique_check` (count of values minus distinct ones: 0 when all are
 * unique), `min`, `max`. Each compares its result with `equalTo`, or with
 * bounds `greaterThan`/`geqTo` and `lessThan`/`leqTo`, widened by a relative
 * `tolerance`; a `partitionClause` (here or per check; both apply) filters
 * the rows. A null result counts as 0 unless `acceptNone: false`. The failure
 * names every failed column and check with its result and expectation.
 * XCom: per column, per check `{ result, passed }`.
 *
 *   sqlColumnCheck('customer_columns', { connId: 'warehouse', table: 'dim_customer', columnMapping: {
 *     customer_id: { null_check: { equalTo: 0 }, unique_check: { equalTo: 0 } },
 *     age: { min: { geqTo: 0 }, max: { lessThan: 130 } },
 *   } });
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { TaskRef } from '../refs.js';
import { operatorTask, type OptionChecks } from './operator-task.js';
import { splitSqlOptions, type SqlConnectionOptions } from './sql-options.js';

export const COLUMN_CHECKS = ['null_check', 'distinct_check', 'unique_check', 'min', 'max'] as const;
export type ColumnCheckName = (typeof COLUMN_CHECKS)[number];

/** Numbers, or text (dates compare as ISO text). */
export type CheckValue = number | string;

export interface ColumnCheckSpec {
  equalTo?: CheckValue;
  greaterThan?: CheckValue;
  geqTo?: CheckValue;
  lessThan?: CheckValue;
  leqTo?: CheckValue;
  /** Relative: 0.1 widens each bound (and equalTo into a range) by 10%. Numbers only. */
  tolerance?: number;
  /** SQL condition for the rows this check looks at; ANDed with the operator's. Templated. */
  partitionClause?: string;
}

export interface SqlColumnCheckOptions extends SqlConnectionOptions {
  /** Templated. */
  table: string;
  columnMapping: Readonly<Record<string, Partial<Record<ColumnCheckName, ColumnCheckSpec>>>>;
  /** SQL condition for the rows every check looks at; templated; no semicolons. */
  partitionClause?: string;
  /** A null result (e.g. SUM over no rows) counts as 0 (default true). */
  acceptNone?: boolean;
}

export type ColumnCheckConfigSpec = {
  readonly equalTo?: CheckValue;
  readonly greaterThan?: CheckValue;
  readonly geqTo?: CheckValue;
  readonly lessThan?: CheckValue;
  readonly leqTo?: CheckValue;
  readonly tolerance?: number;
  readonly partitionClause?: string;
};

export type SqlColumnCheckConfig = {
  readonly connId: string;
  readonly table: string;
  readonly columnMapping: { readonly [column: string]: { readonly [check: string]: ColumnCheckConfigSpec } };
  readonly partitionClause: string | null;
  readonly acceptNone: boolean;
};

export type ColumnCheckResults = Record<string, Partial<Record<ColumnCheckName, { readonly result: JsonValue; readonly passed: boolean }>>>;

export function sqlColumnCheck(id: string, options: SqlColumnCheckOptions): TaskRef<ColumnCheckResults> {
  return operatorTask<ColumnCheckResults>('sqlColumnCheck', id, (check) => {
    const { connId, inputs, rest } = splitSqlOptions(options);
    const { table, columnMapping, partitionClause, acceptNone, ...taskOptions } = rest;
    const mapping = check.object('columnMapping', columnMapping);
    if (Object.keys(mapping).length === 0) check.fail('columnMapping', 'must name at least one column');
    const checked: Record<string, Record<string, ColumnCheckConfigSpec>> = {};
    for (const [column, checks] of Object.entries(mapping)) {
      const perColumn = check.object(`columnMapping.${column}`, checks);
      if (Object.keys(perColumn).length === 0) check.fail(`columnMapping.${column}`, `must name at least one check: ${COLUMN_CHECKS.join(', ')}`);
      checked[column] = {};
      for (const [name, spec] of Object.entries(perColumn)) {
        const option = `columnMapping.${column}.${name}`;
        if (!(COLUMN_CHECKS as readonly string[]).includes(name)) {
          check.fail(option, `is not a column check: use ${COLUMN_CHECKS.join(', ')}`);
        }
        (checked[column] as Record<string, ColumnCheckConfigSpec>)[name] = checkColumnSpec(check, option, spec);
      }
    }
    const config: SqlColumnCheckConfig = {
      connId: check.text('connId', connId),
      table: check.text('table', table),
      columnMapping: checked,
      partitionClause: checkPartitionClause(check, 'partitionClause', partitionClause),
      acceptNone: check.boolean('acceptNone', acceptNone, true),
    };
    return { kind: 'sql_column_check', operator: 'SQLColumnCheckOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

const BOUNDS = ['equalTo', 'greaterThan', 'geqTo', 'lessThan', 'leqTo'] as const;

/** Airflow's rules for a check's expectation: at least one comparison, and bounds that make sense together. */
function checkColumnSpec(check: OptionChecks, option: string, value: unknown): ColumnCheckConfigSpec {
  const spec = check.object(option, value) as ColumnCheckSpec;
  for (const key of Object.keys(spec)) {
    if (![...BOUNDS, 'tolerance', 'partitionClause'].includes(key)) {
      check.fail(`${option}.${key}`, `is not a check option: use ${[...BOUNDS, 'tolerance', 'partitionClause'].join(', ')}`);
    }
  }
  for (const bound of BOUNDS) {
    const v = spec[bound];
    if (v !== undefined && !(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) check.fail(`${option}.${bound}`, 'must be a number or text');
  }
  const { equalTo, greaterThan, geqTo, lessThan, leqTo, tolerance } = spec;
  if (BOUNDS.every((bound) => spec[bound] === undefined)) check.fail(option, 'needs one or more of equalTo, greaterThan, geqTo, lessThan, leqTo');
  if (greaterThan !== undefined && geqTo !== undefined) check.fail(option, 'takes one of greaterThan or geqTo, not both');
  if (lessThan !== undefined && leqTo !== undefined) check.fail(option, 'takes one of lessThan or leqTo, not both');
  if (equalTo !== undefined && [greaterThan, geqTo, lessThan, leqTo].some((v) => v !== undefined)) {
    check.fail(option, 'cannot combine equalTo with greater or less than bounds: use geqTo or leqTo for "or equal to"');
  }
  const ordered = (low: CheckValue | undefined, high: CheckValue | undefined, strict: boolean) =>
    low === undefined || high === undefined || typeof low !== typeof high || (strict ? low < high : low <= high);
  if (!ordered(greaterThan, lessThan, true)) check.fail(option, 'greaterThan must be strictly less than lessThan (use geqTo or leqTo for overlapping equality)');
  if (!ordered(greaterThan, leqTo, true)) check.fail(option, 'greaterThan must be strictly less than leqTo (use geqTo with leqTo for overlapping equality)');
  if (!ordered(geqTo, lessThan, true)) check.fail(option, 'geqTo must be strictly less than lessThan (use leqTo with geqTo for overlapping equality)');
  if (!ordered(geqTo, leqTo, false)) check.fail(option, 'geqTo must be less than or equal to leqTo');
  if (tolerance !== undefined) {
    if (check.number(`${option}.tolerance`, tolerance) < 0) check.fail(`${option}.tolerance`, `must be >= 0, got ${tolerance}`);
    for (const bound of BOUNDS) if (typeof spec[bound] === 'string') check.fail(`${option}.tolerance`, `applies to numbers only, and ${bound} is text`);
  }
  const partition = checkPartitionClause(check, `${option}.partitionClause`, spec.partitionClause);
  return { ...spec, ...(partition === null ? {} : { partitionClause: partition }) } as ColumnCheckConfigSpec;
}

/** Airflow refuses semicolons in partition clauses: they are pasted into a WHERE. */
export function checkPartitionClause(check: OptionChecks, option: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const clause = check.text(option, value);
  if (clause.includes(';')) check.fail(option, 'must not contain semicolons (;): it is pasted into a WHERE clause');
  return clause;
}
