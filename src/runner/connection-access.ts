/**
 * `ctx.connections` for callbacks (notifiers look up their SMTP or Slack
 * connection): the same lookup and masking as a task's, over any source of
 * connections (the task's services, or the DAG callback's parent).
 */
import type { ConnectionAccess, ConnectionInfo } from '../sdk/context.js';
import type { SecretMasker } from './secret-masker.js';

export function connectionAccess(getConnection: (connId: string) => Promise<ConnectionInfo | null>, masker: SecretMasker): ConnectionAccess {
  return {
    get: async (connId) => {
      const connection = await getConnection(connId);
      if (!connection) {
        throw new Error(`connection '${connId}' is not defined: create it with the CLI, the UI, or UPDRAFT_CONN_${connId.toUpperCase()}`);
      }
      masker.add(connection.password);
      return connection;
    },
  };
}
