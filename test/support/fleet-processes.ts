/**
 * The queue executor's topology as plain processes of the built CLI, as
 * docker-compose.yml lays it out: one metadata database (PostgreSQL), one Redis,
 * `db migrate` and an admin user first, then an API server, a DAG processor,
 * schedulers (`--no-dag-processor`) and workers. Each process has a home of its
 * own (they could be on different machines); they share only the DAGs folder,
 * the database, Redis and the keys, as a real deployment does.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deletePrefix, uniquePrefix } from '../../src/executor/queue/testing/redis-prefix.js';
import { startCliProcess, updraft, type SchedulerProcess } from './scheduler-harness.js';

export const FLEET_ADMIN = { username: 'fleet-admin', password: 'fleet-admin-password' };

export interface FleetOptions {
  /** Every process's home is made under this folder. */
  readonly root: string;
  readonly dagsFolder: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** More settings for every process (UPDRAFT__SECTION__KEY). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface FleetProcess extends SchedulerProcess {
  readonly name: string;
}

export interface Fleet {
  readonly apiUrl: string;
  readonly processes: FleetProcess[];
  startScheduler(name: string): Promise<FleetProcess>;
  startWorker(name: string, queues: readonly string[], concurrency: number): Promise<FleetProcess>;
  /** Bearer token of the fleet's admin user. */
  token(): Promise<string>;
  /** GET an API path as the admin, JSON. */
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  /** Everything every process printed, for failure messages. */
  output(): string;
  /** SIGTERM every live process, wait for it, and delete the fleet's keys from Redis. */
  stop(): Promise<void>;
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const prefix = uniquePrefix('fleet');
  const shared: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    NO_COLOR: '1',
    UPDRAFT_DAGS_FOLDER: options.dagsFolder,
    UPDRAFT_DATABASE_URL: options.databaseUrl,
    UPDRAFT_REDIS_URL: options.redisUrl,
    UPDRAFT__CORE__EXECUTOR: 'queue',
    UPDRAFT__QUEUE__PREFIX: prefix,
    UPDRAFT_LOAD_EXAMPLES: 'false',
    // Fernet's key form: url-safe base64 with its padding.
    UPDRAFT_FERNET_KEY: randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    UPDRAFT_JWT_SECRET: randomBytes(24).toString('hex'),
    ...options.env,
  };
  const envFor = (name: string, more: NodeJS.ProcessEnv = {}): { home: string; env: NodeJS.ProcessEnv } => {
    const home = join(options.root, name);
    mkdirSync(home, { recursive: true });
    return { home, env: { ...shared, HOME: home, UPDRAFT_HOME: home, ...more } };
  };
  const processes: FleetProcess[] = [];
  const start = async (name: string, args: readonly string[], ready: RegExp, more: NodeJS.ProcessEnv = {}): Promise<FleetProcess> => {
    const { home, env } = envFor(name, more);
    const started = await startCliProcess(home, args, ready, env, 60_000);
    const proc = { ...started, name };
    processes.push(proc);
    return proc;
  };

  const init = envFor('init');
  for (const args of [
    ['db', 'migrate'],
    ['users', 'create', '--username', FLEET_ADMIN.username, '--password', FLEET_ADMIN.password, '--role', 'Admin', '--email', 'admin@example.com'],
  ]) {
    const result = await updraft(init.home, args, 60_000, init.env);
    assert.equal(result.status, 0, `updraft ${args.join(' ')}: ${result.stdout}${result.stderr}`);
  }
  const api = await start('api-server', ['api-server', '--port', '0', '--host', '127.0.0.1'], /API server listening on (\S+) /);
  const apiUrl = (/API server listening on (\S+) /.exec(api.output()) as RegExpExecArray)[1] as string;
  await start('dag-processor', ['dag-processor'], /DAG processor ready/);

  let bearer: string | null = null;
  const token = async (): Promise<string> => {
    if (bearer) return bearer;
    const response = await fetch(`${apiUrl}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(FLEET_ADMIN) });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    bearer = (JSON.parse(text) as { access_token: string }).access_token;
    return bearer;
  };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  return {
    apiUrl,
    processes,
    startScheduler: (name) => start(name, ['scheduler', '--no-dag-processor'], /Scheduler ready/),
    startWorker: (name, queues, concurrency) =>
      start(name, ['worker', '--name', name, '--queues', queues.join(','), '--concurrency', String(concurrency), '--grace', '5'], /Worker \S+ ready/, { UPDRAFT_API_URL: apiUrl }),
    token,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    output: () => processes.map((p) => `----- ${p.name} (pid ${p.pid})\n${p.output()}`).join('\n'),
    async stop() {
      await Promise.all(
        processes.map(async (p) => {
          if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
          await p.exited;
        }),
      );
      const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
      await deletePrefix(redis, prefix).catch(() => undefined); // a Redis the test stopped has nothing left to delete
      redis.disconnect();
    },
  };
}
