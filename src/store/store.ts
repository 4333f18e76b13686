/**
 * The metadata store as the rest of Updraft sees it: plain domain types in and
 * out, no SQL and no Kysely types. One implementation (`kysely/kysely-store.ts`)
 * serves SQLite and PostgreSQL; `conformance.test.ts` holds both to these contracts.
 *
 * Conventions shared by every repository:
 * - `get` returns `null` when nothing matches; `delete`/`set*` return whether a row changed.
 * - `list` takes optional `limit`/`offset`; without them it returns every match.
 *   `total` counts all matches, ignoring paging.
 * - `orderBy` is a field name, `-field` for descending (as Airflow's REST API `order_by`).
 * - Errors a caller can cause are `StoreError`s (see errors.ts) with a message naming the row.
 */
import type { DagSpec } from '../core/dag-spec.js';
import type {
  DagRun,
  DagRunKey,
  DataInterval,
  RunType,
  TaskInstance,
  TaskInstanceKey,
  TaskInstanceTry,
  XComEntry,
} from '../core/run-model.js';
import type { DagRunState, TaskInstanceStateOrNone } from '../core/states.js';
import type {
  AuditEvent,
  AuditEventInput,
  Backfill,
  BackfillDagRun,
  Connection,
  ConnectionInput,
  DagModel,
  DagVersion,
  ImportError,
  Job,
  JobKind,
  JobLoopTime,
  JobState,
  NewBackfill,
  NewBackfillDagRun,
  Pool,
  User,
  Variable,
} from './types.js';
import type { AssetRepository } from './assets.js';
export type { AssetEventFilter, AssetRepository } from './assets.js';
import type { DeadlineRepository } from './deadlines.js';
import type { StoreLocks } from './locks.js';
export type { LockName, StoreLocks } from './locks.js';

import type { Page, PageRequest, Sort } from './page.js';
export type { Page, PageRequest, Sort } from './page.js';
export type { DagRunKey } from '../core/run-model.js';

// ---------------------------------------------------------------- dags

export interface DagFileSync {
  /** The file every DAG in `dags` came from; DAGs of this file not listed here become inactive. */
  readonly fileloc: string;
  readonly source: string | null;
  /** `hash` defaults to sha256 of the spec and the file source (any edit is a new version). */
  readonly dags: readonly { readonly spec: DagSpec; readonly hash?: string }[];
  /** Whether a new DAG that does not say starts paused (default false). */
  readonly pausedAtCreation?: boolean;
}

export interface DagSyncResult {
  /** Versions created by this sync (a DAG whose hash did not change gets none). */
  readonly createdVersions: DagVersion[];
  /** DAGs of this file that it no longer defines, now inactive. */
  readonly deactivated: string[];
}

export interface DagFilter extends PageRequest {
  /** Substring of the DAG id, case-insensitive; `%` and `_` work as SQL LIKE wildcards. */
  readonly dagIdPattern?: string;
  readonly tags?: readonly string[];
  /** `any` (default): a DAG with at least one of `tags`; `all`: with every one. */
  readonly tagsMatchMode?: 'any' | 'all';
  readonly paused?: boolean;
  readonly active?: boolean;
  readonly orderBy?: Sort<'dagId' | 'lastParsedAt' | 'nextDagrunAt'>;
}

export interface DagTagFilter extends PageRequest {
  /** Substring of the tag name, case-insensitive; `%` and `_` work as SQL LIKE wildcards. */
  readonly namePattern?: string;
  /** Default `name`. */
  readonly orderBy?: Sort<'name'>;
}

export interface NextDagrunInfo {
  readonly nextDagrunAt: Date | null;
  readonly nextDagrunDataInterval: DataInterval | null;
  readonly nextDagrunCreateAfter: Date | null;
}

export interface DagRepository {
  syncFromFile(sync: DagFileSync, now: Date): Promise<DagSyncResult>;
  /** DAGs whose file is not among `existingFilelocs` (deleted files) become inactive; returns their ids. */
  deactivateMissing(existingFilelocs: readonly string[]): Promise<string[]>;
  get(dagId: string): Promise<DagModel | null>;
  list(filter?: DagFilter): Promise<Page<DagModel>>;
  /** Distinct tag names over all DAGs. */
  listTags(filter?: DagTagFilter): Promise<Page<string>>;
  setPaused(dagId: string, paused: boolean): Promise<boolean>;
  setNextDagrun(dagId: string, next: NextDagrunInfo): Promise<boolean>;
  /** Deletes the DAG with its versions, runs, task instances, tries and XComs. */
  delete(dagId: string): Promise<boolean>;
  latestVersion(dagId: string): Promise<DagVersion | null>;
  getVersion(id: number): Promise<DagVersion | null>;
  /** Oldest first. */
  listVersions(dagId: string): Promise<DagVersion[]>;
}

