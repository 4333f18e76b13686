/**
 * `GET /ui/dags`: the DAGs list page in one round trip: a page of DAGs (each
 * with its schedule in words and its latest runs), the All / Active / Paused
 * counts, the tag and owner choices, and the import-error count for the banner.
 * Owners are filtered here (the store keeps them as a JSON list), so the matching
 * DAGs are read whole and paged in memory: fine for the thousands of DAGs one
 * installation has, and it keeps the counts exact.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { locateDagFile } from '../../scheduler/dag-file-locator.js';
import type { DagModel } from '../../store/types.js';
import type { RouteDeps } from '../api-context.js';
import { presentDag } from '../present/dag.js';
import { iso } from '../present/json-values.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, jsonContent, orderByQuery, PageQuery, queryBool, queryInt, queryList } from '../schemas/common.js';
import { UiDagCollectionResponse, type UiRecentRun } from '../schemas/ui.js';
import { storeSort } from './ordering.js';

export const getUiDags = defineRoute(permission('read', 'DAGs'), {
  method: 'get',
  path: '/ui/dags',
  operationId: 'get_dags_ui',
  tags: ['UI'],
  summary: 'DAGs with their latest runs, filter choices and counts (the web UI\'s DAG list)',
  request: {
    query: z.object({
      ...PageQuery,
      dag_id_pattern: z.string().max(1000).optional(),
      tags: queryList(z.string()),
      tags_match_mode: z.enum(['any', 'all']).optional(),
      owners: queryList(z.string()),
      paused: queryBool.optional(),
      exclude_stale: queryBool.optional(),
      order_by: orderByQuery('dag_id'),
      dag_runs_limit: queryInt(10, 100),
    }),
  },
  responses: { 200: jsonContent(UiDagCollectionResponse), ...errorResponses(401, 403, 422) },
});

const ORDER_FIELDS = { dag_id: 'dagId', dag_display_name: 'dagId', next_dagrun: 'nextDagrunAt', last_parsed_time: 'lastParsedAt' } as const;
type OrderField = (typeof ORDER_FIELDS)[keyof typeof ORDER_FIELDS];

function compareBy(field: OrderField): (a: DagModel, b: DagModel) => number {
  if (field === 'dagId') return (a, b) => a.dagId.localeCompare(b.dagId);
  // Dates: the ones without a value last, then by id so pages are stable.
  return (a, b) => {
    const x = a[field]?.getTime() ?? Number.POSITIVE_INFINITY;
    const y = b[field]?.getTime() ?? Number.POSITIVE_INFINITY;
    return x === y ? a.dagId.localeCompare(b.dagId) : x < y ? -1 : 1;
  };
}

export function registerUiDagRoutes(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const store = deps.app.store;
  const absFileloc = (dag: DagModel): string => {
    try {
      return locateDagFile(deps.app.dagFolders, dag.fileloc).absPath;
    } catch {
      return dag.fileloc;
    }
  };

  async function recentRuns(dagId: string, limit: number): Promise<z.infer<typeof UiRecentRun>[]> {
    if (limit === 0) return [];
    const runs = await store.dagRuns.list({ dagId, limit });
    return runs.items.map((run) => ({
      dag_run_id: run.runId,
      state: run.state,
      run_type: run.runType,
      logical_date: iso(run.logicalDate),
      run_after: run.runAfter.toISOString(),
      start_date: iso(run.startDate),
      end_date: iso(run.endDate),
      duration: run.startDate && run.endDate ? (run.endDate.getTime() - run.startDate.getTime()) / 1000 : null,
    }));
  }

  api.openapi(getUiDags, async (c) => {
    const q = c.req.valid('query');
    const active = q.exclude_stale === false ? {} : { active: true };
    const pattern = q.dag_id_pattern === undefined || q.dag_id_pattern === '~' || q.dag_id_pattern === '' ? undefined : q.dag_id_pattern;
    const sort = storeSort(q.order_by, ORDER_FIELDS, 'dagId');
    const [matching, everyDag, tags, importErrors] = await Promise.all([
      store.dags.list({
        ...active,
        ...(pattern !== undefined ? { dagIdPattern: pattern } : {}),
        ...(q.tags && q.tags.length > 0 ? { tags: q.tags, tagsMatchMode: q.tags_match_mode ?? 'any' } : {}),
      }),
      store.dags.list(active),
      store.dags.listTags(),
      store.importErrors.list({ limit: 1 }),
    ]);
    const owners = new Set(q.owners ?? []);
    const byOwner = owners.size === 0 ? matching.items : matching.items.filter((d) => d.owners.some((o) => owners.has(o)));
    const counts = { all: byOwner.length, active: byOwner.filter((d) => !d.isPaused).length, paused: byOwner.filter((d) => d.isPaused).length };
    const filtered = q.paused === undefined ? byOwner : byOwner.filter((d) => d.isPaused === q.paused);
    const descending = sort.startsWith('-');
    const compare = compareBy((descending ? sort.slice(1) : sort) as OrderField);
    const sorted = [...filtered].sort((a, b) => (descending ? -compare(a, b) : compare(a, b)));
    const page = sorted.slice(q.offset, q.offset + deps.pageLimit(q.limit));
    const dags = await Promise.all(
      page.map(async (dag) => ({
        ...presentDag(dag, dag.latestVersionId === null ? null : await deps.versions.get(store, dag.latestVersionId), absFileloc(dag)),
        latest_dag_runs: await recentRuns(dag.dagId, q.dag_runs_limit),
      })),
    );
    return c.json(
      {
        dags,
        total_entries: filtered.length,
        counts,
        tags: tags.items,
        owners: [...new Set(everyDag.items.flatMap((d) => d.owners))].sort((a, b) => a.localeCompare(b)),
        import_errors: importErrors.total,
      },
      200,
    );
  });
}
