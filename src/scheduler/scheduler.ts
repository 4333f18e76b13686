/**
 * The scheduler: an event-driven loop over the store.
 *
 *            ┌──────── executor: try finished ───────┐
 *            v                                       │
 *   wake ─> tick: create due runs ─> start queued runs (maxActiveRuns)
 *                 ─> plan + apply each dirty run ─> queue admitted tasks ─> executor
 *            ^
 *            └── timer: next cron time, next retry, light poll (triggers made by other processes)
 *
 * A finished try wakes the loop at once and only its run is re-planned, so a
 * downstream task starts milliseconds after its upstream ends; timers serve
 * only what time itself decides. Ticks never overlap: a wake during a tick
 * runs another tick right after it. All decisions are the core's; this file
 * only moves data between the store, the planner and the executor.
 */
import { hostname } from 'node:os';
import { planRun } from './plan-run.js';
import type { DagRun } from '../core/run-model.js';
import type { Executor, ExecutorEvent } from '../executor/executor.js';
import type { Store } from '../store/store.js';
import { applyRunPlan } from './apply-run-plan.js';
import { createDueRuns } from './create-due-runs.js';
import { DagCatalog } from './dag-catalog.js';
import type { DagFolderRef } from './dag-file-locator.js';
import { queueScheduledTasks } from './queue-tasks.js';
import { recordTaskFinished, recordTaskStarted } from './record-task-event.js';
import { recoverOrphans } from './recover-orphans.js';
import { loadRunSnapshot } from './run-snapshot.js';
import { claimSchedulerJob, type SchedulerJob } from './scheduler-job.js';

export interface SchedulerOptions {
  readonly store: Store;
  readonly executor: Executor;
  /** Name recorded on task instances this scheduler's executor runs (e.g. 'local'). */
  readonly executorName: string;
  readonly folders: readonly DagFolderRef[];
  readonly logsFolder: string;
  readonly maxXcomBytes: number;
  readonly clock?: () => Date;
  /** How often to look for work other processes created (triggers, clears). Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Every this many polls, re-plan every running run (a safety net for changes made elsewhere). Default 5. */
  readonly fullPassEvery?: number;
  readonly heartbeatIntervalMs?: number;
  readonly log?: (message: string) => void;
}