// ---------------------------------------------------------------- dag runs

export interface DagRunFilter extends PageRequest {
  readonly dagId?: string;
  readonly states?: readonly DagRunState[];
  readonly runTypes?: readonly RunType[];
  /** Inclusive bounds. */
  readonly logicalDateGte?: Date;
  readonly logicalDateLte?: Date;
  readonly runAfterLte?: Date;
  readonly runAfterGte?: Date;
  /** Runs of any of these DAGs (with `dagId`, both must hold). */
  readonly dagIds?: readonly string[];
  /** Inclusive bounds; a run without a start (or end) date never matches a bound on it. */
  readonly startDateGte?: Date;
  readonly startDateLte?: Date;
  readonly endDateGte?: Date;
  readonly endDateLte?: Date;
  /** Runs of this backfill; `null`: runs of no backfill. */
  readonly backfillId?: number | null;
  /** Default `-runAfter` (newest first); ties broken by DAG id then run id, in the same direction. */
  readonly orderBy?: Sort<'runId' | 'dagId' | 'logicalDate' | 'runAfter' | 'startDate' | 'endDate' | 'state'>;
}

export type DagRunPatch = Partial<
  Pick<
    DagRun,
    | 'state'
    | 'note'
    | 'queuedAt'
    | 'startDate'
    | 'endDate'
    | 'conf'
    | 'clearNumber'
    | 'dagVersionId'
    | 'runAfter'
    // A backfill that re-runs an existing run takes it over.
    | 'runType'
    | 'triggeredBy'
    | 'backfillId'
  >
>;

export interface DagRunRepository {
  /** Rejects (StoreError `conflict`) a run id or logical date the DAG already has. */
  create(run: DagRun): Promise<DagRun>;
  get(key: DagRunKey): Promise<DagRun | null>;
  /** The runs of these keys that exist, in no particular order (one query per few hundred keys). */
  getMany(keys: readonly DagRunKey[]): Promise<DagRun[]>;
  list(filter?: DagRunFilter): Promise<Page<DagRun>>;
  /** Applies `patch`; with `expectedState`, only if the run is in (one of) that state now. */
  update(key: DagRunKey, patch: DagRunPatch, expectedState?: DagRunState | readonly DagRunState[]): Promise<boolean>;
  /** Compare-and-set: moves the run from `from` to `to` only if it is in `from` now. */
  updateState(key: DagRunKey, from: DagRunState | readonly DagRunState[], to: DagRunState, patch?: DagRunPatch): Promise<boolean>;
  /** The run with the latest logical date (runs without one: latest `runAfter`). */
  latestRun(dagId: string): Promise<DagRun | null>;
  /** The run with the latest logical date strictly before `before`. */
  previousRun(dagId: string, before: Date): Promise<DagRun | null>;
  /** Runs in `queued` or `running`. */
  countActive(dagId: string): Promise<number>;
  /** Without `dagId`: over every DAG. */
  countByState(dagId?: string): Promise<Record<DagRunState, number>>;
  delete(key: DagRunKey): Promise<boolean>;
}

// ---------------------------------------------------------------- backfills

export interface BackfillFilter extends PageRequest {
  readonly dagId?: string;
  /** true: not completed yet; false: completed. */
  readonly active?: boolean;
  /** Default `-id` (newest first). */
  readonly orderBy?: Sort<'id' | 'createdAt' | 'dagId'>;
}

export type BackfillPatch = Partial<Pick<Backfill, 'isPaused' | 'completedAt'>>;

export interface BackfillRepository {
  /** Rejects (StoreError `conflict`) a second active backfill of one DAG, and an unknown DAG (`not_found`). */
  create(backfill: NewBackfill, now: Date): Promise<Backfill>;
  get(id: number): Promise<Backfill | null>;
  list(filter?: BackfillFilter): Promise<Page<Backfill>>;
  /** With `onlyActive`, changes nothing once the backfill is completed. */
  update(id: number, patch: BackfillPatch, options?: { readonly onlyActive?: boolean }): Promise<boolean>;
  /** Records what each date of the backfill got; a sort ordinal used twice is a `conflict`. */
  addRuns(rows: readonly NewBackfillDagRun[]): Promise<void>;
  /** By sort ordinal, with each run's current state; `runStates` keeps rows whose run is in one of them. */
  listRuns(backfillId: number, filter?: { readonly runStates?: readonly DagRunState[] }): Promise<BackfillDagRun[]>;
  /** Active backfills none of whose runs is queued or running get `completedAt = now`; returns their ids. */
  completeFinished(now: Date): Promise<number[]>;
}

