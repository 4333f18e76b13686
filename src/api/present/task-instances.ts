/**
 * Task instances with their run and DAG version, read once per request: a
 * list shows many instances of few runs, so runs and versions are cached here
 * (versions also across requests, by the shared VersionCache).
 */
import type { z } from '@hono/zod-openapi';
import type { DagRun, TaskInstance, TaskInstanceTry, XComEntry } from '../../core/run-model.js';
import type { Store } from '../../store/store.js';
import type { DagVersion } from '../../store/types.js';
import type { VersionCache } from './version-cache.js';
import type { TaskInstanceResponse } from '../schemas/dag-runs.js';
import type { TaskInstanceHistoryResponse } from '../schemas/task-instances.js';
import type { XComResponse } from '../schemas/xcom.js';
import { presentTaskInstance } from './dag-run.js';
import { presentVersion } from './dag.js';
import { iso } from './json-values.js';

export interface TiRow {
  readonly ti: TaskInstance;
  readonly run: DagRun | null;
  readonly version: DagVersion | null;
}

export class TiContext {
  private readonly runs = new Map<string, Promise<DagRun | null>>();
  constructor(
    private readonly store: Store,
    private readonly versions: VersionCache,
  ) {}

  run(dagId: string, runId: string): Promise<DagRun | null> {
    const id = `${dagId}\u0000${runId}`;
    let hit = this.runs.get(id);
    if (!hit) {
      hit = this.store.dagRuns.get({ dagId, runId });
      this.runs.set(id, hit);
    }
    return hit;
  }

  /** Reads the runs of these instances not read yet in one query, not one query each (a page spans up to 100 runs). */
  private async prefetchRuns(tis: readonly TaskInstance[]): Promise<void> {
    const missing = new Map<string, { dagId: string; runId: string }>();
    for (const ti of tis) {
      const id = `${ti.dagId}\u0000${ti.runId}`;
      if (!this.runs.has(id)) missing.set(id, { dagId: ti.dagId, runId: ti.runId });
    }
    if (missing.size < 2) return;
    const found = new Map((await this.store.dagRuns.getMany([...missing.values()])).map((run) => [`${run.dagId}\u0000${run.runId}`, run]));
    for (const id of missing.keys()) this.runs.set(id, Promise.resolve(found.get(id) ?? null));
  }

  async row(ti: TaskInstance): Promise<TiRow> {
    return { ti, run: await this.run(ti.dagId, ti.runId), version: await this.versions.get(this.store, ti.dagVersionId) };
  }

  async rows(tis: readonly TaskInstance[]): Promise<TiRow[]> {
    await this.prefetchRuns(tis);
    const out: TiRow[] = [];
    for (const ti of tis) out.push(await this.row(ti));
    return out;
  }

  async present(ti: TaskInstance): Promise<z.infer<typeof TaskInstanceResponse>> {
    const row = await this.row(ti);
    return presentTaskInstance(row.ti, row.run, row.version);
  }

  async collection(tis: readonly TaskInstance[], total = tis.length) {
    await this.prefetchRuns(tis);
    const task_instances: z.infer<typeof TaskInstanceResponse>[] = [];
    for (const ti of tis) task_instances.push(await this.present(ti));
    return { task_instances, total_entries: total };
  }
}

/** A past try, with what the instance still knows (pool, queue...) filled in from it. */
export function presentTry(attempt: TaskInstanceTry, ti: TaskInstance, version: DagVersion | null): z.infer<typeof TaskInstanceHistoryResponse> {
  return {
    task_id: attempt.taskId,
    dag_id: attempt.dagId,
    dag_run_id: attempt.runId,
    map_index: attempt.mapIndex,
    start_date: iso(attempt.startDate),
    end_date: iso(attempt.endDate),
    duration: attempt.durationMs === null ? null : attempt.durationMs / 1000,
    state: attempt.state,
    try_number: attempt.tryNumber,
    max_tries: ti.maxTries,
    task_display_name: attempt.taskId,
    dag_display_name: attempt.dagId,
    hostname: attempt.hostname,
    unixname: null,
    pool: ti.pool,
    pool_slots: ti.poolSlots,
    queue: ti.queue,
    priority_weight: ti.priorityWeight,
    operator: ti.operator,
    operator_name: ti.operator,
    queued_when: null,
    scheduled_when: null,
    pid: attempt.pid,
    executor: attempt.executor,
    executor_config: '{}',
    dag_version: version ? presentVersion(version) : null,
  };
}

/** The instance's current try as a history entry. */
export function currentTry(ti: TaskInstance): TaskInstanceTry {
  return {
    dagId: ti.dagId,
    runId: ti.runId,
    taskId: ti.taskId,
    mapIndex: ti.mapIndex,
    tryNumber: ti.tryNumber,
    state: ti.state,
    startDate: ti.startDate,
    endDate: ti.endDate,
    durationMs: ti.durationMs,
    hostname: ti.hostname,
    pid: ti.pid,
    executor: ti.executor,
    dagVersionId: ti.dagVersionId,
    stateReason: ti.stateReason,
  };
}

export function presentXCom(entry: XComEntry, run: DagRun | null): z.infer<typeof XComResponse> {
  return {
    key: entry.key,
    timestamp: entry.timestamp.toISOString(),
    logical_date: iso(run?.logicalDate),
    map_index: entry.mapIndex,
    task_id: entry.taskId,
    dag_id: entry.dagId,
    run_id: entry.runId,
    dag_display_name: entry.dagId,
    task_display_name: entry.taskId,
    run_after: (run?.runAfter ?? entry.timestamp).toISOString(),
  };
}
