/** Task instances of a run: list, get, patch (mark), dependencies, tries, logs, XComs, clear. */
import { seg, type Query, type Transport } from '../transport.js';
import type { ListQuery } from './list-query.js';
import type {
  ClearTaskInstancesBody,
  PatchTaskInstanceBody,
  TaskDependencyCollection,
  TaskInstance,
  TaskInstanceCollection,
  TaskInstancesBatchBody,
  TaskInstanceTry,
  TaskInstanceTryCollection,
  TaskLogChunk,
  XCom,
  XComCollection,
  XComCreateBody,
  XComUpdateBody,
} from '../types.js';

/** One task instance: `mapIndex` for a mapped one (omitted or -1 otherwise). */
export interface TiRef {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  readonly mapIndex?: number;
}

export interface TaskInstanceListQuery extends ListQuery {
  readonly state?: readonly string[];
  readonly task_id?: string;
  readonly pool?: readonly string[];
}

const runPath = (dagId: string, runId: string) => `/api/v2/dags/${seg(dagId)}/dagRuns/${seg(runId)}`;
const tiPath = (ti: TiRef) => `${runPath(ti.dagId, ti.runId)}/taskInstances/${seg(ti.taskId)}`;
const mapped = (ti: TiRef) => (ti.mapIndex !== undefined && ti.mapIndex >= 0 ? `/${ti.mapIndex}` : '');
const mapQuery = (ti: TiRef) => (ti.mapIndex !== undefined && ti.mapIndex >= 0 ? { map_index: ti.mapIndex } : {});

export function taskInstancesApi(t: Transport) {
  return {
    /** `dagId` and `runId` may be `~` (every DAG, every run). */
    list: (dagId: string, runId: string, query?: TaskInstanceListQuery) =>
      t.json<TaskInstanceCollection>('GET', `${runPath(dagId, runId)}/taskInstances`, { query }),
    listBatch: (body: TaskInstancesBatchBody) => t.json<TaskInstanceCollection>('POST', '/api/v2/dags/~/dagRuns/~/taskInstances/list', { body }),
    listMapped: (ti: TiRef, query?: Query) => t.json<TaskInstanceCollection>('GET', `${tiPath(ti)}/listMapped`, { query }),
    get: (ti: TiRef) => t.json<TaskInstance>('GET', `${tiPath(ti)}${mapped(ti)}`),
    /** Marks success/failed (or sets a note); `dryRun` says what would change without changing it. */
    patch: (ti: TiRef, body: PatchTaskInstanceBody, options: { readonly dryRun?: boolean; readonly updateMask?: readonly string[] } = {}) =>
      t.json<TaskInstanceCollection | TaskInstance>('PATCH', `${tiPath(ti)}${mapped(ti)}${options.dryRun ? '/dry_run' : ''}`, {
        body,
        query: { update_mask: options.updateMask },
      }),
    /** Why the task instance is not running (the scheduler's reasons). */
    dependencies: (ti: TiRef) => t.json<TaskDependencyCollection>('GET', `${tiPath(ti)}${mapped(ti)}/dependencies`),
    tries: (ti: TiRef) => t.json<TaskInstanceTryCollection>('GET', `${tiPath(ti)}${mapped(ti)}/tries`),
    try: (ti: TiRef, tryNumber: number) => t.json<TaskInstanceTry>('GET', `${tiPath(ti)}${mapped(ti)}/tries/${tryNumber}`),
    /** A chunk of a try's log; pass the previous chunk's `continuation_token` to read on (a live tail). */
    log: (ti: TiRef, tryNumber: number, options: { readonly token?: string | null; readonly fullContent?: boolean } = {}) =>
      t.json<TaskLogChunk>('GET', `${tiPath(ti)}/logs/${tryNumber}`, {
        query: { ...mapQuery(ti), token: options.token ?? undefined, full_content: options.fullContent },
      }),
    /** The raw text of a try's log (for a download). */
    logText: (ti: TiRef, tryNumber: number) =>
      t.text('GET', `${tiPath(ti)}/logs/${tryNumber}`, { query: { ...mapQuery(ti), full_content: true }, accept: 'text/plain' }),
    clear: (dagId: string, body: ClearTaskInstancesBody) => t.json<TaskInstanceCollection>('POST', `/api/v2/dags/${seg(dagId)}/clearTaskInstances`, { body }),
    xcoms: (ti: TiRef, query?: Query) => t.json<XComCollection>('GET', `${tiPath(ti)}/xcomEntries`, { query: { ...mapQuery(ti), ...query } }),
    xcom: (ti: TiRef, key = 'return_value') =>
      t.json<XCom>('GET', `${tiPath(ti)}/xcomEntries/${seg(key)}`, { query: { ...mapQuery(ti), deserialize: true } }),
    createXcom: (ti: TiRef, body: XComCreateBody) => t.json<XCom>('POST', `${tiPath(ti)}/xcomEntries`, { body }),
    updateXcom: (ti: TiRef, key: string, body: XComUpdateBody) => t.json<XCom>('PATCH', `${tiPath(ti)}/xcomEntries/${seg(key)}`, { body }),
  };
}
