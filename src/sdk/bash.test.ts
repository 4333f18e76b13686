/** bash()'s skipExitCode: one code, a list of codes, or null for none (Airflow's skip_on_exit_code), checked when the DAG is defined. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bash } from './index.js';
import { build, importError, taskOf } from './operators/testing/define-dag.js';

test('skipExitCode records 99 by default, one code, a list, or null', () => {
  const spec = build(() => {
    bash('default', 'true');
    bash('one', 'true', { skipExitCode: 3 });
    bash('list', 'true', { skipExitCode: [0, 3, 255] });
    bash('none', 'true', { skipExitCode: null });
  });
  assert.deepEqual(
    ['default', 'one', 'list', 'none'].map((id) => taskOf(spec, id).config.skipExitCode),
    [99, 3, [0, 3, 255], null],
  );
});

test('a skipExitCode that is not an exit code 0-255 is an import error naming the DAG and task', () => {
  const expected = /^DAG 'd', task 'b': bash\(\) option 'skipExitCode' must be an exit code \(a whole number from 0 to 255\), a list of them, or null for none; got 256$/;
  assert.match(importError(() => bash('b', 'true', { skipExitCode: 256 })), expected);
  assert.match(importError(() => bash('b', 'true', { skipExitCode: -1 })), /option 'skipExitCode' must be an exit code .*; got -1$/);
  assert.match(importError(() => bash('b', 'true', { skipExitCode: 1.5 })), /option 'skipExitCode' must be an exit code .*; got 1.5$/);
  assert.match(importError(() => bash('b', 'true', { skipExitCode: '99' as never })), /option 'skipExitCode' must be an exit code .*; got "99"$/);
  assert.match(importError(() => bash('b', 'true', { skipExitCode: [3, 300] })), /^DAG 'd', task 'b': bash\(\) option 'skipExitCode\[1\]' must be an exit code .*; got 300$/);
});
