/**
 * Finds one of Updraft's own modules next to the caller, whether Updraft runs
 * from its built package (`dist/**.js`) or from source under tsx (`src/**.ts`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `relative` has no extension, e.g. `../sdk/index`; tries `.js` then `.ts`. Returns an absolute path. */
export function locateOwnModule(fromUrl: string, relative: string): string {
  for (const ext of ['.js', '.ts']) {
    const path = fileURLToPath(new URL(`${relative}${ext}`, fromUrl));
    if (existsSync(path)) return path;
  }
  throw new Error(`Updraft is incomplete: ${relative}.js (or .ts) is missing next to ${fileURLToPath(fromUrl)}; reinstall or rebuild Updraft`);
}
