/**
 * What a DAG test leaves to assert on: the run's and each task's state, the
 * XComs and the log lines, copied out of the throwaway store before it closes.
 * Every lookup checks the task id against the DAG, so a typo fails loudly
 * (naming the DAG and its tasks) instead of reading as "no state".
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { DagRun, DataInterval, TaskInstance, TaskInstanceKey, XComEntry } from '../core/run-model.js';
import { RETURN_VALUE_KEY } from '../core/run-model.js';
import type { DagRunState, TaskInstanceStateOrNone } from '../core/states.js';
import type { Dag } from '../sdk/dag.js';
import type { Output } from '../sdk/refs.js';
import { formatLogLine, type LogLine } from '../runner/task-logger.js';

/** A task as tests name it: its id, or the `TaskRef` the DAG body got from `task(...)`. */
export type TaskSelector = string | { readonly taskId: string };

export interface TaskInstanceSummary {
  readonly taskId: string;
  /** -1 unless the task is mapped. */
  readonly mapIndex: number;
  readonly state: TaskInstanceStateOrNone;
  /** Tries made (0: never started). */
  readonly tryNumber: number;
  /** Why it ended so (a failure's error, a skip's cause), when known. */
  readonly reason: string | null;
}

export interface RecordedLogLine {
  readonly ti: TaskInstanceKey;
  readonly line: LogLine;
}

/** Everything read from the store once the run is over. */
export interface RunRecord {
  readonly dag: Dag;
  readonly run: DagRun;
  readonly tis: readonly TaskInstance[];
  readonly xcoms: readonly XComEntry[];
  readonly logs: readonly RecordedLogLine[];
}

/** Lookups shared by the results of `testDag` and `testTask`. */
class RecordReader {
  constructor(protected readonly record: RunRecord) {}

  protected taskIdOf(task: TaskSelector): string {
    const taskId = typeof task === 'string' ? task : task.taskId;
    const { spec } = this.record.dag;
    if (!spec.tasks.some((t) => t.taskId === taskId)) {
      throw new Error(`DAG '${spec.dagId}' has no task '${taskId}': its tasks are ${spec.tasks.map((t) => t.taskId).join(', ')}`);
    }
    return taskId;
  }

  protected isMapped(taskId: string): boolean {
    const task = this.record.dag.spec.tasks.find((t) => t.taskId === taskId);
    return task !== undefined && Object.keys(task.expand).length > 0;
  }

  protected instance(task: TaskSelector, mapIndex: number | undefined): TaskInstance | undefined {
    const taskId = this.taskIdOf(task);
    const tis = this.record.tis.filter((ti) => ti.taskId === taskId);
    if (mapIndex === undefined) {
      if (tis.length <= 1) return tis[0];
      throw new Error(
        `task '${taskId}' of DAG '${this.record.dag.dagId}' is mapped into ${tis.length} instances: ` +
          `pass a map index (0 to ${tis.length - 1}), or read taskInstances for all of them`,
      );
    }
    return tis.find((ti) => ti.mapIndex === mapIndex);
  }

  /**
   * The XCom `key` (default: the return value) of one task instance. For a mapped task
   * without a map index, the list of its instances' values in map-index order: what a
   * downstream task receives.
   */
  protected readXCom(task: TaskSelector, key = RETURN_VALUE_KEY, mapIndex?: number): JsonValue | undefined {
    const taskId = this.taskIdOf(task);
    const entries = this.record.xcoms.filter((x) => x.taskId === taskId && x.key === key);
    if (mapIndex === undefined && this.isMapped(taskId)) {
      const mapped = entries.filter((x) => x.mapIndex >= 0).sort((a, b) => a.mapIndex - b.mapIndex);
      return mapped.length === 0 ? undefined : mapped.map((x) => x.value);
    }
    return entries.find((x) => x.mapIndex === (mapIndex ?? -1))?.value;
  }

  protected readLogs(task: TaskSelector, mapIndex?: number): string {
    const taskId = this.taskIdOf(task);
    return this.record.logs
      .filter(({ ti }) => ti.taskId === taskId && (mapIndex === undefined || ti.mapIndex === mapIndex))
      .map(({ line }) => formatLogLine(line))
      .join('\n');
  }
}

