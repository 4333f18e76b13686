/**
 * `updraft triggerer` without the CLI: a loop that ends deferred task
 * instances when their triggers decide (deferred-tasks.ts), in a process of
 * its own, so deferred sensors keep being judged while schedulers restart, and
 * a busy scheduler's tick does not carry them.
 *
 *   start ──> pass ──> sleep until the next trigger is due (at most pollIntervalMs) ──> pass ──> …
 *     │        └─ one transaction under the 'triggers' lock; the ended ones' callbacks after the commit
 *     └─ stop(): the pass under way finishes, the job ends
 *
 * The scheduler judges triggers too, under the same lock, so a triggerer and
 * any number of schedulers never end one instance twice (and each end is
 * compare-and-set on `deferred` anyway). On SQLite the lock is a no-op: the
 * database has one writer at a time.
 */
import type { TaskInstance } from '../core/run-model.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';
import type { Store } from '../store/store.js';
import { DagCatalog } from './dag-catalog.js';
import { checkDeferredTasks } from './deferred-tasks.js';
import { startServiceJob, type ServiceJob } from './service-job.js';

export interface TriggererOptions {
  readonly store: Store;
  readonly clock?: () => Date;
  /** Longest sleep between passes: triggers on other DAGs' tasks and new deferrals are seen this late. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly log?: (message: string) => void;
  /** After the commit that ended a deferred instance (the app runs its task callbacks). */
  readonly onTaskEnded?: (ti: TaskInstance, outcome: AttemptOutcome) => void;
}

export class Triggerer {
  private readonly store: Store;
  private readonly clock: () => Date;
  private readonly catalog = new DagCatalog();
  private job: ServiceJob | null = null;
  private timer: NodeJS.Timeout | null = null;
  private passing: Promise<void> | null = null;
  private stopped = true;
  private failing = false;

  constructor(private readonly options: TriggererOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The triggerer's job id (after start). */
  get jobId(): number | null {
    return this.job?.id ?? null;
  }

  async start(): Promise<void> {
    this.job = await startServiceJob(this.store, 'triggerer', {
      intervalMs: this.options.heartbeatIntervalMs ?? 5000,
      clock: this.clock,
      log: (message) => this.log(message),
    });
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.passing;
    await this.job?.end('success');
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.passing = this.pass()
        .then((next) => this.schedule(next))
        .finally(() => (this.passing = null));
    }, delayMs);
  }

  /** One pass; resolves to how long to sleep before the next. */
  private async pass(): Promise<number> {
    const poll = this.options.pollIntervalMs ?? 1000;
    const now = this.clock();
    let checked: Awaited<ReturnType<typeof checkDeferredTasks>> | null;
    try {
      checked = await this.store.transaction(async (tx) => {
        // Another process (a scheduler's tick, another triggerer) is judging the triggers right now.
        if (!(await tx.locks.tryHold('triggers'))) return null;
        const taskOf = async (ti: TaskInstance) => (await this.catalog.version(tx, ti.dagVersionId)).spec.tasks.find((t) => t.taskId === ti.taskId);
        return checkDeferredTasks(tx, now, taskOf);
      });
      if (this.failing) this.log('the metadata database answers again');
      this.failing = false;
    } catch (error) {
      // The database restarting must not end the service: the next pass tries again.
      if (!this.failing) this.log(`a pass over the deferred tasks failed (retrying every ${poll} ms): ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
      return poll;
    }
    if (checked === null) return poll;
    for (const { ti, outcome } of checked.ended) {
      this.log(`${ti.dagId}.${ti.taskId} of ${ti.runId}: trigger ended it as ${ti.state ?? 'none'}${outcome.state === 'success' ? '' : ` (${ti.stateReason ?? outcome.state})`}`);
      this.options.onTaskEnded?.(ti, outcome);
    }
    const untilNext = checked.nextCheckAt === null ? poll : checked.nextCheckAt.getTime() - this.clock().getTime();
    // At least 10 ms: a trigger due "now" that another process holds must not spin this loop.
    return Math.max(10, Math.min(poll, untilNext));
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.log(`[triggerer] ${m}`)))(message);
  }
}
