/**
 * Typed data flow: a task's return value reaches its consumers with its type.
 * The `@ts-expect-error` lines are the proof that wrong wiring does not compile:
 * `npm test` type-checks this file, and an expected error that does not happen
 * fails the type check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { bash, branch, dag, task, type TaskRef } from './index.js';
import { takeRegisteredDags } from './registry.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

test('a consumer receives upstream outputs with their types, and the spec records the data edges', () => {
  const built = dag('typed_flow', {}, () => {
    const count = task('count', async () => 42);
    const name = task('name', () => 'songs');
    const rows = task('rows', async () => [{ id: 1, title: 'a' }]);
    assertType<Equal<typeof count, TaskRef<number>>>();
    assertType<Equal<typeof name, TaskRef<string>>>();
    assertType<Equal<typeof rows, TaskRef<{ id: number; title: string }[]>>>();

    task('report', { inputs: { count, name, rows } }, ({ count, name, rows }) => {
      assertType<Equal<typeof count, number>>();
      assertType<Equal<typeof name, string>>();
      assertType<Equal<typeof rows, { id: number; title: string }[]>>();
      return `${name}: ${count + rows.length}`;
    });

    // @ts-expect-error a number input cannot be consumed as a string
    task('wrong_type', { inputs: { count } }, ({ count }: { count: string }) => count.toUpperCase());
    // @ts-expect-error a string has no toFixed: the input is typed, not `any`
    task('wrong_method', { inputs: { name } }, ({ name }) => name.toFixed(2));
    // @ts-expect-error inputs not declared do not exist
    task('undeclared', { inputs: { count } }, ({ missing }) => missing);
  });
  takeRegisteredDags();
  const report = built.spec.tasks.find((t) => t.taskId === 'report');
  assert.deepEqual(report?.upstream, ['count', 'name', 'rows']);
  assert.deepEqual(report?.inputs.count, { from: 'xcom', taskId: 'count', key: 'return_value' });
});

test('mapping over a list gives each instance one element and downstream the whole list', () => {
  const built = dag('typed_mapping', {}, () => {
    const files = task('files', () => ['a.csv', 'b.csv']);
    const sizes = task('size', { expand: { file: files }, inputs: { factor: 2 } }, ({ file, factor }) => {
      assertType<Equal<typeof file, string>>();
      assertType<Equal<typeof factor, number>>();
      return file.length * factor;
    });
    assertType<Equal<typeof sizes, TaskRef<number[]>>>();
    task('total', { inputs: { sizes } }, ({ sizes }) => sizes.reduce((a, b) => a + b, 0));
    // @ts-expect-error only lists can be expanded over
    task('bad_expand', { expand: { n: task('one', () => 1) } }, ({ n }) => n);
  });
  takeRegisteredDags();
  const size = built.spec.tasks.find((t) => t.taskId === 'size');
  assert.deepEqual(size?.expand.file, { from: 'xcom', taskId: 'files', key: 'return_value' });
  assert.deepEqual(size?.inputs.factor, { from: 'literal', value: 2 });
});

test('params are typed by the zod schema and validated defaults are stored', () => {
  const built = dag(
    'typed_params',
    { params: z.object({ limit: z.number().int().default(10), mode: z.enum(['full', 'delta']).default('delta') }) },
    ({ params }) => {
      task('use', { inputs: { p: params } }, ({ p }) => {
        assertType<Equal<typeof p, { limit: number; mode: 'full' | 'delta' }>>();
        return p.limit;
      });
    },
  );
  takeRegisteredDags();
  assert.deepEqual(built.spec.params.defaults, { limit: 10, mode: 'delta' });
  assert.equal((built.spec.params.schema.properties as Record<string, { type: string }>).limit?.type, 'integer');
});

test('bash and branch tasks are typed too', () => {
  dag('typed_operators', {}, () => {
    const date = bash('print_date', 'date');
    assertType<Equal<typeof date, TaskRef<string>>>();
    const pick = branch('pick', { inputs: { date } }, ({ date }) => (date.length > 3 ? 'long' : null));
    assertType<Equal<typeof pick, TaskRef<string[]>>>();
    // @ts-expect-error a bash command function must return the command text
    bash('bad_bash', {}, () => 42);
  });
  takeRegisteredDags();
});