function summarize(ti: TaskInstance): TaskInstanceSummary {
  return { taskId: ti.taskId, mapIndex: ti.mapIndex, state: ti.state, tryNumber: ti.tryNumber, reason: ti.stateReason };
}

/** The outcome of `testDag`: one DAG run, start to finish. */
export class DagTestResult extends RecordReader {
  readonly dagId: string;
  readonly runId: string;
  /** `success` or `failed`. */
  readonly state: DagRunState;
  /** Why the run ended so, e.g. which task failed. */
  readonly reason: string | null;
  readonly logicalDate: Date | null;
  readonly dataInterval: DataInterval | null;
  /** Every task instance, in the order of the DAG's tasks then map index. */
  readonly taskInstances: readonly TaskInstanceSummary[];

  constructor(record: RunRecord, reason: string | null) {
    super(record);
    const order = new Map(record.dag.spec.tasks.map((t, i) => [t.taskId, i]));
    this.dagId = record.run.dagId;
    this.runId = record.run.runId;
    this.state = record.run.state;
    this.reason = reason;
    this.logicalDate = record.run.logicalDate;
    this.dataInterval = record.run.dataInterval;
    this.taskInstances = [...record.tis]
      .sort((a, b) => (order.get(a.taskId) ?? 0) - (order.get(b.taskId) ?? 0) || a.mapIndex - b.mapIndex)
      .map(summarize);
  }

  /** The task's state (`null`: never scheduled). A mapped task needs a map index. */
  taskState(task: TaskSelector, mapIndex?: number): TaskInstanceStateOrNone {
    return this.instance(task, mapIndex)?.state ?? null;
  }

  /** The task instance's summary (tries made, reason), or undefined if it has none. */
  taskInstance(task: TaskSelector, mapIndex?: number): TaskInstanceSummary | undefined {
    const ti = this.instance(task, mapIndex);
    return ti ? summarize(ti) : undefined;
  }

  /**
   * An XCom, `undefined` when the task pushed none. Given a `TaskRef` (or `ref.xcom<V>('key')`),
   * it has the task's own type; given a task id, say the type: `xcom<number>('count')`.
   */
  xcom<T>(ref: Output<T>): T | undefined;
  xcom<T = JsonValue>(taskId: string, key?: string, mapIndex?: number): T | undefined;
  xcom(task: string | Output<unknown>, key?: string, mapIndex?: number): unknown {
    if (typeof task === 'string') return this.readXCom(task, key, mapIndex);
    const spec = task.toInputSpec();
    if (spec.from !== 'xcom') throw new Error(`xcom() takes a task or one of its XComs, not the run's ${spec.from}`);
    return this.readXCom(spec.taskId, spec.key);
  }

  /** The task's log lines (every try; every instance of a mapped task unless a map index is given). */
  logs(task: TaskSelector, mapIndex?: number): string {
    return this.readLogs(task, mapIndex);
  }
}

/** The outcome of `testTask`: one try of one task. `T` is its return value's type. */
export class TaskTestResult<T = JsonValue> extends RecordReader {
  readonly dagId: string;
  readonly taskId: string;
  readonly runId: string;
  readonly state: TaskInstanceStateOrNone;
  /** A failure's error or a skip's cause. */
  readonly reason: string | null;
  readonly logicalDate: Date | null;
  readonly dataInterval: DataInterval | null;
  /** What the task returned (its `return_value` XCom); undefined when it returned nothing or did not succeed. */
  readonly returnValue: T | undefined;
  /** The try's log. */
  readonly logs: string;

  constructor(record: RunRecord, taskId: string) {
    super(record);
    const ti = record.tis.find((t) => t.taskId === taskId);
    this.dagId = record.run.dagId;
    this.taskId = taskId;
    this.runId = record.run.runId;
    this.state = ti?.state ?? null;
    this.reason = ti?.stateReason ?? null;
    this.logicalDate = record.run.logicalDate;
    this.dataInterval = record.run.dataInterval;
    this.returnValue = this.readXCom(taskId) as T | undefined;
    this.logs = this.readLogs(taskId);
  }

  /** Another XCom the task pushed with `ctx.xcom.push(key, value)`. */
  xcom<V = JsonValue>(key: string): V | undefined {
    return this.readXCom(this.taskId, key) as V | undefined;
  }
}
