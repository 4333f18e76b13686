/**
 * Row types as Kysely sees them: snake_case, one interface per table, matching
 * `migrations/` (the migrations are the truth; keep these in step).
 *
 * Encodings differ per dialect and only `codec.ts` knows them:
 *   time -> PostgreSQL `timestamptz` (Date) | SQLite ISO-8601 UTC text with ms (sortable)
 *   json -> PostgreSQL `json` (parsed by pg)  | SQLite text
 *   bool -> PostgreSQL `boolean`              | SQLite integer 0/1
 */
import type { Generated } from 'kysely';

export type DbTime = Date | string;
export type DbJson = unknown;
export type DbBool = boolean | number;

export interface DagTable {
  dag_id: string;
  is_paused: DbBool;
  is_active: DbBool;
  fileloc: string;
  owners: string; // JSON array text (a plain text column on both dialects)
  description: string | null;
  latest_version_id: number | null;
  timetable_summary: string | null;
  max_active_runs: number;
  max_active_tasks: number;
  next_dagrun: DbTime | null;
  next_dagrun_data_interval_start: DbTime | null;
  next_dagrun_data_interval_end: DbTime | null;
  next_dagrun_create_after: DbTime | null;
  last_parsed_at: DbTime | null;
}

export interface DagVersionTable {
  id: Generated<number>;
  dag_id: string;
  version_number: number;
  hash: string;
  spec: DbJson;
  source_code: string | null;
  created_at: DbTime;
}

export interface DagTagTable {
  dag_id: string;
  name: string;
}

export interface BackfillTable {
  id: Generated<number>;
  dag_id: string;
  from_date: DbTime;
  to_date: DbTime;
  reprocess_behavior: string;
  max_active_runs: number;
  run_backwards: DbBool;
  is_paused: DbBool;
  created_at: DbTime;
  completed_at: DbTime | null;
  dag_run_conf: DbJson;
  triggered_by: string | null;
}

export interface BackfillDagRunTable {
  id: Generated<number>;
  backfill_id: number;
  dag_id: string;
  run_id: string | null;
  exception_reason: string | null;
  logical_date: DbTime;
  sort_ordinal: number;
}

export interface DagRunTable {
  dag_id: string;
  run_id: string;
  run_type: string;
  state: string;
  logical_date: DbTime | null;
  data_interval_start: DbTime | null;
  data_interval_end: DbTime | null;
  run_after: DbTime;
  queued_at: DbTime | null;
  start_date: DbTime | null;
  end_date: DbTime | null;
  conf: DbJson;
  dag_version_id: number;
  triggered_by: string;
  note: string | null;
  backfill_id: number | null;
  clear_number: number;
}

export interface TaskInstanceTable {
  dag_id: string;
  run_id: string;
  task_id: string;
  map_index: number;
  state: string | null;
  try_number: number;
  max_tries: number;
  start_date: DbTime | null;
  end_date: DbTime | null;
  duration_ms: number | null;
  queued_at: DbTime | null;
  next_retry_at: DbTime | null;
  pool: string;
  pool_slots: number;
  queue: string;
  priority_weight: number;
  operator: string;
  hostname: string | null;
  pid: number | null;
  executor: string | null;
  last_heartbeat_at: DbTime | null;
  queued_by_job_id: number | null;
  dag_version_id: number;
  note: string | null;
  state_reason: string | null;
  rendered_fields: DbJson | null;
  wait_state: DbJson | null;
}

export interface TaskInstanceHistoryTable {
  dag_id: string;
  run_id: string;
  task_id: string;
  map_index: number;
  try_number: number;
  state: string | null;
  start_date: DbTime | null;
  end_date: DbTime | null;
  duration_ms: number | null;
  hostname: string | null;
  pid: number | null;
  executor: string | null;
  dag_version_id: number;
  state_reason: string | null;
}

export interface XComTable {
  dag_id: string;
  run_id: string;
  task_id: string;
  map_index: number;
  key: string;
  value: DbJson;
  timestamp: DbTime;
}