// ---------------------------------------------------------------- task instances

export interface TaskInstanceFilter extends PageRequest {
  readonly dagId?: string;
  readonly runId?: string;
  readonly taskId?: string;
  /** `null` matches instances with no state yet. */
  readonly states?: readonly TaskInstanceStateOrNone[];
  readonly pool?: string;
  /** Default `taskId`; ties are broken by DAG, run, task and map index. */
  readonly orderBy?: Sort<'taskId' | 'startDate' | 'endDate' | 'priorityWeight' | 'state' | 'mapIndex'>;
}

export type TaskInstancePatch = Partial<Omit<TaskInstance, keyof TaskInstanceKey>>;

/** A task instance as a grid cell shows it. */
export type TaskInstanceSummary = Pick<TaskInstance, 'runId' | 'taskId' | 'mapIndex' | 'state' | 'tryNumber' | 'startDate' | 'endDate'>;

/** Slots occupied in one pool, by state (sum of `poolSlots`). */
export interface PoolUsage {
  readonly queued: number;
  readonly running: number;
  readonly deferred: number;
  readonly scheduled: number;
}

/** Count per state; instances with no state yet are counted under `none`. */
export type StateCounts = Partial<Record<Exclude<TaskInstanceStateOrNone, null> | 'none', number>>;

export interface TaskInstanceRepository {
  /** Inserts new instances (e.g. all tasks of a new run); a key that exists is a `conflict`. */
  createMany(tis: readonly TaskInstance[]): Promise<void>;
  get(key: TaskInstanceKey): Promise<TaskInstance | null>;
  list(filter?: TaskInstanceFilter): Promise<Page<TaskInstance>>;
  /** Applies `patch`; with `expectedState`, only if the instance is in (one of) that state now. */
  update(
    key: TaskInstanceKey,
    patch: TaskInstancePatch,
    expectedState?: TaskInstanceStateOrNone | readonly TaskInstanceStateOrNone[],
  ): Promise<boolean>;
  /**
   * The instances of many runs of one DAG, narrowed to what the UI's grid shows
   * (one query, in no particular order): a year of daily runs reads fast.
   */
  listSummaries(dagId: string, runIds: readonly string[]): Promise<TaskInstanceSummary[]>;
  /** One run's instances of the given tasks (all their map indexes), in no particular order. */
  listForTasks(run: DagRunKey, taskIds: readonly string[]): Promise<TaskInstance[]>;
  /** Whether any instance of the run is in one of `states` (an index probe, not a count). */
  anyInStates(run: DagRunKey, states: readonly TaskInstanceStateOrNone[]): Promise<boolean>;
  /**
   * The `scheduled` instances with the highest priority weight, at most `limit`
   * (the admission step's candidates, read a page at a time). Instances of equal
   * weight come in no particular order.
   */
  listScheduled(limit: number): Promise<TaskInstance[]>;
  /**
   * `update` for many instances in a few statements: applies the same `patch` to each
   * of `keys` that is (with `expectedState`) in one of those states now, and returns
   * the keys it changed. The scheduler moves thousands of instances at once this way.
   */
  updateMany(
    keys: readonly TaskInstanceKey[],
    patch: TaskInstancePatch,
    expectedState?: TaskInstanceStateOrNone | readonly TaskInstanceStateOrNone[],
  ): Promise<TaskInstanceKey[]>;
  /**
   * Dynamic task mapping: the unmapped placeholder (map index -1) becomes map index 0
   * and copies of it are created for 1..count-1, in one transaction. `count` must be >= 1
   * (an empty expansion is a state change to `skipped`, not an expansion). Returns all `count`.
   */
  expandMapped(placeholder: TaskInstanceKey, count: number): Promise<TaskInstance[]>;
  /** Keeps a finished try in the history (idempotent per try number). */
  recordTry(attempt: TaskInstanceTry): Promise<void>;
  /** Oldest try first. */
  listTries(key: TaskInstanceKey): Promise<TaskInstanceTry[]>;
  /** Occupied slots per pool name, for pool admission. Pools with nothing in them are absent. */
  slotsByPool(): Promise<Record<string, PoolUsage>>;
  countByState(scope: { readonly dagId?: string; readonly runId?: string }): Promise<StateCounts>;
  /** Per DAG: instances queued or running (for `maxActiveTasks`). */
  activeCountsByDag(): Promise<Record<string, number>>;
  /**
   * Finished tries in the history, per final state (success, failed, skipped, upstream_failed; every
   * one present): counted, and those with a duration summed and bucketed by `boundsMs` (cumulative,
   * as a Prometheus histogram's `le` buckets). One aggregate query.
   */
  finishedTryStats(boundsMs: readonly number[]): Promise<FinishedTryStats[]>;
}

