/**
 * The SQL operator factories: what they record in the serialized DAG, and the
 * import errors a mistake gives (naming the DAG, the task and the option).
 * Cases marked "Airflow:" port the validations of Airflow's common.sql
 * operators (providers/common/sql/.../operators/sql.py and its tests).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonValue } from '../../core/dag-spec.js';
import { sqlCheck, sqlColumnCheck, sqlExecute, sqlIntervalCheck, sqlQuery, sqlTableCheck, sqlValueCheck, task } from '../index.js';
import type { TaskRef } from '../refs.js';
import { build, importError, taskOf } from './testing/define-dag.js';

describe('SQL operator factories', () => {
  it('record kind, Airflow operator name, config with defaults, and the task options', () => {
    const spec = build(() => {
      sqlExecute('load', { connId: 'wh', sql: ['DELETE FROM t', 'INSERT INTO t VALUES (1)'], retries: 2 });
      sqlQuery('read', { connId: 'wh', sql: 'SELECT * FROM t WHERE day = :day', parameters: { day: '{{ ds }}' } });
    });
    const load = taskOf(spec, 'load');
    assert.equal(load.kind, 'sql_execute');
    assert.equal(load.operator, 'SQLExecuteQueryOperator');
    assert.equal(load.retries, 2);
    assert.deepEqual(load.config, { connId: 'wh', sql: ['DELETE FROM t', 'INSERT INTO t VALUES (1)'], parameters: null, autocommit: false, splitStatements: true });
    assert.deepEqual(taskOf(spec, 'read').config, { connId: 'wh', sql: 'SELECT * FROM t WHERE day = :day', parameters: { day: '{{ ds }}' }, maxRows: 1000 });
  });

  it('the XCom types flow to downstream tasks', () => {
    build(() => {
      const rows: TaskRef<{ day: string; total: number }[]> = sqlQuery<{ day: string; total: number }>('read', { connId: 'wh', sql: 'SELECT 1' });
      const executed = sqlExecute('load', { connId: 'wh', sql: 'SELECT 1' });
      task('use', { inputs: { rows, executed } }, ({ rows, executed }) => {
        const total: number = rows[0]?.total ?? 0;
        const affected: number = executed.rowsAffected;
        return total + affected;
      });
      const column = sqlColumnCheck('cols', { connId: 'wh', table: 't', columnMapping: { a: { min: { geqTo: 0 } } } });
      task('use_checks', { inputs: { column } }, ({ column }) => column.a?.min?.passed ?? false);
    });
  });

  it('inputs make upstream edges and reach the executor', () => {
    const spec = build(() => {
      const day = task('pick_day', () => '2024-01-01');
      sqlExecute('load', { connId: 'wh', sql: "DELETE FROM t WHERE day = '{{ inputs.day }}'", inputs: { day } });
    });
    assert.deepEqual(taskOf(spec, 'load').upstream, ['pick_day']);
    assert.deepEqual(taskOf(spec, 'load').inputs, { day: { from: 'xcom', taskId: 'pick_day', key: 'return_value' } });
  });

  it('a missing or wrong option is an import error naming the DAG, the task and the option', () => {
    assert.equal(
      importError(() => sqlQuery('read', { sql: 'SELECT 1' } as never)),
      "DAG 'd', task 'read': sqlQuery() option 'connId' must be a non-empty string, got nothing",
    );
    assert.match(importError(() => sqlQuery('read', { connId: 'wh', sql: 'SELECT 1', maxRows: 0 })), /sqlQuery\(\) option 'maxRows' must be a whole number >= 1, got 0/);
    assert.match(importError(() => sqlExecute('load', { connId: 'wh', sql: [] })), /option 'sql' must not be an empty list/);
    assert.match(
      importError(() => sqlExecute('load', { connId: 'wh', sql: 'x', parameters: { day: new Date() as unknown as JsonValue } })),
      /option 'parameters\.day' must be JSON data .* got a Date/,
    );
    assert.match(importError(() => sqlValueCheck('v', { connId: 'wh', sql: 'x', passValue: 1, tolerance: -1 })), /option 'tolerance' must be >= 0/);
  });

  it('Airflow: test_invalid_ratio_formula', () => {
    assert.match(
      importError(() => sqlIntervalCheck('i', { connId: 'wh', table: 't', metricsThresholds: { f1: 1 }, ratioFormula: 'abs' as never })),
      /option 'ratioFormula' must be one of 'max_over_min', 'relative_diff', got "abs"/,
    );
  });

  it('interval check defaults are Airflow\'s: ds column, 7 days back, max_over_min, ignore zero', () => {
    const spec = build(() => sqlIntervalCheck('i', { connId: 'wh', table: 't', metricsThresholds: { 'COUNT(*)': 1.5 }, daysBack: -3 }));
    assert.deepEqual(taskOf(spec, 'i').config, {
      connId: 'wh',
      table: 't',
      metricsThresholds: { 'COUNT(*)': 1.5 },
      dateFilterColumn: 'ds',
      daysBack: 3,
      ratioFormula: 'max_over_min',
      ignoreZero: true,
    });
    assert.equal(taskOf(spec, 'i').operator, 'SQLIntervalCheckOperator');
  });

  it('Airflow: test_check_not_in_column_checks', () => {
    assert.match(
      importError(() => sqlColumnCheck('c', { connId: 'wh', table: 't', columnMapping: { Y: { invalid_check_name: { equalTo: 5 } } as never } })),
      /option 'columnMapping\.Y\.invalid_check_name' is not a column check: use null_check, distinct_check, unique_check, min, max/,
    );
  });

  it("Airflow's _column_mapping_validation rules", () => {
    const column = (spec: Record<string, unknown>) => () => sqlColumnCheck('c', { connId: 'wh', table: 't', columnMapping: { X: { min: spec as never } } });
    assert.match(importError(column({ tolerance: 0.1 })), /needs one or more of equalTo, greaterThan, geqTo, lessThan, leqTo/);
    assert.match(importError(column({ greaterThan: 5, lessThan: 5 })), /greaterThan must be strictly less than lessThan/);
    assert.match(importError(column({ greaterThan: 5, leqTo: 5 })), /greaterThan must be strictly less than leqTo/);
    assert.match(importError(column({ geqTo: 5, lessThan: 5 })), /geqTo must be strictly less than lessThan/);
    assert.match(importError(column({ geqTo: 6, leqTo: 5 })), /geqTo must be less than or equal to leqTo/);
    assert.match(importError(column({ greaterThan: 1, geqTo: 1 })), /takes one of greaterThan or geqTo, not both/);
    assert.match(importError(column({ lessThan: 1, leqTo: 1 })), /takes one of lessThan or leqTo, not both/);
    assert.match(importError(column({ equalTo: 1, leqTo: 1 })), /cannot combine equalTo with greater or less than bounds/);
    assert.match(importError(column({ equal_to: 1 })), /option 'columnMapping\.X\.min\.equal_to' is not a check option/);
    assert.doesNotThrow(() => build(column({ geqTo: 5, leqTo: 5 })));
  });

  it('Airflow _initialize_partition_clause: semicolons are refused', () => {
    assert.match(
      importError(() => sqlTableCheck('t', { connId: 'wh', table: 't', checks: { rows: { checkStatement: 'COUNT(*) > 0' } }, partitionClause: 'a = 1; DROP TABLE t' })),
      /option 'partitionClause' must not contain semicolons/,
    );
    assert.match(
      importError(() => sqlColumnCheck('c', { connId: 'wh', table: 't', columnMapping: { X: { null_check: { equalTo: 0, partitionClause: 'x;' } } } })),
      /option 'columnMapping\.X\.null_check\.partitionClause' must not contain semicolons/,
    );
  });

  it('check operators carry Airflow names and their configs', () => {
    const spec = build(() => {
      sqlCheck('c', { connId: 'wh', sql: 'SELECT 1' });
      sqlValueCheck('v', { connId: 'wh', sql: 'SELECT 1', passValue: '{{ ds }}' });
      sqlTableCheck('t', { connId: 'wh', table: 'x', checks: { rows: { checkStatement: 'COUNT(*) > 0', partitionClause: 'a > 1' } } });
    });
    assert.deepEqual(
      spec.tasks.map((t) => [t.taskId, t.kind, t.operator]),
      [
        ['c', 'sql_check', 'SQLCheckOperator'],
        ['t', 'sql_table_check', 'SQLTableCheckOperator'],
        ['v', 'sql_value_check', 'SQLValueCheckOperator'],
      ],
    );
    assert.deepEqual(taskOf(spec, 'v').config, { connId: 'wh', sql: 'SELECT 1', parameters: null, passValue: '{{ ds }}', tolerance: null });
    assert.deepEqual(taskOf(spec, 't').config, { connId: 'wh', table: 'x', checks: { rows: { checkStatement: 'COUNT(*) > 0', partitionClause: 'a > 1' } }, partitionClause: null });
  });
});
