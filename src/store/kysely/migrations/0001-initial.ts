/**
 * The first schema: Airflow 3's metadata model with our snake_case names.
 * Never edit a shipped migration; add `0002-...` instead.
 *
 * Deleting a DAG cascades to its versions, tags, runs, backfills, and through the
 * runs to task instances, tries and XComs. The audit log, import errors, assets
 * and jobs hold no foreign keys: they outlive what they mention.
 */
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../../store.js';
import { DEFAULT_POOL_NAME, DEFAULT_POOL_SLOTS } from '../../types.js';
import { columnTypes } from './column-types.js';

const TABLES_IN_CREATION_ORDER = [
  'dag',
  'dag_version',
  'dag_tag',
  'backfill',
  'dag_run',
  'task_instance',
  'task_instance_history',
  'xcom',
  'variable',
  'connection',
  'slot_pool',
  'import_error',
  'log',
  'updraft_user',
  'user_role',
  'asset',
  'asset_event',
  'job',
] as const;

export function initialMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const s = db.schema;

      await s
        .createTable('dag')
        .addColumn('dag_id', 'text', (c) => c.primaryKey())
        .addColumn('is_paused', t.bool, (c) => c.notNull().defaultTo(t.false))
        .addColumn('is_active', t.bool, (c) => c.notNull().defaultTo(t.true))
        .addColumn('fileloc', 'text', (c) => c.notNull())
        .addColumn('owners', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('description', 'text')
        .addColumn('latest_version_id', 'integer')
        .addColumn('timetable_summary', 'text')
        .addColumn('max_active_runs', 'integer', (c) => c.notNull())
        .addColumn('max_active_tasks', 'integer', (c) => c.notNull())
        .addColumn('next_dagrun', t.time)
        .addColumn('next_dagrun_data_interval_start', t.time)
        .addColumn('next_dagrun_data_interval_end', t.time)
        .addColumn('next_dagrun_create_after', t.time)
        .addColumn('last_parsed_at', t.time)
        .execute();
      // The scheduler's question: which active, unpaused DAGs are due?
      await s.createIndex('dag_active_paused_idx').on('dag').columns(['is_active', 'is_paused', 'next_dagrun_create_after']).execute();
      await s.createIndex('dag_fileloc_idx').on('dag').column('fileloc').execute();

      await s
        .createTable('dag_version')
        .addColumn('id', 'integer', t.id)
        .addColumn('dag_id', 'text', (c) => c.notNull().references('dag.dag_id').onDelete('cascade'))
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('spec', t.json, (c) => c.notNull())
        .addColumn('source_code', 'text')
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addUniqueConstraint('dag_version_number_uq', ['dag_id', 'version_number'])
        .execute();
      // Not unique: reverting a file to earlier content is a new version (only the latest hash is compared).
      await s.createIndex('dag_version_hash_idx').on('dag_version').columns(['dag_id', 'hash']).execute();

      await s
        .createTable('dag_tag')
        .addColumn('dag_id', 'text', (c) => c.notNull().references('dag.dag_id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dag_tag_pk', ['dag_id', 'name'])
        .execute();
      await s.createIndex('dag_tag_name_idx').on('dag_tag').column('name').execute();

      await s
        .createTable('backfill')
        .addColumn('id', 'integer', t.id)
        .addColumn('dag_id', 'text', (c) => c.notNull().references('dag.dag_id').onDelete('cascade'))
        .addColumn('from_date', t.time, (c) => c.notNull())
        .addColumn('to_date', t.time, (c) => c.notNull())
        .addColumn('reprocess_behavior', 'text', (c) => c.notNull().defaultTo('none'))
        .addColumn('max_active_runs', 'integer', (c) => c.notNull())
        .addColumn('run_backwards', t.bool, (c) => c.notNull().defaultTo(t.false))
        .addColumn('is_paused', t.bool, (c) => c.notNull().defaultTo(t.false))
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('completed_at', t.time)
        .execute();

      await s
        .createTable('dag_run')
        .addColumn('dag_id', 'text', (c) => c.notNull().references('dag.dag_id').onDelete('cascade'))
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('run_type', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('logical_date', t.time)
        .addColumn('data_interval_start', t.time)
        .addColumn('data_interval_end', t.time)
        .addColumn('run_after', t.time, (c) => c.notNull())
        .addColumn('queued_at', t.time)
        .addColumn('start_date', t.time)
        .addColumn('end_date', t.time)
        .addColumn('conf', t.json, (c) => c.notNull())
        .addColumn('dag_version_id', 'integer', (c) => c.notNull().references('dag_version.id'))
        .addColumn('triggered_by', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('backfill_id', 'integer', (c) => c.references('backfill.id').onDelete('set null'))
        .addColumn('clear_number', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('dag_run_pk', ['dag_id', 'run_id'])
        .execute();
      // NULLs are distinct in unique indexes on both dialects, so runs without a logical date never clash.
      await s.createIndex('dag_run_logical_date_uq').on('dag_run').columns(['dag_id', 'logical_date']).unique().execute();
      await s.createIndex('dag_run_state_idx').on('dag_run').columns(['state', 'run_after']).execute();
      await s.createIndex('dag_run_dag_state_idx').on('dag_run').columns(['dag_id', 'state']).execute();
      await s.createIndex('dag_run_dag_run_after_idx').on('dag_run').columns(['dag_id', 'run_after']).execute();
      await s.createIndex('dag_run_version_idx').on('dag_run').column('dag_version_id').execute();

      await s
        .createTable('task_instance')
        .addColumn('dag_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('map_index', 'integer', (c) => c.notNull().defaultTo(-1))
        .addColumn('state', 'text')
        .addColumn('try_number', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_tries', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('start_date', t.time)
        .addColumn('end_date', t.time)
        .addColumn('duration_ms', t.bigint)
        .addColumn('queued_at', t.time)
        .addColumn('next_retry_at', t.time)
        .addColumn('pool', 'text', (c) => c.notNull())
        .addColumn('pool_slots', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('priority_weight', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('operator', 'text', (c) => c.notNull())
        .addColumn('hostname', 'text')
        .addColumn('pid', 'integer')
        .addColumn('executor', 'text')
        .addColumn('last_heartbeat_at', t.time)
        .addColumn('dag_version_id', 'integer', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('state_reason', 'text')
        .addColumn('rendered_fields', t.json)
        .addPrimaryKeyConstraint('task_instance_pk', ['dag_id', 'run_id', 'task_id', 'map_index'])
        .addForeignKeyConstraint('task_instance_run_fk', ['dag_id', 'run_id'], 'dag_run', ['dag_id', 'run_id'], (fk) =>
          fk.onDelete('cascade'),
        )
        .execute();
      // The scheduler's hot queries: everything in a state, a DAG's active instances, a pool's usage.
      await s.createIndex('ti_state_idx').on('task_instance').column('state').execute();
      await s.createIndex('ti_dag_state_idx').on('task_instance').columns(['dag_id', 'state']).execute();
      await s.createIndex('ti_pool_state_idx').on('task_instance').columns(['pool', 'state']).execute();

      await s
        .createTable('task_instance_history')
        .addColumn('dag_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('map_index', 'integer', (c) => c.notNull())
        .addColumn('try_number', 'integer', (c) => c.notNull())
        .addColumn('state', 'text')
        .addColumn('start_date', t.time)
        .addColumn('end_date', t.time)
        .addColumn('duration_ms', t.bigint)
        .addColumn('hostname', 'text')
        .addColumn('pid', 'integer')
        .addColumn('executor', 'text')
        .addColumn('dag_version_id', 'integer', (c) => c.notNull())
        .addColumn('state_reason', 'text')
        .addPrimaryKeyConstraint('tih_pk', ['dag_id', 'run_id', 'task_id', 'map_index', 'try_number'])
        // Tied to the run, not the instance: clearing an instance must not erase its past tries.
        .addForeignKeyConstraint('tih_run_fk', ['dag_id', 'run_id'], 'dag_run', ['dag_id', 'run_id'], (fk) => fk.onDelete('cascade'))
        .execute();

      await s
        .createTable('xcom')
        .addColumn('dag_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('map_index', 'integer', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', t.json, (c) => c.notNull())
        .addColumn('timestamp', t.time, (c) => c.notNull())
        .addPrimaryKeyConstraint('xcom_pk', ['dag_id', 'run_id', 'task_id', 'map_index', 'key'])
        .addForeignKeyConstraint(
          'xcom_ti_fk',
          ['dag_id', 'run_id', 'task_id', 'map_index'],
          'task_instance',
          ['dag_id', 'run_id', 'task_id', 'map_index'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();

      await s
        .createTable('variable')
        .addColumn('id', 'integer', t.id)
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('val', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('is_encrypted', t.bool, (c) => c.notNull().defaultTo(t.false))
        .execute();

      await s
        .createTable('connection')
        .addColumn('id', 'integer', t.id)
        .addColumn('conn_id', 'text', (c) => c.notNull().unique())
        .addColumn('conn_type', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('host', 'text')
        .addColumn('schema', 'text')
        .addColumn('login', 'text')
        .addColumn('password', 'text')
        .addColumn('port', 'integer')
        .addColumn('extra', 'text')
        .addColumn('is_encrypted', t.bool, (c) => c.notNull().defaultTo(t.false))
        .addColumn('is_extra_encrypted', t.bool, (c) => c.notNull().defaultTo(t.false))
        .execute();

      await s
        .createTable('slot_pool')
        .addColumn('id', 'integer', t.id)
        .addColumn('pool', 'text', (c) => c.notNull().unique())
        .addColumn('slots', 'integer', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('include_deferred', t.bool, (c) => c.notNull().defaultTo(t.false))
        .execute();
      // Every task names a pool; Airflow's default holds 128 slots.
      await sql`insert into slot_pool (pool, slots, description, include_deferred)
                values (${DEFAULT_POOL_NAME}, ${DEFAULT_POOL_SLOTS}, ${'Default pool'}, ${t.false})`.execute(db);

      await s
        .createTable('import_error')
        .addColumn('id', 'integer', t.id)
        .addColumn('fileloc', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('stacktrace', 'text')
        .addColumn('timestamp', t.time, (c) => c.notNull())
        .execute();
      await s.createIndex('import_error_fileloc_idx').on('import_error').column('fileloc').execute();

      await s
        .createTable('log')
        .addColumn('id', 'integer', t.id)
        .addColumn('dttm', t.time, (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('dag_id', 'text')
        .addColumn('task_id', 'text')
        .addColumn('run_id', 'text')
        .addColumn('map_index', 'integer')
        .addColumn('try_number', 'integer')
        .addColumn('owner', 'text')
        .addColumn('extra', 'text')
        .execute();
      await s.createIndex('log_dttm_idx').on('log').column('dttm').execute();
      await s.createIndex('log_dag_dttm_idx').on('log').columns(['dag_id', 'dttm']).execute();

      await s
        .createTable('updraft_user')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text')
        .addColumn('first_name', 'text')
        .addColumn('last_name', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('active', t.bool, (c) => c.notNull().defaultTo(t.true))
        .addColumn('created_at', t.time, (c) => c.notNull())
        .execute();

      await s
        .createTable('user_role')
        .addColumn('username', 'text', (c) => c.notNull().references('updraft_user.username').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_role_pk', ['username', 'role'])
        .execute();

      await s
        .createTable('asset')
        .addColumn('id', 'integer', t.id)
        .addColumn('uri', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('group', 'text', (c) => c.notNull().defaultTo('asset'))
        .addColumn('extra', t.json, (c) => c.notNull())
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .execute();

      await s
        .createTable('asset_event')
        .addColumn('id', 'integer', t.id)
        .addColumn('asset_id', 'integer', (c) => c.notNull().references('asset.id').onDelete('cascade'))
        .addColumn('timestamp', t.time, (c) => c.notNull())
        .addColumn('source_dag_id', 'text')
        .addColumn('source_task_id', 'text')
        .addColumn('source_run_id', 'text')
        .addColumn('source_map_index', 'integer')
        .addColumn('extra', t.json, (c) => c.notNull())
        .execute();
      await s.createIndex('asset_event_asset_ts_idx').on('asset_event').columns(['asset_id', 'timestamp']).execute();

      await s
        .createTable('job')
        .addColumn('id', 'integer', t.id)
        .addColumn('job_type', 'text', (c) => c.notNull())
        .addColumn('hostname', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('start_date', t.time, (c) => c.notNull())
        .addColumn('latest_heartbeat', t.time, (c) => c.notNull())
        .addColumn('end_date', t.time)
        .execute();
      await s.createIndex('job_type_state_idx').on('job').columns(['job_type', 'state', 'latest_heartbeat']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [...TABLES_IN_CREATION_ORDER].reverse()) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
