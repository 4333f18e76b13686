/**
 * `updraft api-server`: the REST API (Airflow's API v2, `/docs`, `POST /auth/token`)
 * on its own. Triggers and clears made through it nudge a scheduler running on
 * this machine; one elsewhere picks them up on its next poll.
 */
import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { createApiServer } from '../../api/server.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got '${value}'`);
  return port;
}

export function registerApiServerCommands(program: Command): void {
  program
    .command('api-server')
    .description('Serve the REST API (Airflow API v2 compatible) and its docs at /docs')
    .option('-p, --port <port>', 'port to listen on (default: the api.port setting, 8080)', parsePort)
    .option('-H, --host <host>', 'address to listen on (default: the api.host setting, 0.0.0.0)')
    .action(async (options: { port?: number; host?: string }) => {
      const app = await openApp();
      const server = createApiServer(app);
      const { url } = await server.listen(options.port ?? app.config.apiPort, options.host ?? app.config.apiHost);
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
