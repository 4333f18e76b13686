/**
 * The task services of a try running on a worker: each call goes to the
 * execution API with the try's token, and the API server answers from the
 * metadata database, so task code is the same as under the local executor.
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { ExternalObservation } from '../core/sensors/external-task-verdict.js';
import type { ConnectionInfo } from '../sdk/context.js';
import type { AssetUpdates } from '../sdk/sensors/asset-sensor.js';
import type { TaskServices, TriggeredDagRun, VariableEntry, XComValue } from '../runner/task-services.js';
import type { ExecutionClient } from './execution-client.js';

export function remoteTaskServices(client: ExecutionClient): TaskServices {
  const call = <T>(method: string, ...args: JsonValue[]) => client.service(method, args) as Promise<T>;
  return {
    readXComs: (taskId, key) => call<readonly XComValue[]>('readXComs', taskId, key),
    writeXCom: async (taskId, mapIndex, key, value) => {
      await call('writeXCom', taskId, mapIndex, key, value);
    },
    recordRenderedFields: async (taskId, mapIndex, fields) => {
      await call('recordRenderedFields', taskId, mapIndex, fields);
    },
    getVariable: (key) => call<string | null>('getVariable', key),
    getVariableEntry: (key) => call<VariableEntry | null>('getVariableEntry', key),
    getConnection: (connId) => call<ConnectionInfo | null>('getConnection', connId),
    observeExternalTasks: (query) => call<ExternalObservation>('observeExternalTasks', query as unknown as JsonValue),
    assetUpdates: (uri, since) => call<AssetUpdates>('assetUpdates', uri, since),
    triggerDagRun: (request) => call<TriggeredDagRun>('triggerDagRun', request as unknown as JsonValue),
    setDefaultVariable: (taskId, variable) => call<string>('setDefaultVariable', taskId, variable as unknown as JsonValue),
    setDefaultConnection: (taskId, connection) => call<boolean>('setDefaultConnection', taskId, connection as unknown as JsonValue),
    setDefaultPool: (taskId, pool) => call<boolean>('setDefaultPool', taskId, pool as unknown as JsonValue),
  };
}
