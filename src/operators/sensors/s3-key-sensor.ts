/** Executor of `s3KeySensor`: met when every key (or, with `wildcard`, a match of every pattern) exists. */
import { parseS3Url } from '../../hooks/s3-location.js';
import type { S3Hook } from '../../hooks/s3-hook.js';
import type { S3KeySensorConfig } from '../../sdk/sensors/s3-key-sensor.js';
import type { OperatorContext } from '../operator.js';
import { renderTarget, withS3Hook } from '../s3/with-s3-hook.js';
import { met, notMet, sensorExecutor } from './sensor.js';

export const s3KeySensorExecutor = sensorExecutor<S3KeySensorConfig>({
  poke: (config, ctx) =>
    withS3Hook(ctx, config.connId, async (hook) => {
      const found: string[] = [];
      for (const key of config.keys) {
        const matches = config.wildcard ? await matchPattern(hook, ctx, config, key) : await exact(hook, ctx, config, key);
        if (matches.length === 0) return notMet(`no object ${config.wildcard ? 'matches' : 'at'} ${describe(ctx, config, key)}`);
        found.push(...matches);
      }
      return met(found);
    }),
});

async function exact(hook: S3Hook, ctx: OperatorContext, config: S3KeySensorConfig, key: string): Promise<string[]> {
  const target = renderTarget(ctx, { bucket: config.bucket, key }, 'key');
  return (await hook.exists(target)) ? [typeof target === 'string' ? target : target.key] : [];
}

/** Lists under the pattern's literal prefix, then matches `*` and `?` on the whole key (fnmatch, as Airflow). */
async function matchPattern(hook: S3Hook, ctx: OperatorContext, config: S3KeySensorConfig, key: string): Promise<string[]> {
  const rendered = ctx.render(key);
  const url = parseS3Url(rendered);
  const bucket = url?.bucket ?? (config.bucket === null ? undefined : ctx.render(config.bucket));
  const pattern = url?.key ?? rendered;
  const prefix = pattern.split(/[*?[]/)[0] ?? '';
  const regex = new RegExp(`^${pattern.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  const keys = await hook.list({ ...(bucket ? { bucket } : {}), prefix });
  return keys.filter((k) => regex.test(k));
}

function describe(ctx: OperatorContext, config: S3KeySensorConfig, key: string): string {
  const rendered = ctx.render(key);
  return config.bucket === null ? rendered : `s3://${ctx.render(config.bucket)}/${rendered}`;
}
