/**
 * Failed-login limits shared by the workers of `updraft api-server --workers N`:
 * the counts live in the primary process (one LoginLimiter), and each worker asks
 * it over the cluster's IPC channel (a login costs ~0.1 ms more; every other
 * request nothing). Without this each worker would count alone and a client
 * spreading its attempts over connections would get N times the allowance.
 *
 *   worker --{updraft: 'login-limits', id, op, key, nowMs}--> primary
 *   worker <--{updraft: 'login-limits', id, value}----------- primary
 *
 * A worker whose primary is gone (it is about to stop too) counts alone.
 */
import { LoginLimiter, type LoginLimits } from './login-limiter.js';

const CHANNEL = 'login-limits';

type Op = 'retryAfter' | 'failure' | 'success';

interface Ask {
  readonly updraft: typeof CHANNEL;
  readonly id: number;
  readonly op: Op;
  readonly key: string;
  readonly nowMs: number;
}

interface Answer {
  readonly updraft: typeof CHANNEL;
  readonly id: number;
  readonly value: number;
}

/** What the primary needs of a worker: node:cluster's Worker has both. */
export interface LimitsPeer {
  send(message: Answer): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

function isAsk(message: unknown): message is Ask {
  const m = message as Partial<Ask> | null;
  return typeof m === 'object' && m !== null && m.updraft === CHANNEL && typeof m.id === 'number' && typeof m.key === 'string' && typeof m.nowMs === 'number';
}

/** In the primary: answers one worker's questions from the shared limiter. */
export function serveLoginLimits(worker: LimitsPeer, limiter: LoginLimiter): void {
  worker.on('message', (message) => {
    if (!isAsk(message)) return;
    let value = 0;
    if (message.op === 'retryAfter') value = limiter.retryAfterMs(message.key, message.nowMs);
    else if (message.op === 'failure') limiter.recordFailure(message.key, message.nowMs);
    else limiter.recordSuccess(message.key);
    worker.send({ updraft: CHANNEL, id: message.id, value });
  });
}

/** In a worker: limits kept by the primary. */
export function primaryLoginLimits(): LoginLimits {
  const local = new LoginLimiter();
  const pending = new Map<number, (value: number) => void>();
  let nextId = 1;
  process.on('message', (message: unknown) => {
    const m = message as Partial<Answer> | null;
    if (typeof m !== 'object' || m === null || m.updraft !== CHANNEL || typeof m.id !== 'number') return;
    pending.get(m.id)?.(typeof m.value === 'number' ? m.value : 0);
    pending.delete(m.id);
  });
  process.on('disconnect', () => {
    for (const resolve of pending.values()) resolve(0);
    pending.clear();
  });
  const ask = (op: Op, key: string, nowMs: number): Promise<number> | null => {
    if (!process.send || !process.connected) return null;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      process.send?.({ updraft: CHANNEL, id, op, key, nowMs } satisfies Ask);
    });
  };
  return {
    retryAfterMs: (key, nowMs) => ask('retryAfter', key, nowMs) ?? local.retryAfterMs(key, nowMs),
    recordFailure: async (key, nowMs) => {
      if ((await ask('failure', key, nowMs)) === null) local.recordFailure(key, nowMs);
    },
    recordSuccess: async (key) => {
      if ((await ask('success', key, 0)) === null) local.recordSuccess(key);
    },
  };
}
