/** A reschedule ends the try but not the try number: the task log says when the next poke of the same try is. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDag } from '../dag-testing/index.js';
import { dag, dateTimeSensor } from '../sdk/index.js';
import { takeRegisteredDags } from '../sdk/registry.js';

test('a rescheduled sensor logs "next poke at" (not "next try at") and succeeds in its first try', async () => {
  const d = dag('reschedule_log', {}, () => {
    dateTimeSensor('wait', { targetTime: '2025-03-01T00:10:00Z', mode: 'reschedule', pokeInterval: '5m' });
  });
  takeRegisteredDags();
  const result = await testDag(d, { logicalDate: '2025-03-01T00:00:00Z', now: '2025-03-01T00:00:00Z' });
  assert.equal(result.taskState('wait'), 'success', result.reason ?? '');
  const logs = result.logs('wait');
  assert.match(logs, /Task rescheduled: next poke at 2025-03-01T00:05:00\.\d{3}Z/);
  assert.doesNotMatch(logs, /next try at/);
  assert.equal(result.taskInstances.find((ti) => ti.taskId === 'wait')?.tryNumber, 1);
});