export class Scheduler {
  private readonly store: Store;
  private readonly catalog: DagCatalog;
  private readonly clock: () => Date;
  private readonly dirtyRuns = new Map<string, { dagId: string; runId: string }>();
  private ticking: Promise<void> | null = null;
  private wakeAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private polls = 0;
  private nextDueAt: Date | null = null;
  private stopped = true;
  private job: SchedulerJob | null = null;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: SchedulerOptions) {
    this.store = options.store;
    this.catalog = new DagCatalog(options.store);
    this.clock = options.clock ?? (() => new Date());
  }

  async start(): Promise<void> {
    this.job = await claimSchedulerJob(this.store, this.clock());
    const recovered = await recoverOrphans(this.store, this.options.executorName, this.clock());
    if (recovered.requeued + recovered.interrupted > 0) {
      this.log(`recovered ${recovered.requeued} queued and ${recovered.interrupted} interrupted task instance(s) from a previous run`);
    }
    await this.options.executor.start();
    this.stopped = false;
    this.heartbeat = setInterval(() => void this.job?.heartbeat(this.clock()), this.options.heartbeatIntervalMs ?? 5000);
    this.heartbeat.unref();
    this.polls = 0;
    this.wake();
  }

  /** Stops scheduling; running tries get `graceMs`, then are killed and recorded (retried on next start). */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.ticking;
    await this.options.executor.stop(graceMs);
    await Promise.allSettled([...this.pending]);
    await this.job?.end(this.clock());
  }

  /** Feed executor events here (the app wires the executor's `onEvent` to it). */
  onExecutorEvent(event: ExecutorEvent): void {
    const work = this.handleEvent(event).catch((error: unknown) => this.log(`failed to record ${event.kind} of ${event.key.taskId}: ${String(error)}`));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /**
   * Something changed: run a tick soon. `lookEverywhere` (for changes made by
   * other processes: a trigger, a clear, a pause) re-reads every active run.
   */
  wake(lookEverywhere = false): void {
    if (this.stopped) return;
    if (lookEverywhere) this.fullPassRequested = true;
    if (this.ticking) {
      this.wakeAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ticking = this.tick()
      .catch((error: unknown) => this.log(`scheduler tick failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => {
        this.ticking = null;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  private async handleEvent(event: ExecutorEvent): Promise<void> {
    if (event.kind === 'started') {
      await recordTaskStarted(this.store, event, this.options.executorName);
      return;
    }
    const run = await this.store.dagRuns.get(event.key);
    if (!run) return;
    const { spec } = await this.catalog.version(run.dagVersionId);
    const recorded = await recordTaskFinished(this.store, spec, event);
    if (recorded.recorded) this.markDirty(run);
    this.wake();
  }

  private markDirty(run: { dagId: string; runId: string }): void {
    this.dirtyRuns.set(`${run.dagId}\u0000${run.runId}`, { dagId: run.dagId, runId: run.runId });
  }

  private async tick(): Promise<void> {
    const now = this.clock();
    const poll = this.timerFired;
    this.timerFired = false;
    if (poll) this.polls += 1;
    const fullPass = this.polls === 0 || this.fullPassRequested || (poll && this.polls % (this.options.fullPassEvery ?? 5) === 0);
    this.fullPassRequested = false;

    if (fullPass || this.nextDueAt === null || this.nextDueAt <= now || this.runEnded) {
      this.runEnded = false;
      const due = await createDueRuns(this.store, this.catalog, now);
      this.nextDueAt = due.nextDueAt;
      if (due.created.length > 0) this.log(`created runs ${due.created.join(', ')}`);
    }
    await this.startQueuedRuns(now);
    if (fullPass) {
      for (const run of (await this.store.dagRuns.list({ states: ['running'] })).items) this.markDirty(run);
      await this.cancelTriesChangedElsewhere();
    } else if (poll) {
      await this.markRunsWithDueRetries(now);
    }
    await this.advanceDirtyRuns(now);
    await queueScheduledTasks(
      {
        store: this.store,
        catalog: this.catalog,
        executor: this.options.executor,
        folders: this.options.folders,
        logsFolder: this.options.logsFolder,
        maxXcomBytes: this.options.maxXcomBytes,
      },
      now,
    );
    this.scheduleTimer(await this.nextWake(now));
  }

  private timerFired = false;
  private runEnded = false;
  private fullPassRequested = false;

  private async startQueuedRuns(now: Date): Promise<void> {
    const queued = (await this.store.dagRuns.list({ states: ['queued'], orderBy: 'runAfter' })).items;
    const started = new Map<string, number>();
    for (const run of queued) {
      if (run.runAfter > now) continue;
      const { spec } = await this.catalog.version(run.dagVersionId);
      const running = started.get(run.dagId) ?? (await this.store.dagRuns.list({ dagId: run.dagId, states: ['running'], limit: 1 })).total;
      if (running >= spec.maxActiveRuns) continue;
      if (await this.store.dagRuns.updateState(run, 'queued', 'running', { startDate: run.startDate ?? now })) {
        started.set(run.dagId, running + 1);
        this.markDirty(run);
      }
    }
  }

  private async advanceDirtyRuns(now: Date): Promise<void> {
    const runs = [...this.dirtyRuns.values()];
    this.dirtyRuns.clear();
    for (const key of runs) {
      const run = await this.store.dagRuns.get(key);
      if (!run || run.state !== 'running') continue;
      await this.advanceRun(run, now);
    }
  }

  private async advanceRun(run: DagRun, now: Date): Promise<void> {
    const { spec } = await this.catalog.version(run.dagVersionId);
    // A plan that expanded mapped tasks needs another look at the new instances.
    for (let round = 0; round < 10; round += 1) {
      const plan = planRun(await loadRunSnapshot(this.store, spec, run, now));
      const applied = await applyRunPlan(this.store, run, plan, now);
      if (applied.finished) {
        this.log(`run ${run.dagId}/${run.runId} ${applied.finished}: ${plan.runState.reason}`);
        this.runEnded = true;
        return;
      }
      if (plan.expansions.length === 0 && plan.changes.length === 0) return;
    }
  }

  /** Runs whose up_for_retry instances are due now get re-planned. */
  private async markRunsWithDueRetries(now: Date): Promise<void> {
    for (const ti of (await this.store.taskInstances.list({ states: ['up_for_retry', 'up_for_reschedule'] })).items) {
      if (ti.nextRetryAt === null || ti.nextRetryAt <= now) this.markDirty(ti);
    }
  }

  /** A try that the user cleared or marked from another process is stopped here. */
  private async cancelTriesChangedElsewhere(): Promise<void> {
    for (const key of this.options.executor.running()) {
      const ti = await this.store.taskInstances.get(key);
      if (!ti || (ti.state !== 'running' && ti.state !== 'queued')) {
        this.options.executor.cancel(key, ti ? `stopped: the task instance was set to ${ti.state ?? 'none'} while it ran` : 'stopped: the task instance was deleted');
      }
    }
  }

  private async nextWake(now: Date): Promise<Date> {
    const poll = new Date(now.getTime() + (this.options.pollIntervalMs ?? 1000));
    let next = this.nextDueAt !== null && this.nextDueAt < poll ? this.nextDueAt : poll;
    for (const ti of (await this.store.taskInstances.list({ states: ['up_for_retry'] })).items) {
      if (ti.nextRetryAt !== null && ti.nextRetryAt < next) next = ti.nextRetryAt;
    }
    return next;
  }

  private scheduleTimer(at: Date): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, at.getTime() - this.clock().getTime());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerFired = true;
      this.wake();
    }, delay);
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.log(`[scheduler ${hostname()}] ${m}`)))(message);
  }
}
