/**
 * `updraft jobs check`: Airflow's `airflow jobs check`, for Docker HEALTHCHECKs
 * and scripts. Looks at the most recent running jobs (by heartbeat) of a kind,
 * host name or both, and exits 0 when one is alive (running, with a heartbeat
 * younger than scheduler.health_check_threshold), else 1.
 */
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { isJobAlive, jobKindOf } from '../../services/jobs.js';
import { JOB_KINDS, type JobKind } from '../../store/types.js';
import { openApp, type App } from '../../app.js';
import { healthThresholdMs } from '../service-runtime.js';

interface CheckOptions {
  jobType?: JobKind;
  hostname?: string;
  local?: boolean;
  limit: number;
  allowMultiple?: boolean;
}

/** A failed read explained: the database is unreachable, or not migrated yet (a health check before `db migrate`). */
async function whyUnreadable(app: App, error: unknown): Promise<Error> {
  const check = await app.store.check();
  if (!check.reachable) return new Error(`cannot reach the ${check.dialect} database at ${check.location}: ${check.error ?? 'unknown error'}`);
  if (!check.upToDate) return new Error(`the database at ${check.location} needs migrations ${check.pending.join(', ')}: run 'updraft db migrate'`);
  return error instanceof Error ? error : new Error(String(error));
}

function parseJobType(value: string): JobKind {
  const kind = jobKindOf(value);
  if (!kind) throw new Error(`unknown job type '${value}': use one of ${JOB_KINDS.join(', ')} (or Airflow's SchedulerJob, TriggererJob, DagProcessorJob)`);
  return kind;
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`--limit must be an integer >= 0 (0: no limit), got '${value}'`);
  return Number(value);
}

export function registerJobsCommands(program: Command): void {
  const jobs = program.command('jobs').description('Check the long-running processes (scheduler, triggerer, dag-processor, workers) by their heartbeats');

  jobs
    .command('check')
    .description('Exit 0 if a matching job is alive, 1 if none is: for health checks (Docker HEALTHCHECK, scripts)')
    .option('--job-type <type>', `kind of job: ${JOB_KINDS.join(', ')}`, parseJobType)
    .option('--hostname <host>', 'only jobs on this host name')
    .option('--local', "only jobs on this machine (its host name: a container's own jobs)")
    .option('--limit <n>', 'how many of the most recent matching jobs to look at (0: all)', parseLimit, 1)
    .option('--allow-multiple', 'succeed even when several matching jobs are alive')
    .addHelpText('after', '\nExample (a scheduler container):\n  updraft jobs check --job-type scheduler --local')
    .action(async (options: CheckOptions) => {
      if (options.local && options.hostname !== undefined) throw new Error('give --local or --hostname, not both');
      const host = options.local ? hostname() : options.hostname;
      // No migrations here: a health check every 30 s must only read.
      const app = await openApp({ migrate: false });
      const alive = await (async () => {
        const now = new Date();
        const running = await app.store.jobs.list({ state: 'running', ...(options.jobType ? { kind: options.jobType } : {}) }).catch(async (error: unknown) => {
          throw await whyUnreadable(app, error);
        });
        const matching = running
          .filter((job) => host === undefined || job.hostname === host)
          .sort((a, b) => b.latestHeartbeat.getTime() - a.latestHeartbeat.getTime() || b.id - a.id);
        const recent = options.limit > 0 ? matching.slice(0, options.limit) : matching;
        return recent.filter((job) => isJobAlive(job, now, healthThresholdMs(app)));
      })().finally(() => app.close());
      if (alive.length === 0) {
        console.log('No alive jobs found.');
        process.exitCode = 1;
      } else if (alive.length > 1 && !options.allowMultiple) {
        console.log(`Found ${alive.length} alive jobs. Expected only one.`);
        process.exitCode = 1;
      } else {
        console.log(alive.length === 1 ? 'Found one alive job.' : `Found ${alive.length} alive jobs.`);
      }
    });
}
