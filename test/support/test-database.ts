/**
 * A throwaway PostgreSQL database for a test (`updraft_test_<random>`), on the
 * server of UPDRAFT_TEST_DATABASE_URL (default: the local one, user postgres),
 * dropped with whatever connections remain.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before } from 'node:test';
import pg from 'pg';
import { DEFAULT_TEST_DATABASE_URL, START_POSTGRES_COMMAND } from '../../src/store/testing/harness.js';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env['UPDRAFT_TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL;
  const name = `updraft_test_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`PostgreSQL is not reachable at ${adminUrl}: start it with\n  ${START_POSTGRES_COMMAND}`, { cause: error });
    }
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

/** For a test file: a database and a temp home (`freshHome`), made before its tests and removed after them. */
export function withTestDatabase(freshHome: () => string): { readonly database: TestDatabase; readonly home: string } {
  const made: { database?: TestDatabase; home?: string } = {};
  before(async () => {
    made.database = await createTestDatabase();
    made.home = freshHome();
  });
  after(async () => {
    await made.database?.drop();
    if (made.home) rmSync(made.home, { recursive: true, force: true });
  });
  return {
    get database() {
      if (!made.database) throw new Error('the test database is made in before()');
      return made.database;
    },
    get home() {
      if (!made.home) throw new Error('the test home is made in before()');
      return made.home;
    },
  };
}
