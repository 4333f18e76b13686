/**
 * The scheduler: an event-driven loop over the store.
 *
 *            ┌──────────── executor: try started / finished ─────────────┐
 *            v                                                           │
 *   wake ─> tick, one transaction: record executor events ─> create due runs
 *           ─> start queued runs ─> plan + apply each dirty run ─> admit ready tasks
 *           ─> commit ─> hand the admitted tries to the executor ────────┘
 *            ^
 *            └── timer: next cron time, next retry, light poll (work made by other processes)
 *
 * A finished try wakes the loop at once and only its downstream tasks are
 * re-planned (a partial plan, see plan-focus.ts), so a
 * downstream task starts milliseconds after its upstream ends; timers serve
 * only what time itself decides. Each tick is one transaction (one durable
 * commit, however many tasks finished since the last one): a crash leaves the
 * store as it was before the tick or after it, never half way. Ticks never
 * overlap: a wake during a tick runs another tick right after it. All
 * decisions are the core's; this file only moves data between the store, the
 * planner and the executor.
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runKey } from '../core/admission.js';
import type { DagSpec } from '../core/dag-spec.js';
import { MAX_ACTIVE_TASKS_DEP } from '../core/deps/max-active-tasks-dep.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import type { Executor, ExecutorEvent, TaskWorkload } from '../executor/executor.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';
import type { Store } from '../store/store.js';
import type { JobLoopTime } from '../store/types.js';
import { applyRunPlan } from './apply-run-plan.js';
import { createAssetRuns } from './create-asset-runs.js';
import { createDueRuns } from './create-due-runs.js';
import { DagCatalog } from './dag-catalog.js';
import { checkDeadlines, type MissedDeadline } from './deadlines.js';
import { checkDeferredTasks } from './deferred-tasks.js';
import type { DagFolderRef } from './dag-file-locator.js';
import { focusAfter, type PlanFocus } from './plan-focus.js';
import { planRun, type Waiting } from './plan-run.js';
import { poolSnapshots, type PoolSnapshots } from './pool-snapshots.js';
import { queueScheduledTasks } from './queue-tasks.js';
import { recordTaskFinished, recordTaskStarted } from './record-task-event.js';
import { recordTaskInterrupted, recoverOrphans } from './recover-orphans.js';
import { loadRunSnapshot } from './run-snapshot.js';
import { claimSchedulerJob, type SchedulerJob } from './scheduler-job.js';
import { startBackfillRuns } from './start-backfill-runs.js';

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
  /** Called after the commit that ended a run (the app runs the DAG's callbacks from here). */
  readonly onRunEnded?: (run: DagRun, state: 'success' | 'failed', reason: string) => void;
  /** Called after the commit that recorded a missed deadline (the app runs its callback from here). */
  readonly onDeadlineMissed?: (missed: MissedDeadline) => void;
  /** Called after the commit in which a trigger ended a deferred task (the app runs its task callbacks from here). */
  readonly onTaskEndedByTrigger?: (ti: TaskInstance, outcome: AttemptOutcome) => void;
}

const STARTED_FLUSH_MS = 50;

/**
 * States from which an instance moves on without a plan (admission, the executor, a due
 * retry's own re-plan): while a run has one, it is neither over nor stuck.
 */
const PROGRESSING_STATES = ['scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule', 'restarting', 'deferred'] as const;

/** Waiting only because the run is at maxActiveTasks: ready again once a task of the run ends. */
const isHeldBack = (waiting: Waiting): boolean => waiting.unmet.some((u) => u.name === MAX_ACTIVE_TASKS_DEP);

/** What a tick decided, acted on once its transaction has committed. */
interface TickOutcome {
  readonly submit: TaskWorkload[];
  readonly cancel: { readonly key: ExecutorEvent['key']; readonly reason: string }[];
  readonly messages: string[];
  readonly ended: { readonly run: DagRun; readonly state: 'success' | 'failed'; readonly reason: string }[];
  /** Deferred instances the triggers ended: their task callbacks run after the commit. */
  readonly triggerEnded: { readonly ti: TaskInstance; readonly outcome: AttemptOutcome }[];
  nextWake: Date | null;
}

