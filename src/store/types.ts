/**
 * Domain types the store keeps besides runs and task instances (those live in
 * `core/run-model.ts`). camelCase, `Date`s for times, JSON as parsed values: the
 * row shapes (snake_case, dialect-specific encodings) stay inside `kysely/`.
 */
import type { DagSpec, JsonObject } from '../core/dag-spec.js';
import type { DataInterval } from '../core/run-model.js';
import type { DagRunState } from '../core/states.js';

/** One DAG as the scheduler and the UI list it (Airflow's `dag` table). */
export interface DagModel {
  readonly dagId: string;
  readonly isPaused: boolean;
  /** False once the DAG's file no longer defines it (kept for its history). */
  readonly isActive: boolean;
  readonly fileloc: string;
  readonly owners: readonly string[];
  readonly tags: readonly string[];
  readonly description: string | null;
  readonly latestVersionId: number | null;
  /** Short human description of the schedule, e.g. `0 * * * *` or `every 1h`. */
  readonly timetableSummary: string | null;
  readonly maxActiveRuns: number;
  readonly maxActiveTasks: number;
  /** Logical date of the next scheduled run, set by the scheduler. */
  readonly nextDagrunAt: Date | null;
  readonly nextDagrunDataInterval: DataInterval | null;
  /** When the next scheduled run may be created (Airflow's `next_dagrun_create_after`). */
  readonly nextDagrunCreateAfter: Date | null;
  readonly lastParsedAt: Date | null;
  /** True while the DAG's file has an import error (derived, never stale). */
  readonly hasImportErrors: boolean;
}

/** One serialized form of a DAG; a new one is stored whenever the content hash changes. */
export interface DagVersion {
  readonly id: number;
  readonly dagId: string;
  /** 1, 2, 3... per DAG. */
  readonly versionNumber: number;
  readonly hash: string;
  readonly spec: DagSpec;
  /** The DAG file's source at this version, for the UI's code view. */
  readonly sourceCode: string | null;
  readonly createdAt: Date;
}

export interface Variable {
  readonly key: string;
  readonly value: string;
  readonly description: string | null;
  /** Whether the value is stored encrypted (see `SecretCipher` in store.ts). */
  readonly isEncrypted: boolean;
  /** Flagged secret: masked in task logs and API output whatever its key (sensitive keys are masked anyway). */
  readonly isSecret: boolean;
}

export interface Connection {
  readonly connId: string;
  readonly connType: string;
  readonly description: string | null;
  readonly host: string | null;
  readonly schema: string | null;
  readonly login: string | null;
  readonly password: string | null;
  readonly port: number | null;
  /** Free-form JSON text, as in Airflow. */
  readonly extra: string | null;
  readonly isEncrypted: boolean;
  readonly isExtraEncrypted: boolean;
}

/** What callers give to store a connection: the store decides the encryption flags. */
export type ConnectionInput = Omit<Connection, 'isEncrypted' | 'isExtraEncrypted'>;

export interface Pool {
  readonly name: string;
  /** -1 means unlimited, as in Airflow. */
  readonly slots: number;
  readonly description: string | null;
  /** Whether deferred task instances occupy slots of this pool. */
  readonly includeDeferred: boolean;
}

export const DEFAULT_POOL_NAME = 'default_pool';
export const DEFAULT_POOL_SLOTS = 128;

export interface ImportError {
  readonly id: number;
  readonly fileloc: string;
  readonly message: string;
  readonly stacktrace: string | null;
  readonly timestamp: Date;
}

export interface AuditEvent {
  readonly id: number;
  readonly when: Date;
  /** What happened, e.g. `trigger`, `pause`, `variable.set`, `cli_dags_test`. */
  readonly event: string;
  readonly dagId: string | null;
  readonly taskId: string | null;
  readonly runId: string | null;
  readonly mapIndex: number | null;
  readonly tryNumber: number | null;
  /** Who did it: a username, or `updraft` for the system itself. */
  readonly owner: string | null;
  readonly extra: string | null;
}

export type AuditEventInput = Omit<AuditEvent, 'id'>;

export interface User {
  readonly username: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** Already hashed by the caller (scrypt); the store never sees a password. */
  readonly passwordHash: string;
  readonly roles: readonly string[];
  readonly active: boolean;
  readonly createdAt: Date;
  /** The last successful sign-in (a token issued), null before the first. */
  readonly lastLogin: Date | null;
}

