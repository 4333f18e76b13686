/**
 * The create-if-missing writes a task may make (`ctx.variables.setDefault`,
 * `ctx.connections.setDefault`, `ctx.pools.setDefault`), over the store: what
 * a set-up DAG such as `initialize_environment` needs, and no more. They never
 * overwrite (a task cannot change what an operator configured, nor read a
 * secret back through them), each creation is in the audit log under the task,
 * and a variable or connection any secrets backend already has counts as existing.
 */
import type { DagRun } from '../core/run-model.js';
import type { NewConnection } from '../sdk/context.js';
import type { SecretsChain } from '../secrets/secrets-chain.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/store.js';
import type { DefaultPool, DefaultVariable, TaskServices } from './task-services.js';

export type DefaultWrites = Pick<TaskServices, 'setDefaultVariable' | 'setDefaultConnection' | 'setDefaultPool'>;

export function storeDefaultWrites(store: Store, run: DagRun, chain: SecretsChain, clock: () => Date): DefaultWrites {
  const audited = (taskId: string, event: string, extra: Record<string, string>) =>
    audit(store, event, { dagId: run.dagId, taskId, runId: run.runId, owner: `task:${run.dagId}.${taskId}`, extra: JSON.stringify(extra) }, clock());
  return {
    setDefaultVariable: async (taskId, variable: DefaultVariable) => {
      const key = requiredText(variable.key, 'variables.setDefault', 'the key');
      if (typeof variable.value !== 'string') throw new Error(`variables.setDefault('${key}'): the value must be a string (variables are text), got ${typeof variable.value}`);
      const found = await chain.getVariable(key);
      if (found) return found.value;
      await store.variables.set({ key, value: variable.value, description: variable.description });
      await audited(taskId, 'variable_create', { key });
      return variable.value;
    },
    setDefaultConnection: async (taskId, connection: NewConnection) => {
      const connId = requiredText(connection.connId, 'connections.setDefault', 'connId');
      const where = `connections.setDefault('${connId}')`;
      const connType = requiredText(connection.connType, where, 'connType');
      const port = connection.port ?? null;
      if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new Error(`${where}: port must be an integer from 1 to 65535, got ${port}`);
      if (await chain.getConnection(connId)) return false;
      await store.connections.upsert({
        connId,
        connType,
        description: connection.description ?? null,
        host: connection.host ?? null,
        schema: connection.schema ?? null,
        login: connection.login ?? null,
        password: connection.password ?? null,
        port,
        extra: connection.extra === undefined ? null : JSON.stringify(connection.extra),
      });
      await audited(taskId, 'connection_create', { connection_id: connId });
      return true;
    },
    setDefaultPool: async (taskId, pool: DefaultPool) => {
      const name = requiredText(pool.name, 'pools.setDefault', 'the name');
      if (!Number.isInteger(pool.slots) || pool.slots < -1) throw new Error(`pools.setDefault('${name}'): slots must be an integer >= 0, or -1 for unlimited, got ${pool.slots}`);
      if (await store.pools.get(name)) return false;
      await store.pools.upsert({ name, slots: pool.slots, description: pool.description, includeDeferred: false });
      await audited(taskId, 'pool_create', { name });
      return true;
    },
  };
}

function requiredText(value: unknown, where: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${where}: ${what} must be a non-empty string, got ${JSON.stringify(value) ?? typeof value}`);
  return value;
}
