/**
 * Lists the files in a DAGs folder worth importing: TypeScript/JavaScript
 * modules, minus `.d.ts`, `node_modules`, dot-folders and what `.updraftignore`
 * excludes. In safe mode (the default, as Airflow's `dag_discovery_safe_mode`)
 * a file is kept only if its text mentions both `updraft` and `dag`, so helper
 * modules and scripts are not imported at all.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { IGNORE_FILE_NAME, isIgnored, parseIgnoreFile, type IgnoreRule } from './updraftignore.js';

export const DAG_FILE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

export interface FindDagFilesOptions {
  /** Keep only files whose text contains `updraft` and `dag` (case-insensitive). Default true. */
  readonly safeMode?: boolean;
}

/** Whether the name has a DAG module extension (declaration files excluded). */
export function hasDagFileExtension(name: string): boolean {
  if (/\.d\.m?ts$/.test(name)) return false;
  return DAG_FILE_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** Airflow's heuristic, with our name: both words must appear somewhere in the file. */
export function mightContainDag(text: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes('updraft') && lower.includes('dag');
}

/** Absolute paths of the candidate DAG files under `folder`, sorted by relative path. */
export async function findDagFiles(folder: string, options: FindDagFilesOptions = {}): Promise<string[]> {
  const safeMode = options.safeMode ?? true;
  const found: string[] = [];
  const seenDirs = new Set<string>();

  async function walk(dir: string, inherited: readonly IgnoreRule[]): Promise<void> {
    const dirStat = await stat(dir);
    // Symlinked folders are followed (as Airflow does), but never twice: no loops.
    const key = `${dirStat.dev}:${dirStat.ino}`;
    if (seenDirs.has(key)) return;
    seenDirs.add(key);

    const relDir = toPosix(relative(folder, dir));
    const entries = await readdir(dir, { withFileTypes: true });
    let rules = inherited;
    if (entries.some((e) => e.name === IGNORE_FILE_NAME && (e.isFile() || e.isSymbolicLink()))) {
      const text = await readFile(join(dir, IGNORE_FILE_NAME), 'utf8');
      rules = [...inherited, ...parseIgnoreFile(text, relDir)];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => null);
        if (target === null) continue; // dangling link
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDir) {
        if (entry.name === 'node_modules' || isIgnored(relPath, true, rules)) continue;
        await walk(path, rules);
      } else if (isFile && hasDagFileExtension(entry.name) && !isIgnored(relPath, false, rules)) {
        if (safeMode && !mightContainDag(await readFile(path, 'utf8'))) continue;
        found.push(path);
      }
    }
  }

  const root = await stat(folder).catch(() => null);
  if (root === null || !root.isDirectory()) {
    throw new Error(`The DAGs folder ${folder} does not exist or is not a folder: create it, or point Updraft at your DAGs folder`);
  }
  await walk(folder, []);
  const rel = (p: string) => toPosix(relative(folder, p));
  return found.sort((a, b) => (rel(a) < rel(b) ? -1 : rel(a) > rel(b) ? 1 : 0));
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
