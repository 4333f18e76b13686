/** Executors of `s3List` and `s3Delete`. */
import type { S3DeleteConfig, S3ListConfig } from '../../sdk/operators/s3-objects.js';
import { executor, succeeded, type OperatorContext } from '../operator.js';
import { withS3Hook } from './with-s3-hook.js';

export const s3ListExecutor = executor<S3ListConfig>((config, ctx) =>
  withS3Hook(ctx, config.connId, async (hook) => {
    const where = { ...bucketOf(ctx, config.bucket), prefix: ctx.render(config.prefix) };
    const options = { ...(config.maxKeys !== null ? { maxKeys: config.maxKeys } : {}), ...(config.delimiter !== null ? { delimiter: config.delimiter } : {}) };
    const keys = await hook.list(where, options);
    ctx.log.info(`Listed ${keys.length} key(s) under prefix '${where.prefix}'`);
    return succeeded(keys);
  }),
);

export const s3DeleteExecutor = executor<S3DeleteConfig>((config, ctx) =>
  withS3Hook(ctx, config.connId, async (hook) => {
    const bucket = bucketOf(ctx, config.bucket);
    let keys: string[];
    if (config.keys !== null) {
      keys = config.keys.map((k) => ctx.render(k));
    } else {
      const prefix = ctx.render(config.prefix ?? '');
      // An empty prefix matches every object: far more likely a template gone empty than a wish to empty the bucket.
      if (prefix === '') throw new Error(`${ctx.where}: the prefix is empty, which would delete every object in the bucket: give a prefix or the keys`);
      keys = await hook.list({ ...bucket, prefix });
    }
    if (keys.length === 0) {
      ctx.log.info('Nothing to delete');
      return succeeded(0);
    }
    const deleted = await hook.delete(keys.map((key) => (/^s3[an]?:\/\//i.test(key) ? key : { ...bucket, key })));
    return succeeded(deleted.length);
  }),
);

function bucketOf(ctx: OperatorContext, bucket: string | null): { bucket?: string } {
  return bucket === null ? {} : { bucket: ctx.render(bucket) };
}
