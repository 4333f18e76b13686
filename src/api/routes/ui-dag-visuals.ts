/**
 * The DAG page's visual tabs, one round trip each:
 * - `GET /ui/dags/{dag_id}/structure`: a version's graph (nodes, data/order
 *   edges, groups) for the Graph tab;
 * - `GET /ui/dags/{dag_id}/run_timeline`: every task instance of one run (the
 *   latest by default) for the graph's colours and the Gantt chart, however
 *   many tasks (the public list pages by 100);
 * - `GET /ui/dags/{dag_id}/calendar`: a year of runs counted per day and
 *   state, in the DAG's time zone, for the Calendar tab.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { DagRun } from '../../core/run-model.js';
import { requireDag } from '../../services/dag-lookup.js';
import { NotFoundError } from '../../services/errors.js';
import type { DagVersion } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { dagStructure } from '../present/dag-structure.js';
import { iso } from '../present/json-values.js';
import { uiRunHead } from '../present/ui-run.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, queryInt } from '../schemas/common.js';
import { UiCalendarResponse, UiDagStructureResponse, UiRunTimelineResponse } from '../schemas/ui-dag-visuals.js';

const DagParam = z.object({ dag_id: z.string() });

export const getUiDagStructure = defineRoute(permission('read', 'DAGs'), {
  method: 'get',
  path: '/ui/dags/{dag_id}/structure',
  operationId: 'get_dag_structure_ui',
  tags: ['UI'],
  summary: "A DAG version's graph: tasks, data-flow and ordering edges, task groups (the web UI's graph)",
  request: { params: DagParam, query: z.object({ version_number: queryInt(0).optional() }) },
  responses: { 200: jsonContent(UiDagStructureResponse), ...errorResponses(401, 403, 404, 422) },
});

export const getUiRunTimeline = defineRoute(permission('read', 'task instances'), {
  method: 'get',
  path: '/ui/dags/{dag_id}/run_timeline',
  operationId: 'get_run_timeline_ui',
  tags: ['UI'],
  summary: 'Every task instance of a run, the latest by default (the web UI\'s graph colours and Gantt chart)',
  request: { params: DagParam, query: z.object({ run_id: z.string().min(1).optional() }) },
  responses: { 200: jsonContent(UiRunTimelineResponse), ...errorResponses(401, 403, 404, 422) },
});

export const getUiCalendar = defineRoute(permission('read', 'DAG runs'), {
  method: 'get',
  path: '/ui/dags/{dag_id}/calendar',
  operationId: 'get_calendar_ui',
  tags: ['UI'],
  summary: "A year of a DAG's runs, counted per day and state (the web UI's calendar)",
  request: { params: DagParam, query: z.object({ year: queryInt(0, 9999).optional() }) },
  responses: { 200: jsonContent(UiCalendarResponse), ...errorResponses(401, 403, 404, 422) },
});

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of `date` in `timeZone` (UTC if the zone is unknown). */
function dayFormatter(timeZone: string): (date: Date) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  }
  return (date) => {
    const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
}

/** The date a run counts for: its logical date, else (a run without one) when it was due. */
const runDate = (run: DagRun): Date => run.logicalDate ?? run.runAfter;

