/**
 * `updraft scheduler` and `updraft standalone`: the long-running processes.
 * Both run the same orchestrator (DAG processor + scheduler + executor);
 * standalone also migrates, creates the admin user and loads the examples, so
 * one command on a fresh laptop gives a working installation. The scheduler
 * leaves parsing to a separate `updraft dag-processor` with --no-dag-processor.
 */
import { Option, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type App } from '../../app.js';
import { randomPassword } from '../../auth/password.js';
import { createUser } from '../../services/users.js';
import { createApiServer, type ApiServer } from '../../api/server.js';
import { createOrchestrator } from '../../orchestrator.js';
import type { HealthServer } from '../health-server.js';
import { healthNote, serviceHelp, startServiceHealth, untilStopSignal, withHealthPort } from '../service-runtime.js';

const DEFAULT_GRACE_MS = 10_000;

export function registerRunCommands(program: Command): void {
  withHealthPort(
    program
      .command('scheduler')
      .description('Run the scheduler: parses the DAG folders (unless --no-dag-processor), creates runs and hands their tasks to the executor')
      .addOption(graceOption())
      .option('--no-dag-processor', 'do not parse the DAG folders here: a separate `updraft dag-processor` does'),
    'scheduler',
  )
    .addHelpText(
      'after',
      serviceHelp(
        'scheduler',
        'scheduler',
        [
          'the metadata database: UPDRAFT_DATABASE_URL=postgres://... to run several schedulers at once (they share',
          '  the work through row and advisory locks); the embedded SQLite file allows only one scheduler',
          'the DAG files in UPDRAFT_DAGS_FOLDER: parsed here unless --no-dag-processor; the local executor runs tasks from them',
          "with UPDRAFT__CORE__EXECUTOR=queue: Redis at UPDRAFT_REDIS_URL; tasks then run on 'updraft worker' processes",
        ],
        '; Airflow uses 8974',
      ),
    )
    .action(async (options: { grace: number; dagProcessor: boolean; healthPort?: number }) => {
      const app = await openApp();
      if (app.fernetKeyNotice) console.log(app.fernetKeyNotice);
      let health: HealthServer | null = null;
      await runUntilSignal(app, options.grace, () => console.log(`Scheduler ready: ${describe(app, options.dagProcessor)}${healthNote(health)}`), undefined, {
        withDagProcessor: options.dagProcessor,
        afterStart: async () => {
          health = await startServiceHealth(app, 'scheduler', 'scheduler', options.healthPort);
        },
        beforeStop: async () => health?.close(),
      });
    });

  program
    .command('standalone')
    .description('Run everything for one machine: migrate the database, create the admin user, load the examples, start the scheduler and the API server')
    .addOption(graceOption())
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

/** `--grace <seconds>`, kept in ms; its help shows the default in seconds. */
function graceOption(): Option {
  return new Option('--grace <seconds>', 'on Ctrl-C, how long running tasks may finish before they are stopped')
    .argParser((value: string) => {
      const seconds = Number(value);
      if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) throw new Error(`--grace must be a number of seconds >= 0, got '${value}'`);
      return seconds * 1000;
    })
    .default(DEFAULT_GRACE_MS, `${DEFAULT_GRACE_MS / 1000} s`);
}

function describe(app: App, parsing = true): string {
  const folders = app.dagFolders.map((f) => f.path).join(' and ');
  const dags = parsing ? `DAGs from ${folders}` : `DAGs parsed by a separate dag-processor (task files from ${folders})`;
  return `${dags}, ${app.store.dialect} database, ${app.config.parallelism} task slots, logs in ${app.config.logsFolder}`;
}

interface RunHooks {
  readonly withDagProcessor?: boolean;
  /** After the orchestrator started (its job exists), before the ready line. */
  readonly afterStart?: () => Promise<void>;
  /** First thing on a stop signal. */
  readonly beforeStop?: () => Promise<void>;
}

async function runUntilSignal(app: App, graceMs: number, onReady: (apiUrl: string) => void, api?: { port: number; host: string }, hooks: RunHooks = {}): Promise<void> {
  const orchestrator = createOrchestrator(app, { withDagProcessor: hooks.withDagProcessor ?? true });
  await orchestrator.start();
  try {
    await hooks.afterStart?.();
  } catch (error) {
    // E.g. the health port is taken: stop what started rather than run half-configured.
    await orchestrator.stop(graceMs);
    await app.close();
    throw error;
  }
  let server: ApiServer | null = null;
  let apiUrl = '';
  if (api) {
    // In this process the API wakes the scheduler directly after a trigger, unpause or clear.
    server = createApiServer(app, { onChange: () => orchestrator.scheduler.wake(true) });
    apiUrl = (await server.listen(api.port, api.host)).url;
  }
  onReady(apiUrl);
  await untilStopSignal(
    (signal) => `${signal}: stopping; running tasks have ${Math.round(graceMs / 1000)} s to finish (press Ctrl-C again to stop at once)`,
    async () => {
      await hooks.beforeStop?.();
      await server?.close();
      await orchestrator.stop(graceMs);
      await app.close();
    },
  );
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
