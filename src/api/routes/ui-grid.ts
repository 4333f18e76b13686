/**
 * `GET /ui/dags/{dag_id}/grid`: runs × tasks for the DAG page's grid in a
 * handful of queries, whatever the page size: the DAG, a page of runs, every
 * task instance of those runs (one `run_id IN (...)` query), and each distinct
 * DAG version once (cached). Mapped instances fold into one cell per task,
 * with Airflow's state priority deciding the cell's colour.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { DagSpec } from '../../core/dag-spec.js';
import { RUN_TYPES, type DagRun, type RunType } from '../../core/run-model.js';
import { foldGridState } from '../../core/grid-state.js';
import { requireDag } from '../../services/dag-lookup.js';
import type { TaskInstanceSummary } from '../../store/store.js';
import type { DagVersion } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { iso } from '../present/json-values.js';
import { uiRunHead } from '../present/ui-run.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, queryInt, queryList } from '../schemas/common.js';
import { DagRunState } from '../schemas/dag-runs.js';
import { DagRunType } from '../schemas/dags.js';
import { UiGridResponse, type UiGridGroup, type UiGridRun, type UiGridTask, type UiGridTaskInstance } from '../schemas/ui-grid.js';

/** Most runs one grid answer holds (a year of daily runs, with room). */
export const GRID_MAX_RUNS = 1000;

export const getUiGrid = defineRoute(permission('read', 'DAGs'), {
  method: 'get',
  path: '/ui/dags/{dag_id}/grid',
  operationId: 'get_grid_ui',
  tags: ['UI'],
  summary: "Runs × tasks with each task instance's state (the web UI's grid)",
  request: {
    params: z.object({ dag_id: z.string() }),
    query: z.object({
      limit: queryInt(25, GRID_MAX_RUNS),
      offset: queryInt(0),
      run_type: queryList(DagRunType),
      state: queryList(DagRunState),
    }),
  },
  responses: { 200: jsonContent(UiGridResponse), ...errorResponses(401, 403, 404, 422) },
});

type Cell = z.infer<typeof UiGridTaskInstance>;

function singleCell(ti: TaskInstanceSummary): Cell {
  return { task_id: ti.taskId, state: ti.state, try_number: ti.tryNumber, start_date: iso(ti.startDate), end_date: iso(ti.endDate), map_count: null, state_counts: null };
}

/** Every instance of one mapped task in one run, as one cell. */
function mappedCell(taskId: string, tis: readonly TaskInstanceSummary[]): Cell {
  const expanded = tis.filter((ti) => ti.mapIndex >= 0);
  const counted = expanded.length > 0 ? expanded : tis; // before the expansion: the placeholder
  const counts: Record<string, number> = {};
  let start: Date | null = null;
  let end: Date | null = null;
  let open = false;
  for (const ti of counted) {
    const key = ti.state ?? 'none';
    counts[key] = (counts[key] ?? 0) + 1;
    if (ti.startDate && (!start || ti.startDate < start)) start = ti.startDate;
    if (!ti.endDate) open = true;
    else if (!end || ti.endDate > end) end = ti.endDate;
  }
  return {
    task_id: taskId,
    state: foldGridState(counted.map((ti) => ti.state)),
    try_number: Math.max(0, ...counted.map((ti) => ti.tryNumber)),
    start_date: iso(start),
    end_date: open ? null : iso(end),
    map_count: expanded.length,
    state_counts: counts,
  };
}

function lastSegment(id: string): string {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? id : id.slice(dot + 1);
}

