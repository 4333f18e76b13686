/**
 * Collects the tasks, groups and edges a `dag()` body declares. Task factories
 * (`task`, `bash`, `empty`, ...) find the builder of the body being run, the way
 * Airflow's `with DAG(...)` context works, so DAG files read top to bottom.
 */
import type { InputSpec, JsonObject, JsonValue, TaskGroupSpec, TaskKind, TaskSpec, TriggerRule } from '../core/dag-spec.js';
import type { TaskDeadlineSpec } from '../core/deadlines.js';
import { DagDefinitionError, checkId } from '../core/dag-validation.js';
import { topoSort } from '../core/topo-sort.js';
import { AssetCollector } from './assets.js';
import { authoringDefaults } from './authoring-defaults.js';
import type { Callback, TaskContext } from './context.js';
import { resolveTaskDeadlines } from './deadline-alert.js';
import { Output, TaskGroupRef, TaskRef, type Chainable, type Dependable, type EdgeSink } from './refs.js';
import {
  callbackFlags,
  pickCallbacks,
  resolveTaskOptions,
  type DefaultArgs,
  type ResolvedTaskOptions,
  type TaskOptions,
} from './task-options.js';
import { resolveTaskEmail, type TaskEmail } from './task-email.js';

/** The code of a function-like task, with its inputs resolved. */
export type TaskFunction = (inputs: Record<string, unknown>, context: TaskContext) => unknown;

/** What the runner needs besides the spec: the task's code and callbacks. */
export interface TaskRuntime {
  readonly run: TaskFunction | null;
  readonly callbacks: { readonly [K in 'onSuccess' | 'onFailure' | 'onRetry' | 'onSkipped' | 'onExecute']: Callback | null };
  /** Failure and retry mails (`email`, `emailOnFailure`, `emailOnRetry`); null without an address. */
  readonly email: TaskEmail | null;
  /** The callback of each of the task's deadlines, in the order of `TaskSpec.deadlines`. */
  readonly deadlines: readonly Callback[];
}

export interface TaskDeclaration {
  readonly id: string;
  readonly kind: TaskKind;
  readonly operator: string;
  readonly options: TaskOptions;
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly expand?: Readonly<Record<string, unknown>>;
  readonly config?: JsonObject;
  readonly run?: TaskFunction;
}

interface TaskDraft {
  readonly taskId: string;
  readonly kind: TaskKind;
  readonly operator: string;
  readonly upstream: Set<string>;
  readonly inputs: Record<string, InputSpec>;
  readonly expand: Record<string, InputSpec>;
  readonly groupId: string | null;
  readonly isSetup: boolean;
  readonly isTeardown: boolean;
  readonly options: ResolvedTaskOptions;
  readonly config: JsonObject;
  readonly outlets: readonly string[];
  readonly runtime: TaskRuntime;
  readonly deadlines: readonly TaskDeadlineSpec[];
}

interface GroupFrame {
  readonly groupId: string;
  readonly defaultArgs: DefaultArgs;
}

export class DagBuilder implements EdgeSink {
  private readonly drafts: TaskDraft[] = [];
  private readonly byId = new Map<string, TaskDraft>();
  private readonly groups: TaskGroupSpec[] = [];
  private readonly groupStack: GroupFrame[] = [];
  /** Read when `dag()` starts, while the loader has the configured defaults installed. */
  private readonly fallbackRetries = authoringDefaults().retries;

  constructor(
    readonly dagId: string,
    private readonly defaultArgs: DefaultArgs,
    /** The assets the DAG declares with `asset()`, shared with its schedule. */
    readonly assets: AssetCollector = new AssetCollector(),
  ) {}

