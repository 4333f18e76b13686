/** A connection as the API shows it (Airflow's ConnectionResponse): secrets in the password and extra masked. */
import type { z } from '@hono/zod-openapi';
import { maskedConnection } from '../../services/connections.js';
import type { Connection } from '../../store/types.js';
import type { ConnectionResponse } from '../schemas/admin.js';

export function presentConnection(conn: Connection): z.infer<typeof ConnectionResponse> {
  const c = maskedConnection(conn);
  return {
    connection_id: c.connId,
    conn_type: c.connType,
    description: c.description,
    host: c.host,
    login: c.login,
    schema: c.schema,
    port: c.port,
    password: c.password,
    extra: c.extra,
    team_name: null,
  };
}