/** The tasks and groups of the latest version, then those only older versions (of the shown runs) had. */
function structure(latest: DagSpec | null, older: readonly DagSpec[]) {
  const tasks: z.infer<typeof UiGridTask>[] = [];
  const groups: z.infer<typeof UiGridGroup>[] = [];
  const seenTasks = new Set<string>();
  const seenGroups = new Set<string>();
  const add = (spec: DagSpec, inLatest: boolean) => {
    for (const g of spec.groups) {
      if (seenGroups.has(g.groupId)) continue;
      seenGroups.add(g.groupId);
      groups.push({ group_id: g.groupId, label: lastSegment(g.groupId), parent_id: g.parentId, tooltip: g.tooltip });
    }
    for (const t of spec.tasks) {
      if (seenTasks.has(t.taskId)) continue;
      seenTasks.add(t.taskId);
      tasks.push({
        task_id: t.taskId,
        label: t.groupId && t.taskId.startsWith(`${t.groupId}.`) ? t.taskId.slice(t.groupId.length + 1) : t.taskId,
        group_id: t.groupId,
        is_mapped: Object.keys(t.expand).length > 0,
        operator: t.operator,
        is_setup: t.isSetup,
        is_teardown: t.isTeardown,
        in_latest_version: inLatest,
      });
    }
  };
  if (latest) add(latest, true);
  for (const spec of older) add(spec, false);
  return { tasks, groups };
}

export function registerUiGridRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;

  api.openapi(getUiGrid, async (c) => {
    const { dag_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const dag = await requireDag(store, dag_id);
    const runTypes = q.run_type?.filter((t): t is RunType => (RUN_TYPES as readonly string[]).includes(t));
    const page = await store.dagRuns.list({
      dagId: dag_id,
      limit: Math.min(q.limit, GRID_MAX_RUNS),
      offset: q.offset,
      orderBy: '-runAfter',
      ...(q.state && q.state.length > 0 ? { states: q.state } : {}),
      ...(runTypes && (q.run_type?.length ?? 0) > 0 ? { runTypes } : {}),
    });
    const runs: DagRun[] = page.items;
    const [tis, latest, versions] = await Promise.all([
      store.taskInstances.listSummaries(dag_id, runs.map((r) => r.runId)),
      dag.latestVersionId === null ? Promise.resolve(null) : deps.versions.get(store, dag.latestVersionId),
      Promise.all([...new Set(runs.map((r) => r.dagVersionId))].map((id) => deps.versions.get(store, id))),
    ]);
    const versionById = new Map(versions.filter((v): v is DagVersion => v !== null).map((v) => [v.id, v]));
    // Newest version first, so a task's group comes from the most recent version that has it.
    const older = [...versionById.values()].filter((v) => v.id !== latest?.id).sort((a, b) => b.versionNumber - a.versionNumber);
    const { tasks, groups } = structure(latest?.spec ?? null, older.map((v) => v.spec));
    const mapped = new Set(tasks.filter((t) => t.is_mapped).map((t) => t.task_id));

    // Instances by run, then by task (a mapped task has one per map index).
    const byRun = new Map<string, Map<string, TaskInstanceSummary[]>>();
    for (const ti of tis) {
      let forRun = byRun.get(ti.runId);
      if (!forRun) byRun.set(ti.runId, (forRun = new Map()));
      const list = forRun.get(ti.taskId);
      if (list) list.push(ti);
      else forRun.set(ti.taskId, [ti]);
    }
    const gridRuns: z.infer<typeof UiGridRun>[] = runs.map((run) => {
      const cells: Cell[] = [];
      for (const [taskId, list] of byRun.get(run.runId) ?? []) {
        cells.push(mapped.has(taskId) || list.length > 1 || (list[0] as TaskInstanceSummary).mapIndex >= 0 ? mappedCell(taskId, list) : singleCell(list[0] as TaskInstanceSummary));
      }
      return {
        ...uiRunHead(run),
        duration: run.startDate && run.endDate ? (run.endDate.getTime() - run.startDate.getTime()) / 1000 : null,
        triggered_by: run.triggeredBy,
        note: run.note,
        dag_version_number: versionById.get(run.dagVersionId)?.versionNumber ?? null,
        task_instances: cells,
      };
    });
    return c.json({ dag_id, runs: gridRuns, total_runs: page.total, tasks, groups }, 200);
  });
}
