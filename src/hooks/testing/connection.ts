/** Connections for hook tests: every field null unless given. */
import type { ConnectionInfo } from '../../sdk/context.js';
import type { ConnectionSource } from '../connection-info.js';

export function connection(fields: Partial<ConnectionInfo> & Pick<ConnectionInfo, 'connType'>): ConnectionInfo {
  return { connId: 'under_test', host: null, schema: null, login: null, password: null, port: null, extra: {}, ...fields };
}

/** A `ctx.connections` over a fixed set, failing like the runner's for an unknown id. */
export function connectionSource(...connections: ConnectionInfo[]): ConnectionSource {
  return {
    get: async (connId) => {
      const found = connections.find((c) => c.connId === connId);
      if (!found) throw new Error(`The connection '${connId}' is not defined`);
      return found;
    },
  };
}
