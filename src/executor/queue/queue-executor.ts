/**
 * The queue executor: the scheduler's side of a worker fleet on BullMQ/Redis.
 * A try becomes a job on the BullMQ queue named by its task's `queue`; an
 * `updraft worker` listening on that queue runs it and reports to the API
 * server's execution API, which records start and outcome in the metadata
 * database. This executor never sees the task run:
 *
 *   submit ──> job (workload + start token) ──> worker ──> execution API records the try
 *                                                            └─ "try recorded" notice ──> onEvent('recorded')
 *
 * So it keeps no promise that every try ends here (the local executor's
 * contract): the scheduler's checks on remote tries do, from the database (a
 * silent worker's try fails on its heartbeat timeout; a queued try whose job
 * vanished with a Redis restart is queued again). A job id is the try's own,
 * so two schedulers, or a re-queue, never make two jobs of one try.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { taskInstanceKeyText, type TaskInstanceKey } from '../../core/run-model.js';
import type { Executor, ExecutorListener, TaskWorkload } from '../executor.js';
import { encodeWorkload, type EncodedWorkload } from '../workload-codec.js';
import { bullQueueName, tryJobId, triesChannel } from './queue-keys.js';
import { isTryRecordedNotice, openRedis, publishStopTry, subscribe, type Subscription } from './try-notices.js';

/** What a job carries: the workload and the token that lets a worker start this one try. */
export interface TryJobData {
  readonly workload: EncodedWorkload;
  readonly startToken: string;
}

export interface QueueExecutorOptions {
  readonly redisUrl: string;
  /** Prefix of every Redis key (queue.prefix). */
  readonly prefix: string;
  /** Tries this scheduler keeps queued or running at once (core.parallelism). */
  readonly parallelism: number;
  /** Signs the start token of a try, checked by the execution API. */
  readonly startTokenFor: (workload: TaskWorkload) => string;
  readonly onEvent: ExecutorListener;
  readonly log?: (message: string) => void;
  readonly clock?: () => Date;
}

/** Finished jobs are dropped at once (the database keeps the try); failed ones stay a day, for a look with BullMQ tools. */
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: { age: 24 * 3600 }, attempts: 1 } as const;

export class QueueExecutor implements Executor {
  private redis: Redis | null = null;
  private notices: Subscription | null = null;
  private readonly queues = new Map<string, Queue<TryJobData>>();
  /** Tries queued by this executor whose outcome it has not heard of (the cancel check reads these). */
  private readonly inFlight = new Map<string, TaskInstanceKey>();
  private readonly clock: () => Date;

  constructor(private readonly options: QueueExecutorOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  get freeSlots(): number {
    return Math.max(0, this.options.parallelism - this.inFlight.size);
  }

  async start(): Promise<void> {
    this.redis = openRedis(this.options.redisUrl);
    this.notices = await subscribe(this.options.redisUrl, triesChannel(this.options.prefix), isTryRecordedNotice, (notice) => {
      this.inFlight.delete(taskInstanceKeyText(notice.key));
      this.options.onEvent({ kind: 'recorded', key: notice.key, tryNumber: notice.tryNumber, at: this.clock() });
    });
  }

  submit(workload: TaskWorkload): void {
    const { ti } = workload;
    const key: TaskInstanceKey = { dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: ti.mapIndex };
    this.inFlight.set(taskInstanceKeyText(key), key);
    const data: TryJobData = { workload: encodeWorkload(workload), startToken: this.options.startTokenFor(workload) };
    const name = `${ti.dagId}.${ti.taskId}${ti.mapIndex >= 0 ? `[${ti.mapIndex}]` : ''}`;
    this.queueOf(ti.queue)
      .add(name, data, { ...JOB_OPTIONS, jobId: tryJobId(key, ti.tryNumber) })
      .catch((error: unknown) => {
        // The instance stays queued: the scheduler's check of queued tries puts it on the queue again once Redis answers.
        this.log(`could not put ${name} (run ${ti.runId}, try ${ti.tryNumber}) on queue '${ti.queue}': ${describe(error)}; it is queued again when Redis answers`);
      });
  }

  cancel(key: TaskInstanceKey, reason: string): void {
    this.inFlight.delete(taskInstanceKeyText(key));
    if (!this.redis) return;
    // The worker running it stops it; one that does not hear this learns it from its next heartbeat.
    publishStopTry(this.redis, this.options.prefix, { key, reason }).catch((error: unknown) => this.log(`could not ask workers to stop ${taskInstanceKeyText(key)}: ${describe(error)}`));
  }

  running(): readonly TaskInstanceKey[] {
    return [...this.inFlight.values()];
  }

  /**
   * Of these queued tries, the ones whose job will never run them: no job on their queue (lost
   * with a Redis restart, or never added while Redis was away), or a job that ended while the try
   * is still queued (a worker took it and died before starting it: BullMQ's stalled check fails
   * such a job, as its retries are ours). An ended job is removed, so that queuing the try again
   * under the same job id makes a new job. Throws when Redis does not answer: then nothing is known.
   */
  async lostJobs(tries: readonly { readonly key: TaskInstanceKey; readonly tryNumber: number; readonly queue: string }[]): Promise<TaskInstanceKey[]> {
    const lost: TaskInstanceKey[] = [];
    for (const t of tries) {
      const job = await this.queueOf(t.queue).getJob(tryJobId(t.key, t.tryNumber));
      if (!job) {
        lost.push(t.key);
        continue;
      }
      const state = await job.getState();
      if (state === 'failed' || state === 'completed' || state === 'unknown') {
        await job.remove();
        lost.push(t.key);
      }
    }
    return lost;
  }

  /** Tries keep running on the workers: stopping the scheduler only closes its connections. */
  async stop(): Promise<void> {
    await this.notices?.close();
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    await this.redis?.quit().catch(() => this.redis?.disconnect());
    this.queues.clear();
  }

  private queueOf(taskQueue: string): Queue<TryJobData> {
    let queue = this.queues.get(taskQueue);
    if (!queue) {
      if (!this.redis) throw new Error('the queue executor is not started: call start() first');
      queue = new Queue<TryJobData>(bullQueueName(taskQueue), { connection: this.redis, prefix: this.options.prefix });
      queue.on('error', () => undefined);
      this.queues.set(taskQueue, queue);
    }
    return queue;
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.error(`[queue executor] ${m}`)))(message);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