export interface VariableTable {
  id: Generated<number>;
  key: string;
  val: string;
  description: string | null;
  is_encrypted: DbBool;
  is_secret: Generated<DbBool>;
}

export interface ConnectionTable {
  id: Generated<number>;
  conn_id: string;
  conn_type: string;
  description: string | null;
  host: string | null;
  schema: string | null;
  login: string | null;
  password: string | null;
  port: number | null;
  extra: string | null;
  is_encrypted: DbBool;
  is_extra_encrypted: DbBool;
}

export interface SlotPoolTable {
  id: Generated<number>;
  pool: string;
  slots: number;
  description: string | null;
  include_deferred: DbBool;
}

export interface ImportErrorTable {
  id: Generated<number>;
  fileloc: string;
  message: string;
  stacktrace: string | null;
  timestamp: DbTime;
}

export interface LogTable {
  id: Generated<number>;
  dttm: DbTime;
  event: string;
  dag_id: string | null;
  task_id: string | null;
  run_id: string | null;
  map_index: number | null;
  try_number: number | null;
  owner: string | null;
  extra: string | null;
}

export interface UserTable {
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  password_hash: string;
  active: DbBool;
  created_at: DbTime;
  last_login: DbTime | null;
}

export interface UserRoleTable {
  username: string;
  role: string;
}

export interface AssetTable {
  id: Generated<number>;
  uri: string;
  name: string;
  group: string;
  extra: DbJson;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface AssetEventTable {
  id: Generated<number>;
  asset_id: number;
  timestamp: DbTime;
  source_dag_id: string | null;
  source_task_id: string | null;
  source_run_id: string | null;
  source_map_index: number | null;
  extra: DbJson;
}

export interface DagScheduleAssetReferenceTable {
  asset_id: number;
  dag_id: string;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface TaskOutletAssetReferenceTable {
  asset_id: number;
  dag_id: string;
  task_id: string;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface AssetDagRunQueueTable {
  asset_id: number;
  target_dag_id: string;
  created_at: DbTime;
}

export interface DagRunAssetEventTable {
  dag_id: string;
  run_id: string;
  event_id: number;
}

export interface DeadlineTable {
  id: Generated<number>;
  dag_id: string;
  run_id: string;
  task_id: string | null;
  map_index: number;
  alert_index: number;
  reference: string;
  interval_ms: number | string;
  deadline_time: DbTime | null;
  created_at: DbTime;
  missed_at: DbTime | null;
  late_ms: number | string | null;
  callback: string;
  callback_state: string;
  callback_reason: string | null;
}

export interface JobTable {
  id: Generated<number>;
  job_type: string;
  hostname: string;
  pid: number;
  state: string;
  start_date: DbTime;
  latest_heartbeat: DbTime;
  end_date: DbTime | null;
  loop_last_ms: number | null;
  loop_avg_ms: number | null;
}

export interface Database {
  dag: DagTable;
  dag_version: DagVersionTable;
  dag_tag: DagTagTable;
  backfill: BackfillTable;
  backfill_dag_run: BackfillDagRunTable;
  dag_run: DagRunTable;
  task_instance: TaskInstanceTable;
  task_instance_history: TaskInstanceHistoryTable;
  xcom: XComTable;
  variable: VariableTable;
  connection: ConnectionTable;
  slot_pool: SlotPoolTable;
  import_error: ImportErrorTable;
  log: LogTable;
  updraft_user: UserTable;
  user_role: UserRoleTable;
  asset: AssetTable;
  asset_event: AssetEventTable;
  dag_schedule_asset_reference: DagScheduleAssetReferenceTable;
  task_outlet_asset_reference: TaskOutletAssetReferenceTable;
  asset_dag_run_queue: AssetDagRunQueueTable;
  dag_run_asset_event: DagRunAssetEventTable;
  job: JobTable;
  deadline: DeadlineTable;
}
