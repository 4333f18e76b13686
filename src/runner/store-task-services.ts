/** `TaskServices` straight over the store: what `dags test` and the local executor's parent use. */
import type { JsonValue } from '../core/dag-spec.js';
import type { DagRun } from '../core/run-model.js';
import type { Store } from '../store/store.js';
import type { ConnectionInfo } from '../sdk/context.js';
import type { TaskServices, XComValue } from './task-services.js';

export function storeTaskServices(store: Store, run: DagRun, clock: () => Date): TaskServices {
  return {
    readXComs: async (taskId, key): Promise<XComValue[]> => {
      const entries = await store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
      return entries.filter((e) => e.key === key).map((e) => ({ mapIndex: e.mapIndex, value: e.value }));
    },
    writeXCom: (taskId, mapIndex, key, value: JsonValue) =>
      store.xcom.set({ dagId: run.dagId, runId: run.runId, taskId, mapIndex, key, value, timestamp: clock() }),
    getVariable: async (key) => (await store.variables.get(key))?.value ?? null,
    getConnection: async (connId): Promise<ConnectionInfo | null> => {
      const c = await store.connections.get(connId);
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
