/**
 * A typed client for Updraft's REST API (Airflow's API v2 where Airflow has
 * the route), used by the CLI and the web UI:
 *
 *   const client = new UpdraftClient({ baseUrl: 'http://localhost:8080' });
 *   await client.login('admin', password);
 *   const run = await client.dagRuns.trigger('etl', { conf: { rows: 10 } });
 *   for await (const line of client.dagRuns.wait('etl', run.dag_run_id)) console.log(line.state);
 */
import { dagRunsApi } from './resources/dag-runs.js';
import { dagsApi } from './resources/dags.js';
import { connectionsApi, poolsApi, usersApi, variablesApi } from './resources/admin.js';
import { backfillsApi, eventLogsApi, monitorApi } from './resources/records.js';
import { taskInstancesApi } from './resources/task-instances.js';
import { uiApi } from './resources/ui.js';
import { Transport, type TransportOptions } from './transport.js';

export class UpdraftClient {
  private readonly transport: Transport;
  readonly dags;
  readonly dagRuns;
  readonly taskInstances;
  readonly variables;
  readonly connections;
  readonly pools;
  readonly users;
  readonly eventLogs;
  readonly backfills;
  readonly monitor;
  /** The web UI's own endpoints (`/ui/...`). */
  readonly ui;

  constructor(options: TransportOptions) {
    const t = new Transport(options);
    this.transport = t;
    this.dags = dagsApi(t);
    this.dagRuns = dagRunsApi(t);
    this.taskInstances = taskInstancesApi(t);
    this.variables = variablesApi(t);
    this.connections = connectionsApi(t);
    this.pools = poolsApi(t);
    this.users = usersApi(t);
    this.eventLogs = eventLogsApi(t);
    this.backfills = backfillsApi(t);
    this.monitor = monitorApi(t);
    this.ui = uiApi(t);
  }

  /** Signs in (`POST /auth/token`) and uses the token from then on; returns it. */
  async login(username: string, password: string): Promise<string> {
    const { access_token } = await this.transport.json<{ access_token: string }>('POST', '/auth/token', { body: { username, password } });
    this.transport.token = access_token;
    return access_token;
  }

  get token(): string | null {
    return this.transport.token;
  }

  set token(token: string | null) {
    this.transport.token = token;
  }

  /** Any other route, typed by the caller. */
  request<T>(method: string, path: string, options?: Parameters<Transport['json']>[2]): Promise<T> {
    return this.transport.json<T>(method, path, options);
  }
}
