/**
 * One run's task instances (the selected run, or the latest when none is
 * selected), polled every 1.5 s while the run is queued or running and every
 * 3 s otherwise (to see a new run or a clear soon), for the graph's colours
 * and the Gantt chart. Unchanged answers are 304s (ETag).
 */
import type { UiRunTimeline } from '@updraft/client';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import { useApi, type ApiState } from '../../../api/useApi';

export const ACTIVE_RUN_STATES: readonly string[] = ['queued', 'running'];
export const LIVE_POLL_MS = 1500;
export const IDLE_POLL_MS = 3000;

export function useRunTimeline(dagId: string, runId: string | null): ApiState<UiRunTimeline> {
  const [live, setLive] = useState(false);
  const timeline = useApi((signal) => api.ui.runTimeline(dagId, runId, signal), [dagId, runId], { poll: live ? LIVE_POLL_MS : IDLE_POLL_MS });
  const run = timeline.data?.dag_run;
  const active = run ? ACTIVE_RUN_STATES.includes(run.state) : false;
  useEffect(() => setLive(active), [active]);
  return timeline;
}
