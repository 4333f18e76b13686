/**
 * Executor of `fileSensor`: met when the glob matches a file or a non-empty
 * folder (as Airflow's FileSensor, which ignores empty folders). Relative
 * patterns are under the fs connection's `path` extra when one is named.
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { glob } from 'tinyglobby';
import type { FileSensorConfig } from '../../sdk/sensors/file-sensor.js';
import type { OperatorContext } from '../operator.js';
import { met, notMet, sensorExecutor } from './sensor.js';

export const fileSensorExecutor = sensorExecutor<FileSensorConfig>({
  async poke(config, ctx) {
    const pattern = await absolutePattern(config, ctx);
    const candidates = await glob(pattern, { absolute: true, onlyFiles: false, dot: true, deep: config.recursive ? Infinity : patternDepth(pattern), expandDirectories: false });
    const matches: string[] = [];
    for (const path of candidates.sort()) if (await isFileOrNonEmptyFolder(path)) matches.push(path);
    if (matches.length === 0) return notMet(`nothing matches ${pattern}${candidates.length > 0 ? ' (only empty folders)' : ''}`);
    ctx.log.info(`Found ${matches.length} match${matches.length === 1 ? '' : 'es'} for ${pattern}: ${matches.slice(0, 10).join(', ')}${matches.length > 10 ? ', …' : ''}`);
    return met(matches);
  },
});

async function absolutePattern(config: FileSensorConfig, ctx: OperatorContext): Promise<string> {
  const path = ctx.render(config.path);
  if (isAbsolute(path)) return path;
  if (config.connId === null) return join(process.cwd(), path);
  const connection = await ctx.connection(ctx.render(config.connId));
  const base = connection.extra.path;
  if (typeof base !== 'string' || base === '') {
    throw new Error(`${ctx.where}: connection '${connection.connId}' has no 'path' in its extra, so the relative path '${path}' has no base folder: set extra {"path": "/some/folder"} or give an absolute path`);
  }
  return join(base, path);
}

/** Without `recursive`, `**` matches one level only; other patterns go as deep as they are written. */
function patternDepth(pattern: string): number {
  return pattern.split('/').length;
}

async function isFileOrNonEmptyFolder(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (info.isFile()) return true;
    return info.isDirectory() && (await readdir(path)).length > 0;
  } catch {
    return false; // removed between the glob and the look
  }
}
