import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const { openApp } = await import('../../dist/app.js');
const { createApiServer } = await import('../../dist/api/server.js');
const { signJwt } = await import('../../dist/api/auth/jwt.js');
const { resolveJwtSecret } = await import('../../dist/api/auth/jwt-secret.js');
const { seedApiData } = await import('../support/api-seed.js');
const home = await mkdtemp(join(tmpdir(), 'probe-'));
const env = process.env.PGURL ? { UPDRAFT_DATABASE_URL: process.env.PGURL } : {};
const app = await openApp({ home, loadExamples: false }, env);
await seedApiData(app.store);
await app.store.users.create({ username: 'b', email: null, firstName: null, lastName: null, passwordHash: 'x', roles: ['Admin'], active: true }, new Date());
const server = createApiServer(app, { log: console.error, onChange: () => undefined });
const { url } = await server.listen(0, '127.0.0.1');
const secret = resolveJwtSecret(app.config.apiJwtSecret, app.config.home);
const iat = Math.floor(Date.now() / 1000);
const token = signJwt({ sub: 'b', roles: ['Admin'], iat, exp: iat + 3600 }, secret);
const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const gen = process.env.GEN;
const conns = process.env.C ?? '50';
for (const p of process.argv.slice(2)) {
  if (gen) { await new Promise<void>((resolve) => { const c = spawn(process.execPath, [gen, url + p, token, conns, '5'], { stdio: 'inherit' }); c.on('close', () => resolve()); }); continue; }
  const out = await new Promise<string>((resolve) => {
    const c = spawn(process.execPath, [cli, '-j', '-n', '-c', conns, '-d', '5', '-H', `authorization=Bearer ${token}`, url + p]);
    let o = ''; c.stdout.on('data', (d) => (o += d)); c.on('close', () => resolve(o));
  });
  const j = JSON.parse(out.trim().split('\n').pop() as string);
  const l = j.latency;
  console.log(p, 'rps', Math.round(j.requests.average), 'p50', l.p50, 'p90', l.p90, 'p97.5', l.p97_5, 'p99', l.p99, 'max', l.max, 'mean', l.average, '2xx', j['2xx']);
}
await server.close();
await app.close();
