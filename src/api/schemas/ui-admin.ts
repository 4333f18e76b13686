/**
 * Bodies of the admin pages' own endpoints under `/ui/`: the cluster health
 * screen (what Airflow users opened Flower for), the connections list with each
 * one's URI and whether testing is allowed, and the configuration with where
 * each value came from. Not part of Airflow's API v2; in our spec all the same.
 */
import { z } from '@hono/zod-openapi';
import { JOB_KINDS } from '../../store/types.js';
import { ConnectionResponse } from './admin.js';
import { dateTime, nullableDateTime } from './common.js';

const count = z.number().int().min(0);

export const UiComponentStatus = z
  .enum(['healthy', 'unhealthy', 'not_running'])
  .openapi('UiComponentStatus', { description: '`unhealthy`: running, but its latest heartbeat is older than the threshold; `not_running`: no running job of this kind.' });

export const UiClusterJob = z
  .object({
    id: z.number().int(),
    kind: z.enum(JOB_KINDS),
    /** Airflow's name for the kind (`SchedulerJob`...). */
    job_type: z.string(),
    hostname: z.string(),
    pid: z.number().int(),
    state: z.string(),
    /** Running with a heartbeat younger than the threshold. */
    alive: z.boolean(),
    start_date: dateTime,
    end_date: nullableDateTime,
    latest_heartbeat: dateTime,
    heartbeat_age_seconds: z.number(),
  })
  .openapi('UiClusterJob');

export const UiClusterComponent = z
  .object({
    kind: z.enum(JOB_KINDS),
    status: UiComponentStatus,
    latest_heartbeat: nullableDateTime,
    heartbeat_age_seconds: z.number().nullable(),
    /** Running jobs of this kind (alive or not). */
    running_jobs: count,
    /** Set when this component has no job of its own and runs inside another's process (its health is that one's). */
    embedded_in: z.enum(JOB_KINDS).nullable(),
    /** For the DAG processor: when a DAG file was last parsed (it parses on change, so this is not a heartbeat). */
    last_activity: nullableDateTime,
  })
  .openapi('UiClusterComponent');

export const UiClusterPool = z
  .object({
    name: z.string(),
    /** -1: unlimited. */
    slots: z.number().int(),
    include_deferred: z.boolean(),
    running: count,
    queued: count,
    scheduled: count,
    deferred: count,
    occupied: count,
    /** -1 when the pool is unlimited. */
    open: z.number().int(),
  })
  .openapi('UiClusterPool');

export const UiClusterWorkerTry = z
  .object({ dag_id: z.string(), run_id: z.string(), task_id: z.string(), map_index: z.number().int(), try_number: z.number().int(), start_date: dateTime })
  .openapi('UiClusterWorkerTry');

export const UiClusterWorker = z
  .object({
    name: z.string(),
    hostname: z.string(),
    pid: z.number().int(),
    queues: z.array(z.string()),
    concurrency: count,
    /** The task tries it runs now, as it last reported them. */
    running: z.array(UiClusterWorkerTry),
    start_date: dateTime,
    latest_heartbeat: dateTime,
    heartbeat_age_seconds: z.number(),
    version: z.string(),
    /** What the worker says it does: `stopping` drains (takes no new work), `stopped` exited cleanly. */
    state: z.enum(['running', 'stopping', 'stopped']),
    /** Running or stopping, with a heartbeat younger than the fleet's threshold. */
    healthy: z.boolean(),
  })
  .openapi('UiClusterWorker');

export const UiClusterQueue = z
  .object({
    queue: z.string(),
    /** Ready for a worker (BullMQ's waiting and prioritized jobs). */
    waiting: count,
    active: count,
    delayed: count,
    failed: count,
    completed: count,
    /** Healthy workers that take from this queue: jobs waiting with none are stuck. */
    workers: count,
  })
  .openapi('UiClusterQueue');

