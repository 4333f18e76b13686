/**
 * Every SQL operator end to end, on the three real databases: a real
 * orchestrator runs one DAG per connection (the local PostgreSQL, MariaDB and a
 * SQLite file) that loads tables, queries them, and runs passing and failing
 * data-quality checks. Failed checks fail their task with a reason naming the
 * check and its values. Cases marked "Airflow:" port the real-database tests of
 * providers/common/sql/tests/unit/common/sql/operators/test_sql.py.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DagRun, TaskInstance } from '../../src/core/run-model.js';
import { sqlHookFor } from '../../src/hooks/sql/sql-hook-for.js';
import { throwawayMySql, throwawayPostgres, type ThrowawayDatabase } from '../../src/hooks/sql/testing/sql-servers.js';
import type { ConnectionInfo } from '../../src/sdk/context.js';
import { startHarness, type Harness } from '../support/scheduler-harness.js';

const CONNECTIONS = ['pg', 'my', 'lite'] as const;

const DAG_FILE = `import { dag, sqlCheck, sqlColumnCheck, sqlExecute, sqlIntervalCheck, sqlQuery, sqlTableCheck, sqlValueCheck } from 'updraft';

for (const connId of ${JSON.stringify(CONNECTIONS)}) {
  dag('sql_ops_' + connId, {}, () => {
    const setup = sqlExecute('setup', {
      connId,
      sql: \`DROP TABLE IF EXISTS employees;
        CREATE TABLE employees (employee_name VARCHAR(50) NOT NULL, employment_year INT NOT NULL);
        INSERT INTO employees VALUES ('Adam', 2021);
        INSERT INTO employees VALUES ('Chris', 2021);
        INSERT INTO employees VALUES ('Frank', 2021);
        INSERT INTO employees VALUES ('Fritz', 2021);
        INSERT INTO employees VALUES ('Magda', 2022);
        INSERT INTO employees VALUES ('Phil', 2021);
        DROP TABLE IF EXISTS sales;
        CREATE TABLE sales (ds VARCHAR(10), store_id INT, amount DECIMAL(10, 2));
        INSERT INTO sales VALUES ('2024-03-01', 1, 10.00), ('2024-03-01', 2, 20.00);
        INSERT INTO sales VALUES ('{{ ds }}', 1, 12.00), ('{{ ds }}', 2, 21.00), ('{{ ds }}', NULL, 5.00);\`,
    });
    const after = { connId, triggerRule: 'all_done' } as const;
    setup.before(
      sqlQuery<{ n: number; total: number }>('query', { ...after, sql: 'SELECT COUNT(*) AS n, SUM(amount) AS total FROM sales WHERE ds = :ds', parameters: { ds: '{{ ds }}' } }),
      sqlCheck('check_ok', { ...after, sql: 'SELECT COUNT(*), MIN(employment_year) FROM employees' }),
      sqlCheck('check_bad', { ...after, sql: 'SELECT COUNT(*) = 0 AS no_null_stores, COUNT(*) AS nulls FROM sales WHERE store_id IS NULL' }),
      sqlValueCheck('value_ok', { ...after, sql: 'SELECT COUNT(*) FROM employees', passValue: 6 }),
      sqlValueCheck('value_tolerance', { ...after, sql: "SELECT SUM(amount) FROM sales WHERE ds = '{{ ds }}'", passValue: 40, tolerance: 0.1 }),
      sqlValueCheck('value_text', { ...after, sql: 'SELECT MAX(ds) FROM sales', passValue: '{{ ds }}' }),
      sqlValueCheck('value_bad', { ...after, sql: 'SELECT COUNT(*) FROM employees', passValue: 10, tolerance: 0.1 }),
      sqlIntervalCheck('interval_ok', { ...after, table: 'sales', metricsThresholds: { 'COUNT(*)': 2, 'SUM(amount)': 1.5 } }),
      sqlIntervalCheck('interval_bad', { ...after, table: 'sales', metricsThresholds: { 'COUNT(*)': 1.2, 'SUM(amount)': 1.5 } }),
      sqlColumnCheck('column_ok', { ...after, table: 'employees', columnMapping: {
        employment_year: { min: { geqTo: 2021 }, max: { leqTo: 2022 }, null_check: { equalTo: 0 } },
        employee_name: { unique_check: { equalTo: 0 }, distinct_check: { equalTo: 6 } },
      } }),
      sqlColumnCheck('column_bad', { ...after, table: '{{ params.table }}', partitionClause: "ds = '{{ ds }}'", columnMapping: {
        store_id: { null_check: { equalTo: 0 }, distinct_check: { geqTo: 1 } },
        amount: { max: { lessThan: 20 } },
      } }),
      sqlTableCheck('table_ok', { ...after, table: 'employees', checks: { row_count_check: { checkStatement: 'COUNT(*) >= 3' } } }),
      sqlTableCheck('table_partition', { ...after, table: 'employees', partitionClause: 'employment_year = {{ params.year }}',
        checks: { row_count_check: { checkStatement: 'COUNT(*) = 5' } } }),
      sqlTableCheck('table_bad', { ...after, table: 'sales', partitionClause: "ds = '{{ ds }}'", checks: {
        positive_amounts: { checkStatement: 'amount > 0' },
        has_store: { checkStatement: 'store_id IS NOT NULL' },
        enough_rows: { checkStatement: 'COUNT(*) >= 100' },
      } }),
    );
    if (connId === 'pg') sqlQuery('slow', { connId, sql: 'SELECT pg_sleep(30)', executionTimeout: '1s' });
  });
}
`;

let h: Harness;
const databases: ThrowawayDatabase[] = [];
const runs = new Map<string, DagRun>();
const tis = new Map<string, Map<string, TaskInstance>>();
let pgConnection: ConnectionInfo;

before(async () => {
  const [pg, my] = await Promise.all([throwawayPostgres('pg'), throwawayMySql('my')]);
  databases.push(pg, my);
  pgConnection = pg.connection;
  h = await startHarness({ 'sql_ops.ts': DAG_FILE });
  const lite: ConnectionInfo = { connId: 'lite', connType: 'sqlite', host: join(h.scratch, 'warehouse.db'), schema: null, login: null, password: null, port: null, extra: {} };
  for (const c of [pg.connection, my.connection, lite]) {
    await h.app.store.connections.upsert({ ...c, description: null, extra: JSON.stringify(c.extra) });
  }
  await Promise.all(
    CONNECTIONS.map(async (connId) => {
      const dagId = `sql_ops_${connId}`;
      const run = await h.waitForRun(await h.trigger(dagId, { logicalDate: new Date('2024-03-08T00:00:00Z'), conf: { table: 'sales', year: 2021 } }), 90_000);
      runs.set(connId, run);
      tis.set(connId, await h.tis(run));
    }),
  );
});

after(async () => {
  await h?.close();
  await Promise.all(databases.map((d) => d.drop()));
});

async function xcom(connId: string, taskId: string): Promise<unknown> {
  const run = runs.get(connId) as DagRun;
  const entries = await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
  return entries.find((e) => e.key === 'return_value')?.value;
}

function ti(connId: string, taskId: string): TaskInstance {
  const found = tis.get(connId)?.get(taskId);
  assert.ok(found, `${connId}: task ${taskId} exists`);
  return found;
}

function assertFailed(connId: string, taskId: string, ...patterns: RegExp[]): void {
  const instance = ti(connId, taskId);
  assert.equal(instance.state, 'failed', `${connId}: ${taskId} failed`);
  for (const pattern of patterns) assert.match(instance.stateReason ?? '', pattern, `${connId}: ${taskId}'s reason`);
}

for (const connId of CONNECTIONS) {
  describe(`SQL operators on ${{ pg: 'PostgreSQL', my: 'MariaDB', lite: 'SQLite' }[connId]}`, () => {
    it('the passing tasks succeed', () => {
      const passing = ['setup', 'query', 'check_ok', 'value_ok', 'value_tolerance', 'value_text', 'interval_ok', 'column_ok', 'table_ok', 'table_partition'];
      assert.deepEqual(
        passing.filter((id) => ti(connId, id).state !== 'success').map((id) => `${id}: ${ti(connId, id).state} ${ti(connId, id).stateReason ?? ''}`),
        [],
      );
    });

    it('sqlExecute reports statements and rows; sqlQuery puts JSON rows in XCom', async () => {
      assert.deepEqual(await xcom(connId, 'setup'), { statements: 12, rowsAffected: 11 });
      assert.deepEqual(await xcom(connId, 'query'), [{ n: 3, total: 38 }]);
    });

    it('sqlCheck names the falsy column', () => {
      assertFailed(connId, 'check_bad', /DataQualityError: SQL check failed: 1 of 2 values in the first row is falsy/, /no_null_stores = (false|0)/);
    });

    it('sqlValueCheck: numbers within tolerance, templated text; a miss names value, pass value and tolerance', () => {
      assertFailed(connId, 'value_bad', /expected 10 within 10\.0% tolerance \(9 to 11\), got .* = 6/);
    });

    it('sqlIntervalCheck compares ds with 7 days back and names the failed metric', async () => {
      const results = (await xcom(connId, 'interval_ok')) as Record<string, { current: number; reference: number; ratio: number; passed: boolean }>;
      assert.deepEqual(results['COUNT(*)'], { current: 3, reference: 2, ratio: 1.5, threshold: 2, passed: true });
      assertFailed(connId, 'interval_bad', /failed for 1 of 2 metrics \(2024-03-08 against 2024-03-01, ratio max_over_min\)/, /COUNT\(\*\): current 3, past 2, ratio 1\.5 is not below the threshold 1\.2/);
      assert.doesNotMatch(ti(connId, 'interval_bad').stateReason ?? '', /SUM\(amount\):/);
    });

    it('sqlColumnCheck (templated table and partition) names every failed column and check with its result', async () => {
      const results = (await xcom(connId, 'column_ok')) as Record<string, Record<string, { result: unknown; passed: boolean }>>;
      assert.deepEqual(results.employment_year?.min, { result: 2021, passed: true });
      assert.deepEqual(results.employee_name?.distinct_check, { result: 6, passed: true });
      assertFailed(
        connId,
        'column_bad',
        /SQL column check failed on sales: 2 of 3 checks failed/,
        /column 'store_id' check 'null_check': result 1, expected equal to 0/,
        /column 'amount' check 'max': result 21, expected less than 20/,
      );
    });

    it('Airflow: TestTableCheckOperator.test_sql_check and test_sql_check_partition_clause_templating', async () => {
      assert.deepEqual(await xcom(connId, 'table_ok'), { row_count_check: true });
      assert.deepEqual(await xcom(connId, 'table_partition'), { row_count_check: true });
    });

    it('sqlTableCheck names each failed check with its condition', () => {
      assertFailed(connId, 'table_bad', /2 of 3 checks failed/, /check 'has_store' \(store_id IS NOT NULL\): it does not hold/, /check 'enough_rows' \(COUNT\(\*\) >= 100\)/);
      assert.doesNotMatch(ti(connId, 'table_bad').stateReason ?? '', /positive_amounts/);
    });
  });
}

describe('timeouts', () => {
  it('executionTimeout cancels a running PostgreSQL query on the server', async () => {
    const slow = ti('pg', 'slow');
    assert.equal(slow.state, 'failed');
    assert.match(slow.stateReason ?? '', /timed out after 1s/);
    const watcher = sqlHookFor(pgConnection);
    try {
      const running = await watcher.firstArray("SELECT COUNT(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active' AND datname = current_database()");
      assert.deepEqual(running, [0]);
    } finally {
      await watcher.close();
    }
  });
});
