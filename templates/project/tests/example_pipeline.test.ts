import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDag, testTask } from 'updraft/testing';
import pipeline from '../dags/example_pipeline.ts';

test('example_pipeline greets with the conf and the greeting variable, and counts the words', async () => {
  const result = await testDag(pipeline, { conf: { name: 'Ada' }, variables: { greeting: 'Hi' }, logicalDate: '2025-06-01' });
  assert.equal(result.state, 'success', result.reason ?? '');
  assert.equal(result.taskState('print_date'), 'success');
  assert.equal(result.xcom<string>('greet'), 'Hi, Ada! Today is 2025-06-01.');
  assert.equal(result.xcom<number>('count_words'), 5);
  assert.match(result.logs('report'), /has 5 words/);
});

test('greet shouts when the conf says so', async () => {
  const result = await testTask(pipeline, 'greet', { conf: { name: 'Ada', shout: true }, logicalDate: '2025-06-01' });
  assert.equal(result.state, 'success', result.reason ?? '');
  assert.equal(result.returnValue, 'HELLO, ADA! TODAY IS 2025-06-01.');
});

test('count_words counts the words it is given', async () => {
  const result = await testTask(pipeline, 'count_words', { xcoms: { greet: 'one two  three' } });
  assert.equal(result.returnValue, 3);
});

test('a conf the params reject is an error', async () => {
  await assert.rejects(testDag(pipeline, { conf: { name: 42 } }), /Invalid params for DAG 'example_pipeline': name/);
});
