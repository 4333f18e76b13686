/**
 * Watches a DAGs folder and reports, after a short quiet period, which files
 * changed and which disappeared. One recursive `fs.watch`: on Linux, Node 20
 * implements it by watching every folder (inotify) and picks up new subfolders;
 * checked on Node 20.20 (a file in a folder created after the watch started is
 * reported).
 *
 * The watcher does not judge what a change means (a DAG file, a helper module,
 * `.updraftignore`): the DAG processor does.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { IGNORE_FILE_NAME } from './updraftignore.js';

export const DEFAULT_DEBOUNCE_MS = 100;

export interface DagFolderWatcher {
  close(): void;
}

export interface WatchOptions {
  readonly debounceMs?: number;
  /** Called if the folder cannot be watched any more (e.g. it was deleted). */
  readonly onError?: (error: Error) => void;
}

/** `onChange` receives absolute paths: files that exist now (new or modified), and paths that are gone. */
export function watchDagFolder(
  folder: string,
  onChange: (changedFiles: string[], removedFiles: string[]) => void,
  options: WatchOptions = {},
): DagFolderWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const flush = async () => {
    timer = null;
    const paths = [...pending].sort();
    pending.clear();
    const changed: string[] = [];
    const removed: string[] = [];
    for (const path of paths) {
      const info = await stat(path).catch(() => null);
      if (info === null) removed.push(path);
      else if (info.isFile()) changed.push(path);
      else if (info.isDirectory()) changed.push(...(await listFiles(folder, path))); // a folder moved in
    }
    if (!closed && (changed.length > 0 || removed.length > 0)) onChange([...new Set(changed)].sort(), removed);
  };

  const watcher: FSWatcher = watch(folder, { recursive: true }, (_event, filename) => {
    if (closed || filename === null) return;
    const name = filename.toString();
    if (!isRelevant(name)) return;
    pending.add(join(folder, name));
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));

  return {
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      watcher.close();
    },
  };
}

/** Skips node_modules and dot-folders/files, except `.updraftignore` which changes what is a DAG file. */
function isRelevant(relPath: string): boolean {
  const parts = relPath.split(sep);
  const last = parts.length - 1;
  return parts.every((part, i) => part !== 'node_modules' && (!part.startsWith('.') || (i === last && part === IGNORE_FILE_NAME)));
}

async function listFiles(folder: string, dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .filter((path) => isRelevant(relative(folder, path)));
}
