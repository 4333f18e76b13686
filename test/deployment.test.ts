/**
 * The deployment files, checked without a Docker engine (none runs on this
 * machine kind): every `updraft` command docker-compose.yml runs, service or
 * healthcheck, is a real subcommand taking the options it is given (the built
 * CLI's `--help` lists them); workers hold no database credentials; the
 * services share the DAGs and logs volumes; every variable the file requires
 * is in .env.example; the Dockerfile builds what it copies and runs as a user.
 * Needs `npm run build`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readCompose } from './support/compose-file.js';
import { freshHome, root, updraft } from './support/scheduler-harness.js';

const { services, raw } = readCompose();
const updraftServices = [...services.values()].filter((s) => s.image?.includes('updraft'));

/** The words naming the subcommand (`jobs check`, `scheduler`), without options and their values. */
function subcommandOf(words: readonly string[]): string[] {
  const index = words.findIndex((w) => w.startsWith('-'));
  return [...(index === -1 ? words : words.slice(0, index))];
}

test('the compose file has the services of a fleet: PostgreSQL, Redis, init, API server, two schedulers, DAG processor, triggerer, scalable workers', () => {
  assert.deepEqual([...services.keys()].sort(), ['api-server', 'dag-processor', 'init', 'postgres', 'redis', 'scheduler', 'triggerer', 'worker']);
  assert.match(services.get('postgres')?.image ?? '', /^postgres:15/);
  assert.match(services.get('redis')?.image ?? '', /^redis:7/);
  assert.equal(services.get('scheduler')?.replicas, 2, 'two schedulers');
  const worker = services.get('worker');
  assert.ok(worker);
  // `--scale worker=N` needs a service with no fixed name and no fixed host port.
  assert.equal(worker.raw.container_name, undefined);
  assert.deepEqual(worker.ports, []);
  assert.deepEqual(services.get('api-server')?.ports, ['${UPDRAFT_API_PORT:-8080}:8080']);
  assert.deepEqual((services.get('init')?.updraftCommands ?? []).map(subcommandOf).map((w) => w.join(' ')), ['db migrate', 'users list', 'users create']);
});

