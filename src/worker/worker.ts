/**
 * `updraft worker`: takes tries from BullMQ queues on Redis and runs them here,
 * with the local executor's isolation (a warm pool of task processes,
 * timeouts, process-group kills), reporting everything to the API server's
 * execution API. It holds no database credentials.
 *
 *   job ──start (start token)──> running ──submit──> task process ──finished──> finish (outcome)
 *                                   │ every beat: heartbeat (409: stop it), ship the log
 *                                   └ a "stop this try" notice on Redis stops it at once
 *
 * DAG files reach the worker by a shared folder (the same `dags_folder` as the
 * scheduler's, e.g. one volume in docker-compose); a file whose source differs
 * from the DAG version the run was created with is refused, so a worker never
 * runs other code than its run's. SIGTERM: stop taking jobs, give running
 * tries `graceMs`, then stop them; those are reported interrupted and run
 * again elsewhere without spending a retry. A `kill -9` of the worker leaves
 * its tries to the scheduler, which fails them when their heartbeats stop
 * (and retries them per their retries).
 */
import { Worker as BullWorker, WaitingError, type Job } from 'bullmq';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { taskInstanceKeyOf, taskInstanceKeyText, type TaskInstanceKey } from '../core/run-model.js';
import type { DagFileLocation, ExecutorEvent, TaskWorkload } from '../executor/executor.js';
import { LocalExecutor } from '../executor/local/local-executor.js';
import { bullQueueName, cancelChannel } from '../executor/queue/queue-keys.js';
import type { TryJobData } from '../executor/queue/queue-executor.js';
import { isStopTryNotice, openRedis, subscribe, type Subscription } from '../executor/queue/try-notices.js';
import { WORKER_ALIVE_THRESHOLD_MS, WORKER_HEARTBEAT_MS, WorkerRegistry, type WorkerState, type WorkerTry } from '../executor/queue/worker-registry.js';
import { decodeWorkload } from '../executor/workload-codec.js';
import { taskLogPath } from '../runner/log-file.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';
import type { AuthoringDefaults } from '../sdk/authoring-defaults.js';
import { ExecutionClient, type StartedTry } from './execution-client.js';
import { LogShipper } from './log-shipper.js';
import { remoteTaskServices } from './remote-task-services.js';

export interface WorkerOptions {
  readonly name: string;
  readonly queues: readonly string[];
  readonly concurrency: number;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly apiUrl: string;
  /** Finds a DAG file here by its fileloc (the scheduler's folders, shared). */
  readonly locateDagFile: (fileloc: string) => DagFileLocation;
  /** Where task logs are written on this machine before they are shipped. */
  readonly logsFolder: string;
  readonly cacheDir: string;
  /** This worker's settings for what DAG files leave unset (as Airflow workers read their own config); deployments share them with the DAG processor's. */
  readonly authoringDefaults?: AuthoringDefaults;
  readonly version: string;
  readonly maxOldSpaceMb?: number;
  readonly heartbeatMs?: number;
  readonly log?: (message: string) => void;
}

/** How long a try's outcome is offered to an API server that does not answer before it is given up (and the try left to its heartbeat timeout). */
const FINISH_PATIENCE_MS = 10 * 60_000;
const START_PATIENCE_MS = 60_000;

interface ActiveTry {
  readonly key: TaskInstanceKey;
  readonly tryNumber: number;
  readonly client: ExecutionClient;
  readonly shipper: LogShipper;
  readonly startedAt: Date;
  readonly finished: Promise<{ outcome: AttemptOutcome; interrupted: boolean }>;
  readonly onFinished: (result: { outcome: AttemptOutcome; interrupted: boolean }) => void;
}

export class Worker {
  private readonly executor: LocalExecutor;
  private readonly active = new Map<string, ActiveTry>();
  private readonly bullWorkers: BullWorker<TryJobData>[] = [];
  private readonly stopping = new AbortController();
  private readonly registry: WorkerRegistry;
  private readonly redis: Redis;
  /** The BullMQ workers' own connections (a blocking fetch needs one each). */
  private readonly connections: Redis[] = [];
  private stopNotices: Subscription | null = null;
  private beat: NodeJS.Timeout | null = null;
  private state: WorkerState = 'running';
  /** Jobs taken from the queues and not finished: at most `concurrency`, but for a fetch racing the last slot. */
  private taken = 0;
  private lastReportAt: Date | null = null;
  private readonly startedAt = new Date();
  private readonly host = hostname();

