/**
 * Per-request CPU of the API's list endpoints, without HTTP or a load generator:
 * the app's `fetch` called one request after another on the api_lists store
 * (seeded once into HOME and reused), printing the median and mean ms per request
 * and the process's CPU time per request (steadier than wall time on a busy machine).
 * For a profile: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/tools/api-probe.ts`.
 *
 *   node --import tsx bench/tools/api-probe.ts [home=/tmp/updraft-api-probe] [requests=400] [endpoint-substring]
 *   UPDRAFT_DATABASE_URL=postgres://... for PostgreSQL (the database must exist; seeded when empty); other UPDRAFT_* settings pass through.
 *   PROBE_DIST=/path/to/dist loads that build instead (compare two builds by alternating runs).
 *   PROBE_SQL=1 also prints the time per SQLite statement text (as sql-time-probe.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeSqliteStatements, type StatementTotals } from './sqlite-statement-timer.js';
import type { App } from '../../src/app.js';
import { seedApiData, dagIdOf } from '../support/api-seed.js';
import { loadUpdraft } from '../support/load-updraft.js';

// PROBE_DIST=/other/dist compares another build (A/B on a busy machine: alternate runs).
const load = <T>(relPath: string): Promise<T> =>
  process.env.PROBE_DIST ? (import(pathToFileURL(join(process.env.PROBE_DIST, `${relPath}.js`)).href) as Promise<T>) : loadUpdraft<T>(relPath);
const { openApp } = await load<typeof import('../../src/app.js')>('app');
const { createApiServer } = await load<typeof import('../../src/api/server.js')>('api/server');
const { hashPassword } = await load<typeof import('../../src/auth/password.js')>('auth/password');

const home = process.argv[2] ?? '/tmp/updraft-api-probe';
const requests = Number(process.argv[3] ?? 400);
const only = process.argv[4];
const sample = { dagId: dagIdOf(50), runId: 'scheduled__2025-02-20T00:00:00.000Z' };

const PATHS: Record<string, string> = {
  dags: '/api/v2/dags',
  dag_runs_all: '/api/v2/dags/~/dagRuns?limit=100',
  dag_runs_by_start: '/api/v2/dags/~/dagRuns?limit=100&order_by=-start_date',
  dag_runs_failed_by_start: '/api/v2/dags/~/dagRuns?limit=100&state=failed&order_by=-start_date',
  task_instances_all: '/api/v2/dags/~/dagRuns/~/taskInstances?limit=100',
  task_instances_of_dag: `/api/v2/dags/${sample.dagId}/dagRuns/~/taskInstances?limit=100`,
  task_instances_of_run: `/api/v2/dags/${sample.dagId}/dagRuns/${encodeURIComponent(sample.runId)}/taskInstances`,
  event_logs: '/api/v2/eventLogs',
};

async function ensureSeeded(app: App): Promise<void> {
  if ((await app.store.dagRuns.list({ limit: 1 })).total > 0) return;
  const seeded = await seedApiData(app.store);
  await app.store.users.create(
    { username: 'bench', email: null, firstName: null, lastName: null, passwordHash: await hashPassword('bench-password'), roles: ['Admin'], active: true },
    new Date(),
  );
  console.error(`seeded ${seeded.runs} runs in ${seeded.seconds.toFixed(1)} s`);
}

const sqlTotals: StatementTotals = new Map();
if (process.env.PROBE_SQL) timeSqliteStatements(sqlTotals);


const fresh = !existsSync(home);
// UPDRAFT_* settings pass through (e.g. UPDRAFT__API__RESPONSE_CACHE_MB=0 to time the uncached path).
const settings = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('UPDRAFT') && e[1] !== undefined));
const app = await openApp({ home, loadExamples: false }, settings);
try {
  await ensureSeeded(app);
  if (fresh) console.error(`store in ${home}`);
  const server = createApiServer(app, { log: (m) => console.error(m), onChange: () => undefined });
  const login = await server.fetch(
    new Request('http://x/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) }),
  );
  const { access_token } = (await login.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${access_token}` };
  for (const [name, path] of Object.entries(PATHS)) {
    if (only && !name.includes(only)) continue;
    const call = async () => {
      const response = await server.fetch(new Request(`http://x${path}`, { headers }));
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    };
    for (let i = 0; i < 50; i += 1) await call();
    sqlTotals.clear();
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < requests; i += 1) {
      const t0 = performance.now();
      await call();
      times.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`${name.padEnd(26)} median ${(times[times.length >> 1] as number).toFixed(3)} ms  mean ${mean.toFixed(3)} ms  cpu ${((cpu.user + cpu.system) / 1000 / requests).toFixed(3)} ms`);
    for (const [sql, { ms, calls }] of [...sqlTotals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6)) {
      console.log(`    ${(ms / requests).toFixed(3)} ms/request ${String(calls / requests).padStart(4)} calls  ${sql.slice(0, 150)}`);
    }
  }
} finally {
  await app.close();
}