test('every updraft command in the compose file, services and healthchecks, is a real subcommand that takes the options given', { timeout: 120_000 }, async () => {
  const home = freshHome('updraft-compose-');
  try {
    const lines = updraftServices.flatMap((s) => [
      ...s.updraftCommands.map((words) => ({ where: `${s.name}: command`, words })),
      ...(s.healthcheck?.[0] === 'updraft' ? [{ where: `${s.name}: healthcheck`, words: s.healthcheck.slice(1) }] : []),
    ]);
    assert.ok(lines.length >= 10, `found the commands: ${JSON.stringify(lines)}`);
    const helps = await Promise.all(lines.map(({ words }) => updraft(home, [...subcommandOf(words), '--help'])));
    for (const [i, { where, words }] of lines.entries()) {
      const help = helps[i] as { status: number | null; stdout: string; stderr: string };
      const name = subcommandOf(words).join(' ');
      // An unknown command's --help prints the top-level usage, with status 0: check whose usage it is.
      assert.equal(help.status, 0, `${where}: 'updraft ${name}' is a command:\n${help.stderr}`);
      assert.ok(help.stdout.startsWith(`Usage: updraft ${name} `), `${where}: 'updraft ${name}' is a command:\n${help.stdout}`);
      for (const option of words.filter((w) => w.startsWith('--'))) {
        assert.ok(help.stdout.includes(option), `${where}: 'updraft ${subcommandOf(words).join(' ')}' takes ${option}:\n${help.stdout}`);
      }
    }
    // The healthchecks' arguments parse for real: after init's migration, no job is alive in an empty installation.
    const migrated = await updraft(home, ['db', 'migrate']);
    assert.equal(migrated.status, 0, migrated.stderr);
    for (const service of updraftServices.filter((s) => s.healthcheck?.[0] === 'updraft')) {
      const check = await updraft(home, (service.healthcheck as readonly string[]).slice(1));
      assert.equal(check.status, 1, `${service.name}'s healthcheck runs: ${check.stdout}${check.stderr}`);
      assert.equal(check.stdout.trim(), 'No alive jobs found.', service.name);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('workers get no database URL or Fernet key: only Redis and the API server; the other updraft services get the database', () => {
  const worker = services.get('worker');
  assert.ok(worker);
  assert.deepEqual(worker.envFiles, [], 'no env_file: it would hand the workers every secret in .env');
  assert.deepEqual(Object.keys(worker.environment).filter((k) => /DATABASE|SQL_ALCHEMY|FERNET|JWT|POSTGRES/i.test(k)), []);
  assert.match(worker.environment.UPDRAFT_API_URL ?? '', /api-server:8080/);
  assert.match(worker.environment.UPDRAFT_REDIS_URL ?? '', /redis:\/\/redis:6379/);
  assert.deepEqual(worker.updraftCommands, [['worker', '--queues', 'default', '--concurrency', '8', '--health-port', '8974']]);
  const api = services.get('api-server');
  for (const service of updraftServices.filter((s) => s.name !== 'worker')) {
    // One database, one Fernet key and one token secret for every process that opens the database.
    for (const name of ['UPDRAFT_DATABASE_URL', 'UPDRAFT_FERNET_KEY', 'UPDRAFT_JWT_SECRET', 'UPDRAFT__CORE__EXECUTOR']) {
      assert.ok(service.environment[name], `${service.name} has ${name}`);
      assert.equal(service.environment[name], api?.environment[name], `${service.name} has the API server's ${name}`);
    }
  }
});

test('every updraft service mounts the same DAGs folder and logs volume', () => {
  const mounts = (volumes: readonly string[]) => volumes.map((v) => v.split(':').slice(-1)[0]).sort();
  for (const service of updraftServices.filter((s) => s.name !== 'init')) {
    assert.deepEqual(mounts(service.volumes), ['/var/lib/updraft/dags', '/var/lib/updraft/logs'], service.name);
    assert.deepEqual(service.volumes, updraftServices.find((s) => s.name === 'worker')?.volumes, `${service.name} shares the workers' volumes`);
  }
  assert.ok('logs' in ((raw.volumes ?? {}) as object), 'a named logs volume');
});

test('.env.example names every variable the compose file requires, and .env stays out of git and the image', () => {
  const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const required = [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1] as string))];
  assert.ok(required.includes('UPDRAFT_FERNET_KEY') && required.includes('UPDRAFT_ADMIN_PASSWORD'));
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  const defined = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
  assert.deepEqual(required.filter((name) => !defined.has(name)), []);
  assert.match(example, /^UPDRAFT__CORE__EXECUTOR=queue$/m);
  assert.match(readFileSync(join(root, '.gitignore'), 'utf8'), /^\.env$/m);
  assert.match(readFileSync(join(root, '.dockerignore'), 'utf8'), /^\.env$/m);
});

test('the Dockerfile: node:20-bookworm-slim, copies what exists, runs as a non-root user with updraft as the entrypoint', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  assert.deepEqual([...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]), ['node:20-bookworm-slim', 'node:20-bookworm-slim']);
  for (const match of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
    for (const source of (match[1] as string).split(/\s+/)) assert.ok(existsSync(join(root, source)), `COPY ${source} exists`);
  }
  assert.match(dockerfile, /^USER updraft$/m);
  assert.match(dockerfile, /^ENTRYPOINT \["updraft"\]$/m);
  assert.match(dockerfile, /npm run build/);
  const scheduler = services.get('scheduler');
  assert.ok(scheduler?.updraftCommands[0]?.includes('8974'), "the scheduler's health port is the one the image exposes");
  assert.match(dockerfile, /^EXPOSE 8080 8974$/m);
});
