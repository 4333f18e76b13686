/**
 * Builds the `TaskContext` a task function receives, over `TaskServices`.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import { RETURN_VALUE_KEY } from '../core/run-model.js';
import { isoDateIn } from '../core/zoned-time.js';
import type { TaskContext, TaskLogger } from '../sdk/context.js';
import { connectionAccess } from './connection-access.js';
import type { SecretMasker } from './secret-masker.js';
import type { TaskServices } from './task-services.js';
import type { TemplateValues } from '../core/template.js';

export interface ContextInput {
  readonly run: DagRun;
  readonly ti: TaskInstance;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly services: TaskServices;
  readonly log: TaskLogger;
  readonly masker: SecretMasker;
  readonly signal: AbortSignal;
}

export function createTaskContext(input: ContextInput): TaskContext {
  const { run, ti, services, masker } = input;
  const logicalDate = run.logicalDate;
  return {
    dagId: ti.dagId,
    taskId: ti.taskId,
    runId: ti.runId,
    runType: run.runType,
    mapIndex: ti.mapIndex,
    tryNumber: ti.tryNumber,
    maxTries: ti.maxTries,
    logicalDate,
    ds: logicalDate ? isoDateIn(logicalDate, 'UTC') : null,
    dataIntervalStart: run.dataInterval?.start ?? null,
    dataIntervalEnd: run.dataInterval?.end ?? null,
    params: input.params,
    conf: run.conf,
    log: input.log,
    signal: input.signal,
    maskSecret: (value) => masker.add(value),
    xcom: {
      push: (key, value) => services.writeXCom(ti.taskId, ti.mapIndex, key, value),
      pull: async <T extends JsonValue>(taskId: string, options: { key?: string; mapIndex?: number } = {}) => {
        const values = await services.readXComs(taskId, options.key ?? RETURN_VALUE_KEY);
        const wanted = options.mapIndex ?? -1;
        const found = values.find((v) => v.mapIndex === wanted) ?? (options.mapIndex === undefined ? values[0] : undefined);
        return (found?.value ?? null) as T | null;
      },
    },
    variables: {
      get: async (key, fallback = null) => (await services.getVariable(key)) ?? fallback,
      getJson: async <T extends JsonValue>(key: string, fallback: T | null = null) => {
        const text = await services.getVariable(key);
        if (text === null) return fallback;
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new Error(`variable '${key}' is not valid JSON: read it with variables.get('${key}') instead`);
        }
      },
      setDefault: (key, value, options = {}) => services.setDefaultVariable(ti.taskId, { key, value, description: options.description ?? null }),
    },
    connections: {
      ...connectionAccess(services.getConnection, masker),
      setDefault: (connection) => services.setDefaultConnection(ti.taskId, connection),
    },
    pools: {
      setDefault: (name, slots, options = {}) => services.setDefaultPool(ti.taskId, { name, slots, description: options.description ?? null }),
    },
  };
}

/** Values available as `{{ name }}` in bash commands (Airflow's template context names). */
export function templateValues(context: TaskContext): TemplateValues {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    dag_id: context.dagId,
    task_id: context.taskId,
    run_id: context.runId,
    map_index: context.mapIndex,
    try_number: context.tryNumber,
    ds: context.ds,
    ds_nodash: context.ds?.replaceAll('-', '') ?? null,
    ts: iso(context.logicalDate),
    logical_date: iso(context.logicalDate),
    data_interval_start: iso(context.dataIntervalStart),
    data_interval_end: iso(context.dataIntervalEnd),
    params: context.params as JsonObject,
    conf: context.conf,
  };
}
