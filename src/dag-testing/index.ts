/**
 * `updraft/testing`: unit tests for DAGs. Run a whole DAG, or one task, in the
 * test's own process with the conf, variables, connections and time you give,
 * then assert on states, XComs and logs:
 *
 *   const result = await testDag(myDag, { conf: { rows: 10 }, variables: { limit: '5' }, now: '2025-01-02' });
 *   assert.equal(result.state, 'success');
 *   assert.equal(result.xcom(total), 42); // typed by the task's return value
 *
 * Each call uses a throwaway in-memory database; nothing else is touched.
 */
export { testDag, testTask, type TestRunOptions, type TaskTestOptions } from './test-dag.js';
export { DagTestResult, TaskTestResult, type TaskInstanceSummary, type TaskSelector } from './test-result.js';
export type { DagFile } from './dag-source.js';
export type { GivenConnections, GivenVariables, ConnectionFields } from './given-secrets.js';