export const UiClusterFleet = z
  .object({
    redis: z.object({
      status: z.enum(['healthy', 'unhealthy']),
      /** queue.redis_url without credentials. */
      address: z.string().nullable(),
      latency_ms: z.number().nullable(),
      error: z.string().nullable(),
    }),
    /** A worker whose heartbeat is older than this is unhealthy (3 of its heartbeats). */
    health_threshold_seconds: z.number(),
    /** Every worker that reported in the last day, by name. */
    workers: z.array(UiClusterWorker),
    /** BullMQ queues under queue.prefix (and `default` and every queue a worker takes from), by name. */
    queues: z.array(UiClusterQueue),
    /** The queue executor's slots: the healthy workers' concurrency. */
    slots: z.object({ workers: count, total: count, running: count, open: count }),
  })
  .openapi('UiClusterFleet');

export const UiClusterResponse = z
  .object({
    generated_at: dateTime,
    /** A running job whose latest heartbeat is older than this is unhealthy. */
    health_threshold_seconds: z.number(),
    metadatabase: z.object({
      status: z.enum(['healthy', 'unhealthy']),
      dialect: z.enum(['sqlite', 'postgres']),
      /** Time the health queries took, end to end. */
      latency_ms: z.number().nullable(),
      /** The database's own words when it did not answer. */
      error: z.string().nullable(),
    }),
    components: z.array(UiClusterComponent),
    /** Running jobs, and those that ended or stopped beating in the last day, newest heartbeat first. */
    jobs: z.array(UiClusterJob),
    executor: z.object({
      kind: z.string(),
      /** core.parallelism: task instances running at once. */
      parallelism: z.number().int(),
      /** Slots in use: running plus queued (handed to the executor). */
      used: count,
      running: count,
      queued: count,
      open: count,
    }),
    /** Task instances in the states that are waiting for or using a slot. */
    task_instances: z.object({ scheduled: count, queued: count, running: count, deferred: count, up_for_retry: count, up_for_reschedule: count }),
    pools: z.array(UiClusterPool),
    pools_total: count,
    /** The queue executor's workers and queues, read from Redis; null with the local executor. */
    fleet: UiClusterFleet.nullable(),
  })
  .openapi('UiClusterResponse');

export const TestConnectionSetting = z
  .enum(['Disabled', 'Enabled', 'Hidden'])
  .openapi('TestConnectionSetting', { description: 'core.test_connection: Enabled allows the Test button; Disabled shows it off with the reason; Hidden hides it.' });

export const UiConnection = ConnectionResponse.extend({
  /** The Airflow URI of the connection without its password (secret keys of the extra masked): safe to copy. */
  uri: z.string().nullable(),
  /** Whether a password is saved (it is never shown). */
  has_password: z.boolean(),
}).openapi('UiConnection');

export const UiConnectionCollectionResponse = z
  .object({
    connections: z.array(UiConnection),
    total_entries: count,
    test_connection: TestConnectionSetting,
    /** Connection types the server can test. */
    testable_types: z.array(z.string()),
  })
  .openapi('UiConnectionCollectionResponse');

export const UiConfigOption = z
  .object({
    key: z.string(),
    /** `***` for a secret that is set; '' when unset. */
    value: z.string(),
    is_secret: z.boolean(),
    source: z.enum(['default', 'file', 'env', 'override']),
    /** The variable name, or `path:line` of the config file; null for defaults and command-line flags. */
    origin: z.string().nullable(),
    description: z.string(),
    /** The default, as text (null for secrets). */
    default: z.string().nullable(),
    /** What the option accepts, in words. */
    accepts: z.string(),
    /** The variable that sets it. */
    env_var: z.string(),
  })
  .openapi('UiConfigOption');

export const UiConfigResponse = z
  .object({
    /** The config file that was read, or null. */
    config_file: z.string().nullable(),
    sections: z.array(z.object({ name: z.string(), options: z.array(UiConfigOption) }).openapi('UiConfigSection')),
  })
  .openapi('UiConfigResponse');
