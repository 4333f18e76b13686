/**
 * `updraft api-server`: the REST API (Airflow's API v2, `/docs`, `POST /auth/token`)
 * on its own. Triggers and clears made through it nudge a scheduler running on
 * this machine; one elsewhere picks them up on its next poll. `--workers N`
 * (default: the api.workers setting, 1) serves it from N processes on one port.
 */
import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { loadConfig } from '../../config/config.js';
import { createApiServer } from '../../api/server.js';
import { isApiWorker, listenError, runApiPrimary, runApiWorker } from '../api-workers.js';
import { NEEDS_SHARED_DATABASE } from '../service-runtime.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got '${value}'`);
  return port;
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers < 1 || workers > 64) throw new Error(`--workers must be an integer from 1 to 64, got '${value}'`);
  return workers;
}

export function registerApiServerCommands(program: Command): void {
  program
    .command('api-server')
    .description('Serve the REST API (Airflow API v2 compatible) and its docs at /docs')
    .option('-p, --port <port>', 'port to listen on (default: the api.port setting, 8080)', parsePort)
    .option('-H, --host <host>', 'address to listen on (default: the api.host setting, 0.0.0.0)')
    .option('-w, --workers <n>', 'processes serving the API on that port (default: the api.workers setting, 1)', parseWorkers)
    .addHelpText(
      'after',
      `
Needs:
  ${NEEDS_SHARED_DATABASE}
  UPDRAFT_JWT_SECRET and UPDRAFT_FERNET_KEY shared by every API server process and machine
  with UPDRAFT__CORE__EXECUTOR=queue: Redis at UPDRAFT_REDIS_URL; workers call its execution API

Health: GET /api/v2/monitor/health on the same port, no token needed (the database and each service's
  latest heartbeat). Stops cleanly on SIGTERM or Ctrl-C.`,
    )
    .action(async (options: { port?: number; host?: string; workers?: number }) => {
      if (isApiWorker()) return runApiWorker();
      const config = loadConfig();
      const workers = options.workers ?? config.apiWorkers;
      const port = options.port ?? config.apiPort;
      const host = options.host ?? config.apiHost;
      if (workers > 1) return runApiPrimary({ workers, port, host });
      const app = await openApp();
      if (app.fernetKeyNotice) console.log(app.fernetKeyNotice);
      const server = createApiServer(app);
      const { url } = await server.listen(port, host).catch(async (error: unknown) => {
        await app.close();
        throw listenError(error, host, port);
      });
      console.log(`Updraft API server listening on ${url} (docs at ${url}/docs)`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          console.log(`${signal}: stopping the API server`);
          void server.close().then(() => app.close()).then(resolve, resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