export class Scheduler {
  private readonly store: Store;
  private readonly catalog = new DagCatalog();
  private readonly clock: () => Date;
  /** Runs to plan this tick: `finished` names the tasks that ended since, or is null for a full plan. */
  private readonly dirtyRuns = new Map<string, { dagId: string; runId: string; finished: Set<string> | null }>();
  /** Runs whose last plan held instances back at maxActiveTasks: only a full plan looks at them again. */
  private readonly heldBack = new Set<string>();
  private readonly events: ExecutorEvent[] = [];
  private ticking: Promise<void> | null = null;
  private wakeAgain = false;
  /** A tick is scheduled and has not started yet. */
  private tickPending = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt: Date | null = null;
  private timerFired = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private polls = 0;
  private nextDueAt: Date | null = null;
  /** When the next pending deadline alert falls due. */
  private nextDeadlineAt: Date | null = null;
  /** When a deferred instance's trigger should next be looked at. */
  private nextDeferredCheckAt: Date | null = null;
  private runEnded = false;
  private fullPassRequested = false;
  private stopped = true;
  private job: SchedulerJob | null = null;
  /** The last tick's duration and a moving average (weight 0.1 on the newest), sent with each heartbeat for `/metrics`. */
  private loopTime: JobLoopTime | null = null;
  private startedFlush: NodeJS.Timeout | null = null;

  constructor(private readonly options: SchedulerOptions) {
    this.store = options.store;
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
    this.heartbeat = setInterval(() => void this.job?.heartbeat(this.clock(), this.loopTime ?? undefined), this.options.heartbeatIntervalMs ?? 5000);
    this.heartbeat.unref();
    this.polls = 0;
    this.wake(true);
  }

