/** Our DAG model and versions as Airflow's DAGResponse / DAGDetailsResponse / DagVersionResponse. */
import type { z } from '@hono/zod-openapi';
import { describeSchedule } from '../../core/timetables/describe-schedule.js';
import type { DagModel, DagVersion } from '../../store/types.js';
import type { DAGDetailsResponse, DAGResponse, DagVersionResponse } from '../schemas/dags.js';
import { presentAssetExpression } from './asset.js';
import { iso, isoDuration, isoString, uuidOfInt } from './json-values.js';

/** Airflow names the DAGs folder bundle so; we have exactly one bundle. */
export const BUNDLE_NAME = 'dags-folder';

/** A version's schedule in words (describing a cron expression costs ~5% of a page of DAGs): once per version. */
const scheduleDescriptions = new WeakMap<DagVersion, string>();

function scheduleDescription(version: DagVersion): string {
  let text = scheduleDescriptions.get(version);
  if (text === undefined) {
    text = describeSchedule(version.spec.schedule);
    scheduleDescriptions.set(version, text);
  }
  return text;
}

/** Versions never change and pages show the same few many times: each is presented once (shared, never mutated). */
const presentedVersions = new WeakMap<DagVersion, z.infer<typeof DagVersionResponse>>();

export function presentVersion(version: DagVersion): z.infer<typeof DagVersionResponse> {
  let presented = presentedVersions.get(version);
  if (presented === undefined) {
    presented = Object.freeze(presentVersionOnce(version));
    presentedVersions.set(version, presented);
  }
  return presented;
}

function presentVersionOnce(version: DagVersion): z.infer<typeof DagVersionResponse> {
  return {
    id: uuidOfInt(version.id),
    version_number: version.versionNumber,
    dag_id: version.dagId,
    bundle_name: BUNDLE_NAME,
    bundle_version: null,
    created_at: isoString(version.createdAt),
    dag_display_name: version.dagId,
    bundle_url: null,
  };
}

export function presentDag(dag: DagModel, version: DagVersion | null, absFileloc: string): z.infer<typeof DAGResponse> {
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.dagId,
    is_paused: dag.isPaused,
    is_stale: !dag.isActive,
    last_parsed_time: iso(dag.lastParsedAt),
    last_parse_duration: null,
    last_expired: null,
    bundle_name: BUNDLE_NAME,
    bundle_version: null,
    relative_fileloc: dag.fileloc,
    fileloc: absFileloc,
    description: dag.description,
    timetable_summary: dag.timetableSummary,
    timetable_description: version ? scheduleDescription(version) : null,
    timetable_partitioned: false,
    tags: dag.tags.map((name) => ({ name, dag_id: dag.dagId, dag_display_name: dag.dagId })),
    max_active_tasks: dag.maxActiveTasks,
    max_active_runs: dag.maxActiveRuns,
    max_consecutive_failed_dag_runs: version?.spec.maxConsecutiveFailedRuns ?? 0,
    has_task_concurrency_limits: false,
    has_import_errors: dag.hasImportErrors,
    next_dagrun_logical_date: iso(dag.nextDagrunAt),
    next_dagrun_data_interval_start: iso(dag.nextDagrunDataInterval?.start),
    next_dagrun_data_interval_end: iso(dag.nextDagrunDataInterval?.end),
    next_dagrun_run_after: iso(dag.nextDagrunCreateAfter),
    allowed_run_types: null,
    owners: [...dag.owners],
    file_token: Buffer.from(dag.fileloc).toString('base64url'),
  };
}

/**
 * Params as Airflow serializes them: per name, its default value, schema and
 * description; plus `required` (ours: the conf must hold it, as the object
 * schema's `required` says), which a per-param schema cannot express.
 */
function presentParams(version: DagVersion): Record<string, unknown> {
  const { schema, defaults } = version.spec.params;
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.fromEntries(
    Object.entries(properties).map(([name, prop]) => [
      name,
      { __class: 'airflow.sdk.definitions.param.Param', value: defaults[name] ?? null, description: prop.description ?? null, schema: prop, required: required.has(name) },
    ]),
  );
}

export function presentDagDetails(dag: DagModel, version: DagVersion | null, absFileloc: string, activeRuns: number): z.infer<typeof DAGDetailsResponse> {
  const spec = version?.spec ?? null;
  return {
    ...presentDag(dag, version, absFileloc),
    catchup: spec?.catchup ?? false,
    dag_run_timeout: isoDuration(spec?.dagrunTimeoutMs ?? null),
    asset_expression: spec ? presentAssetExpression(spec) : null,
    doc_md: spec?.docMd ?? null,
    start_date: spec?.startDate ?? null,
    end_date: spec?.endDate ?? null,
    is_paused_upon_creation: spec?.isPausedUponCreation ?? null,
    params: version ? presentParams(version) : null,
    render_template_as_native_obj: false,
    template_search_path: null,
    timezone: spec?.timezone ?? null,
    last_parsed: iso(dag.lastParsedAt),
    default_args: null,
    owner_links: null,
    is_favorite: false,
    active_runs_count: activeRuns,
    latest_dag_version: version ? presentVersion(version) : null,
    concurrency: dag.maxActiveTasks,
  };
}