export const FINISHED_TRY_STATES = ['success', 'failed', 'skipped', 'upstream_failed'] as const;

export interface FinishedTryStats {
  readonly state: (typeof FINISHED_TRY_STATES)[number];
  /** Every try that ended in `state`. */
  readonly count: number;
  /** Those with a recorded duration, and the sum of their durations. */
  readonly timed: number;
  readonly sumMs: number;
  /** Per bound of `boundsMs`, in order: timed tries that took at most that long. */
  readonly buckets: number[];
}

// ---------------------------------------------------------------- xcom

export interface XComKey extends TaskInstanceKey {
  readonly key: string;
}

export interface XComRepository {
  /** Upsert. Rejects (StoreError `too_large`) a value whose JSON is over `maxXcomBytes`. */
  set(entry: XComEntry): Promise<void>;
  get(key: XComKey): Promise<XComEntry | null>;
  /** Every XCom of one task instance, by key. */
  listForTi(ti: TaskInstanceKey): Promise<XComEntry[]>;
  /** XComs of a run, optionally of one task; ordered by task id, map index, key. */
  listForRun(run: DagRunKey & { readonly taskId?: string }): Promise<XComEntry[]>;
  deleteForTi(ti: TaskInstanceKey): Promise<number>;
}

// ---------------------------------------------------------------- variables, connections, pools

export interface VariableInput {
  readonly key: string;
  readonly value: string;
  readonly description?: string | null;
  readonly isSecret?: boolean;
}

export interface VariableRepository {
  get(key: string): Promise<Variable | null>;
  /** A description or secret flag left out keeps the current one (`false` for a new variable). */
  set(variable: VariableInput): Promise<Variable>;
  delete(key: string): Promise<boolean>;
  list(page?: PageRequest & { readonly orderBy?: Sort<'key'> }): Promise<Page<Variable>>;
  /** Keys of values stored encrypted (up to `limit`, in key order), read without decrypting them. */
  encryptedKeys(limit: number): Promise<string[]>;
}

export interface ConnectionRepository {
  get(connId: string): Promise<Connection | null>;
  list(page?: PageRequest & { readonly orderBy?: Sort<'connId' | 'connType'> }): Promise<Page<Connection>>;
  upsert(connection: ConnectionInput): Promise<Connection>;
  delete(connId: string): Promise<boolean>;
  /** Ids of connections with a password or extra stored encrypted (up to `limit`, in id order), read without decrypting them. */
  encryptedIds(limit: number): Promise<string[]>;
}

export interface PoolRepository {
  get(name: string): Promise<Pool | null>;
  list(page?: PageRequest & { readonly orderBy?: Sort<'name' | 'slots'> }): Promise<Page<Pool>>;
  upsert(pool: Pool): Promise<Pool>;
  /** The default pool cannot be deleted (StoreError `invalid`). */
  delete(name: string): Promise<boolean>;
}

// ---------------------------------------------------------------- import errors, audit log

export interface ImportErrorRepository {
  /** The file's current error, replacing any earlier one; `null` clears it. */
  replaceForFile(
    fileloc: string,
    error: { readonly message: string; readonly stacktrace: string | null; readonly timestamp: Date } | null,
  ): Promise<void>;
  /** Drops errors of files not among `existingFilelocs` (deleted files). */
  removeMissing(existingFilelocs: readonly string[]): Promise<number>;
  list(page?: PageRequest & { readonly orderBy?: Sort<'fileloc' | 'timestamp'> }): Promise<Page<ImportError>>;
}

