/**
 * Runs the executor registered for an operator task's kind, giving it an
 * `OperatorContext` built from what the task runner already has.
 */
import type { JsonObject, JsonValue, TaskSpec } from '../core/dag-spec.js';
import { isOperatorKind } from '../core/operator-kinds.js';
import type { WaitState } from '../core/sensors/wait-state.js';
import { renderTemplate } from '../core/template.js';
import type { TaskContext, TaskLogger } from '../sdk/context.js';
import { templateValues } from '../runner/task-context.js';
import { RenderedFieldsRecorder, renderedFieldsWriter } from '../runner/rendered-fields.js';
import type { TaskServices } from '../runner/task-services.js';
import type { OperatorContext, OperatorResult } from './operator.js';
import { OPERATORS } from './registry.js';

export interface OperatorRun {
  readonly task: TaskSpec;
  readonly context: TaskContext;
  readonly log: TaskLogger;
  readonly signal: AbortSignal;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly clock: () => Date;
  readonly waitState: WaitState | null;
  readonly services: TaskServices;
}

export async function runOperator(run: OperatorRun): Promise<OperatorResult> {
  const { task, context } = run;
  const where = `DAG '${context.dagId}', task '${context.taskId}'`;
  if (!isOperatorKind(task.kind)) {
    throw new Error(`${where}: this Updraft cannot run tasks of kind '${task.kind}' (operator ${task.operator}): is the worker older than the DAG's Updraft?`);
  }
  const values = { ...templateValues(context), ...(Object.keys(run.inputs).length > 0 ? { inputs: toJson(run.inputs) } : {}) };
  const recorder = new RenderedFieldsRecorder(task.config as JsonObject, renderedFieldsWriter(run.services, context, run.log));
  const render = (template: string) => {
    const result = renderTemplate(template, values, where);
    recorder.rendered(template, result);
    return result;
  };
  const ctx: OperatorContext = {
    context,
    log: run.log,
    signal: run.signal,
    where,
    inputs: run.inputs,
    connection: (connId) => context.connections.get(connId),
    render,
    renderJson: <T extends JsonValue>(value: T) => renderDeep(value, render) as T,
    clock: run.clock,
    waitState: run.waitState,
    observeExternalTasks: (query) => run.services.observeExternalTasks(query),
    assetUpdates: (uri, since) => run.services.assetUpdates(uri, since),
    triggerDagRun: (request) => run.services.triggerDagRun(request),
  };
  try {
    return await OPERATORS[task.kind](task.config, ctx);
  } finally {
    await recorder.settled();
  }
}

function renderDeep(value: JsonValue, render: (text: string) => string): JsonValue {
  if (typeof value === 'string') return render(value);
  if (Array.isArray(value)) return value.map((item: JsonValue) => renderDeep(item, render));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, renderDeep(inner, render)]));
  }
  return value;
}

/** Inputs are XComs and literals, so JSON already; anything else shows as null in templates. */
function toJson(inputs: Readonly<Record<string, unknown>>): JsonObject {
  return JSON.parse(JSON.stringify(inputs, (_key, value: unknown) => (value === undefined ? null : value))) as JsonObject;
}
