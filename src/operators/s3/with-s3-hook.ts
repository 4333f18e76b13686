/**
 * The S3 hook for an operator's connection, wired to the task (log, cancel),
 * closed when the work is done; and targets resolved from their rendered key
 * and bucket options.
 */
import { S3Hook } from '../../hooks/s3-hook.js';
import type { S3Target } from '../../hooks/s3-location.js';
import type { S3TargetConfig } from '../../sdk/operators/s3-options.js';
import type { OperatorContext } from '../operator.js';

export async function withS3Hook<T>(ctx: OperatorContext, connId: string, work: (hook: S3Hook) => Promise<T>): Promise<T> {
  const hook = new S3Hook(await ctx.connection(ctx.render(connId)), { log: ctx.log, signal: ctx.signal });
  try {
    return await work(hook);
  } finally {
    await hook.close();
  }
}

/** The target with its key and bucket rendered; a rendered key that became an s3:// URL must come without a bucket. */
export function renderTarget(ctx: OperatorContext, target: S3TargetConfig, what: string): S3Target {
  const key = ctx.render(target.key);
  if (target.bucket === null) return key;
  if (/^s3[an]?:\/\//i.test(key)) throw new Error(`${ctx.where}: ${what} '${key}' is a full s3:// URL, so no bucket may be given with it`);
  return { bucket: ctx.render(target.bucket), key };
}
