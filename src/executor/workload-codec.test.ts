import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import type { TaskWorkload } from './executor.js';
import { decodeWorkload, encodeWorkload } from './workload-codec.js';

const at = (iso: string) => new Date(iso);

const run: DagRun = {
  dagId: 'etl',
  runId: 'scheduled__2025-01-01T00:00:00+00:00',
  runType: 'scheduled',
  state: 'running',
  logicalDate: at('2025-01-01T00:00:00.000Z'),
  dataInterval: { start: at('2025-01-01T00:00:00.000Z'), end: at('2025-01-02T00:00:00.000Z') },
  runAfter: at('2025-01-02T00:00:00.000Z'),
  queuedAt: at('2025-01-02T00:00:01.500Z'),
  startDate: at('2025-01-02T00:00:02.000Z'),
  endDate: null,
  conf: { region: 'eu', limits: [1, 2, { nested: true }] },
  dagVersionId: 7,
  triggeredBy: 'scheduler',
  note: null,
  backfillId: null,
  clearNumber: 1,
};

const ti: TaskInstance = {
  dagId: 'etl',
  runId: run.runId,
  taskId: 'load',
  mapIndex: 3,
  state: 'running',
  tryNumber: 2,
  maxTries: 3,
  startDate: at('2025-01-02T00:05:00.000Z'),
  endDate: null,
  durationMs: null,
  queuedAt: at('2025-01-02T00:04:59.000Z'),
  nextRetryAt: null,
  pool: 'default_pool',
  poolSlots: 1,
  queue: 'default',
  priorityWeight: 5,
  operator: 'task',
  hostname: null,
  pid: null,
  executor: 'local',
  lastHeartbeatAt: at('2025-01-02T00:05:10.000Z'),
  queuedByJobId: 12,
  dagVersionId: 7,
  note: 'rerun',
  stateReason: null,
  renderedFields: { command: 'echo hi' },
  waitState: { kind: 'reschedule', firstPokeAt: '2024-01-01T00:00:00.000Z', pokes: 2 },
};

const workload: TaskWorkload = {
  dagFile: { absPath: '/dags/etl.ts', dagsFolder: '/dags', fileloc: 'etl.ts' },
  run,
  ti,
  params: { day: '2025-01-01', retries: 2 },
  logPath: '/logs/dag_id=etl/attempt=2.log',
  executionTimeoutMs: 30_000,
  maxXcomBytes: 1_048_576,
  isLatestRun: false,
};

test('a workload survives JSON text (as over IPC or a queue) with its dates as Dates', () => {
  const text = JSON.stringify(encodeWorkload(workload));
  const decoded = decodeWorkload(JSON.parse(text));
  assert.deepEqual(decoded, workload);
  assert.ok(decoded.run.logicalDate instanceof Date);
  assert.ok(decoded.ti.lastHeartbeatAt instanceof Date);
});

test('null dates and a run without a data interval stay null', () => {
  const bare: TaskWorkload = {
    ...workload,
    run: { ...run, logicalDate: null, dataInterval: null, queuedAt: null, startDate: null },
    ti: { ...ti, startDate: null, queuedAt: null, lastHeartbeatAt: null, queuedByJobId: null },
    executionTimeoutMs: null,
  };
  assert.deepEqual(decodeWorkload(JSON.parse(JSON.stringify(encodeWorkload(bare)))), bare);
});

test('a malformed workload names the bad field', () => {
  const encoded = encodeWorkload(workload) as Record<string, unknown>;
  assert.throws(() => decodeWorkload({ ...encoded, run: { ...(encoded.run as object), runAfter: 'yesterday' } }), /run\.runAfter should be an ISO-8601 date, got "yesterday"/);
  assert.throws(() => decodeWorkload({ ...encoded, ti: { ...(encoded.ti as object), tryNumber: '2' } }), /ti\.tryNumber should be a number/);
  assert.throws(() => decodeWorkload({ ...encoded, ti: { ...(encoded.ti as object), queuedByJobId: '12' } }), /ti\.queuedByJobId should be a number/);
  assert.throws(() => decodeWorkload({ ...encoded, logPath: undefined }), /logPath should be a string, got nothing/);
  assert.throws(() => decodeWorkload('{}'), /workload should be an object/);
});
