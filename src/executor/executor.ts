/**
 * The seam between the scheduler and whatever runs task code: the local
 * executor (a warm pool of child processes on this machine) now, a queue of
 * remote workers later. The scheduler decides *what* runs; an executor only
 * runs tries and reports what happened to them.
 *
 *   submit ──> started (pid, hostname) ──> finished (outcome)
 *      ├─────── cancel (clear, mark) ──> finished (failed: cancelled)
 *      └─────── stop (shutdown) ──> finished (failed, interrupted: run it again)
 *
 * Every submitted try ends with exactly one `finished` event, whatever happens
 * to its process (a crash, an exit, OOM, a timeout kill): that is the contract
 * the scheduler relies on to never leave a task instance running forever.
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { DagRun, TaskInstance, TaskInstanceKey } from '../core/run-model.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';
import type { TaskServices } from '../runner/task-services.js';

/** Where the code of a DAG is: the file to bundle and import (the same the DAG processor parsed). */
export interface DagFileLocation {
  readonly absPath: string;
  readonly dagsFolder: string;
  readonly fileloc: string;
}

/** Everything needed to run one try of one task instance. */
export interface TaskWorkload {
  readonly dagFile: DagFileLocation;
  readonly run: DagRun;
  /** The instance with `tryNumber` already set to the try being run. */
  readonly ti: TaskInstance;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly logPath: string;
  readonly executionTimeoutMs: number | null;
  readonly maxXcomBytes: number;
  readonly isLatestRun: boolean;
}

export type ExecutorEvent =
  | {
      readonly kind: 'started';
      readonly key: TaskInstanceKey;
      readonly tryNumber: number;
      readonly hostname: string;
      readonly pid: number;
      readonly at: Date;
    }
  | {
      readonly kind: 'finished';
      readonly key: TaskInstanceKey;
      readonly tryNumber: number;
      readonly outcome: AttemptOutcome;
      readonly at: Date;
      /**
       * The executor ended the try because it was stopped (`stop`), not because of the task:
       * the scheduler runs it again on its next start without using up a retry.
       */
      readonly interrupted?: boolean;
    }
  /**
   * Another process recorded the try's outcome (a worker through the execution API):
   * nothing to record here, but its run needs a plan now.
   */
  | {
      readonly kind: 'recorded';
      readonly key: TaskInstanceKey;
      readonly tryNumber: number;
      readonly at: Date;
    };

export interface Executor {
  /** Tries that can be submitted now without waiting for a free slot. */
  readonly freeSlots: number;
  start(): Promise<void>;
  /** Starts the try as soon as a slot is free; never throws for task failures (they arrive as `finished`). */
  submit(workload: TaskWorkload): void;
  /** Stops a running try (its process group is killed); it finishes as failed with `reason`. */
  cancel(key: TaskInstanceKey, reason: string): void;
  /** Keys of tries submitted and not yet finished. */
  running(): readonly TaskInstanceKey[];
  /** Stops taking work; tries still running after `graceMs` are killed and reported finished (failed). */
  stop(graceMs: number): Promise<void>;
}

export type ExecutorListener = (event: ExecutorEvent) => void;

/** What an executor needs from the outside: the store-backed services a running task uses. */
export interface ExecutorContext {
  /** The services of one try (a worker's are bound to that try's execution API token). */
  readonly servicesFor: (run: DagRun, workload: TaskWorkload) => TaskServices;
  readonly onEvent: ExecutorListener;
}
