/**
 * Loads Updraft's modules for benchmarks: from the built `dist/` when present,
 * as users run it, else from `src/` through tsx.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const mode = existsSync(join(repoRoot, 'dist/orchestrator.js')) ? 'dist' : 'source';
const codeDir = join(repoRoot, mode === 'dist' ? 'dist' : 'src');
const ext = mode === 'dist' ? 'js' : 'ts';

/** `loadUpdraft<typeof import('../../src/app.js')>('app')`: a module by its path under src/, without extension. */
export const loadUpdraft = <T>(relPath: string): Promise<T> => import(pathToFileURL(join(codeDir, `${relPath}.${ext}`)).href) as Promise<T>;
