/**
 * The data-quality checks' decisions, on the values a database returned.
 * Cases marked "Airflow:" are ported from apache/airflow
 * providers/common/sql/tests/unit/common/sql/operators/test_sql.py (the same
 * records and expectations; Airflow mocks the hook there, these are the pure
 * decisions; test/operators/ runs every check against real databases).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonValue } from '../../core/dag-spec.js';
import type { SqlColumnCheckConfig } from '../../sdk/operators/sql-column-check.js';
import { DataQualityError } from './checks/data-quality-error.js';
import { evaluateTruthyCheck } from './sql-check.js';
import { columnCheckPasses, columnCheckQueries, evaluateColumnChecks, type ColumnCheckValue } from './sql-column-check.js';
import { addDays, evaluateInterval } from './sql-interval-check.js';
import { evaluateTableChecks, tableCheckSql } from './sql-table-check.js';
import { evaluateValueCheck } from './sql-value-check.js';

const dataQualityError = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof DataQualityError, `a DataQualityError, got ${String(error)}`);
  assert.match(error.message, pattern);
  return true;
};

describe('sqlColumnCheck decisions', () => {
  // Airflow: TestColumnCheckOperator.valid_column_mapping
  const mapping: SqlColumnCheckConfig['columnMapping'] = {
    X: {
      null_check: { equalTo: 0 },
      distinct_check: { equalTo: 10, tolerance: 0.1 },
      unique_check: { geqTo: 10 },
      min: { leqTo: 1 },
      max: { lessThan: 20, greaterThan: 10 },
    },
  };
  const records = (values: [number, number, number, number, number]): ColumnCheckValue[] =>
    (['null_check', 'distinct_check', 'unique_check', 'min', 'max'] as const).map((check, i) => ({ column: 'X', check, result: values[i] as number }));

  it('Airflow: test_pass_all_checks_exact_check', () => {
    const outcome = evaluateColumnChecks('test_table', mapping, records([0, 10, 10, 1, 19]), true);
    assert.ok(Object.values(outcome.X ?? {}).every((r) => r?.passed));
  });

  it('Airflow: test_pass_all_checks_inexact_check (tolerance widens equal_to to 9..11)', () => {
    const outcome = evaluateColumnChecks('test_table', mapping, records([0, 9, 12, 0, 15]), true);
    assert.ok(Object.values(outcome.X ?? {}).every((r) => r?.passed));
  });

  it('Airflow: test_max_less_than_fails_check: the failure names the check and its values', () => {
    assert.throws(
      () => evaluateColumnChecks('test_table', mapping, records([1, 10, 10, 1, 21]), true),
      dataQualityError(/column 'X' check 'max': result 21, expected greater than 10 and less than 20/),
    );
  });

  it('Airflow: test_max_greater_than_fails_check', () => {
    assert.throws(
      () => evaluateColumnChecks('test_table', mapping, records([0, 10, 10, 1, 9]), true),
      dataQualityError(/1 of 5 checks failed:\n {2}column 'X' check 'max': result 9/),
    );
  });

  it('Airflow: test_fail_all_checks_check: every failed check is listed', () => {
    assert.throws(() => evaluateColumnChecks('test_table', mapping, records([1, 12, 11, -1, 20]), true), (error: Error) => {
      assert.ok(error instanceof DataQualityError);
      assert.match(error.message, /3 of 5 checks failed/);
      for (const check of ['null_check', 'distinct_check', 'max']) assert.match(error.message, new RegExp(`check '${check}'`));
      assert.doesNotMatch(error.message, /check 'min'|check 'unique_check'/);
      return true;
    });
  });

  it("Airflow _get_match: tolerance widens each bound; a null result is 0 unless acceptNone is false", () => {
    assert.equal(columnCheckPasses({ geqTo: 10, tolerance: 0.1 }, 9, true), true);
    assert.equal(columnCheckPasses({ geqTo: 10, tolerance: 0.1 }, 8.9, true), false);
    assert.equal(columnCheckPasses({ lessThan: 10, tolerance: 0.1 }, 10.9, true), true);
    assert.equal(columnCheckPasses({ lessThan: 10, tolerance: 0.1 }, 11, true), false);
    assert.equal(columnCheckPasses({ equalTo: 0 }, null, true), true);
    assert.equal(columnCheckPasses({ equalTo: 0 }, null, false), false);
  });

  it('min and max of dates compare as ISO text; big integers as numbers', () => {
    assert.equal(columnCheckPasses({ geqTo: '2024-01-01' }, '2024-03-01', true), true);
    assert.equal(columnCheckPasses({ lessThan: '2024-01-01' }, '2024-03-01', true), false);
    assert.equal(columnCheckPasses({ greaterThan: 1 }, '9223372036854775807', true), true);
  });

  it('Airflow: test_generate_sql_query_with_partitions_and_check_partition (one query per distinct WHERE)', () => {
    const queries = columnCheckQueries(
      'test_table',
      { X: { null_check: { equalTo: 0, partitionClause: 'Z < 100' }, distinct_check: { equalTo: 10, tolerance: 0.1 } } },
      'Y > 1',
    );
    assert.deepEqual(
      queries.map((q) => q.sql),
      [
        'SELECT SUM(CASE WHEN X IS NULL THEN 1 ELSE 0 END) AS check_0 FROM test_table WHERE Y > 1 AND Z < 100',
        'SELECT COUNT(DISTINCT(X)) AS check_0 FROM test_table WHERE Y > 1',
      ],
    );
  });

  it('Airflow: test_generate_sql_query_no_partitions / with_check_partition: checks sharing a WHERE share a scan', () => {
    const mapping2 = { X: { null_check: { equalTo: 0 }, distinct_check: { equalTo: 10, partitionClause: 'Z < 100' } }, Y: { min: { geqTo: 0 } } };
    const queries = columnCheckQueries('test_table', mapping2, null);
    assert.deepEqual(
      queries.map((q) => q.sql),
      [
        'SELECT SUM(CASE WHEN X IS NULL THEN 1 ELSE 0 END) AS check_0, MIN(Y) AS check_1 FROM test_table',
        'SELECT COUNT(DISTINCT(X)) AS check_0 FROM test_table WHERE Z < 100',
      ],
    );
    assert.deepEqual(queries[0]?.items, [
      { column: 'X', check: 'null_check' },
      { column: 'Y', check: 'min' },
    ]);
  });
});

describe('sqlTableCheck decisions', () => {
  // Airflow: TestTableCheckOperator.checks
  const checks = {
    row_count_check: { checkStatement: 'COUNT(*) = 1000', partitionClause: null },
    column_sum_check: { checkStatement: 'col_a + col_b < col_c', partitionClause: null },
  };
  const table = (rows: [string, JsonValue][]) => ({ columns: ['check_name', 'check_result'], rows });

  it('Airflow: test_pass_all_checks_check (1 and "y" are both true)', () => {
    assert.deepEqual(evaluateTableChecks(table([['row_count_check', 1], ['column_sum_check', 'y']]), checks, 'test_table', 'sql'), {
      row_count_check: true,
      column_sum_check: true,
    });
  });

  it('Airflow: test_fail_all_checks_check: both checks named with their conditions', () => {
    assert.throws(
      () => evaluateTableChecks(table([['row_count_check', 0], ['column_sum_check', 'n']]), checks, 'test_table', 'sql'),
      dataQualityError(/2 of 2 checks failed:\n {2}check 'row_count_check' \(COUNT\(\*\) = 1000\): it does not hold\n {2}check 'column_sum_check' \(col_a \+ col_b < col_c\)/),
    );
  });

  it('a row-level check over no rows fails saying so (Airflow cannot parse its None either)', () => {
    assert.throws(
      () => evaluateTableChecks(table([['row_count_check', 1], ['column_sum_check', null]]), checks, 'test_table', 'sql'),
      dataQualityError(/check 'column_sum_check' .*: no rows to check it on/),
    );
  });

  it('Airflow: test_generate_sql_query_with_partitions_and_check_partition', () => {
    const sql = tableCheckSql('test_table', { ...checks, row_count_check: { ...checks.row_count_check, partitionClause: 'id = 100' } }, 'col_a > 10');
    assert.equal(
      sql,
      "SELECT 'row_count_check' AS check_name, MIN(check_result) AS check_result FROM (SELECT CASE WHEN COUNT(*) = 1000 THEN 1 ELSE 0 END AS check_result FROM test_table WHERE col_a > 10 AND id = 100) AS sq" +
        " UNION ALL SELECT 'column_sum_check' AS check_name, MIN(check_result) AS check_result FROM (SELECT CASE WHEN col_a + col_b < col_c THEN 1 ELSE 0 END AS check_result FROM test_table WHERE col_a > 10) AS sq",
    );
  });

  it("a check name with a quote stays one SQL literal", () => {
    assert.match(tableCheckSql('t', { "it's": { checkStatement: '1 = 1', partitionClause: null } }, null), /SELECT 'it''s' AS check_name/);
  });
});

describe('sqlCheck decisions', () => {
  it('Airflow: test_execute_no_records', () => {
    assert.throws(() => evaluateTruthyCheck({ columns: [], rows: [] }, 'sql'), dataQualityError(/the query returned zero rows: sql/));
  });

  it('Airflow: test_execute_not_all_records_are_true: the falsy column is named', () => {
    assert.throws(
      () => evaluateTruthyCheck({ columns: ['a', 'b'], rows: [['data', '']] }, 'sql'),
      dataQualityError(/1 of 2 values in the first row is falsy .*: b = ""/),
    );
  });

  it('Airflow: test_execute_records_dict_not_all_values_are_true', () => {
    assert.throws(
      () => evaluateTruthyCheck({ columns: ['DUPLICATE_ID_CHECK', 'NULL_VALUES_CHECK'], rows: [[false, true]] }, 'sql'),
      dataQualityError(/DUPLICATE_ID_CHECK = false/),
    );
  });

  it("Python's truthiness: 0, null, empty text, lists and objects fail; anything else passes", () => {
    assert.deepEqual(evaluateTruthyCheck({ columns: ['a', 'b', 'c'], rows: [[1, 'x', [0]]] }, 'sql'), [1, 'x', [0]]);
    for (const falsy of [0, null, '', [], {}, false]) assert.throws(() => evaluateTruthyCheck({ columns: ['a'], rows: [[falsy]] }, 'sql'), DataQualityError);
  });
});

describe('sqlValueCheck decisions', () => {
  const one = (value: JsonValue) => ({ columns: ['value'], rows: [[value]] });

  it('Airflow: test_execute_pass (10 is within 5 ± 100%)', () => {
    assert.deepEqual(evaluateValueCheck(one(10), 5, 1, 'sql'), [10]);
  });

  it('Airflow: test_execute_fail: the message names the value, pass value and tolerance', () => {
    assert.throws(() => evaluateValueCheck(one(11), 5, 1, 'sql'), dataQualityError(/expected 5 within 100\.0% tolerance \(0 to 10\), got value = 11[\s\S]*Tolerance: 100\.0%/));
  });

  it('numeric text from a database compares as a number; text pass values compare as text', () => {
    assert.deepEqual(evaluateValueCheck(one('1000'), 1000, null, 'sql'), ['1000']);
    assert.deepEqual(evaluateValueCheck(one('2024-03-01'), '2024-03-01', null, 'sql'), ['2024-03-01']);
    assert.throws(() => evaluateValueCheck(one('2024-03-02'), '2024-03-01', null, 'sql'), dataQualityError(/expected the text "2024-03-01", got value = "2024-03-02"/));
    assert.throws(() => evaluateValueCheck(one('abc'), 5, null, 'sql'), dataQualityError(/value = "abc" is not a number/));
  });

  it('every value of the first row must match; zero rows fail', () => {
    assert.throws(() => evaluateValueCheck({ columns: ['a', 'b'], rows: [[5, 6]] }, 5, null, 'sql'), dataQualityError(/got b = 6/));
    assert.throws(() => evaluateValueCheck({ columns: [], rows: [] }, 5, null, 'sql'), dataQualityError(/zero rows/));
  });
});

describe('sqlIntervalCheck decisions', () => {
  const thresholds = { f0: 1.0, f1: 1.5, f2: 2.0, f3: 2.5 };
  const metrics = ['f0', 'f1', 'f2', 'f3'];

  it('Airflow: test_execute_min_max: max_over_min ratio 2 fails thresholds 1.0, 1.5 and 2.0', () => {
    const outcome = evaluateInterval({ metrics, thresholds, reference: [2, 2, 2, 2], current: [1, 1, 1, 1], ratioFormula: 'max_over_min', ignoreZero: true });
    assert.deepEqual(outcome.failed, ['f0', 'f1', 'f2']);
    assert.deepEqual(outcome.results.f0, { current: 1, reference: 2, ratio: 2, threshold: 1, passed: false });
    assert.equal(outcome.results.f3?.passed, true);
  });

  it('Airflow: test_execute_diff: relative_diff ratio 2/3 fails thresholds 0.5 and 0.6', () => {
    const outcome = evaluateInterval({
      metrics,
      thresholds: { f0: 0.5, f1: 0.6, f2: 0.7, f3: 0.8 },
      reference: [3, 3, 3, 3],
      current: [1, 1, 1, 1],
      ratioFormula: 'relative_diff',
      ignoreZero: true,
    });
    assert.deepEqual(outcome.failed, ['f0', 'f1']);
    assert.equal(outcome.results.f0?.ratio, 2 / 3);
  });

  it('Airflow: test_execute_ignore_zero and test_execute_not_ignore_zero', () => {
    const input = { metrics: ['f1'], thresholds: { f1: 1 }, reference: [0], current: [0], ratioFormula: 'max_over_min' as const };
    assert.deepEqual(evaluateInterval({ ...input, ignoreZero: true }).failed, []);
    assert.deepEqual(evaluateInterval({ ...input, ignoreZero: false }).failed, ['f1']);
  });

  it("the reference day is ds minus daysBack, as Airflow's macros.ds_add", () => {
    assert.equal(addDays('2024-03-01', -7), '2024-02-23');
    assert.equal(addDays('2024-01-03', -7), '2023-12-27');
  });
});
