/**
 * `updraft api-server --workers N` (Airflow's `api.workers`): N processes serve
 * the API on one port. node:cluster's primary holds the listening socket and
 * hands connections to the workers in turn; each worker opens the app (its own
 * database connection) and serves requests as a single-process server would.
 *
 * The primary:
 * - opens the app once first, so migrations run and the generated keys (JWT,
 *   Fernet) are written once, not raced by N workers;
 * - turns port 0 into a free port before forking, so every worker, and any
 *   replacement, serves the same one;
 * - keeps the failed-login limits for all workers (cluster-login-limits.ts);
 * - restarts a worker that dies, with a log line: at once, then, while workers
 *   keep dying within 10 s of starting, after 1, 2, 4 ... 30 s; a worker that
 *   dies before any worker ever served (port in use, broken config) stops all;
 * - on SIGTERM or SIGINT, stops the workers (each closes its server and the
 *   database, exits 0), SIGKILLs any still there after 15 s, and exits 0.
 * A worker whose primary disappears stops itself.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:net';
import { openApp } from '../app.js';
import { primaryLoginLimits, serveLoginLimits } from '../api/auth/cluster-login-limits.js';
import { resolveJwtSecret } from '../api/auth/jwt-secret.js';
import { LoginLimiter } from '../api/auth/login-limiter.js';
import { createApiServer } from '../api/server.js';

const PORT_ENV = 'UPDRAFT_API_WORKER_PORT';
const HOST_ENV = 'UPDRAFT_API_WORKER_HOST';
const STOP_TIMEOUT_MS = 15_000;
const QUICK_DEATH_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

export interface ApiWorkersOptions {
  readonly workers: number;
  readonly port: number;
  readonly host: string;
}

/** Whether this process is one of api-server's workers (forked by `runApiPrimary`). */
export function isApiWorker(): boolean {
  return cluster.isWorker && process.env[PORT_ENV] !== undefined;
}

export function shownUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** A port nothing listens on now, for `--port 0`. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port was assigned'))));
    });
  });
}

/** Listening failed: say which address, why, and what to do. */
export function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new Error(`cannot listen on ${host}:${port}: the port is in use (EADDRINUSE); stop what uses it or pick another --port / api.port`);
  if (code === 'EACCES') return new Error(`cannot listen on ${host}:${port}: permission denied (EACCES); ports below 1024 need privileges, pick another --port / api.port`);
  if (code === 'EADDRNOTAVAIL') return new Error(`cannot listen on ${host}:${port}: no such address on this machine (EADDRNOTAVAIL); fix --host / api.host`);
  return error instanceof Error ? error : new Error(String(error));
}

function describeExit(code: number | null, signal: string | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
}

export async function runApiPrimary(options: ApiWorkersOptions): Promise<void> {
  const app = await openApp();
  if (app.fernetKeyNotice) console.log(app.fernetKeyNotice);
  try {
    resolveJwtSecret(app.config.apiJwtSecret, app.config.home);
  } finally {
    await app.close();
  }
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const url = shownUrl(options.host, port);
  const limiter = new LoginLimiter();
  const startedAt = new Map<Worker, number>();
  const serving = new Set<Worker>();
  let everServed = false;
  let announced = false;
  let quickDeaths = 0;
  let stopping = false;

  const fork = (): void => {
    const worker = cluster.fork({ [PORT_ENV]: String(port), [HOST_ENV]: options.host });
    startedAt.set(worker, performance.now());
    serveLoginLimits(worker, limiter);
  };

  await new Promise<void>((resolve) => {
    let killTimer: NodeJS.Timeout | null = null;
    const stop = (reason: string, exitCode: number) => {
      if (stopping) return;
      stopping = true;
      process.exitCode = exitCode;
      console.log(`${reason}: stopping ${startedAt.size} API worker(s)`);
      for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
      killTimer = setTimeout(() => {
        for (const worker of startedAt.keys()) {
          console.log(`API worker ${worker.process.pid} did not stop within ${STOP_TIMEOUT_MS / 1000} s: killing it`);
          worker.process.kill('SIGKILL');
        }
      }, STOP_TIMEOUT_MS);
      if (startedAt.size === 0) resolve();
    };
    cluster.on('listening', (worker) => {
      serving.add(worker);
      everServed = true;
      console.log(`API worker ${worker.process.pid} serving ${url}`);
      if (!announced && serving.size >= options.workers) {
        announced = true;
        console.log(`Updraft API server listening on ${url} (docs at ${url}/docs), ${options.workers} workers`);
      }
    });
    cluster.on('exit', (worker, code, signal) => {
      const ranMs = performance.now() - (startedAt.get(worker) ?? 0);
      startedAt.delete(worker);
      serving.delete(worker);
      if (stopping) {
        console.log(`API worker ${worker.process.pid} ${describeExit(code, signal)}`);
        if (startedAt.size === 0) {
          if (killTimer) clearTimeout(killTimer);
          resolve();
        }
        return;
      }
      if (!everServed) {
        stop(`API worker ${worker.process.pid} ${describeExit(code, signal)} before serving (its error is above)`, 1);
        return;
      }
      quickDeaths = ranMs < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
      const delay = quickDeaths <= 1 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (quickDeaths - 2));
      console.log(`API worker ${worker.process.pid} ${describeExit(code, signal)}: starting a replacement${delay > 0 ? ` in ${delay / 1000} s` : ''}`);
      setTimeout(() => (stopping ? undefined : fork()), delay);
    });
    process.once('SIGTERM', () => stop('SIGTERM', 0));
    process.once('SIGINT', () => stop('SIGINT', 0));
    for (let i = 0; i < options.workers; i += 1) fork();
  });
}

/** In a worker: serve until told to stop (or until the primary is gone), then exit: 0, or 1 on an error. */
export async function runApiWorker(): Promise<never> {
  try {
    await serveAsWorker();
  } catch (error) {
    console.error(`error: API worker ${process.pid}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
  // The IPC channel to the primary would keep this process alive.
  process.exit();
}

async function serveAsWorker(): Promise<void> {
  const port = Number(process.env[PORT_ENV]);
  const host = process.env[HOST_ENV] ?? '0.0.0.0';
  const app = await openApp({ migrate: false });
  const server = createApiServer(app, { loginLimiter: primaryLoginLimits() });
  try {
    await server.listen(port, host);
  } catch (error) {
    await app.close();
    throw listenError(error, host, port);
  }
  await new Promise<void>((resolve, reject) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void server
        .close()
        .then(() => app.close())
        .then(resolve, reject);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.once('disconnect', stop);
  });
}