  constructor(private readonly options: WorkerOptions) {
    this.redis = openRedis(options.redisUrl);
    this.registry = new WorkerRegistry(this.redis, options.prefix);
    this.executor = new LocalExecutor({
      parallelism: options.concurrency,
      cacheDir: options.cacheDir,
      ...(options.authoringDefaults !== undefined ? { authoringDefaults: options.authoringDefaults } : {}),
      ...(options.maxOldSpaceMb !== undefined ? { maxOldSpaceMb: options.maxOldSpaceMb } : {}),
      context: {
        servicesFor: (_run, workload) => {
          const active = this.active.get(taskInstanceKeyText(workload.ti));
          if (!active) throw new Error(`no running try of ${taskInstanceKeyText(workload.ti)} on this worker`);
          return remoteTaskServices(active.client);
        },
        onEvent: (event) => this.onExecutorEvent(event),
      },
    });
  }

  async start(): Promise<void> {
    await this.executor.start();
    this.stopNotices = await subscribe(this.options.redisUrl, cancelChannel(this.options.prefix), isStopTryNotice, (notice) => {
      if (this.active.has(taskInstanceKeyText(notice.key))) this.executor.cancel(notice.key, notice.reason);
    });
    for (const queue of this.options.queues) {
      // One BullMQ worker per queue, each allowed the whole concurrency: with one queue (the usual case)
      // that is exact; with several, `gateIntake` pauses them all while every slot is taken, and a job
      // a fetch already under way brought in anyway goes back to waiting, for any worker to take.
      const connection = this.redis.duplicate({ maxRetriesPerRequest: null });
      connection.on('error', () => undefined);
      this.connections.push(connection);
      const bull = new BullWorker<TryJobData>(bullQueueName(queue), (job, token) => this.runJob(job, token), {
        connection,
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        // A job whose worker died is not run again by BullMQ: the scheduler decides retries, from the heartbeats.
        maxStalledCount: 0,
      });
      bull.on('error', (error) => this.log(`queue '${queue}': ${error.message}`));
      this.bullWorkers.push(bull);
    }
    this.beat = setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? WORKER_HEARTBEAT_MS);
    await this.report();
  }

  /** Stops taking jobs; running tries get `graceMs`, then are stopped and reported interrupted (run again elsewhere). */
  async stop(graceMs: number): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    await this.report();
    // No new jobs from here on; the ones running finish (or are interrupted) below.
    await Promise.all(this.bullWorkers.map((w) => w.pause(true).catch(() => undefined)));
    await this.executor.stop(graceMs);
    await Promise.all([...this.active.values()].map((t) => t.finished));
    await Promise.all(this.bullWorkers.map((w) => w.close().catch(() => undefined)));
    this.stopping.abort();
    if (this.beat) clearInterval(this.beat);
    await this.stopNotices?.close();
    this.state = 'stopped';
    await this.report();
    // BullMQ leaves connections it was given open.
    await Promise.all([this.redis, ...this.connections].map((r) => r.quit().catch(() => r.disconnect())));
  }

  private async runJob(job: Job<TryJobData>, token: string | undefined): Promise<void> {
    if (this.state !== 'running') throw new Error('the worker is stopping');
    if (this.taken >= this.options.concurrency) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    this.taken += 1;
    this.gateIntake();
    try {
      await this.runTry(job);
    } finally {
      this.taken -= 1;
      this.gateIntake();
    }
  }

  /** With several queues, takes no job from any of them while all task slots are taken. */
  private gateIntake(): void {
    if (this.bullWorkers.length < 2 || this.state !== 'running') return;
    const full = this.taken >= this.options.concurrency;
    for (const bull of this.bullWorkers) {
      if (full && !bull.isPaused()) void bull.pause(true).catch(() => undefined);
      else if (!full && bull.isPaused()) bull.resume();
    }
  }

  private async runTry(job: Job<TryJobData>): Promise<void> {
    const workload = decodeWorkload(job.data.workload);
    const { ti } = workload;
    const client = new ExecutionClient(this.options.apiUrl, job.data.startToken, this.stopping.signal);
    const started = await client.start({ hostname: this.host, pid: process.pid, worker: this.options.name }, START_PATIENCE_MS);
    if (!started.ok) {
      // 409: cleared, marked or started elsewhere meanwhile; the job is stale and simply dropped.
      if (started.status !== 409) this.log(`could not start ${describe(ti)}: ${started.detail}`);
      return;
    }
    const local = this.localWorkload(workload);
    const shipper = new LogShipper(local.logPath, client);
    let onFinished: ActiveTry['onFinished'] = () => undefined;
    const finished = new Promise<{ outcome: AttemptOutcome; interrupted: boolean }>((resolve) => (onFinished = resolve));
    const active: ActiveTry = { key: taskInstanceKeyOf(ti), tryNumber: ti.tryNumber, client, shipper, startedAt: new Date(), finished, onFinished };
    this.active.set(taskInstanceKeyText(ti), active);
    try {
      const refusal = this.refuseOtherCode(local, started.value);
      if (refusal) onFinished({ outcome: { state: 'failed', reason: refusal, timedOut: false }, interrupted: false });
      else this.executor.submit(local);
      const result = await finished;
      await shipper.ship(true);
      const reported = await client.finish(result.outcome, result.interrupted, FINISH_PATIENCE_MS);
      if (!reported.ok) this.log(`could not report the outcome of ${describe(ti)} (${result.outcome.state}): ${reported.detail}`);
    } finally {
      this.active.delete(taskInstanceKeyText(ti));
    }
  }

  /** The workload with this machine's paths: its DAG file in the shared folder, its log under this worker's logs folder. */
  private localWorkload(workload: TaskWorkload): TaskWorkload {
    return {
      ...workload,
      dagFile: this.options.locateDagFile(workload.dagFile.fileloc),
      logPath: taskLogPath(this.options.logsFolder, workload.ti, workload.ti.tryNumber),
    };
  }

  /** Why the DAG file here is not the code the run was created with, or null when it is. */
  private refuseOtherCode(workload: TaskWorkload, started: StartedTry): string | null {
    if (started.dagSourceHash === null) return null;
    let source: Buffer;
    try {
      source = readFileSync(workload.dagFile.absPath);
    } catch (error) {
      return `the DAG file ${workload.dagFile.fileloc} is not on worker ${this.options.name} (${(error as Error).message}): share the DAG folder with the workers`;
    }
    const here = createHash('sha256').update(source).digest('hex');
    if (here === started.dagSourceHash) return null;
    return `the DAG file ${workload.dagFile.fileloc} on worker ${this.options.name} differs from the version run ${workload.run.runId} was created with: deploy the same DAG files to the workers (or clear the task to run it with the current version)`;
  }

  private onExecutorEvent(event: ExecutorEvent): void {
    if (event.kind !== 'finished') return;
    this.active.get(taskInstanceKeyText(event.key))?.onFinished({ outcome: event.outcome, interrupted: event.interrupted === true });
  }

  private async heartbeat(): Promise<void> {
    await Promise.all(
      [...this.active.values()].map(async (t) => {
        const beat = await t.client.heartbeat();
        if (!beat.ok && beat.status === 409) this.executor.cancel(t.key, beat.detail);
        await t.shipper.ship();
      }),
    );
    await this.report();
  }

  /** Healthy while it reports to Redis (its heartbeat) and takes work. */
  health(): { healthy: boolean; status: string; state: WorkerState; running: number; lastReport: string | null } {
    const fresh = this.lastReportAt !== null && Date.now() - this.lastReportAt.getTime() < WORKER_ALIVE_THRESHOLD_MS;
    const healthy = fresh && this.state === 'running';
    return { healthy, status: healthy ? 'healthy' : 'unhealthy', state: this.state, running: this.active.size, lastReport: this.lastReportAt?.toISOString() ?? null };
  }

  private async report(): Promise<void> {
    const running: WorkerTry[] = [...this.active.values()].map((t) => ({ ...t.key, tryNumber: t.tryNumber, startedAt: t.startedAt.toISOString() }));
    await this.registry
      .report({
        name: this.options.name,
        hostname: this.host,
        pid: process.pid,
        queues: [...this.options.queues],
        concurrency: this.options.concurrency,
        running,
        startedAt: this.startedAt.toISOString(),
        lastHeartbeat: new Date().toISOString(),
        version: this.options.version,
        state: this.state,
      })
      .then(() => {
        this.lastReportAt = new Date();
      })
      .catch((error: unknown) => this.log(`could not report to Redis: ${(error as Error).message}`));
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.error(`[worker ${this.options.name}] ${m}`)))(message);
  }
}

function describe(ti: TaskInstanceKey & { tryNumber: number }): string {
  return `${ti.dagId}.${ti.taskId}${ti.mapIndex >= 0 ? `[${ti.mapIndex}]` : ''} (run ${ti.runId}, try ${ti.tryNumber})`;
}
