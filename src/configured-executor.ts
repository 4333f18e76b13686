/**
 * The executor `core.executor` names, built for the scheduler (part of the
 * composition root): `local` runs tries in task processes on this machine;
 * `queue` puts them on BullMQ queues in Redis for `updraft worker` processes,
 * each job carrying a start token the API server's execution API accepts.
 */
import type { App } from './app.js';
import { executionKey, signTryToken, START_TOKEN_TTL_SEC } from './api/execution/execution-token.js';
import { resolveJwtSecret } from './api/auth/jwt-secret.js';
import { authoringDefaultsOf } from './config/authoring-defaults.js';
import { ConfigError, settingOf } from './config/config.js';
import type { Executor, ExecutorContext } from './executor/executor.js';
import { LocalExecutor } from './executor/local/local-executor.js';
import { QueueExecutor } from './executor/queue/queue-executor.js';
import type { JobFinder } from './scheduler/remote-tries.js';

export interface ConfiguredExecutor {
  readonly executor: Executor;
  /** Recorded on the task instances it runs ('local' or 'queue'). */
  readonly name: 'local' | 'queue';
  /** The queue executor's job lookups, for the scheduler's checks of remote tries; null for local. */
  readonly jobs: JobFinder | null;
}

export function configuredExecutor(app: App, context: ExecutorContext, log: (message: string) => void): ConfiguredExecutor {
  const { config } = app;
  if (config.executor === 'local') {
    const executor = new LocalExecutor({
      parallelism: config.parallelism,
      maxOldSpaceMb: config.taskMemoryLimitMb,
      cacheDir: config.cacheFolder,
      authoringDefaults: authoringDefaultsOf(config),
      context,
    });
    return { executor, name: 'local', jobs: null };
  }
  const redisUrl = settingOf(config, 'queue', 'redis_url').value;
  if (typeof redisUrl !== 'string') {
    throw new ConfigError('core.executor is queue but queue.redis_url is not set: set UPDRAFT_REDIS_URL to your Redis (e.g. redis://localhost:6379), or use the local executor');
  }
  const key = executionKey(resolveJwtSecret(config.apiJwtSecret, config.home));
  const executor = new QueueExecutor({
    redisUrl,
    prefix: String(settingOf(config, 'queue', 'prefix').value),
    parallelism: config.parallelism,
    startTokenFor: (workload) => signTryToken(key, 'start_try', workload.ti, workload.ti.tryNumber, new Date(), START_TOKEN_TTL_SEC),
    onEvent: context.onEvent,
    log,
  });
  return { executor, name: 'queue', jobs: executor };
}
