/**
 * What a running task sees: the second argument of every task function.
 * The SDK only declares it; the runner (in-process for `dags test`, a child
 * process under the executors) provides it, so DAG files never load I/O code.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import type { RunType } from '../core/run-model.js';

export interface TaskLogger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** A connection as a task reads it (Airflow's Connection fields). */
export interface ConnectionInfo {
  readonly connId: string;
  readonly connType: string;
  readonly host: string | null;
  readonly schema: string | null;
  readonly login: string | null;
  readonly password: string | null;
  readonly port: number | null;
  readonly extra: JsonObject;
}

export interface XComAccess {
  /** Store `value` under `key` for this task instance (the return value is stored as `return_value`). */
  push(key: string, value: JsonValue): Promise<void>;
  /** Read another task's XCom in this run; `null` when it is absent. */
  pull<T extends JsonValue = JsonValue>(
    taskId: string,
    options?: { key?: string; mapIndex?: number },
  ): Promise<T | null>;
}

export interface VariableAccess {
  /** The variable's text, or `fallback` (default `null`) when it does not exist. */
  get(key: string, fallback?: string | null): Promise<string | null>;
  /** The variable parsed as JSON, or `fallback` when it does not exist. */
  getJson<T extends JsonValue = JsonValue>(key: string, fallback?: T | null): Promise<T | null>;
  /**
   * The variable's text; when no backend has it, `value` is stored first (Airflow's
   * `Variable.setdefault`). It never overwrites, so running it again changes nothing.
   */
  setDefault(key: string, value: string, options?: { readonly description?: string }): Promise<string>;
}

export interface ConnectionAccess {
  /** The connection, or an error naming the id when it does not exist. */
  get(connId: string): Promise<ConnectionInfo>;
}

/** A connection a task creates: Airflow's Connection fields, all but the id and type optional. */
export interface NewConnection {
  readonly connId: string;
  readonly connType: string;
  readonly description?: string;
  readonly host?: string;
  readonly schema?: string;
  readonly login?: string;
  readonly password?: string;
  readonly port?: number;
  readonly extra?: JsonObject;
}

export interface TaskConnectionAccess extends ConnectionAccess {
  /** Creates the connection unless one of that id exists (in any backend); true when it did. It never overwrites. */
  setDefault(connection: NewConnection): Promise<boolean>;
}

export interface PoolAccess {
  /** Creates the pool unless it exists; true when it did. It never changes an existing pool's slots. */
  setDefault(name: string, slots: number, options?: { readonly description?: string }): Promise<boolean>;
}

export interface TaskContext {
  readonly dagId: string;
  readonly taskId: string;
  readonly runId: string;
  readonly runType: RunType;
  /** -1 unless the task is mapped. */
  readonly mapIndex: number;
  /** 1 for the first try. */
  readonly tryNumber: number;
  readonly maxTries: number;
  /** `null` for a manual run created without a logical date. */
  readonly logicalDate: Date | null;
  /** The logical date as `YYYY-MM-DD` (Airflow's `ds`), `null` without one. */
  readonly ds: string | null;
  readonly dataIntervalStart: Date | null;
  readonly dataIntervalEnd: Date | null;
  /** The DAG's params: defaults overlaid with the trigger's conf, validated. */
  readonly params: Readonly<Record<string, JsonValue>>;
  /** The trigger's raw conf. */
  readonly conf: JsonObject;
  readonly log: TaskLogger;
  readonly xcom: XComAccess;
  readonly variables: VariableAccess;
  readonly connections: TaskConnectionAccess;
  readonly pools: PoolAccess;
  /** Aborted when the try is cancelled (timeout, clear, mark): stop work promptly. */
  readonly signal: AbortSignal;
  /** Mask `value` as `***` in this task's logs from now on. */
  maskSecret(value: string): void;
}

/** Argument of task and DAG callbacks. */
export interface CallbackContext {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string | null;
  readonly mapIndex: number;
  readonly tryNumber: number;
  readonly state: string;
  /** The error message of the failed try, when there is one. */
  readonly reason: string | null;
  readonly logicalDate: Date | null;
  readonly log: TaskLogger;
  /** Connections, as tasks read them (notifiers find their SMTP or Slack connection here); passwords are masked in the log. */
  readonly connections: ConnectionAccess;
  /** Set for a deadline alert's callback: which deadline was missed and by how much. */
  readonly deadline?: DeadlineContext;
}

/** What a deadline callback is told about the deadline its run (or task) missed. */
export interface DeadlineContext {
  /** The deadline's record id (`updraft dags deadlines` lists them). */
  readonly id: number;
  /** When the run (or task) had to be done. */
  readonly deadlineTime: Date;
  /** How late it was when the miss was found, in milliseconds. */
  readonly lateMs: number;
  /** What the deadline counts from: run_queued, run_start, logical_date, fixed or task_start. */
  readonly reference: string;
  /** Added to the reference time, in milliseconds (negative: before it). */
  readonly intervalMs: number;
}

export type Callback = (context: CallbackContext) => void | Promise<void>;