  /** Stops scheduling; running tries get `graceMs`, then are killed and recorded (retried on next start). */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.startedFlush) clearTimeout(this.startedFlush);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.ticking;
    await this.options.executor.stop(graceMs);
    // What the executor reported while stopping (finished and interrupted tries) is still recorded.
    await this.store.transaction((tx) => this.recordEvents(tx, this.events.splice(0)));
    await this.job?.end(this.clock());
  }

  /** Feed executor events here (the app wires the executor's `onEvent` to it). */
  onExecutorEvent(event: ExecutorEvent): void {
    this.events.push(event);
    if (event.kind === 'finished') {
      this.wake();
    } else if (this.startedFlush === null) {
      // A start is only news: recorded with the next tick, or within 50 ms, so a short
      // task's start and end share one commit instead of costing two.
      this.startedFlush = setTimeout(() => {
        this.startedFlush = null;
        this.wake();
      }, STARTED_FLUSH_MS);
    }
  }

  /**
   * Something changed: run a tick soon. `lookEverywhere` (for changes made by
   * other processes: a trigger, a clear, a pause) re-reads every active run.
   */
  wake(lookEverywhere = false): void {
    if (this.stopped) return;
    if (lookEverywhere) this.fullPassRequested = true;
    if (this.tickPending) return; // the tick about to start sees this too
    if (this.ticking) {
      this.wakeAgain = true;
      return;
    }
    // The tick starts after the events already read this turn are delivered (setImmediate runs
    // after the poll phase): 32 tries finishing together make one tick and one commit, not 32.
    // Started at once, a tick ran inside the first event's callback and saw only that event:
    // a 1,000-task fan-out took 1,003 ticks.
    this.tickPending = true;
    this.ticking = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => {
        this.tickPending = false;
        return this.tick();
      })
      .catch((error: unknown) => this.log(`scheduler tick failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => {
        this.ticking = null;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  private async tick(): Promise<void> {
    const tickStarted = performance.now();
    const now = this.clock();
    const poll = this.timerFired;
    this.timerFired = false;
    if (poll) this.polls += 1;
    const fullPass = this.fullPassRequested || (poll && this.polls % (this.options.fullPassEvery ?? 5) === 0);
    this.fullPassRequested = false;
    const events = this.events.splice(0);
    if (this.startedFlush) clearTimeout(this.startedFlush);
    this.startedFlush = null;
    const outcome: TickOutcome = { submit: [], cancel: [], messages: [], ended: [], triggerEnded: [], nextWake: null };
    let missed: MissedDeadline[] = [];

    await this.store.transaction(async (tx) => {
      await this.recordEvents(tx, events);
      const due = this.nextDueAt !== null && this.nextDueAt <= now;
      // A tick woken by a finished task only re-plans that task's run; looking around
      // (timetables, queued runs, retries) is for timers, nudges and ended runs.
      const lookAround = fullPass || poll || due || this.runEnded;
      if (fullPass || due || this.runEnded) {
        this.runEnded = false;
        const created = await createDueRuns(tx, this.catalog, now);
        this.nextDueAt = created.nextDueAt;
        if (created.created.length > 0) outcome.messages.push(`created runs ${created.created.join(', ')}`);
      }
      if (lookAround) outcome.messages.push(...(await createAssetRuns(tx, this.catalog, now)).messages);
      if (lookAround) await this.startQueuedRuns(tx, now, outcome);
      if (lookAround) await this.checkDeferred(tx, now, outcome);
      if (fullPass) {
        for (const run of (await tx.dagRuns.list({ states: ['running'] })).items) this.markDirty(run);
        await this.findTriesChangedElsewhere(tx, outcome);
      } else if (poll) {
        await this.markRunsWithDueRetries(tx, now);
      }
      const pools = await poolSnapshots(tx);
      await this.advanceDirtyRuns(tx, now, pools, outcome);
      if (lookAround) missed = await this.checkDeadlineAlerts(tx, now, outcome);
      const queued = await queueScheduledTasks(
        { store: tx, catalog: this.catalog, freeSlots: this.options.executor.freeSlots, pools, folders: this.options.folders, logsFolder: this.options.logsFolder, maxXcomBytes: this.options.maxXcomBytes },
        now,
      );
      outcome.submit.push(...queued.workloads);
      if (lookAround || this.timer === null) outcome.nextWake = await this.nextWake(tx, now);
    });

    for (const workload of outcome.submit) this.options.executor.submit(workload);
    for (const { key, reason } of outcome.cancel) this.options.executor.cancel(key, reason);
    for (const message of outcome.messages) this.log(message);
    for (const { ti, outcome: ended } of outcome.triggerEnded) this.options.onTaskEndedByTrigger?.(ti, ended);
    for (const { run, state, reason } of outcome.ended) this.options.onRunEnded?.(run, state, reason);
    for (const miss of missed) this.options.onDeadlineMissed?.(miss);
    if (outcome.nextWake) this.scheduleTimer(outcome.nextWake);
    // A run that ended may let a queued one start: look around once more.
    if (this.runEnded) this.wakeAgain = true;
    const lastMs = performance.now() - tickStarted;
    this.loopTime = { lastMs, avgMs: this.loopTime ? this.loopTime.avgMs * 0.9 + lastMs * 0.1 : lastMs };
  }

  private async recordEvents(tx: Store, events: readonly ExecutorEvent[]): Promise<void> {
    for (const event of events) {
      if (event.kind === 'started') {
        await recordTaskStarted(tx, event, this.options.executorName);
      } else if (event.interrupted) {
        // Killed by our own shutdown: the task did nothing wrong, so it must not fail (or spend a retry).
        await recordTaskInterrupted(tx, event);
      } else {
        const ti = await tx.taskInstances.get(event.key);
        if (!ti) continue;
        const { spec } = await this.catalog.version(tx, ti.dagVersionId);
        const recorded = await recordTaskFinished(tx, spec, event, ti);
        if (recorded.recorded) {
          this.markTaskEnded(recorded.run, recorded.ti.taskId);
          if (recorded.ti.nextRetryAt) this.noteRetryAt(recorded.ti.nextRetryAt);
        }
      }
    }
  }

  /** The run needs a full plan. */
  private markDirty(run: { dagId: string; runId: string }): void {
    this.dirtyRuns.set(runKey(run.dagId, run.runId), { dagId: run.dagId, runId: run.runId, finished: null });
  }

  /** A task of the run ended: its downstream tasks need a look (a partial plan, unless a full one is due anyway). */
  private markTaskEnded(run: { dagId: string; runId: string }, taskId: string): void {
    const key = runKey(run.dagId, run.runId);
    const dirty = this.dirtyRuns.get(key);
    if (dirty === undefined) this.dirtyRuns.set(key, { dagId: run.dagId, runId: run.runId, finished: new Set([taskId]) });
    else dirty.finished?.add(taskId);
  }

  private async startQueuedRuns(tx: Store, now: Date, outcome: TickOutcome): Promise<void> {
    // Runs of active backfills start in their backfill's order under its own limit.
    const backfills = await startBackfillRuns(tx, now);
    for (const key of backfills.started) this.markDirty(key);
    if (backfills.completed.length > 0) outcome.messages.push(`backfills completed: ${backfills.completed.join(', ')}`);
    const queued = (await tx.dagRuns.list({ states: ['queued'], orderBy: 'runAfter' })).items;
    const started = new Map<string, number>();
    const paused = new Map<string, boolean>();
    for (const run of queued) {
      if (run.runAfter > now) continue;
      // A paused DAG's runs wait, triggered ones included, as in Airflow: unpausing starts them.
      if (!paused.has(run.dagId)) paused.set(run.dagId, (await tx.dags.get(run.dagId))?.isPaused ?? false);
      if (paused.get(run.dagId)) continue;
      if (run.backfillId !== null && backfills.activeBackfillIds.has(run.backfillId)) continue;
      const { spec } = await this.catalog.version(tx, run.dagVersionId);
      // Backfill runs do not count against the DAG's own maxActiveRuns (Airflow 3).
      const running = started.get(run.dagId) ?? (await tx.dagRuns.list({ dagId: run.dagId, backfillId: null, states: ['running'], limit: 1 })).total;
      if (running >= spec.maxActiveRuns) continue;
      if (await tx.dagRuns.updateState(run, 'queued', 'running', { startDate: run.startDate ?? now })) {
        started.set(run.dagId, running + 1);
        this.markDirty(run);
      }
    }
  }

  private async advanceDirtyRuns(tx: Store, now: Date, pools: PoolSnapshots, outcome: TickOutcome): Promise<void> {
    const runs = [...this.dirtyRuns.values()];
    this.dirtyRuns.clear();
    for (const key of runs) {
      const run = await tx.dagRuns.get(key);
      if (!run || run.state !== 'running') continue;
      await this.advanceRun(tx, run, now, pools, outcome, key.finished);
    }
  }

  private async advanceRun(tx: Store, run: DagRun, now: Date, pools: PoolSnapshots, outcome: TickOutcome, finished: ReadonlySet<string> | null): Promise<void> {
    const { spec } = await this.catalog.version(tx, run.dagVersionId);
    const key = runKey(run.dagId, run.runId);
    const focus = finished !== null && !this.heldBack.has(key) ? focusAfter(spec, finished) : null;
    if (focus !== null && (await this.advanceFocused(tx, spec, run, now, pools, focus))) return;
    // A plan that expanded mapped tasks needs another look at the new instances.
    for (let round = 0; round < 10; round += 1) {
      const plan = planRun(await loadRunSnapshot(tx, spec, run, now, pools));
      if (plan.waiting.some(isHeldBack)) this.heldBack.add(key);
      else this.heldBack.delete(key);
      const applied = await applyRunPlan(tx, run, plan, now);
      if (applied.finished) this.heldBack.delete(key);
      if (applied.finished) {
        outcome.messages.push(`run ${run.dagId}/${run.runId} ${applied.finished}: ${plan.runState.reason}`);
        outcome.ended.push({ run, state: applied.finished, reason: plan.runState.reason });
        this.runEnded = true;
        return;
      }
      if (plan.expansions.length === 0 && plan.changes.length === 0) return;
    }
  }

  /**
   * Plans only the downstream tasks of those that ended. True when that was enough; false
   * when only a full plan can tell what happens next: an early state (upstream_failed)
   * that may cascade further, or nothing left to wait for (the run is over, or stuck).
   */
  private async advanceFocused(tx: Store, spec: DagSpec, run: DagRun, now: Date, pools: PoolSnapshots, focus: PlanFocus): Promise<boolean> {
    if (focus.focus.size > 0) {
      const plan = planRun(await loadRunSnapshot(tx, spec, run, now, pools, focus));
      await applyRunPlan(tx, run, plan, now);
      if (plan.changes.length > 0) return false;
      if (plan.waiting.some(isHeldBack)) this.heldBack.add(runKey(run.dagId, run.runId));
      if (plan.toSchedule.length > 0) return true;
    }
    return tx.taskInstances.anyInStates(run, PROGRESSING_STATES);
  }

  /** Deferred instances whose trigger decided are ended; their runs get a plan. */
  private async checkDeferred(tx: Store, now: Date, outcome: TickOutcome): Promise<void> {
    const taskOf = async (ti: TaskInstance) => (await this.catalog.version(tx, ti.dagVersionId)).spec.tasks.find((t) => t.taskId === ti.taskId);
    const checked = await checkDeferredTasks(tx, now, taskOf);
    for (const { ti } of checked.ended) {
      this.markTaskEnded(ti, ti.taskId);
      if (ti.nextRetryAt) this.noteRetryAt(ti.nextRetryAt);
    }
    outcome.triggerEnded.push(...checked.ended);
    this.nextDeferredCheckAt = checked.nextCheckAt;
  }

  /** Deadline alerts: times filled in, met ones resolved, missed ones recorded (their callbacks run after the commit). */
  private async checkDeadlineAlerts(tx: Store, now: Date, outcome: TickOutcome): Promise<MissedDeadline[]> {
    const checked = await checkDeadlines(tx, now);
    this.nextDeadlineAt = checked.nextAt;
    outcome.messages.push(...checked.messages);
    return checked.missed;
  }

  /** Runs whose up_for_retry instances are due now get re-planned. */
  private async markRunsWithDueRetries(tx: Store, now: Date): Promise<void> {
    for (const ti of (await tx.taskInstances.list({ states: ['up_for_retry', 'up_for_reschedule'] })).items) {
      if (ti.nextRetryAt === null || ti.nextRetryAt <= now) this.markDirty(ti);
    }
  }

  /** A try that the user cleared or marked from another process is stopped. */
  private async findTriesChangedElsewhere(tx: Store, outcome: TickOutcome): Promise<void> {
    for (const key of this.options.executor.running()) {
      const ti = await tx.taskInstances.get(key);
      if (!ti || (ti.state !== 'running' && ti.state !== 'queued')) {
        outcome.cancel.push({ key, reason: ti ? `stopped: the task instance was set to ${ti.state ?? 'none'} while it ran` : 'stopped: the task instance was deleted' });
      }
    }
  }

  private async nextWake(tx: Store, now: Date): Promise<Date> {
    const poll = new Date(now.getTime() + (this.options.pollIntervalMs ?? 1000));
    let next = this.nextDueAt !== null && this.nextDueAt < poll ? this.nextDueAt : poll;
    if (this.nextDeadlineAt !== null && this.nextDeadlineAt < next) next = this.nextDeadlineAt;
    if (this.nextDeferredCheckAt !== null && this.nextDeferredCheckAt < next) next = this.nextDeferredCheckAt;
    for (const ti of (await tx.taskInstances.list({ states: ['up_for_retry', 'up_for_reschedule'] })).items) {
      if (ti.nextRetryAt !== null && ti.nextRetryAt < next) next = ti.nextRetryAt;
    }
    return next;
  }

  /** A retry due earlier than the timer wakes the scheduler when it is due. */
  private noteRetryAt(at: Date): void {
    if (this.timerAt === null || at < this.timerAt) this.scheduleTimer(at);
  }

  private scheduleTimer(at: Date): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    const delay = Math.max(0, at.getTime() - this.clock().getTime());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = null;
      this.timerFired = true;
      this.wake();
    }, delay);
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.log(`[scheduler ${hostname()}] ${m}`)))(message);
  }
}
