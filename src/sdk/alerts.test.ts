/**
 * The alerting options of a DAG file: lists of callbacks (run in order, one
 * failing does not stop the next), defaultArgs, email alerts, DAG and task
 * deadlines with their serialized form, and the errors a wrong option gives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DagSpec } from '../core/dag-spec.js';
import type { CallbackContext } from './context.js';
import { dag, task } from './index.js';
import { takeRegisteredDags } from './registry.js';
import { definitionError } from './testing/definition-error.js';

const logged: string[] = [];
const ctx: CallbackContext = {
  dagId: 'd',
  runId: 'r',
  taskId: 't',
  mapIndex: -1,
  tryNumber: 1,
  state: 'failed',
  reason: 'boom',
  logicalDate: null,
  log: { debug() {}, info() {}, warn() {}, error: (message: string) => void logged.push(message) },
  connections: { get: () => Promise.reject(new Error('unused')) },
};

const taskOf = (spec: DagSpec, id: string) => spec.tasks.find((t) => t.taskId === id);

test('several callbacks per event run in order, a failing one is logged and the next still runs', async () => {
  const calls: string[] = [];
  const first = () => void calls.push('first');
  const broken = () => {
    throw new Error('smtp down');
  };
  const last = async () => void calls.push('last');
  const built = dag('lists', { onFailure: [first, broken, last], onSuccess: [] }, () => {
    task('t', { onRetry: [first, last] }, () => 1);
    task('u', {}, () => 1);
  });
  takeRegisteredDags();
  assert.deepEqual(built.spec.callbacks, { onSuccess: false, onFailure: true }, 'the flags mean "has at least one"');
  assert.equal(built.runtime.onSuccess, null);
  logged.length = 0;
  await built.runtime.onFailure?.(ctx);
  assert.deepEqual(calls, ['first', 'last']);
  assert.equal(logged.length, 1);
  assert.match(logged[0] ?? '', /callback 2 of 3 \(broken\) failed, the others still run: smtp down/);
  assert.equal(taskOf(built.spec, 't')?.callbacks.onRetry, true);
  assert.equal(taskOf(built.spec, 'u')?.callbacks.onRetry, false);
});

test('defaultArgs give every task callbacks, email and deadlines unless it sets its own', () => {
  const notify = () => undefined;
  const built = dag('defaults', { defaultArgs: { onFailure: [notify, notify], email: 'ops@example.com; lead@example.com', deadline: { after: '10m', callback: notify } } }, () => {
    task('inherits', () => 1);
    task('own', { email: ['me@example.com'], emailOnRetry: false, deadline: [], onFailure: [] }, () => 1);
  });
  takeRegisteredDags();
  const inherits = built.runtime.tasks.get('inherits');
  const own = built.runtime.tasks.get('own');
  assert.deepEqual(inherits?.email, { to: ['ops@example.com', 'lead@example.com'], onFailure: null, onRetry: null });
  assert.deepEqual(own?.email, { to: ['me@example.com'], onFailure: null, onRetry: false });
  assert.deepEqual(taskOf(built.spec, 'inherits')?.deadlines, [{ afterMs: 600_000, callbacks: ['notify'] }]);
  assert.equal(inherits?.deadlines.length, 1);
  assert.equal(taskOf(built.spec, 'own')?.deadlines, undefined, 'no deadlines: the field is left out');
  assert.equal(taskOf(built.spec, 'own')?.callbacks.onFailure, false);
  assert.equal(taskOf(built.spec, 'inherits')?.callbacks.onFailure, true);
});

test('DAG deadlines serialize their reference, interval and callback names; the callbacks stay in the runtime', async () => {
  const calls: string[] = [];
  const page = () => void calls.push('page');
  const built = dag(
    'deadlines',
    {
      timezone: 'Europe/Paris',
      deadline: [
        { reference: 'run_queued', interval: '30m', callback: page },
        { reference: 'fixed', at: '2025-06-26 09:30', interval: '-2h', callback: [page, page] },
        { reference: 'logical_date', interval: 3_600_000, callback: page },
      ],
    },
    () => {
      task('t', () => 1);
    },
  );
  takeRegisteredDags();
  assert.deepEqual(built.spec.deadlines, [
    { reference: 'run_queued', intervalMs: 1_800_000, at: null, callbacks: ['page'] },
    { reference: 'fixed', intervalMs: -7_200_000, at: '2025-06-26T07:30:00.000Z', callbacks: ['page', 'page'] },
    { reference: 'logical_date', intervalMs: 3_600_000, at: null, callbacks: ['page'] },
  ]);
  await built.runtime.deadlines[1]?.(ctx);
  assert.deepEqual(calls, ['page', 'page']);
  const plain = dag('no_deadlines', {}, () => void task('t', () => 1));
  takeRegisteredDags();
  assert.equal('deadlines' in plain.spec, false, 'a DAG without deadlines serializes (and hashes) as before');
});

test('a wrong alert option says which field and what it takes', () => {
  const cb = () => undefined;
  assert.match(definitionError(() => dag('e1', { onFailure: [cb, 'mail me' as never] }, () => undefined)), /onFailure\[1\] must be a function \(a callback or a notifier/);
  assert.match(definitionError(() => dag('e2', { deadline: { reference: 'run_ended' as never, callback: cb } }, () => undefined)), /deadline\.reference must be one of run_queued, run_start, logical_date, fixed, got "run_ended"/);
  assert.match(definitionError(() => dag('e3', { deadline: { reference: 'fixed', interval: '1h', callback: cb } }, () => undefined)), /deadline\.at is required with reference 'fixed'/);
  assert.match(definitionError(() => dag('e4', { deadline: [{ reference: 'run_start', interval: 'soon', callback: cb }] }, () => undefined)), /deadline\[0\]\.interval: Invalid duration "soon"/);
  assert.match(definitionError(() => dag('e5', { deadline: { reference: 'run_start', interval: '1h', callback: [] } }, () => undefined)), /deadline\.callback is required/);
  assert.match(definitionError(() => dag('e6', { deadline: { reference: 'run_start', at: '2025-01-01', callback: cb } }, () => undefined)), /deadline\.at is only for reference 'fixed'/);
  assert.match(
    definitionError(() => dag('e7', {}, () => void task('t', { deadline: { after: '-5m', callback: cb } }, () => 1))),
    /DAG 'e7'.*task 't'.*deadline\.after must not be negative|deadline\.after must not be negative/,
  );
  assert.match(definitionError(() => dag('e8', {}, () => void task('t', { email: [42 as never] }, () => 1))), /email must be an address or a list of addresses, got 42/);
  assert.match(definitionError(() => dag('e9', {}, () => void task('t', { deadline: { after: '1m', callback: [cb, null as never] } }, () => 1))), /deadline\.callback\[1\] must be a function/);
});
