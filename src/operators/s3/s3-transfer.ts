/** Executors of `s3Upload`, `s3Download`, `s3Copy` and `fileTransfer`. */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { parseS3Url, s3Url } from '../../hooks/s3-location.js';
import type { FileTransferConfig, S3CopyConfig, S3DownloadConfig, S3UploadConfig } from '../../sdk/operators/s3-transfer.js';
import { executor, succeeded, type OperatorContext } from '../operator.js';
import { renderTarget, withS3Hook } from './with-s3-hook.js';

export const s3UploadExecutor = executor<S3UploadConfig>((config, ctx) =>
  withS3Hook(ctx, config.connId, async (hook) => {
    const target = renderTarget(ctx, config.target, 'key');
    const options = {
      replace: config.replace,
      ...(config.contentType !== null ? { contentType: ctx.render(config.contentType) } : {}),
      ...(config.storageClass ? { storageClass: config.storageClass } : {}),
    };
    const written = config.file !== null ? await hook.upload(localPath(ctx, config.file), target, options) : await hook.put(target, ctx.render(config.data ?? ''), options);
    return succeeded(s3Url(written));
  }),
);

export const s3DownloadExecutor = executor<S3DownloadConfig>((config, ctx) =>
  withS3Hook(ctx, config.connId, async (hook) => succeeded(await hook.download(renderTarget(ctx, config.source, 'key'), localPath(ctx, config.file)))),
);

export const s3CopyExecutor = executor<S3CopyConfig>((config, ctx) =>
  withS3Hook(ctx, config.connId, async (hook) => {
    const copy = await hook.copy(renderTarget(ctx, config.source, 'source'), renderTarget(ctx, config.dest, 'dest'), { replace: config.replace });
    return succeeded(s3Url(copy));
  }),
);

export const fileTransferExecutor = executor<FileTransferConfig>((config, ctx) =>
  withS3Hook(ctx, config.connId, async (hook) => {
    const source = ctx.render(config.source);
    const destination = ctx.render(config.destination);
    const from = parseS3Url(source);
    const to = parseS3Url(destination);
    if (from && to) {
      await hook.copy(from, to, { replace: config.replace });
    } else if (to) {
      await hook.upload(localPath(ctx, source), to, { replace: config.replace });
    } else if (from) {
      const path = localPath(ctx, destination);
      if (!config.replace && existsSync(path)) throw new Error(`${ctx.where}: ${path} already exists: pass replace: true to overwrite it`);
      await hook.download(from, path);
    } else {
      throw new Error(`${ctx.where}: fileTransfer needs an s3:// URL on at least one side, got '${source}' and '${destination}'`);
    }
    return succeeded(destination);
  }),
);

/** Task processes may run anywhere: relative paths would depend on their working folder, so only absolute ones are accepted. */
function localPath(ctx: OperatorContext, template: string): string {
  const path = ctx.render(template);
  if (!isAbsolute(path)) throw new Error(`${ctx.where}: the local path '${path}' must be absolute`);
  return path;
}
