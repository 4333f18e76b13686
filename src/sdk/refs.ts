/**
 * Typed handles on things a DAG file wires together. `Output<T>` is anything a
 * task can consume as an input of type `T`: another task's return value, one of
 * its XCom keys, or the run's params. The type lives only at compile time (a
 * phantom field); at run time an output is its `InputSpec`.
 */
import type { InputSpec } from '../core/dag-spec.js';
import { RETURN_VALUE_KEY } from '../core/run-model.js';

declare const OUTPUT_TYPE: unique symbol;

export abstract class Output<T> {
  /** Phantom: carries `T` for the type checker, never set at run time. */
  declare readonly [OUTPUT_TYPE]: T;
  abstract toInputSpec(): InputSpec;
  /** The task whose completion this output waits for, if any. */
  abstract get producerTaskId(): string | null;
}

/** An XCom other than a task's return value: `ref.xcom<number>('row_count')`. */
export class XComOutput<T> extends Output<T> {
  constructor(
    readonly taskId: string,
    readonly key: string,
  ) {
    super();
  }
  toInputSpec(): InputSpec {
    return { from: 'xcom', taskId: this.taskId, key: this.key };
  }
  get producerTaskId(): string {
    return this.taskId;
  }
}

/** The run's params, typed by the DAG's params schema. */
export class ParamsOutput<P> extends Output<P> {
  toInputSpec(): InputSpec {
    return { from: 'params' };
  }
  get producerTaskId(): null {
    return null;
  }
}

/** Something that can stand on either side of a dependency: a task, a group, or a list of them. */
export interface Dependable {
  /** Tasks that an upstream edge into this thing must reach. */
  readonly rootTaskIds: readonly string[];
  /** Tasks whose completion an edge out of this thing waits for. */
  readonly leafTaskIds: readonly string[];
}

export type Chainable = Dependable | readonly Dependable[];

/** What a task handle records its edges into: the DAG being built (kept this narrow so handles know nothing else of it). */
export interface EdgeSink {
  addEdges(from: readonly Chainable[], to: readonly Chainable[]): void;
}

/** A declared task. `T` is its return value (its XCom), which downstream tasks receive typed. */
export class TaskRef<T = unknown> extends Output<T> implements Dependable {
  constructor(
    readonly taskId: string,
    private readonly builder: EdgeSink,
  ) {
    super();
  }

  toInputSpec(): InputSpec {
    return { from: 'xcom', taskId: this.taskId, key: RETURN_VALUE_KEY };
  }
  get producerTaskId(): string {
    return this.taskId;
  }
  get rootTaskIds(): readonly string[] {
    return [this.taskId];
  }
  get leafTaskIds(): readonly string[] {
    return [this.taskId];
  }

  /** Another XCom key this task pushes with `ctx.xcom.push(key, value)`. */
  xcom<V>(key: string): XComOutput<V> {
    return new XComOutput<V>(this.taskId, key);
  }

  /** `a.before(b, c)`: b and c run after a (Airflow's `a >> [b, c]`). Returns `this`. */
  before(...downstream: Chainable[]): this {
    for (const item of downstream.flat()) this.builder.addEdges([this], [item]);
    return this;
  }

  /** `a.after(b, c)`: a runs after b and c (Airflow's `a << [b, c]`). Returns `this`. */
  after(...upstream: Chainable[]): this {
    for (const item of upstream.flat()) this.builder.addEdges([item], [this]);
    return this;
  }
}

/** A task group: `g.result` is whatever its body returned; as a dependency it stands for its roots and leaves. */
export class TaskGroupRef<R> implements Dependable {
  constructor(
    readonly groupId: string,
    readonly result: R,
    private readonly members: () => { roots: readonly string[]; leaves: readonly string[] },
  ) {}
  get rootTaskIds(): readonly string[] {
    return this.members().roots;
  }
  get leafTaskIds(): readonly string[] {
    return this.members().leaves;
  }
}
