/**
 * A `TaskWorkload` as JSON and back, for crossing a process boundary (the local
 * executor's IPC now, a queue to remote workers later). JSON has no dates: they
 * travel as ISO-8601 strings and are turned back into `Date`s here, field by
 * field, so a workload decodes to exactly what was encoded. Decoding checks the
 * shape and names the first bad field: a worker on another version must fail
 * loudly, not run a task with half its data.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import type { DagRun, DataInterval, TaskInstance } from '../core/run-model.js';
import { isWaitState, type WaitState } from '../core/sensors/wait-state.js';
import type { DagFileLocation, TaskWorkload } from './executor.js';

/** The JSON form: the workload with every `Date` as an ISO string. */
export type EncodedWorkload = JsonObject;

export function encodeWorkload(workload: TaskWorkload): EncodedWorkload {
  // JSON.stringify writes Dates through Date#toJSON, i.e. as ISO strings.
  return JSON.parse(JSON.stringify(workload)) as EncodedWorkload;
}

export function decodeWorkload(value: unknown): TaskWorkload {
  const w = object(value, 'workload');
  const dagFile = object(w.dagFile, 'dagFile');
  const location: DagFileLocation = {
    absPath: string(dagFile.absPath, 'dagFile.absPath'),
    dagsFolder: string(dagFile.dagsFolder, 'dagFile.dagsFolder'),
    fileloc: string(dagFile.fileloc, 'dagFile.fileloc'),
  };
  return {
    dagFile: location,
    run: decodeRun(w.run),
    ti: decodeTi(w.ti),
    params: object(w.params, 'params') as Record<string, JsonValue>,
    logPath: string(w.logPath, 'logPath'),
    executionTimeoutMs: nullable(w.executionTimeoutMs, 'executionTimeoutMs', number),
    maxXcomBytes: number(w.maxXcomBytes, 'maxXcomBytes'),
    isLatestRun: boolean(w.isLatestRun, 'isLatestRun'),
  };
}

function decodeRun(value: unknown): DagRun {
  const r = object(value, 'run');
  const at = (field: string) => `run.${field}`;
  return {
    ...(r as unknown as DagRun),
    dagId: string(r.dagId, at('dagId')),
    runId: string(r.runId, at('runId')),
    logicalDate: nullable(r.logicalDate, at('logicalDate'), date),
    dataInterval: nullable(r.dataInterval, at('dataInterval'), decodeInterval),
    runAfter: date(r.runAfter, at('runAfter')),
    queuedAt: nullable(r.queuedAt, at('queuedAt'), date),
    startDate: nullable(r.startDate, at('startDate'), date),
    endDate: nullable(r.endDate, at('endDate'), date),
    conf: object(r.conf, at('conf')) as JsonObject,
  };
}

function decodeInterval(value: unknown, field: string): DataInterval {
  const i = object(value, field);
  return { start: date(i.start, `${field}.start`), end: date(i.end, `${field}.end`) };
}

/** A task instance sent as JSON (dates as ISO text) back to its domain form. */
export function decodeTi(value: unknown): TaskInstance {
  const t = object(value, 'ti');
  const at = (field: string) => `ti.${field}`;
  return {
    ...(t as unknown as TaskInstance),
    dagId: string(t.dagId, at('dagId')),
    runId: string(t.runId, at('runId')),
    taskId: string(t.taskId, at('taskId')),
    mapIndex: number(t.mapIndex, at('mapIndex')),
    tryNumber: number(t.tryNumber, at('tryNumber')),
    startDate: nullable(t.startDate, at('startDate'), date),
    endDate: nullable(t.endDate, at('endDate'), date),
    queuedAt: nullable(t.queuedAt, at('queuedAt'), date),
    nextRetryAt: nullable(t.nextRetryAt, at('nextRetryAt'), date),
    lastHeartbeatAt: nullable(t.lastHeartbeatAt, at('lastHeartbeatAt'), date),
    queuedByJobId: nullable(t.queuedByJobId, at('queuedByJobId'), number),
    waitState: nullable(t.waitState, at('waitState'), waitState),
  };
}

function waitState(value: unknown, field: string): WaitState {
  if (!isWaitState(value)) throw invalid(field, "a sensor wait state ({ kind: 'reschedule' | 'deferred', firstPokeAt, ... })", value);
  return value;
}

function invalid(field: string, expected: string, value: unknown): Error {
  const got = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 80);
  return new Error(`invalid task workload: ${field} should be ${expected}, got ${got}`);
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'an object', value);
  return value as Record<string, unknown>;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, 'a string', value);
  return value;
}

function number(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'a number', value);
  return value;
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(field, 'true or false', value);
  return value;
}

function date(value: unknown, field: string): Date {
  const parsed = typeof value === 'string' ? new Date(value) : null;
  if (parsed === null || Number.isNaN(parsed.getTime())) throw invalid(field, 'an ISO-8601 date', value);
  return parsed;
}

function nullable<T>(value: unknown, field: string, decode: (value: unknown, field: string) => T): T | null {
  return value === null ? null : decode(value, field);
}
