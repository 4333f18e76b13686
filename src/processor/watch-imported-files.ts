/**
 * Watches the modules DAG files import from outside the DAGs folders (a
 * project's `../plugins/*.ts`), which the folder watcher cannot see. One
 * non-recursive `fs.watch` per folder holding such a module, reporting only
 * those modules: watching the folder rather than the file also sees editors
 * that save by writing a new file and renaming it over the old one.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_DEBOUNCE_MS, type WatchOptions } from './watch-dag-folder.js';

export class ImportedFilesWatcher {
  private readonly folders = new Map<string, FSWatcher>();
  private files = new Set<string>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  /** `onChange` receives absolute paths: watched files that exist now (changed), and those that are gone. */
  constructor(
    private readonly onChange: (changedFiles: string[], removedFiles: string[]) => void,
    private readonly options: WatchOptions = {},
  ) {}

  /** Watches exactly these files (absolute paths) from now on. */
  watchFiles(paths: Iterable<string>): void {
    if (this.closed) return;
    this.files = new Set(paths);
    const wanted = new Set([...this.files].map((path) => dirname(path)));
    for (const [folder, watcher] of this.folders) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.folders.delete(folder);
    }
    for (const folder of wanted) {
      if (this.folders.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, filename) => filename !== null && this.onEvent(join(folder, filename.toString())));
        watcher.on('error', (error) => this.options.onError?.(error));
        this.folders.set(folder, watcher);
      } catch (error) {
        // The folder is gone: the files importing from it already failed, and say why.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.options.onError?.(error as Error);
      }
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    for (const watcher of this.folders.values()) watcher.close();
    this.folders.clear();
  }

  private onEvent(path: string): void {
    if (this.closed || !this.files.has(path)) return;
    this.pending.add(path);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const paths = [...this.pending].sort();
    this.pending.clear();
    const changed: string[] = [];
    const removed: string[] = [];
    for (const path of paths) ((await stat(path).catch(() => null))?.isFile() ? changed : removed).push(path);
    if (!this.closed) this.onChange(changed, removed);
  }
}
