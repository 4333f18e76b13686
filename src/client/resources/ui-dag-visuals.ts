/** The DAG page's visual tabs: a version's graph, one run's task instances (graph colours, Gantt), a year of daily outcomes. */
import type { z } from '@hono/zod-openapi';
import type * as visuals from '../../api/schemas/ui-dag-visuals.js';
import { seg, type Transport } from '../transport.js';

export type UiDagStructure = z.output<typeof visuals.UiDagStructureResponse>;
export type UiStructureNode = z.output<typeof visuals.UiStructureNode>;
export type UiStructureEdge = z.output<typeof visuals.UiStructureEdge>;
export type UiStructureGroup = z.output<typeof visuals.UiStructureGroup>;
export type UiRunTimeline = z.output<typeof visuals.UiRunTimelineResponse>;
export type UiTimelineRun = z.output<typeof visuals.UiTimelineRun>;
export type UiTimelineTaskInstance = z.output<typeof visuals.UiTimelineTaskInstance>;
export type UiCalendar = z.output<typeof visuals.UiCalendarResponse>;
export type UiCalendarDay = z.output<typeof visuals.UiCalendarDay>;

export function uiDagVisualsApi(t: Transport) {
  return {
    /** The graph of a DAG version (the latest by default). */
    structure: (dagId: string, versionNumber?: number | null, signal?: AbortSignal) =>
      t.json<UiDagStructure>('GET', `/ui/dags/${seg(dagId)}/structure`, { query: { version_number: versionNumber ?? undefined }, signal }),
    /** Every task instance of a run (the latest when `runId` is null). */
    runTimeline: (dagId: string, runId?: string | null, signal?: AbortSignal) =>
      t.json<UiRunTimeline>('GET', `/ui/dags/${seg(dagId)}/run_timeline`, { query: { run_id: runId ?? undefined }, signal }),
    /** Runs per day and state over a year (this year by default), in the DAG's time zone. */
    calendar: (dagId: string, year?: number, signal?: AbortSignal) => t.json<UiCalendar>('GET', `/ui/dags/${seg(dagId)}/calendar`, { query: { year }, signal }),
  };
}
