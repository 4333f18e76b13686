/** What every route handler gets: the app, a clock, the change hook, and the authenticated user. */
import type { App } from '../app.js';
import type { TryRecordedNotice } from '../executor/queue/try-notices.js';
import type { FleetMonitor } from './fleet-monitor.js';
import type { VersionCache } from './present/version-cache.js';

export interface ApiUser {
  readonly username: string;
  readonly roles: readonly string[];
}

export interface ApiDeps {
  readonly app: App;
  /** The clock (tests inject one). */
  readonly now: () => Date;
  /** Called after a change the scheduler should act on at once (trigger, unpause, clear, state change). */
  readonly onChange: () => void;
  readonly log: (message: string) => void;
  /** The queue executor's workers and queues in Redis; absent or null with the local executor. */
  readonly fleet?: FleetMonitor | null;
  /** After the execution API recorded a worker's try: the schedulers re-plan its run (a Redis notice, or a direct wake). */
  readonly onTryRecorded?: (notice: TryRecordedNotice) => void;
}

/** Hono's environment for our routes: `c.get('user')` after authentication. */
export interface ApiEnv {
  Variables: {
    user: ApiUser;
  };
}

/** What route modules get: the deps plus shared helpers built once per server. */
export interface RouteDeps extends ApiDeps {
  /** DAG versions by id (immutable, so cached). */
  readonly versions: VersionCache;
  /** A requested page size, lowered to `api.maximum_page_limit` as Airflow does. */
  pageLimit(limit: number): number;
  /** After users or their roles changed here: authentication reads them afresh. */
  usersChanged(): void;
}