export function registerUiDagVisualRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  async function versionOf(dagId: string, versionNumber: number | undefined): Promise<DagVersion> {
    await requireDag(store, dagId);
    if (versionNumber === undefined) {
      const latest = await store.dags.latestVersion(dagId);
      if (!latest) throw new NotFoundError(`DAG '${dagId}' has no parsed version yet: wait for the DAG processor to parse its file`);
      return latest;
    }
    const version = (await store.dags.listVersions(dagId)).find((v) => v.versionNumber === versionNumber);
    if (!version) throw new NotFoundError(`DAG '${dagId}' has no version ${versionNumber}: list its versions with GET /api/v2/dags/${dagId}/dagVersions`);
    return version;
  }

  api.openapi(getUiDagStructure, async (c) => {
    const { dag_id } = c.req.valid('param');
    const version = await versionOf(dag_id, c.req.valid('query').version_number);
    return c.json(dagStructure(version.spec, version.versionNumber), 200);
  });

  api.openapi(getUiRunTimeline, async (c) => {
    const { dag_id } = c.req.valid('param');
    const { run_id } = c.req.valid('query');
    await requireDag(store, dag_id);
    let run: DagRun | null;
    if (run_id === undefined) {
      run = (await store.dagRuns.list({ dagId: dag_id, limit: 1, orderBy: '-runAfter' })).items[0] ?? null;
    } else {
      run = await store.dagRuns.get({ dagId: dag_id, runId: run_id });
      if (!run) throw new NotFoundError(`DAG '${dag_id}' has no run '${run_id}': pick a run from the grid or GET /api/v2/dags/${dag_id}/dagRuns`);
    }
    if (!run) return c.json({ dag_id, dag_run: null, task_instances: [] }, 200);
    const [tis, version] = await Promise.all([store.taskInstances.list({ dagId: dag_id, runId: run.runId }), deps.versions.get(store, run.dagVersionId)]);
    return c.json(
      {
        dag_id,
        dag_run: {
          ...uiRunHead(run),
          dag_version_number: version?.versionNumber ?? null,
        },
        task_instances: tis.items.map((ti) => ({
          task_id: ti.taskId,
          map_index: ti.mapIndex,
          state: ti.state,
          try_number: ti.tryNumber,
          max_tries: ti.maxTries,
          queued_at: iso(ti.queuedAt),
          start_date: iso(ti.startDate),
          end_date: iso(ti.endDate),
          duration: ti.durationMs === null ? null : ti.durationMs / 1000,
          operator: ti.operator,
        })),
      },
      200,
    );
  });

  api.openapi(getUiCalendar, async (c) => {
    const { dag_id } = c.req.valid('param');
    const dag = await requireDag(store, dag_id);
    const latest = dag.latestVersionId === null ? null : await deps.versions.get(store, dag.latestVersionId);
    const timezone = latest?.spec.timezone ?? 'UTC';
    const dayOf = dayFormatter(timezone);
    const thisYear = Number(dayOf(deps.now()).slice(0, 4));
    const q = c.req.valid('query');
    const year = q.year === undefined || q.year === 0 ? thisYear : q.year;

    // A day's margin either side: the year's bounds in the DAG's zone are within it.
    const from = new Date(Date.UTC(year, 0, 1) - DAY_MS);
    const to = new Date(Date.UTC(year + 1, 0, 1) + DAY_MS);
    const epoch = new Date(0);
    const [dated, undated, ...ends] = await Promise.all([
      store.dagRuns.list({ dagId: dag_id, logicalDateGte: from, logicalDateLte: to }),
      store.dagRuns.list({ dagId: dag_id, runAfterGte: from, runAfterLte: to }),
      // The first and last runs, by either date: the year selector's range.
      store.dagRuns.list({ dagId: dag_id, limit: 1, orderBy: 'runAfter' }),
      store.dagRuns.list({ dagId: dag_id, limit: 1, orderBy: '-runAfter' }),
      store.dagRuns.list({ dagId: dag_id, limit: 1, orderBy: 'logicalDate', logicalDateGte: epoch }),
      store.dagRuns.list({ dagId: dag_id, limit: 1, orderBy: '-logicalDate', logicalDateGte: epoch }),
    ]);
    const byDay = new Map<string, Record<string, number>>();
    const prefix = `${year}-`;
    for (const run of [...dated.items, ...undated.items.filter((r) => r.logicalDate === null)]) {
      const day = dayOf(runDate(run));
      if (!day.startsWith(prefix)) continue;
      const counts = byDay.get(day) ?? {};
      counts[run.state] = (counts[run.state] ?? 0) + 1;
      byDay.set(day, counts);
    }
    const days = [...byDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, counts]) => ({ date, counts, total: Object.values(counts).reduce((s, n) => s + n, 0) }));

    const years = ends.flatMap((page) => page.items).map((r) => Number(dayOf(runDate(r)).slice(0, 4)));
    const maxYear = Math.max(thisYear, year, ...years);
    const minYear = Math.max(maxYear - 100, Math.min(thisYear, year, ...years));
    return c.json(
      { dag_id, year, timezone, days, years: Array.from({ length: maxYear - minYear + 1 }, (_, i) => maxYear - i) },
      200,
    );
  });
}
