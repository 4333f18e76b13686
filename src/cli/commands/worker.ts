/**
 * `updraft worker`: runs tasks from the queue executor's BullMQ queues on this
 * machine (Airflow's `celery worker`). It needs Redis and the API server, not
 * the metadata database: state, logs, XComs, variables and connections go
 * through the API server's execution API with each try's own token.
 */
import type { Command } from 'commander';
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dagFoldersOf } from '../../app.js';
import { authoringDefaultsOf } from '../../config/authoring-defaults.js';
import { ConfigError, loadConfig, settingOf } from '../../config/config.js';
import { locateDagFile } from '../../scheduler/dag-file-locator.js';
import { Worker } from '../../worker/worker.js';
import { untilStopSignal } from '../service-runtime.js';

const DEFAULT_GRACE_MS = 60_000;
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface WorkerFlags {
  readonly queues?: string;
  readonly concurrency?: number;
  readonly name?: string;
  readonly grace: number;
  readonly healthPort?: number;
}

export function registerWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description('Run a worker: takes tasks from the queue executor’s queues in Redis and runs them on this machine')
    .option('-q, --queues <names>', 'comma-separated queues to take tasks from (default: the worker.queues setting, "default")')
    .option('-c, --concurrency <n>', 'tasks run at once (default: the worker.concurrency setting, 8)', positiveInteger)
    .option('-n, --name <name>', 'name shown in the UI and API (default: <hostname>-<pid>)')
    .option('--grace <seconds>', 'on SIGTERM, how long running tasks may finish before they are stopped and handed back', (v) => Number(v) * 1000, DEFAULT_GRACE_MS)
    .option('--health-port <port>', 'serve GET /health on this port: 200 while the worker reports to Redis, else 503', positiveInteger)
    .addHelpText(
      'after',
      `
Needs:
  Redis: UPDRAFT_REDIS_URL=redis://host:6379 (the scheduler's, with UPDRAFT__CORE__EXECUTOR=queue there)
  the API server: UPDRAFT_API_URL=http://api-server:8080 (its execution API; no database credentials here)
  the DAG files, in UPDRAFT_DAGS_FOLDER: the same folder the scheduler parses (a shared volume)
  the API's signing key is not needed: each task arrives with its own token

  Stops cleanly on SIGTERM or Ctrl-C: no new tasks; running ones get --grace, then are stopped and run
  again elsewhere without spending a retry (a second signal stops at once).`,
    )
    .action(async (flags: WorkerFlags) => {
      const config = loadConfig();
      const redisUrl = settingOf(config, 'queue', 'redis_url').value;
      if (typeof redisUrl !== 'string') throw new ConfigError('a worker needs Redis: set UPDRAFT_REDIS_URL (e.g. redis://localhost:6379), the one the scheduler queues tasks on');
      const apiUrl = (settingOf(config, 'worker', 'api_url').value as string | null) ?? `http://localhost:${config.apiPort}`;
      const queues = (flags.queues ?? String(settingOf(config, 'worker', 'queues').value)).split(',').map((q) => q.trim()).filter((q) => q !== '');
      if (queues.length === 0) throw new ConfigError('--queues names no queue: give at least one, e.g. --queues default,etl');
      const name = flags.name ?? `${hostname()}-${process.pid}`;
      const concurrency = flags.concurrency ?? (settingOf(config, 'worker', 'concurrency').value as number);
      const folders = dagFoldersOf(config);
      const worker = new Worker({
        name,
        queues,
        concurrency,
        redisUrl,
        prefix: String(settingOf(config, 'queue', 'prefix').value),
        apiUrl,
        locateDagFile: (fileloc) => locateDagFile(folders, fileloc),
        logsFolder: join(config.logsFolder, 'worker'),
        cacheDir: config.cacheFolder,
        authoringDefaults: authoringDefaultsOf(config),
        version: VERSION,
        maxOldSpaceMb: config.taskMemoryLimitMb,
        log: (message) => console.log(`[worker ${name}] ${message}`),
      });
      await worker.start();
      const health = flags.healthPort === undefined ? null : await serveHealth(worker, flags.healthPort);
      console.log(`Worker ${name} ready: queues ${queues.join(', ')}, ${concurrency} slots, reporting to ${apiUrl}${health ? ` (health: ${health.url})` : ''}`);
      await untilStopSignal(
        (signal) => `${signal}: worker ${name} takes no new tasks; running ones have ${Math.round(flags.grace / 1000)} s to finish`,
        async () => {
          await health?.close();
          await worker.stop(flags.grace);
        },
      );
    });
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new Error(`expected a positive integer, got '${value}'`);
  return n;
}

async function serveHealth(worker: Worker, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const health = worker.health();
    res.writeHead(req.url === '/health' ? (health.healthy ? 200 : 503) : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/health' ? health : { detail: 'Not Found: GET /health' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const bound = (server.address() as { port: number }).port;
  return { url: `http://localhost:${bound}/health`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
