/**
 * Task logs on disk: one file per try, at Airflow's path so people find them
 * where they expect, `logs/dag_id=<d>/run_id=<r>/task_id=<t>[/map_index=<m>]/attempt=<n>.log`.
 * Lines are appended as they are written, so a log can be read while the task runs.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TaskInstanceKey } from '../core/run-model.js';
import { formatLogLine, type LogSink } from './task-logger.js';

/** Where a run's DAG-level callback writes: beside its task logs. */
export function dagCallbackLogPath(logsFolder: string, run: { dagId: string; runId: string }, state: 'success' | 'failed'): string {
  return join(logsFolder, ...[`dag_id=${run.dagId}`, `run_id=${run.runId}`].map(safeSegment), `dag_callback_on_${state}.log`);
}

/** Where a missed deadline's callback writes: beside the run's task logs, one file per deadline. */
export function deadlineCallbackLogPath(logsFolder: string, run: { dagId: string; runId: string }, deadlineId: number): string {
  return join(logsFolder, ...[`dag_id=${run.dagId}`, `run_id=${run.runId}`].map(safeSegment), `deadline_callback_${deadlineId}.log`);
}

export function taskLogPath(logsFolder: string, ti: TaskInstanceKey, tryNumber: number): string {
  const parts = [`dag_id=${ti.dagId}`, `run_id=${ti.runId}`, `task_id=${ti.taskId}`];
  if (ti.mapIndex >= 0) parts.push(`map_index=${ti.mapIndex}`);
  return join(logsFolder, ...parts.map(safeSegment), `attempt=${tryNumber}.log`);
}

/** Run ids contain ':' and '+', fine on Linux and macOS; '/' would make folders, so it is replaced. */
function safeSegment(segment: string): string {
  return segment.replaceAll('/', '_');
}

export interface LogFile {
  readonly sink: LogSink;
  /** Ends the file; lines written afterwards (late output of abandoned code) are dropped. */
  close(): void;
}

/** A try's log: opened once in append mode, each line written through at once (readable live). */
export function openLogFile(path: string): LogFile {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number | null = openSync(path, 'a');
  return {
    sink: (line) => {
      if (fd !== null) writeSync(fd, `${formatLogLine(line)}\n`);
    },
    close: () => {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

export function teeLogSinks(...sinks: LogSink[]): LogSink {
  return (line) => {
    for (const sink of sinks) sink(line);
  };
}