export interface AuditLogFilter extends PageRequest {
  readonly dagId?: string;
  readonly taskId?: string;
  readonly runId?: string;
  readonly event?: string;
  readonly owner?: string;
  readonly after?: Date;
  readonly before?: Date;
  /** Default `-when`. */
  readonly orderBy?: Sort<'when' | 'event'>;
}

export interface AuditLogRepository {
  append(event: AuditEventInput): Promise<AuditEvent>;
  list(filter?: AuditLogFilter): Promise<Page<AuditEvent>>;
}

// ---------------------------------------------------------------- users, jobs (assets: assets.ts)

export type NewUser = Omit<User, 'createdAt' | 'lastLogin'>;
/** Fields to change; `roles` replaces the user's roles (all in one transaction). */
export type UserPatch = Partial<Pick<User, 'email' | 'firstName' | 'lastName' | 'passwordHash' | 'active' | 'roles' | 'lastLogin'>>;

export interface UserRepository {
  /** A username that exists is a `conflict`. */
  create(user: NewUser, now: Date): Promise<User>;
  get(username: string): Promise<User | null>;
  list(page?: PageRequest): Promise<Page<User>>;
  /** False when there is no such user. */
  update(username: string, patch: UserPatch): Promise<boolean>;
  /** The same as `update(username, { roles })`. */
  setRoles(username: string, roles: readonly string[]): Promise<boolean>;
  delete(username: string): Promise<boolean>;
}

export interface JobRepository {
  register(job: { readonly kind: JobKind; readonly hostname: string; readonly pid: number }, now: Date): Promise<Job>;
  /** False when the job is unknown or has ended (the process should stop). `loop` (a scheduler's tick time) is stored with it. */
  heartbeat(id: number, now: Date, loop?: JobLoopTime): Promise<boolean>;
  get(id: number): Promise<Job | null>;
  /** Newest first. `heartbeatSince` keeps jobs whose latest heartbeat is at or after it. */
  list(filter?: { readonly kind?: JobKind; readonly state?: JobState; readonly heartbeatSince?: Date }): Promise<Job[]>;
  markEnded(id: number, state: Exclude<JobState, 'running'>, now: Date): Promise<boolean>;
}

// ---------------------------------------------------------------- the store

/**
 * Seam for encryption at rest, applied to variable values and connection passwords/extras:
 * Fernet (src/secrets/multi-fernet.ts) in production, given by the composition root.
 */
export interface SecretCipher {
  encrypt(plain: string): string;
  /** Throws an error saying why when the token cannot be decrypted (the store adds which value it was). */
  decrypt(token: string): string;
}

export type StoreDialect = 'sqlite' | 'postgres';

export interface StoreCheck {
  readonly dialect: StoreDialect;
  /** The database URL with any password hidden. */
  readonly location: string;
  readonly reachable: boolean;
  readonly upToDate: boolean;
  readonly applied: string[];
  readonly pending: string[];
  /** Set when unreachable or a query failed. */
  readonly error: string | null;
}

export interface Store {
  readonly dialect: StoreDialect;
  readonly dags: DagRepository;
  readonly dagRuns: DagRunRepository;
  readonly backfills: BackfillRepository;
  readonly taskInstances: TaskInstanceRepository;
  readonly xcom: XComRepository;
  readonly variables: VariableRepository;
  readonly connections: ConnectionRepository;
  readonly pools: PoolRepository;
  readonly importErrors: ImportErrorRepository;
  readonly auditLog: AuditLogRepository;
  readonly users: UserRepository;
  readonly assets: AssetRepository;
  readonly jobs: JobRepository;
  readonly deadlines: DeadlineRepository;
  /** Advisory and row locks for several schedulers on one database (locks.ts); use inside `transaction`. */
  readonly locks: StoreLocks;
  /**
   * Runs `fn` in one transaction: all of its writes commit together, or none if it throws.
   * Use only `tx` inside `fn` (on SQLite the outer store waits for the transaction to end,
   * so calling it from inside would deadlock). Nested calls join the outer transaction.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * A token equal across two calls only if nothing was committed in between, by any
   * process: take it before reading, and what was read may be reused while it stays
   * the same. Null inside a transaction (cannot tell). See kysely/data-version.ts.
   */
  dataVersion(): Promise<string | null>;
  /** Applies pending migrations; returns the names applied (none when up to date). */
  migrate(): Promise<string[]>;
  check(): Promise<StoreCheck>;
  /** Drops every table and migrates again: all data is lost. */
  reset(): Promise<void>;
  close(): Promise<void>;
}
