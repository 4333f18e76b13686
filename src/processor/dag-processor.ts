/**
 * The DAG processor service: finds the DAG files in the DAGs folders, parses
 * them in child processes, hands the results to a sink (the store, in the app),
 * and with `start()` keeps watching and re-parses what changes.
 *
 *   new --parseAll()--> idle --start()--> watching --change--> refreshing --> watching
 *                                            |                                   |
 *                                            +---------------stop()--------------+--> stopped
 *
 * Refreshes run one at a time; changes that arrive meanwhile are merged into
 * the next one. It knows no concrete store: `ParseSink` is the seam.
 *
 * A file that reads variables at parse time (`await variable('dag_number')`)
 * depends on more than its text. Rather than re-parse every file on a timer
 * (Airflow's min_file_process_interval) or hear of every change (variables
 * change through the API, the CLI and secrets backends alike: files and
 * environment), the processor re-reads just the variables such files read,
 * every few seconds, and re-parses a file when one of its values changed.
 * That costs a few lookups per tick, and only for files that read variables.
 */
import { isAbsolute, relative } from 'node:path';
import type { AuthoringDefaults } from '../sdk/authoring-defaults.js';
import { findDagFiles, toPosix } from './dag-file-finder.js';
import { resolveDuplicateDagIds } from './duplicate-dag-ids.js';
import { DagFileParser, toDagFileRef, type DagFileRef, type ParsedDagFile } from './parse-dag-files.js';
import { watchDagFolder, type DagFolderWatcher } from './watch-dag-folder.js';
import { ImportedFilesWatcher } from './watch-imported-files.js';

export interface DagFolder {
  readonly path: string;
  /** Put before every fileloc from this folder, e.g. `examples/`, so two folders never share a fileloc. */
  readonly filelocPrefix?: string;
}

/** What one parse pass produced, for whoever keeps the results (the store). */
export interface ParseBatch {
  /** Files whose outcome is new or changed; each replaces whatever was known for its fileloc. */
  readonly results: readonly ParsedDagFile[];
  /** Every DAG file that exists now; DAGs and import errors of any other file are stale. */
  readonly allFilelocs: readonly string[];
  /** Files known before that are gone now (deleted, or excluded by .updraftignore). */
  readonly removedFilelocs: readonly string[];
}

export interface ParseSink {
  applyParseResults(batch: ParseBatch, now: Date): Promise<void>;
}

export interface DagProcessorOptions {
  /** The user's DAGs folder first; others (the examples) should carry a fileloc prefix. */
  readonly dagsFolders: readonly (string | DagFolder)[];
  readonly cacheDir: string;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  /** Only files mentioning `updraft` and `dag` (default true). */
  readonly safeMode?: boolean;
  readonly sink: ParseSink;
  readonly clock?: () => Date;
  readonly debounceMs?: number;
  /** Problems of the processor itself (a sink that failed, a folder that vanished). Default: console.error. */
  readonly onError?: (error: unknown) => void;
  /** Lines DAG files print while importing. */
  readonly onOutput?: (line: string) => void;
  /** Answers DAG files' parse-time `variable()` reads (the secrets backends); default: none is set. */
  readonly readVariable?: (key: string) => Promise<string | null>;
  /** How often to check the variables files read at parse time, once started (default 5 s). */
  readonly variableCheckMs?: number;
  /** The configured defaults for what DAG files leave unset (`authoringDefaultsOf(config)`); default: the SDK's built-in ones. */
  readonly authoringDefaults?: AuthoringDefaults;
}

export const DEFAULT_VARIABLE_CHECK_MS = 5_000;

/** Extensions of modules a DAG file may import: a change to one re-parses everything. */
const MODULE_EXTENSIONS = /\.(m|c)?(t|j)sx?$|\.json$/;

export class DagProcessor {
  private readonly folders: readonly Required<DagFolder>[];
  private readonly parser: DagFileParser;
  /** Last raw result per fileloc (duplicate ids not yet resolved), in path order. */
  private raw = new Map<string, ParsedDagFile>();
  /** What the sink last received per fileloc. */
  private published = new Map<string, ParsedDagFile>();
  private owners = new Map<string, string>();
  private watchers: DagFolderWatcher[] = [];
  /** Modules DAG files import from outside the folders (`../plugins/x.ts`): a change re-parses like a helper's. */
  private importWatcher: ImportedFilesWatcher | null = null;
  private variableCheck: NodeJS.Timeout | null = null;
  private checkingVariables = false;
  private pendingChanged = new Set<string>();
  private pendingRemoved = new Set<string>();
  private running: Promise<void> | null = null;
  private draining = false;
  private stopped = false;

