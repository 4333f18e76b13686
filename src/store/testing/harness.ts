/**
 * The two store factories the conformance suite runs every case against: SQLite
 * in a temporary file, and PostgreSQL in a database created for the suite
 * (`updraft_test_<random>`, dropped afterwards). PostgreSQL being down fails the
 * suite with the command that starts it: a skipped half would hide dialect bugs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../open-store.js';
import type { OpenStoreOptions } from '../open-store.js';
import type { Store, StoreDialect } from '../store.js';

export type StoreOptions = Omit<OpenStoreOptions, 'url' | 'home'>;

export interface StoreFactory {
  readonly dialect: StoreDialect;
  setup(): Promise<void>;
  /** A store on a new, empty database (closed by `teardown` if the test does not). */
  openFresh(options?: StoreOptions): Promise<Store>;
  /** A handle on the suite's shared database; several may be open at once. */
  openMain(options?: StoreOptions): Promise<Store>;
  teardown(): Promise<void>;
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const START_POSTGRES_COMMAND = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

function randomName(): string {
  return `updraft_test_${randomBytes(5).toString('hex')}`;
}

/** Closes what tests forgot, so one failed assertion does not hang the suite on open handles. */
class OpenStores {
  private readonly stores: Store[] = [];
  track(store: Store): Store {
    const close = store.close.bind(store);
    let closed = false;
    const tracked = Object.assign(Object.create(store) as Store, {
      close: async () => {
        if (closed) return;
        closed = true;
        await close();
      },
    });
    this.stores.push(tracked);
    return tracked;
  }
  async closeAll(): Promise<void> {
    await Promise.all(this.stores.splice(0).map((s) => s.close().catch(() => undefined)));
  }
}

export function sqliteFactory(): StoreFactory {
  let dir = '';
  const open = new OpenStores();
  return {
    dialect: 'sqlite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'updraft-store-'));
    },
    async openFresh(options = {}) {
      const home = join(dir, randomName());
      return open.track(await openStore({ ...options, url: undefined, home }));
    },
    async openMain(options = {}) {
      return open.track(await openStore({ ...options, url: undefined, home: join(dir, 'main') }));
    },
    async teardown() {
      await open.closeAll();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresFactory(adminUrl = process.env['UPDRAFT_TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL): StoreFactory {
  const created: string[] = [];
  const open = new OpenStores();
  const mainName = randomName();
  const urlFor = (database: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (error) {
      const reason = error instanceof Error ? error.message || error.name : String(error);
      throw new Error(
        `PostgreSQL is not reachable at ${adminUrl} (${reason}). The store conformance suite runs every case ` +
          `against PostgreSQL as well as SQLite. Start it with:\n  ${START_POSTGRES_COMMAND}\n` +
          `or point UPDRAFT_TEST_DATABASE_URL at a server where this user may create databases.`,
        { cause: error },
      );
    }
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const createDatabase = async (name: string) => {
    await admin((client) => client.query(`create database "${name}"`));
    created.push(name);
    return urlFor(name);
  };
  return {
    dialect: 'postgres',
    async setup() {
      await createDatabase(mainName);
    },
    async openFresh(options = {}) {
      const url = await createDatabase(randomName());
      return open.track(await openStore({ ...options, url, home: tmpdir() }));
    },
    async openMain(options = {}) {
      return open.track(await openStore({ ...options, url: urlFor(mainName), home: tmpdir() }));
    },
    async teardown() {
      await open.closeAll();
      if (created.length === 0) return;
      await admin(async (client) => {
        for (const name of created.splice(0)) await client.query(`drop database if exists "${name}" with (force)`);
      });
    },
  };
}

/** What each case module gets: the shared store and ways to open more. */
export interface CaseContext {
  readonly dialect: StoreDialect;
  /** The suite's shared store; cases keep apart by using unique ids (`uid`). */
  store(): Store;
  openFresh(options?: StoreOptions): Promise<Store>;
  openMain(options?: StoreOptions): Promise<Store>;
}
