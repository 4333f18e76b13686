/**
 * `TaskServices` over the store: what `dags test` and the local executor's parent use.
 * Connections and variables come through the secrets backends (local file,
 * environment, database: src/secrets/secrets-chain.ts), so `UPDRAFT_CONN_*` and
 * `UPDRAFT_VAR_*` override what the database holds, as in Airflow.
 */
import type { JsonValue } from '../core/dag-spec.js';
import type { DagRun } from '../core/run-model.js';
import { EnvironmentBackend } from '../secrets/environment-backend.js';
import { MetastoreBackend } from '../secrets/metastore-backend.js';
import { SecretsChain } from '../secrets/secrets-chain.js';
import type { Store } from '../store/store.js';
import type { ConnectionInfo } from '../sdk/context.js';
import { assetUpdatesSince, observeExternalTasks } from './external-tasks.js';
import { storeDefaultWrites } from './store-default-writes.js';
import type { DagRunStarter, TaskServices, VariableEntry, XComValue } from './task-services.js';

/**
 * `secrets`: the app's chain (with its configured backends); default: this process's environment, then the store.
 * `startDagRun`: how `triggerDagRun` creates runs (the app's trigger service); without it, the operator fails saying so.
 */
export function storeTaskServices(store: Store, run: DagRun, clock: () => Date, secrets?: SecretsChain, startDagRun?: DagRunStarter): TaskServices {
  const chain = secrets ?? new SecretsChain([new EnvironmentBackend(process.env), new MetastoreBackend(store)]);
  const getVariableEntry = async (key: string): Promise<VariableEntry | null> => {
    const found = await chain.getVariable(key);
    return found ? { value: found.value, secret: found.secret } : null;
  };
  return {
    readXComs: async (taskId, key): Promise<XComValue[]> => {
      const entries = await store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
      return entries.filter((e) => e.key === key).map((e) => ({ mapIndex: e.mapIndex, value: e.value }));
    },
    writeXCom: (taskId, mapIndex, key, value: JsonValue) =>
      store.xcom.set({ dagId: run.dagId, runId: run.runId, taskId, mapIndex, key, value, timestamp: clock() }),
    recordRenderedFields: async (taskId, mapIndex, fields) => {
      await store.taskInstances.update({ dagId: run.dagId, runId: run.runId, taskId, mapIndex }, { renderedFields: fields });
    },
    getVariable: async (key) => (await getVariableEntry(key))?.value ?? null,
    getVariableEntry,
    getConnection: async (connId): Promise<ConnectionInfo | null> => {
      const c = (await chain.getConnection(connId))?.connection;
      if (!c) return null;
      return {
        connId: c.connId,
        connType: c.connType,
        host: c.host,
        schema: c.schema,
        login: c.login,
        password: c.password,
        port: c.port,
        extra: parseExtra(c.connId, c.extra),
      };
    },
    observeExternalTasks: (query) => observeExternalTasks(store, query),
    assetUpdates: (uri, since) => assetUpdatesSince(store, uri, since === null ? null : new Date(since)),
    triggerDagRun: (request) => {
      if (!startDagRun) return Promise.reject(new Error(`cannot trigger DAG '${request.dagId}' from here: this runner has no way to create runs`));
      return startDagRun(request);
    },
    ...storeDefaultWrites(store, run, chain, clock),
  };
}

function parseExtra(connId: string, extra: string | null): Record<string, JsonValue> {
  if (extra === null || extra.trim() === '') return {};
  try {
    const parsed = JSON.parse(extra) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, JsonValue>;
  } catch {
    // fall through to the error below
  }
  throw new Error(`connection '${connId}' has an extra that is not a JSON object: fix it with the CLI or the UI`);
}
