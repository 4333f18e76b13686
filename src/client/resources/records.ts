/** What the installation records and reports: event log, import errors, backfills, jobs, health, version, config. */
import { seg, type Query, type Transport } from '../transport.js';
import type { Backfill, BackfillBody, BackfillCollection, DryRunBackfillCollection, EventLog, EventLogCollection, Health, ImportErrorCollection, JobCollection, VersionInfo } from '../types.js';
import type { ListQuery } from './list-query.js';

export interface EventLogQuery extends ListQuery {
  readonly dag_id?: string;
  readonly task_id?: string;
  readonly run_id?: string;
  readonly event?: string;
  readonly owner?: string;
  readonly included_events?: readonly string[];
  readonly excluded_events?: readonly string[];
  readonly before?: string;
  readonly after?: string;
}

export function eventLogsApi(t: Transport) {
  return {
    list: (query?: EventLogQuery) => t.json<EventLogCollection>('GET', '/api/v2/eventLogs', { query }),
    get: (id: number) => t.json<EventLog>('GET', `/api/v2/eventLogs/${id}`),
  };
}

export function backfillsApi(t: Transport) {
  return {
    list: (dagId: string, query?: Query) => t.json<BackfillCollection>('GET', '/api/v2/backfills', { query: { ...query, dag_id: dagId } }),
    get: (id: number) => t.json<Backfill>('GET', `/api/v2/backfills/${id}`),
    create: (body: BackfillBody) => t.json<Backfill>('POST', '/api/v2/backfills', { body }),
    /** The logical dates a backfill would run, creating nothing. */
    dryRun: (body: BackfillBody) => t.json<DryRunBackfillCollection>('POST', '/api/v2/backfills/dry_run', { body }),
    pause: (id: number) => t.json<Backfill>('PUT', `/api/v2/backfills/${id}/pause`),
    unpause: (id: number) => t.json<Backfill>('PUT', `/api/v2/backfills/${id}/unpause`),
    cancel: (id: number) => t.json<Backfill>('PUT', `/api/v2/backfills/${id}/cancel`),
  };
}

export function monitorApi(t: Transport) {
  return {
    health: () => t.json<Health>('GET', '/api/v2/monitor/health'),
    version: () => t.json<VersionInfo>('GET', '/api/v2/version'),
    importErrors: (query?: Query) => t.json<ImportErrorCollection>('GET', '/api/v2/importErrors', { query }),
    jobs: (query?: Query) => t.json<JobCollection>('GET', '/api/v2/jobs', { query }),
    /** The settings (secrets masked); the server must expose them (api.expose_config). */
    config: (section?: string) => t.json<unknown>('GET', '/api/v2/config', { query: { section } }),
    configOption: (section: string, option: string) => t.json<unknown>('GET', `/api/v2/config/section/${seg(section)}/option/${seg(option)}`),
  };
}
