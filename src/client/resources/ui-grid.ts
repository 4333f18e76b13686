/** The DAG page's own endpoint: the grid (runs × tasks) in one round trip. */
import type { z } from '@hono/zod-openapi';
import type * as grid from '../../api/schemas/ui-grid.js';
import { seg, type Query, type Transport } from '../transport.js';

export type UiGrid = z.output<typeof grid.UiGridResponse>;
export type UiGridRun = z.output<typeof grid.UiGridRun>;
export type UiGridTask = z.output<typeof grid.UiGridTask>;
export type UiGridGroup = z.output<typeof grid.UiGridGroup>;
export type UiGridTaskInstance = z.output<typeof grid.UiGridTaskInstance>;

export interface UiGridQuery extends Query {
  /** Runs per page, newest first (default 25, at most 1000). */
  readonly limit?: number;
  readonly offset?: number;
  readonly run_type?: readonly string[];
  readonly state?: readonly string[];
}

export function uiGridApi(t: Transport) {
  return {
    grid: (dagId: string, query?: UiGridQuery, signal?: AbortSignal) => t.json<UiGrid>('GET', `/ui/dags/${seg(dagId)}/grid`, { query, signal }),
  };
}
