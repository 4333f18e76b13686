/**
 * Names the queue executor and its workers agree on in Redis: the BullMQ queue
 * of a task's `queue`, the job id of a try, and the pub/sub channels. One file,
 * so the scheduler's side and the worker's side cannot drift apart.
 */
import { createHash } from 'node:crypto';
import type { TaskInstanceKey } from '../../core/run-model.js';

/** BullMQ reserves ':' in queue names (it separates Redis key parts). */
export function bullQueueName(taskQueue: string): string {
  return taskQueue.replaceAll(':', '%3A');
}

/** The task `queue` a BullMQ queue serves (the inverse of bullQueueName), for showing it. */
export function taskQueueOf(bullName: string): string {
  return bullName.replaceAll('%3A', ':');
}

/**
 * One job per try: adding the same try twice (two schedulers, a re-queue after a
 * lost job) is a no-op while the first job exists. A hash, because BullMQ refuses ':'
 * in custom ids and run ids are full of them.
 */
export function tryJobId(key: TaskInstanceKey, tryNumber: number): string {
  return createHash('sha1').update(JSON.stringify([key.dagId, key.runId, key.taskId, key.mapIndex, tryNumber])).digest('hex');
}

/** Where the execution API announces recorded tries, so every scheduler re-plans their runs at once. */
export function triesChannel(prefix: string): string {
  return `${prefix}:tries`;
}

/** Where schedulers ask workers to stop a try (cleared, marked); heartbeats say it too, this is only faster. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:cancel`;
}
