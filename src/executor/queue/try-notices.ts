/**
 * Notices about tries on Redis pub/sub, between the execution API, the
 * schedulers and the workers:
 *
 *   execution API ──"try recorded"──> every scheduler (re-plans that run now)
 *   scheduler ─────"stop this try"──> every worker (the one running it stops it)
 *
 * Best effort by design: a notice lost while Redis restarts costs latency, not
 * correctness. Schedulers still find recorded tries on their poll, and a worker
 * learns that its try was stopped from its next heartbeat.
 */
import { Redis } from 'ioredis';
import type { TaskInstanceKey } from '../../core/run-model.js';
import { cancelChannel, triesChannel } from './queue-keys.js';

export interface TryRecordedNotice {
  readonly key: TaskInstanceKey;
  readonly tryNumber: number;
}

export interface StopTryNotice {
  readonly key: TaskInstanceKey;
  readonly reason: string;
}

/** A Redis client for commands (publishers, BullMQ queues): retries forever while Redis is away. */
export function openRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  // ioredis reconnects by itself; without a listener an outage would be an unhandled 'error' event.
  redis.on('error', () => undefined);
  return redis;
}

export async function publishTryRecorded(redis: Redis, prefix: string, notice: TryRecordedNotice): Promise<void> {
  await redis.publish(triesChannel(prefix), JSON.stringify(notice));
}

export async function publishStopTry(redis: Redis, prefix: string, notice: StopTryNotice): Promise<void> {
  await redis.publish(cancelChannel(prefix), JSON.stringify(notice));
}

export interface Subscription {
  close(): Promise<void>;
}

/** Calls `onNotice` for each notice on `channel`; a malformed message is ignored (it is not ours). */
export async function subscribe<T>(url: string, channel: string, isNotice: (value: unknown) => value is T, onNotice: (notice: T) => void): Promise<Subscription> {
  const redis = openRedis(url);
  redis.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let value: unknown;
    try {
      value = JSON.parse(message);
    } catch {
      return;
    }
    if (isNotice(value)) onNotice(value);
  });
  // ioredis re-subscribes by itself after a reconnect.
  await redis.subscribe(channel);
  return {
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export function isTryRecordedNotice(value: unknown): value is TryRecordedNotice {
  const v = value as Partial<TryRecordedNotice> | null;
  return typeof v === 'object' && v !== null && isKey(v.key) && typeof v.tryNumber === 'number';
}

export function isStopTryNotice(value: unknown): value is StopTryNotice {
  const v = value as Partial<StopTryNotice> | null;
  return typeof v === 'object' && v !== null && isKey(v.key) && typeof v.reason === 'string';
}

function isKey(value: unknown): value is TaskInstanceKey {
  const k = value as Partial<TaskInstanceKey> | null;
  return typeof k === 'object' && k !== null && typeof k.dagId === 'string' && typeof k.runId === 'string' && typeof k.taskId === 'string' && typeof k.mapIndex === 'number';
}
