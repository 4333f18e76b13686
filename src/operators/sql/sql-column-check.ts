/**
 * Executor of `sqlColumnCheck`: one query per distinct set of filters (each
 * check an aggregate column of it, so one table scan serves many checks), then
 * each result against its expectation, with Airflow's matching rules.
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { ColumnCheckConfigSpec, ColumnCheckName, ColumnCheckResults, SqlColumnCheckConfig } from '../../sdk/operators/sql-column-check.js';
import { executor, succeeded } from '../operator.js';
import { DataQualityError } from './checks/data-quality-error.js';
import { compare, show, toNumber } from './checks/values.js';
import { withSqlHook } from './with-sql-hook.js';

const CHECK_SQL: Readonly<Record<ColumnCheckName, (column: string) => string>> = {
  null_check: (c) => `SUM(CASE WHEN ${c} IS NULL THEN 1 ELSE 0 END)`,
  distinct_check: (c) => `COUNT(DISTINCT(${c}))`,
  unique_check: (c) => `COUNT(${c}) - COUNT(DISTINCT(${c}))`,
  min: (c) => `MIN(${c})`,
  max: (c) => `MAX(${c})`,
};

export interface ColumnCheckQuery {
  readonly sql: string;
  /** The column and check of each selected value, in order. */
  readonly items: readonly { readonly column: string; readonly check: ColumnCheckName }[];
}

export const sqlColumnCheckExecutor = executor<SqlColumnCheckConfig>(async (config, ctx) => {
  const table = ctx.render(config.table);
  const render = (clause: string | null | undefined) => (clause === null || clause === undefined ? null : renderClause(ctx.render(clause)));
  const mapping = Object.fromEntries(
    Object.entries(config.columnMapping).map(([column, checks]) => [
      column,
      Object.fromEntries(Object.entries(checks).map(([check, spec]) => [check, { ...spec, partitionClause: render(spec.partitionClause) ?? undefined }])),
    ]),
  ) as SqlColumnCheckConfig['columnMapping'];
  const queries = columnCheckQueries(table, mapping, render(config.partitionClause));
  const results = await withSqlHook(ctx, config.connId, async (hook) => {
    const values: ColumnCheckValue[] = [];
    for (const query of queries) {
      const row = await hook.firstArray(query.sql);
      if (row === null) throw new DataQualityError(`SQL column check failed: the following query returned zero rows: ${query.sql}`);
      query.items.forEach((item, index) => values.push({ ...item, result: row[index] ?? null }));
    }
    return values;
  });
  return succeeded(evaluateColumnChecks(table, mapping, results, config.acceptNone, (line) => ctx.log.info(line)));
});

export interface ColumnCheckValue {
  readonly column: string;
  readonly check: ColumnCheckName;
  readonly result: JsonValue;
}

/** Each result against its expectation: the outcome, or a DataQualityError naming every failed column and check. */
export function evaluateColumnChecks(
  table: string,
  mapping: SqlColumnCheckConfig['columnMapping'],
  results: readonly ColumnCheckValue[],
  acceptNone: boolean,
  log: (line: string) => void = () => undefined,
): ColumnCheckResults {
  const outcome: ColumnCheckResults = {};
  const failures: string[] = [];
  for (const { column, check, result } of results) {
    const spec = mapping[column]?.[check] as ColumnCheckConfigSpec;
    const passed = columnCheckPasses(spec, result, acceptNone);
    (outcome[column] ??= {})[check] = { result, passed };
    log(`Column ${column}, check ${check}: result ${show(result)}, expected ${describeExpectation(spec)}: ${passed ? 'passed' : 'FAILED'}`);
    if (!passed) failures.push(`  column '${column}' check '${check}': result ${show(result)}, expected ${describeExpectation(spec)}`);
  }
  if (failures.length > 0) {
    throw new DataQualityError(
      `SQL column check failed on ${table}: ${failures.length} of ${results.length} check${results.length === 1 ? '' : 's'} failed:\n${failures.join('\n')}`,
    );
  }
  return outcome;
}

/** Semicolons could end the WHERE and start another statement: refused after templating too. */
function renderClause(clause: string): string {
  if (clause.includes(';')) throw new Error(`the partition clause ${JSON.stringify(clause)} contains a semicolon (;) after templating: it is pasted into a WHERE clause`);
  return clause;
}

