/** Updraft's typed REST API client (`updraft/client`): runs in Node and in browsers. */
export { UpdraftClient } from './updraft-client.js';
export { UpdraftApiError } from './api-error.js';
export { queryString, type Query, type QueryValue, type TransportOptions } from './transport.js';
export type { DagListQuery } from './resources/dags.js';
export type { DagRunListQuery } from './resources/dag-runs.js';
export type { TaskInstanceListQuery, TiRef } from './resources/task-instances.js';
export type { BulkBody } from './resources/admin.js';
export type { EventLogQuery } from './resources/records.js';
export type { UiDagListQuery } from './resources/ui.js';
export type { UiGrid, UiGridGroup, UiGridQuery, UiGridRun, UiGridTask, UiGridTaskInstance } from './resources/ui-grid.js';
export type { TestConnectionSetting, UiCluster, UiClusterComponent, UiClusterFleet, UiClusterJob, UiClusterPool, UiClusterQueue, UiClusterWorker, UiConfig, UiConfigOption, UiConnection, UiConnectionCollection, UiConnectionListQuery } from './resources/ui-admin.js';
export type { UiCalendar, UiCalendarDay, UiDagStructure, UiRunTimeline, UiStructureEdge, UiStructureGroup, UiStructureNode, UiTimelineRun, UiTimelineTaskInstance } from './resources/ui-dag-visuals.js';
export type * from './types.js';