export interface Asset {
  readonly id: number;
  readonly uri: string;
  readonly name: string;
  readonly group: string;
  readonly extra: JsonObject;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type AssetInput = Pick<Asset, 'uri' | 'name' | 'group' | 'extra'>;

export interface AssetEvent {
  readonly id: number;
  readonly assetId: number;
  readonly timestamp: Date;
  readonly sourceDagId: string | null;
  readonly sourceTaskId: string | null;
  readonly sourceRunId: string | null;
  readonly sourceMapIndex: number | null;
  readonly extra: JsonObject;
}

export type AssetEventInput = Omit<AssetEvent, 'id'>;

/** A DAG (as of its latest version) scheduled on an asset (Airflow's DagScheduleAssetReference). */
export interface DagAssetReference {
  readonly assetId: number;
  readonly dagId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A task (as of its DAG's latest version) whose success updates an asset (Airflow's TaskOutletAssetReference). */
export interface TaskOutletReference extends DagAssetReference {
  readonly taskId: string;
}

/** What one DAG version says about assets, synced when the version is stored. */
export interface DagAssetSync {
  readonly dagId: string;
  /** URIs the DAG's schedule mentions (empty: not asset-scheduled). */
  readonly scheduleUris: readonly string[];
  readonly outlets: readonly { readonly taskId: string; readonly uri: string }[];
  /** Name, group and extra of the assets the DAG declared with `asset()`. */
  readonly definitions: readonly AssetInput[];
}

/** An asset updated since the DAG's last asset-triggered run (Airflow's AssetDagRunQueue row). */
export interface AssetQueueEntry {
  readonly assetId: number;
  readonly uri: string;
  readonly dagId: string;
  /** When the asset was last updated for this DAG. */
  readonly createdAt: Date;
}

/** An asset event consumed by (it triggered) a DAG run. */
export interface ConsumedAssetEvent {
  readonly eventId: number;
  readonly dagId: string;
  readonly runId: string;
}

export const JOB_KINDS = ['scheduler', 'dag_processor', 'triggerer', 'worker', 'api_server'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * A long-running Updraft process that heartbeats.
 *
 *   running --markEnded--> success | failed
 *
 * A `running` job whose heartbeat is old is presumed dead; the reader decides how old.
 */
export type JobState = 'running' | 'success' | 'failed';

export interface Job {
  readonly id: number;
  readonly kind: JobKind;
  readonly hostname: string;
  readonly pid: number;
  readonly state: JobState;
  readonly startedAt: Date;
  readonly latestHeartbeat: Date;
  readonly endedAt: Date | null;
  /** A scheduler's loop: its last tick's duration and the average, as of its latest heartbeat (null otherwise). */
  readonly loop: JobLoopTime | null;
}

export interface JobLoopTime {
  readonly lastMs: number;
  readonly avgMs: number;
}

/** What a backfill does with dates that already have a finished run (Airflow's `ReprocessBehavior`). */
export const REPROCESS_BEHAVIORS = ['none', 'failed', 'completed'] as const;
export type ReprocessBehavior = (typeof REPROCESS_BEHAVIORS)[number];

/**
 * A backfill: runs of one DAG over a past date range (Airflow 3's `backfill`).
 *
 *   active ──pause──> paused ──unpause──> active
 *     │ every run ended (scheduler)        │ cancel: queued runs fail
 *     v                                    v
 *   completed (completedAt set) <──────────┘
 *
 * At most one backfill per DAG is active (completedAt null) at a time.
 */
export interface Backfill {
  readonly id: number;
  readonly dagId: string;
  readonly fromDate: Date;
  readonly toDate: Date;
  readonly reprocessBehavior: ReprocessBehavior;
  /** Runs of this backfill running at once; they do not count against the DAG's own limit. */
  readonly maxActiveRuns: number;
  readonly runBackwards: boolean;
  /** A paused backfill starts no new runs; running ones finish. */
  readonly isPaused: boolean;
  readonly dagRunConf: JsonObject;
  readonly triggeredBy: string | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
}

export type NewBackfill = Omit<Backfill, 'id' | 'isPaused' | 'completedAt' | 'createdAt'>;

/** Why a date of a backfill got no run (Airflow's `BackfillDagRunExceptionReason`). */
export const BACKFILL_SKIP_REASONS = ['in flight', 'already exists', 'unknown'] as const;
export type BackfillSkipReason = (typeof BACKFILL_SKIP_REASONS)[number];

/** One date of a backfill: the run it got, or why it got none. Ordered by `sortOrdinal` (1, 2, ...). */
export interface BackfillDagRun {
  readonly backfillId: number;
  readonly sortOrdinal: number;
  readonly logicalDate: Date;
  /** The run (created or cleared) for this date; null when skipped. */
  readonly runId: string | null;
  readonly exceptionReason: BackfillSkipReason | null;
  /** State of the run now, read with the row; null when skipped or the run was deleted. */
  readonly runState: DagRunState | null;
}

export type NewBackfillDagRun = Omit<BackfillDagRun, 'runState'>;