/** Airflow's WHERE for a check: the operator's partition clause AND the check's own, either, or none. */
export function whereOf(operatorClause: string | null, checkClause: string | null | undefined): string | null {
  const parts = [operatorClause, checkClause].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length === 0 ? null : parts.join(' AND ');
}

/** One SELECT per distinct WHERE, with every check that shares it as a column. */
export function columnCheckQueries(table: string, mapping: SqlColumnCheckConfig['columnMapping'], partitionClause: string | null): ColumnCheckQuery[] {
  const groups = new Map<string, { exprs: string[]; items: { column: string; check: ColumnCheckName }[] }>();
  for (const [column, checks] of Object.entries(mapping)) {
    for (const [check, spec] of Object.entries(checks)) {
      const where = whereOf(partitionClause, spec.partitionClause) ?? '';
      let group = groups.get(where);
      if (!group) groups.set(where, (group = { exprs: [], items: [] }));
      group.exprs.push(CHECK_SQL[check as ColumnCheckName](column));
      group.items.push({ column, check: check as ColumnCheckName });
    }
  }
  return [...groups.entries()].map(([where, group]) => ({
    sql: `SELECT ${group.exprs.map((expr, i) => `${expr} AS check_${i}`).join(', ')} FROM ${table}${where ? ` WHERE ${where}` : ''}`,
    items: group.items,
  }));
}

/**
 * Airflow's matching: the lower bound (geqTo or greaterThan) and the upper bound
 * (leqTo or lessThan) must both hold, or the result must equal equalTo; a
 * tolerance t widens bounds to bound*(1-t) below and bound*(1+t) above.
 * A null result is 0 when acceptNone, else a failure.
 */
export function columnCheckPasses(spec: ColumnCheckConfigSpec, result: JsonValue, acceptNone: boolean): boolean {
  const record = result === null && acceptNone ? 0 : result;
  if (record === null) return false;
  const t = spec.tolerance;
  const widen = (bound: number | string, factor: number): JsonValue => (t === undefined ? bound : (toNumber(bound) as number) * factor);
  const cmp = (bound: number | string, factor: number) => compare(record, widen(bound, factor));
  let match = true;
  if (spec.geqTo !== undefined) match = ((c) => c !== null && c >= 0)(cmp(spec.geqTo, 1 - (t ?? 0)));
  else if (spec.greaterThan !== undefined) match = ((c) => c !== null && c > 0)(cmp(spec.greaterThan, 1 - (t ?? 0)));
  if (spec.leqTo !== undefined) match = ((c) => c !== null && c <= 0)(cmp(spec.leqTo, 1 + (t ?? 0))) && match;
  else if (spec.lessThan !== undefined) match = ((c) => c !== null && c < 0)(cmp(spec.lessThan, 1 + (t ?? 0))) && match;
  if (spec.equalTo !== undefined) {
    if (t === undefined) match = compare(record, spec.equalTo) === 0 && match;
    else {
      const low = compare(record, widen(spec.equalTo, 1 - t));
      const high = compare(record, widen(spec.equalTo, 1 + t));
      match = low !== null && high !== null && low >= 0 && high <= 0 && match;
    }
  }
  return match;
}

/** "greater than 10 and less than 20 (tolerance 10%)". */
export function describeExpectation(spec: ColumnCheckConfigSpec): string {
  const parts: string[] = [];
  if (spec.equalTo !== undefined) parts.push(`equal to ${show(spec.equalTo)}`);
  if (spec.greaterThan !== undefined) parts.push(`greater than ${show(spec.greaterThan)}`);
  if (spec.geqTo !== undefined) parts.push(`at least ${show(spec.geqTo)}`);
  if (spec.lessThan !== undefined) parts.push(`less than ${show(spec.lessThan)}`);
  if (spec.leqTo !== undefined) parts.push(`at most ${show(spec.leqTo)}`);
  const tolerance = spec.tolerance === undefined ? '' : ` (tolerance ${(spec.tolerance * 100).toFixed(1)}%)`;
  return `${parts.join(' and ')}${tolerance}`;
}