  addTask<T>(declaration: TaskDeclaration): TaskRef<T> {
    const frame = this.groupStack.at(-1);
    const idError = checkId('task id', declaration.id);
    if (idError) this.fail(declaration.id, idError);
    const taskId = frame ? `${frame.groupId}.${declaration.id}` : declaration.id;
    const defaults: DefaultArgs = { ...this.defaultArgs, ...frame?.defaultArgs };
    const { setup, teardownOf } = declaration.options;
    const setups = teardownOf === undefined ? [] : Array.isArray(teardownOf) ? teardownOf : [teardownOf as TaskRef];
    const isTeardown = teardownOf !== undefined;
    const fallbackRule: TriggerRule = isTeardown ? 'all_done_setup_success' : 'all_success';

    const upstream = new Set<string>();
    const inputs = this.toInputSpecs(taskId, declaration.inputs ?? {}, upstream);
    const expand = this.toInputSpecs(taskId, declaration.expand ?? {}, upstream);
    const merged: TaskOptions = { ...defaults, ...declaration.options };
    const alerts = this.parseOption(taskId, () => ({
      callbacks: pickCallbacks(declaration.options, defaults),
      email: resolveTaskEmail(merged),
      deadlines: resolveTaskDeadlines(merged.deadline),
    }));
    const draft: TaskDraft = {
      taskId,
      kind: declaration.kind,
      operator: declaration.operator,
      upstream,
      inputs,
      expand,
      groupId: frame?.groupId ?? null,
      isSetup: setup ?? false,
      isTeardown,
      options: resolveTaskOptions(declaration.options, defaults, { triggerRule: fallbackRule, retries: this.fallbackRetries }),
      config: declaration.config ?? {},
      outlets: this.toOutlets(taskId, declaration.options.outlets),
      runtime: { run: declaration.run ?? null, callbacks: alerts.callbacks, email: alerts.email, deadlines: alerts.deadlines.callbacks },
      deadlines: alerts.deadlines.specs,
    };
    this.drafts.push(draft);
    if (!this.byId.has(taskId)) this.byId.set(taskId, draft);
    const ref = new TaskRef<T>(taskId, this);
    for (const setupRef of setups) this.addEdges([setupRef], [ref]);
    return ref;
  }

  /** Adds an edge from every leaf of each `from` to every root of each `to`. */
  addEdges(from: readonly Chainable[], to: readonly Chainable[]): void {
    const leaves = from.flat().flatMap((item: Dependable) => item.leafTaskIds);
    const roots = to.flat().flatMap((item: Dependable) => item.rootTaskIds);
    for (const root of roots) {
      const draft = this.draftOf(root);
      for (const leaf of leaves) {
        this.draftOf(leaf);
        draft.upstream.add(leaf);
      }
    }
  }

  inGroup<R>(id: string, options: { defaultArgs?: DefaultArgs; tooltip?: string }, body: () => R): TaskGroupRef<R> {
    const idError = checkId('group id', id);
    if (idError) this.fail(null, idError);
    const parent = this.groupStack.at(-1);
    const groupId = parent ? `${parent.groupId}.${id}` : id;
    if (this.groups.some((g) => g.groupId === groupId)) {
      this.fail(null, `task group '${groupId}' is declared twice: give each group a unique id`);
    }
    this.groups.push({ groupId, parentId: parent?.groupId ?? null, tooltip: options.tooltip ?? null });
    this.groupStack.push({ groupId, defaultArgs: { ...parent?.defaultArgs, ...options.defaultArgs } });
    let result: R;
    try {
      result = body();
    } finally {
      this.groupStack.pop();
    }
    return new TaskGroupRef(groupId, result, () => this.groupEnds(groupId));
  }

  build(): { tasks: TaskSpec[]; groups: TaskGroupSpec[]; runtimes: Map<string, TaskRuntime> } {
    const specs = this.drafts.map((draft) => this.toSpec(draft));
    const order = topoSort(new Map(specs.map((s) => [s.taskId, s.upstream.filter((u) => this.byId.has(u))])));
    // With a cycle or duplicate ids there is no order: keep declaration order and let validation explain.
    const tasks =
      order.ok && order.order.length === specs.length
        ? order.order.map((id) => specs.find((s) => s.taskId === id) as TaskSpec)
        : specs;
    const runtimes = new Map(this.drafts.map((d) => [d.taskId, d.runtime]));
    return { tasks, groups: [...this.groups], runtimes };
  }