  constructor(private readonly options: DagProcessorOptions) {
    this.folders = options.dagsFolders.map((f) =>
      typeof f === 'string' ? { path: f, filelocPrefix: '' } : { path: f.path, filelocPrefix: f.filelocPrefix ?? '' },
    );
    this.parser = new DagFileParser({
      cacheDir: options.cacheDir,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.onOutput !== undefined ? { onOutput: options.onOutput } : {}),
      ...(options.readVariable !== undefined ? { readVariable: options.readVariable } : {}),
      ...(options.authoringDefaults !== undefined ? { authoringDefaults: options.authoringDefaults } : {}),
    });
  }

  /** The latest outcome of every known DAG file (duplicate DAG ids resolved), in fileloc order. */
  get results(): ParsedDagFile[] {
    return [...this.published.values()];
  }

  /** Lists every folder, parses every DAG file, hands the outcome to the sink. */
  async parseAll(): Promise<ParseBatch> {
    return this.serialized(async () => {
      const refs = await this.listAll();
      return this.parseAndPublish(refs, refs);
    });
  }

  /** parseAll(), then watches the folders and re-parses what changes until stop(). */
  async start(): Promise<void> {
    await this.parseAll();
    if (this.stopped) return;
    for (const folder of this.folders) {
      this.watchers.push(
        watchDagFolder(folder.path, (changed, removed) => this.onFolderChange(changed, removed), {
          ...(this.options.debounceMs !== undefined ? { debounceMs: this.options.debounceMs } : {}),
          onError: (error) => this.reportError(error),
        }),
      );
    }
    this.importWatcher = new ImportedFilesWatcher((changed, removed) => this.onFolderChange(changed, removed), {
      ...(this.options.debounceMs !== undefined ? { debounceMs: this.options.debounceMs } : {}),
      onError: (error) => this.reportError(error),
    });
    this.watchImports();
    if (this.options.readVariable !== undefined) {
      this.variableCheck = setInterval(() => void this.checkVariables(), this.options.variableCheckMs ?? DEFAULT_VARIABLE_CHECK_MS);
      this.variableCheck.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.variableCheck !== null) clearInterval(this.variableCheck);
    for (const watcher of this.watchers.splice(0)) watcher.close();
    this.importWatcher?.close();
    await this.running?.catch(() => undefined);
    await this.parser.close();
  }

  /** Re-parses after a change; also usable without the watcher (e.g. a CLI `reserialize`). */
  refresh(changedFiles: readonly string[], removedFiles: readonly string[] = []): Promise<ParseBatch> {
    return this.serialized(async () => {
      const refs = await this.listAll();
      const byPath = new Map(refs.map((ref) => [ref.absPath, ref]));
      const helperChanged = changedFiles.some((path) => !byPath.has(path) && MODULE_EXTENSIONS.test(path));
      // A removed helper (or a folder of them) breaks the files importing it: re-parse all as well.
      const removedHelper = removedFiles.some((path) => !this.isKnownDagFile(path));
      if (helperChanged || removedHelper) return this.parseAndPublish(refs, refs);
      const wanted = new Set(changedFiles.filter((path) => byPath.has(path)));
      for (const ref of refs) if (!this.raw.has(ref.fileloc)) wanted.add(ref.absPath); // new or un-ignored
      return this.parseAndPublish(refs, refs.filter((ref) => wanted.has(ref.absPath)));
    });
  }

  /** Queues a re-parse of every file that read a variable whose value is not what it got. */
  private async checkVariables(): Promise<void> {
    const read = this.options.readVariable;
    // Not while files are being re-parsed: their recorded values are about to change, and
    // checking against the old ones would queue the same files a second time.
    if (read === undefined || this.checkingVariables || this.draining) return;
    this.checkingVariables = true;
    try {
      const stale: string[] = [];
      const now = new Map<string, string | null>();
      for (const file of this.raw.values()) {
        for (const [key, seen] of Object.entries(file.variables)) {
          if (!now.has(key)) now.set(key, await read(key));
          if (now.get(key) !== seen) {
            stale.push(file.absPath);
            break;
          }
        }
      }
      if (stale.length > 0 && !this.stopped) this.onFolderChange(stale, []);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.checkingVariables = false;
    }
  }

  private onFolderChange(changed: readonly string[], removed: readonly string[]): void {
    for (const path of changed) this.pendingChanged.add(path);
    for (const path of removed) this.pendingRemoved.add(path);
    void this.drainPending();
  }

  private async drainPending(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      // No await between the emptiness check and the reset below, so no change is missed.
      while (!this.stopped && (this.pendingChanged.size > 0 || this.pendingRemoved.size > 0)) {
        const changed = [...this.pendingChanged];
        const removed = [...this.pendingRemoved];
        this.pendingChanged.clear();
        this.pendingRemoved.clear();
        try {
          await this.refresh(changed, removed);
        } catch (error) {
          this.reportError(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async serialized<T>(pass: () => Promise<T>): Promise<T> {
    while (this.running !== null) await this.running.catch(() => undefined);
    const result = pass();
    this.running = result.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await result;
    } finally {
      this.running = null;
    }
  }

  private async listAll(): Promise<DagFileRef[]> {
    const refs: DagFileRef[] = [];
    const seen = new Set<string>();
    for (const folder of this.folders) {
      const safeMode = this.options.safeMode ?? true;
      const files = await findDagFiles(folder.path, { safeMode });
      for (const absPath of files) {
        const ref = toDagFileRef(absPath, folder.path, folder.filelocPrefix);
        if (seen.has(ref.fileloc)) continue; // the earlier folder wins; prefixes avoid this
        seen.add(ref.fileloc);
        refs.push(ref);
      }
    }
    return refs.sort((a, b) => (a.fileloc < b.fileloc ? -1 : a.fileloc > b.fileloc ? 1 : 0));
  }

  private async parseAndPublish(all: readonly DagFileRef[], toParse: readonly DagFileRef[]): Promise<ParseBatch> {
    const parsed = toParse.length === 0 ? [] : await this.parser.parse(toParse);
    const allFilelocs = all.map((ref) => ref.fileloc);
    const existing = new Set(allFilelocs);
    const removedFilelocs = [...this.raw.keys()].filter((fileloc) => !existing.has(fileloc));

    const raw = new Map<string, ParsedDagFile>();
    const fresh = new Map(parsed.map((result) => [result.fileloc, result]));
    for (const fileloc of allFilelocs) {
      const result = keepKnownImports(fresh.get(fileloc), this.raw.get(fileloc));
      if (result !== undefined) raw.set(fileloc, result);
    }
    this.raw = raw;
    this.watchImports();

    const resolved = resolveDuplicateDagIds([...raw.values()], this.owners);
    const changed = resolved.filter((result) => fresh.has(result.fileloc) || !sameOutcome(this.published.get(result.fileloc), result));
    this.published = new Map(resolved.map((result) => [result.fileloc, result]));
    this.owners = new Map(resolved.flatMap((result) => result.dags.map((spec) => [spec.dagId, result.fileloc] as const)));

    const batch: ParseBatch = { results: changed, allFilelocs, removedFilelocs };
    if (changed.length > 0 || removedFilelocs.length > 0) {
      await this.options.sink.applyParseResults(batch, (this.options.clock ?? (() => new Date()))());
    }
    return batch;
  }

  private isKnownDagFile(absPath: string): boolean {
    return this.folders.some((folder) => isInside(folder.path, absPath) && this.raw.has(`${folder.filelocPrefix}${toPosix(relative(folder.path, absPath))}`));
  }

  /** The folders' own watchers see the modules inside them; the rest are watched one by one. */
  private watchImports(): void {
    const outside = [...this.raw.values()].flatMap((file) => file.imports).filter((path) => !this.folders.some((folder) => isInside(folder.path, path)));
    this.importWatcher?.watchFiles(outside);
  }

  private reportError(error: unknown): void {
    (this.options.onError ?? ((e: unknown) => console.error('[dag-processor]', e)))(error);
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/** A file that failed before it could be bundled keeps the imports it had: fixing one of them must re-parse it. */
function keepKnownImports(fresh: ParsedDagFile | undefined, before: ParsedDagFile | undefined): ParsedDagFile | undefined {
  if (fresh === undefined) return before;
  return fresh.error !== null && fresh.imports.length === 0 && before !== undefined ? { ...fresh, imports: before.imports } : fresh;
}

function sameOutcome(a: ParsedDagFile | undefined, b: ParsedDagFile): boolean {
  if (a === undefined) return false;
  const key = (r: ParsedDagFile) => JSON.stringify([r.dags.map((d) => d.dagId), r.hashes, r.error?.message ?? null]);
  return key(a) === key(b);
}
