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
 *
 * Several schedulers may share one PostgreSQL database (store/locks.ts): each
 * look-around chore runs in one scheduler at a time (a scheduler that finds its
 * lock taken skips it: another one is doing it), each scheduler plans only the
 * runs it could row-lock (the others stay dirty and are tried again shortly),
 * and queueing is a critical section, so pools and limits are never over-admitted.
 * A scheduler that dies is found by the others' adopt-or-reset (recover-orphans.ts).
 * A tick rolled back because another scheduler was in the way (a deadlock) puts
 * its events and runs back for the next one.
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import type { Executor, ExecutorEvent, TaskWorkload } from '../executor/executor.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';
import type { Store } from '../store/store.js';
import type { JobLoopTime } from '../store/types.js';
import { createAssetRuns } from './create-asset-runs.js';
import { createDueRuns } from './create-due-runs.js';
import { RunAdvancer } from './advance-runs.js';
import { DagCatalog } from './dag-catalog.js';
import { checkDeadlines, type MissedDeadline } from './deadlines.js';
import { checkDeferredTasks } from './deferred-tasks.js';
import { checkRemoteTries, type JobFinder } from './remote-tries.js';
import type { DagFolderRef } from './dag-file-locator.js';
import { DirtyRuns, type DirtyRun } from './dirty-runs.js';
import { poolSnapshots } from './pool-snapshots.js';
import { queueTasksOnce } from './queue-tasks.js';
import { recordTaskFinished, recordTaskStarted } from './record-task-event.js';
import { adoptOrphans, describeAdopted, recordTaskInterrupted } from './recover-orphans.js';
import { claimSchedulerJob, SCHEDULER_HEARTBEAT_TIMEOUT_MS, type SchedulerJob } from './scheduler-job.js';
import { startQueuedRuns } from './start-queued-runs.js';

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
  /** `[scheduler] health_check_threshold`: another scheduler silent this long is dead and its instances are settled. Default 30 s. */
  readonly healthCheckThresholdMs?: number;
  readonly log?: (message: string) => void;
  /** Called after the commit that ended a run (the app runs the DAG's callbacks from here). */
  readonly onRunEnded?: (run: DagRun, state: 'success' | 'failed', reason: string) => void;
  /** Called after the commit that recorded a missed deadline (the app runs its callback from here). */
  readonly onDeadlineMissed?: (missed: MissedDeadline) => void;
  /** Called after the commit in which a trigger ended a deferred task (the app runs its task callbacks from here). */
  readonly onTaskEndedByTrigger?: (ti: TaskInstance, outcome: AttemptOutcome) => void;
  /** With an executor whose tries run on remote workers (the queue executor): how their silence and lost jobs are judged. */
  readonly remoteTries?: { readonly jobs: JobFinder; readonly heartbeatTimeoutMs: number; readonly queuedTimeoutMs: number };
}

const STARTED_FLUSH_MS = 50;
/** How soon runs another scheduler held, and chores whose lock it held, are tried again. */
const LOCK_RETRY_MS = 75;