  private toSpec(draft: TaskDraft): TaskSpec {
    return {
      taskId: draft.taskId,
      kind: draft.kind,
      operator: draft.operator,
      upstream: [...draft.upstream].sort(),
      inputs: draft.inputs,
      expand: draft.expand,
      groupId: draft.groupId,
      isSetup: draft.isSetup,
      isTeardown: draft.isTeardown,
      ...draft.options,
      callbacks: callbackFlags(draft.runtime.callbacks),
      config: draft.config,
      ...(draft.outlets.length > 0 ? { outlets: draft.outlets } : {}),
      ...(draft.deadlines.length > 0 ? { deadlines: draft.deadlines } : {}),
    };
  }

  /** Runs `parse`, turning what it throws into a DagDefinitionError naming the task. */
  private parseOption<T>(taskId: string, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof DagDefinitionError) throw error;
      this.fail(taskId, (error as Error).message);
    }
  }

  /** Outlet URIs, each once, in the order given. */
  private toOutlets(taskId: string, outlets: unknown): string[] {
    if (outlets === undefined) return [];
    if (!Array.isArray(outlets)) this.fail(taskId, `outlets must be a list of asset URIs or asset(uri), got ${typeof outlets}`);
    const uris = new Set<string>();
    for (const [index, item] of (outlets as unknown[]).entries()) {
      try {
        uris.add(this.assets.uriOf(item));
      } catch (error) {
        this.fail(taskId, `outlets[${index}]: ${(error as Error).message}`);
      }
    }
    return [...uris];
  }

  private toInputSpecs(taskId: string, values: Readonly<Record<string, unknown>>, upstream: Set<string>): Record<string, InputSpec> {
    const specs: Record<string, InputSpec> = {};
    for (const [name, value] of Object.entries(values)) {
      if (value instanceof Output) {
        const producer = value.producerTaskId;
        if (producer !== null) {
          this.draftOf(producer);
          upstream.add(producer);
        }
        specs[name] = value.toInputSpec();
      } else {
        specs[name] = { from: 'literal', value: toJson(value, () => this.fail(taskId, `input '${name}' is not JSON data: pass a task's output or a JSON value`)) };
      }
    }
    return specs;
  }

  private groupEnds(groupId: string): { roots: string[]; leaves: string[] } {
    const prefix = `${groupId}.`;
    const members = this.drafts.filter((d) => d.taskId.startsWith(prefix));
    const ids = new Set(members.map((d) => d.taskId));
    const hasDownstreamInGroup = new Set(members.flatMap((d) => [...d.upstream].filter((u) => ids.has(u))));
    return {
      roots: members.filter((d) => ![...d.upstream].some((u) => ids.has(u))).map((d) => d.taskId),
      leaves: members.filter((d) => !hasDownstreamInGroup.has(d.taskId)).map((d) => d.taskId),
    };
  }

  private draftOf(taskId: string): TaskDraft {
    const draft = this.byId.get(taskId);
    if (!draft) this.fail(taskId, `is not a task of this DAG: tasks can only depend on tasks declared in the same dag() body`);
    return draft;
  }

  private fail(taskId: string | null, message: string): never {
    throw new DagDefinitionError([{ dagId: this.dagId, taskId, message }]);
  }
}

function toJson(value: unknown, onInvalid: () => never): JsonValue {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') onInvalid();
  const text = JSON.stringify(value);
  if (text === undefined) onInvalid();
  return JSON.parse(text) as JsonValue;
}

let current: DagBuilder | null = null;

/** The builder of the `dag()` body now running; a clear error when called outside one. */
export function currentBuilder(factory: string, id: string): DagBuilder {
  if (current === null) {
    throw new Error(
      `${factory}('${id}') was called outside a dag() body: declare tasks inside the function passed to dag(id, options, () => { ... })`,
    );
  }
  return current;
}

export function runWithBuilder<T>(builder: DagBuilder, body: () => T): T {
  const previous = current;
  current = builder;
  try {
    return body();
  } finally {
    current = previous;
  }
}
