/**
 * A backfill's progress, live: its runs (run type `backfill`, that DAG, logical
 * dates in its range) counted by state, one small request per state.
 */
import type { Backfill, DagRunCollection } from '@updraft/client';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { RUN_STATES } from '../filters';

export interface BackfillProgress {
  readonly byState: Readonly<Record<string, number>>;
  readonly total: number;
  /** Ended runs: success + failed. */
  readonly done: number;
}

export function useBackfillProgress(backfill: Backfill | undefined, poll: boolean) {
  return useApi(
    async (signal): Promise<BackfillProgress> => {
      if (!backfill) return { byState: {}, total: 0, done: 0 };
      const counts = await Promise.all(
        RUN_STATES.map((state) =>
          api
            .request<DagRunCollection>('GET', `/api/v2/dags/${encodeURIComponent(backfill.dag_id)}/dagRuns`, {
              query: { run_type: ['backfill'], state: [state], logical_date_gte: backfill.from_date, logical_date_lte: backfill.to_date, limit: 1 },
              signal,
            })
            .then((page) => [state, page.total_entries] as const),
        ),
      );
      const byState = Object.fromEntries(counts);
      const total = counts.reduce((sum, [, n]) => sum + n, 0);
      return { byState, total, done: (byState.success ?? 0) + (byState.failed ?? 0) };
    },
    [backfill?.id, backfill?.from_date, backfill?.to_date],
    { poll: poll ? 2000 : false, enabled: backfill !== undefined },
  );
}