/** PostgreSQL's deadlock, serialization and lock-timeout errors: another scheduler was in the way, not a fault. */
const isContention = (error: unknown): boolean => ['40P01', '40001', '55P03'].includes(String((error as { code?: unknown } | null)?.code));

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
  private readonly dirty = new DirtyRuns();
  private readonly advancer = new RunAdvancer(this.catalog);
  private readonly events: ExecutorEvent[] = [];
  private ticking: Promise<void> | null = null;
  private wakeAgain = false;
  /** A tick is scheduled and has not started yet. */
  private tickPending = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt: Date | null = null;
  private timerFired = false;
  /** A short wake for what another scheduler held (runs, chores) or a failed tick left. */
  private retryTimer: NodeJS.Timeout | null = null;
  /** A chore's lock was taken by another scheduler: the next tick looks around again. */
  private choresSoon = false;
  /** When to look for dead schedulers' task instances next. */
  private nextAdoptAt = new Date(0);
  private readonly thresholdMs: number;
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
    this.thresholdMs = options.healthCheckThresholdMs ?? SCHEDULER_HEARTBEAT_TIMEOUT_MS;
  }

  async start(): Promise<void> {
    const job = await claimSchedulerJob(this.store, {
      thresholdMs: this.thresholdMs,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 5000,
      clock: this.clock,
      loopTime: () => this.loopTime ?? undefined,
      log: (message) => this.log(message),
      // Found dead by another scheduler, which settled our instances: a full pass stops our tries of them.
      onRevived: () => this.wake(true),
    });
    this.job = job;
    // Tries of schedulers that died (this host's previous run among them) are settled before anything runs.
    const adopted = await this.store.transaction(async (tx) => {
      await tx.locks.hold('adopt_orphans');
      return adoptOrphans(tx, job.id, this.clock(), this.thresholdMs);
    });
    for (const line of describeAdopted(adopted)) this.log(line);
    this.nextAdoptAt = new Date(this.clock().getTime() + this.thresholdMs / 2);
    await this.options.executor.start();
    this.stopped = false;
    this.polls = 0;
    this.wake(true);
  }

  /** Stops scheduling; running tries get `graceMs`, then are killed and recorded (retried on next start). */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.startedFlush) clearTimeout(this.startedFlush);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.ticking;
    await this.options.executor.stop(graceMs);
    // What the executor reported while stopping (finished and interrupted tries) is still recorded.
    await this.store.transaction((tx) => this.recordEvents(tx, this.events.splice(0)));
    await this.job?.end(this.clock());
  }

  /** Feed executor events here (the app wires the executor's `onEvent` to it). */
  onExecutorEvent(event: ExecutorEvent): void {
    this.events.push(event);
    if (event.kind !== 'started') {
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
    const choresSoon = this.choresSoon;
    this.choresSoon = false;
    const events = this.events.splice(0);
    if (this.startedFlush) clearTimeout(this.startedFlush);
    this.startedFlush = null;
    const outcome: TickOutcome = { submit: [], cancel: [], messages: [], ended: [], triggerEnded: [], nextWake: null };
    let missed: MissedDeadline[] = [];
    let taken: DirtyRun[] = [];

    try {
      await this.store.transaction(async (tx) => {
        // Should this process freeze mid-tick (SIGSTOP, a stalled VM), the server ends the
        // transaction after the threshold, so its locks do not stop the other schedulers.
        await tx.locks.releaseIfStalled(this.thresholdMs);
        await this.recordEvents(tx, events);
        const due = this.nextDueAt !== null && this.nextDueAt <= now;
        // A tick woken by a finished task only re-plans that task's run; looking around
        // (timetables, queued runs, retries) is for timers, nudges and ended runs.
        const lookAround = fullPass || poll || due || this.runEnded || choresSoon;
        if (lookAround) await this.createRuns(tx, now, fullPass || due || this.runEnded || choresSoon, outcome);
        if (lookAround) await this.startRuns(tx, now, outcome);
        if (lookAround) await this.checkDeferred(tx, now, outcome);
        if (lookAround && now >= this.nextAdoptAt) await this.adoptOrphans(tx, now, outcome);
        if (lookAround) await this.checkRemoteTries(tx, now, outcome);
        if (fullPass) {
          for (const run of (await tx.dagRuns.list({ states: ['running'] })).items) this.markDirty(run);
          await this.findTriesChangedElsewhere(tx, outcome);
        } else if (poll) {
          await this.markRunsWithDueRetries(tx, now);
        }
        const pools = await poolSnapshots(tx);
        taken = await this.dirty.take(tx);
        for (const ended of await this.advancer.advance(tx, taken, now, pools)) {
          outcome.messages.push(`run ${ended.run.dagId}/${ended.run.runId} ${ended.state}: ${ended.reason}`);
          outcome.ended.push(ended);
          this.runEnded = true;
        }
        if (lookAround) missed = await this.checkDeadlineAlerts(tx, now, outcome);
        const queued = await queueTasksOnce(
          {
            store: tx,
            catalog: this.catalog,
            freeSlots: this.options.executor.freeSlots,
            pools,
            folders: this.options.folders,
            logsFolder: this.options.logsFolder,
            maxXcomBytes: this.options.maxXcomBytes,
            jobId: this.job?.id ?? null,
            executorName: this.options.executorName,
          },
          now,
        );
        outcome.submit.push(...queued.workloads);
        if (lookAround || this.timer === null) outcome.nextWake = await this.nextWake(tx, now);
      });
    } catch (error) {
      // Rolled back because another scheduler was in the way (a deadlock): nothing of this tick
      // was committed, so its events and runs go back for another tick shortly. Any other error
      // drops them as before: put back, a run that cannot be planned would fail every tick.
      if (isContention(error)) {
        this.events.unshift(...events);
        this.dirty.restore(taken);
        this.retrySoon(true);
      }
      throw error;
    }
    // Runs another scheduler was planning: ours to plan once it has committed.
    if (this.dirty.heldElsewhere > 0) this.retrySoon(false);

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
      } else if (event.kind === 'recorded') {
        // A worker's try, recorded by the execution API: only its downstream tasks need a look.
        this.markTaskEnded(event.key, event.key.taskId);
        const ti = await tx.taskInstances.get(event.key);
        if (ti?.nextRetryAt) this.noteRetryAt(ti.nextRetryAt);
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
    this.dirty.markFull(run);
  }

  /** A task of the run ended: its downstream tasks need a look (a partial plan, unless a full one is due anyway). */
  private markTaskEnded(run: { dagId: string; runId: string }, taskId: string): void {
    this.dirty.markTaskEnded(run, taskId);
  }

  /** Timetable runs (with `dueToo`) and asset-triggered runs, by one scheduler at a time. */
  private async createRuns(tx: Store, now: Date, dueToo: boolean, outcome: TickOutcome): Promise<void> {
    if (dueToo) this.runEnded = false;
    if (!(await tx.locks.tryHold('create_runs'))) {
      // Another scheduler is creating runs this moment: look again shortly, not at a due time already past.
      this.nextDueAt = null;
      this.retrySoon(true);
      return;
    }
    if (dueToo) {
      const created = await createDueRuns(tx, this.catalog, now);
      this.nextDueAt = created.nextDueAt;
      if (created.created.length > 0) outcome.messages.push(`created runs ${created.created.join(', ')}`);
    }
    outcome.messages.push(...(await createAssetRuns(tx, this.catalog, now)).messages);
  }

  /** Queued runs (backfills' first) that may start, by one scheduler at a time. */
  private async startRuns(tx: Store, now: Date, outcome: TickOutcome): Promise<void> {
    if (!(await tx.locks.tryHold('start_runs'))) {
      this.retrySoon(true);
      return;
    }
    const started = await startQueuedRuns(tx, this.catalog, now);
    for (const run of started.started) this.markDirty(run);
    outcome.messages.push(...started.messages);
  }

  /** Dead schedulers' jobs ended and their local instances settled, by one scheduler at a time. */
  private async adoptOrphans(tx: Store, now: Date, outcome: TickOutcome): Promise<void> {
    this.nextAdoptAt = new Date(now.getTime() + this.thresholdMs / 2);
    if (this.job === null || !(await tx.locks.tryHold('adopt_orphans'))) return;
    const adopted = await adoptOrphans(tx, this.job.id, now, this.thresholdMs);
    for (const run of adopted.runs) this.markDirty(run);
    outcome.messages.push(...describeAdopted(adopted));
  }

  /** Workers' tries: silent ones fail (and retry), queued ones whose job Redis lost are queued again. */
  private async checkRemoteTries(tx: Store, now: Date, outcome: TickOutcome): Promise<void> {
    const remote = this.options.remoteTries;
    if (!remote || !(await tx.locks.tryHold('remote_tries'))) return;
    const specOf = async (ti: TaskInstance) => (await this.catalog.version(tx, ti.dagVersionId)).spec;
    let checked;
    try {
      checked = await checkRemoteTries(tx, remote.jobs, specOf, { executorName: this.options.executorName, heartbeatTimeoutMs: remote.heartbeatTimeoutMs, queuedTimeoutMs: remote.queuedTimeoutMs }, now);
    } catch (error) {
      // Redis away: which jobs exist is unknown this time; the next look-around asks again.
      outcome.messages.push(`could not check the workers' tries: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const { ti } of checked.failed) {
      this.markTaskEnded(ti, ti.taskId);
      if (ti.nextRetryAt) this.noteRetryAt(ti.nextRetryAt);
    }
    for (const ti of checked.requeued) this.markDirty(ti);
    // The dead worker never ran the task's callbacks: they run in a process of their own, as for a trigger.
    outcome.triggerEnded.push(...checked.failed);
    outcome.messages.push(...checked.messages);
  }

  /** Deferred instances whose trigger decided are ended; their runs get a plan. One judge at a time (schedulers, triggerers). */
  private async checkDeferred(tx: Store, now: Date, outcome: TickOutcome): Promise<void> {
    if (!(await tx.locks.tryHold('triggers'))) {
      // Another scheduler or triggerer is judging them: not ours to wake for.
      this.nextDeferredCheckAt = null;
      return;
    }
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
    if (!(await tx.locks.tryHold('deadlines'))) {
      this.nextDeadlineAt = null;
      return [];
    }
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

  /** A tick in `ms` (`chores`: one that looks around), for what another scheduler held or a failed tick left. */
  private retrySoon(chores: boolean, ms = LOCK_RETRY_MS): void {
    if (chores) this.choresSoon = true;
    if (this.stopped || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.wake();
    }, ms);
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
