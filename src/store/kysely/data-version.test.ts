/** DataVersionReader: callers share readings, but never one begun before they asked. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DataVersionReader } from './data-version.js';

function controlledReads() {
  const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  let started = 0;
  const read = () =>
    new Promise<string | null>((resolve, reject) => {
      started += 1;
      pending.push({ resolve, reject });
    });
  return { read, pending, started: () => started };
}

it('gives callers arriving during a reading the next one, started after it, and shares that', async () => {
  const reads = controlledReads();
  const reader = new DataVersionReader(reads.read);
  const first = reader.get();
  const second = reader.get();
  const third = reader.get();
  assert.equal(reads.started(), 1, 'the later callers must not start readings of their own yet');
  reads.pending[0]?.resolve('v1');
  assert.equal(await first, 'v1');
  await new Promise((r) => setImmediate(r));
  assert.equal(reads.started(), 2, 'one reading for both later callers, begun after the first returned');
  reads.pending[1]?.resolve('v2');
  assert.deepEqual(await Promise.all([second, third]), ['v2', 'v2']);
  const fourth = reader.get();
  assert.equal(reads.started(), 3, 'nothing out: a new caller starts at once');
  reads.pending[2]?.resolve('v3');
  assert.equal(await fourth, 'v3');
});

it('rejects the callers of a failed reading only; those waiting for the next still get one', async () => {
  const reads = controlledReads();
  const reader = new DataVersionReader(reads.read);
  const failing = reader.get();
  const waiting = reader.get();
  reads.pending[0]?.reject(new Error('connection lost'));
  await assert.rejects(failing, /connection lost/);
  await new Promise((r) => setImmediate(r));
  reads.pending[1]?.resolve('v2');
  assert.equal(await waiting, 'v2');
});
