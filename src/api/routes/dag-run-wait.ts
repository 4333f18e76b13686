/**
 * `GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/wait` (Airflow's experimental
 * endpoint): streams the run's state as NDJSON, one line now and one every
 * `interval` seconds until the run has finished; the last line carries the
 * `results` (return values) of the tasks named by `result`. The stream stops
 * early when the caller goes away.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { FINISHED_DAG_RUN_STATES } from '../../core/states.js';
import { requireRun } from '../../services/dag-run-changes.js';
import { runResults } from '../../services/dag-run-results.js';
import type { RouteDeps } from '../api-context.js';
import { defineRoute, permission, type AuthEnv } from '../route-def.js';
import { errorResponses, queryList } from '../schemas/common.js';

/** However small an interval is asked for, the store is read at most this often. */
const MIN_POLL_MS = 50;

export const waitDagRun = defineRoute(permission('read', 'DAG runs'), {
  method: 'get',
  path: '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/wait',
  operationId: 'wait_dag_run_until_finished',
  tags: ['DagRun', 'experimental'],
  summary: 'Experimental: Wait for a dag run to complete, and return task results if requested.',
  description: 'Streams newline-delimited JSON (NDJSON): one `{"state": ...}` line now and one per `interval` seconds until the run has finished; the last line also has `results`, the return values of the tasks named by `result`.',
  request: {
    params: z.object({ dag_id: z.string().min(1), dag_run_id: z.string().min(1) }),
    query: z.object({
      interval: z.coerce.number().positive().max(3600).openapi({ description: 'Seconds to wait between dag run state checks' }),
      result: queryList(z.string().min(1)).openapi({ description: 'Collect result XCom from task. Can be set multiple times.' }),
    }),
  },
  responses: {
    200: {
      description: 'Successful Response',
      content: { 'application/x-ndjson': { schema: z.string().openapi({ example: '{"state": "running"}\n{"state": "success", "results": {"op": 42}}\n' }) } },
    },
    ...errorResponses(401, 403, 404, 422),
  },
});

export function registerDagRunWaitRoute(api: OpenAPIHono<AuthEnv>, deps: RouteDeps): void {
  const { store } = deps.app;
  api.openapi(waitDagRun, async (c) => {
    const { dag_id, dag_run_id } = c.req.valid('param');
    const { interval, result } = c.req.valid('query');
    const key = { dagId: dag_id, runId: dag_run_id };
    let run = await requireRun(store, key); // 404 before the stream starts
    const pollMs = Math.max(MIN_POLL_MS, interval * 1000);
    const encoder = new TextEncoder();
    let stopped = false;
    const line = async (): Promise<{ text: string; finished: boolean }> => {
      const finished = FINISHED_DAG_RUN_STATES.has(run.state);
      const body: Record<string, unknown> = { state: run.state };
      if (finished && result && result.length > 0) body.results = await runResults(store, key, result);
      return { text: `${JSON.stringify(body)}\n`, finished };
    };
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          for (;;) {
            const { text, finished } = await line();
            if (stopped) return;
            controller.enqueue(encoder.encode(text));
            if (finished) break;
            await new Promise((resolve) => setTimeout(resolve, pollMs));
            if (stopped || c.req.raw.signal.aborted) return;
            run = await requireRun(store, key);
          }
          controller.close();
        } catch (error) {
          // The run was deleted while we waited: end the stream with the reason as its last line.
          if (!stopped) {
            controller.enqueue(encoder.encode(`${JSON.stringify({ detail: error instanceof Error ? error.message : String(error) })}\n`));
            controller.close();
          }
        }
      },
      cancel() {
        stopped = true;
      },
    });
    // A stream, not a typed JSON body: hono's typed responses do not model one.
    return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } }) as never;
  });
}
