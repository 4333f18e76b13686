/**
 * One call of a task's services (XComs, variables, connections...) named by
 * method with JSON arguments: how a task process's request crosses the local
 * executor's IPC, and a worker's crosses the execution API, to the services
 * backed by the store.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import type { ExternalTaskQuery } from '../core/sensors/wait-state.js';
import type { NewConnection } from '../sdk/context.js';
import type { DagRunRequest, DefaultPool, DefaultVariable, TaskServices } from '../runner/task-services.js';
import { isSensitiveName } from '../secrets/sensitive-names.js';

export const TASK_SERVICE_METHODS = [
  'readXComs',
  'writeXCom',
  'recordRenderedFields',
  'getVariable',
  'getVariableEntry',
  'getConnection',
  'observeExternalTasks',
  'triggerDagRun',
  'assetUpdates',
  'setDefaultVariable',
  'setDefaultConnection',
  'setDefaultPool',
] as const;

export type TaskServiceMethod = (typeof TASK_SERVICE_METHODS)[number];

export function isTaskServiceMethod(method: unknown): method is TaskServiceMethod {
  return (TASK_SERVICE_METHODS as readonly unknown[]).includes(method);
}

export function callTaskService(services: TaskServices, method: string, args: readonly JsonValue[]): Promise<JsonValue> {
  const [a, b, c, d] = args;
  switch (method) {
    case 'readXComs':
      return services.readXComs(a as string, b as string).then((values) => values.map((v) => ({ mapIndex: v.mapIndex, value: v.value })));
    case 'writeXCom':
      return services.writeXCom(a as string, b as number, c as string, d ?? null).then(() => null);
    case 'recordRenderedFields':
      return services.recordRenderedFields(a as string, b as number, c as JsonObject).then(() => null);
    case 'getVariable':
      return services.getVariable(a as string);
    case 'getVariableEntry':
      return services.getVariableEntry
        ? (services.getVariableEntry(a as string) as Promise<JsonValue>)
        : services.getVariable(a as string).then((value) => (value === null ? null : { value, secret: isSensitiveName(a as string) }));
    case 'getConnection':
      return services.getConnection(a as string) as Promise<JsonValue>;
    case 'observeExternalTasks':
      return services.observeExternalTasks(a as unknown as ExternalTaskQuery) as unknown as Promise<JsonValue>;
    case 'triggerDagRun':
      return services.triggerDagRun(a as unknown as DagRunRequest) as unknown as Promise<JsonValue>;
    case 'assetUpdates':
      return services.assetUpdates(a as string, (b ?? null) as string | null) as unknown as Promise<JsonValue>;
    case 'setDefaultVariable':
      return services.setDefaultVariable(a as string, b as unknown as DefaultVariable);
    case 'setDefaultConnection':
      return services.setDefaultConnection(a as string, b as unknown as NewConnection);
    case 'setDefaultPool':
      return services.setDefaultPool(a as string, b as unknown as DefaultPool);
    default:
      return Promise.reject(new Error(`unknown task service '${method}'`));
  }
}

