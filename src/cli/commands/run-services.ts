/**
 * `updraft scheduler` and `updraft standalone`: the long-running processes.
 * Both run the same orchestrator (DAG processor + scheduler + local executor);
 * standalone also migrates, creates the admin user and loads the examples, so
 * one command on a fresh laptop gives a working installation.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type App } from '../../app.js';
import { randomPassword } from '../../auth/password.js';
import { createUser } from '../../services/users.js';
import { createApiServer, type ApiServer } from '../../api/server.js';
import { createOrchestrator } from '../../orchestrator.js';

const DEFAULT_GRACE_MS = 10_000;

export function registerRunCommands(program: Command): void {
  program
    .command('scheduler')
    .description('Run the scheduler: parses the DAG folders, creates runs and runs their tasks with the local executor')
    .option('--grace <seconds>', 'on Ctrl-C, how long running tasks may finish before they are stopped', (v) => Number(v) * 1000, DEFAULT_GRACE_MS)
    .action(async (options: { grace: number }) => {
      const app = await openApp();
      if (app.fernetKeyNotice) console.log(app.fernetKeyNotice);
      await runUntilSignal(app, options.grace, () => console.log(`Scheduler ready: ${describe(app)}`));
    });

  program
    .command('standalone')
    .description('Run everything for one machine: migrate the database, create the admin user, load the examples, start the scheduler and the API server')
    .option('--grace <seconds>', 'on Ctrl-C, how long running tasks may finish before they are stopped', (v) => Number(v) * 1000, DEFAULT_GRACE_MS)
    .option('-p, --port <port>', 'port of the API server (default: the api.port setting, 8080)', (v) => Number(v))
    .option('-H, --host <host>', 'address of the API server (default: the api.host setting)')
    .action(async (options: { grace: number; port?: number; host?: string }) => {
      const startedAt = performance.now();
      // Examples load by default here, as in `airflow standalone`; UPDRAFT_LOAD_EXAMPLES=false turns them off.
      const examplesSetting = process.env.UPDRAFT_LOAD_EXAMPLES ?? process.env.UPDRAFT__CORE__LOAD_EXAMPLES;
      const app = await openApp(examplesSetting === undefined ? { loadExamples: true } : {});
      if (app.fernetKeyNotice) console.log(app.fernetKeyNotice);
      await ensureAdminUser(app);
      const api = { port: options.port ?? app.config.apiPort, host: options.host ?? app.config.apiHost };
      await runUntilSignal(app, options.grace, (url) => {
        const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
        console.log(`Updraft standalone is ready in ${seconds} s: ${describe(app)}`);
        console.log(`API server: ${url}/api/v2 (docs at ${url}/docs; get a token with POST ${url}/auth/token)`);
      }, api);
    });
}

function describe(app: App): string {
  const folders = app.dagFolders.map((f) => f.path).join(' and ');
  return `DAGs from ${folders}, ${app.store.dialect} database, ${app.config.parallelism} task slots, logs in ${app.config.logsFolder}`;
}

async function runUntilSignal(app: App, graceMs: number, onReady: (apiUrl: string) => void, api?: { port: number; host: string }): Promise<void> {
  const orchestrator = createOrchestrator(app);
  await orchestrator.start();
  let server: ApiServer | null = null;
  let apiUrl = '';
  if (api) {
    // In this process the API wakes the scheduler directly after a trigger, unpause or clear.
    server = createApiServer(app, { onChange: () => orchestrator.scheduler.wake(true) });
    apiUrl = (await server.listen(api.port, api.host)).url;
  }
  onReady(apiUrl);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        console.log(`${signal} again: stopping now`);
        process.exit(130);
      }
      stopping = true;
      console.log(`${signal}: stopping; running tasks have ${Math.round(graceMs / 1000)} s to finish (press Ctrl-C again to stop at once)`);
      void (server?.close() ?? Promise.resolve())
        .then(() => orchestrator.stop(graceMs))
        .then(() => app.close())
        .then(resolve, (error: unknown) => {
          console.error(`error while stopping: ${String(error)}`);
          process.exitCode = 1;
          resolve();
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** The `admin` user of standalone: password from UPDRAFT_ADMIN_PASSWORD, else generated once and kept in a file. */
async function ensureAdminUser(app: App): Promise<void> {
  if (await app.store.users.get('admin')) return;
  const given = process.env.UPDRAFT_ADMIN_PASSWORD;
  const password = given && given.length > 0 ? given : randomPassword();
  await createUser(app.store, { username: 'admin', email: 'admin@localhost', firstName: 'Admin', password, roles: ['Admin'] }, null, new Date());
  if (given) {
    console.log('Created user admin with the password from UPDRAFT_ADMIN_PASSWORD');
    return;
  }
  const file = join(app.config.home, 'standalone_admin_password.txt');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  console.log(`Created user admin with password ${password} (also in ${file})`);
}
