/**
 * Parses DAG files in child processes, so a file that loops, exits or crashes
 * costs an import error and never the caller. A few long-lived children take
 * files one at a time: spawning one costs ~50-100 ms (more under tsx), a
 * round trip through a warm child a few ms, so we never spawn per file.
 *
 * Each file gets a deadline (Airflow's dagbag import timeout); when it passes,
 * the child is killed with SIGKILL and a fresh one takes the remaining files.
 */
import * as os from 'node:os';
import { relative } from 'node:path';
import type { AuthoringDefaults } from '../sdk/authoring-defaults.js';
import { toPosix } from './dag-file-finder.js';
import { resolveDuplicateDagIds } from './duplicate-dag-ids.js';
import { describeExit, ParseChild, type ParseOutcome } from './parse-child.js';
import type { ImportErrorInfo, ParsedDagFile } from './parse-protocol.js';

export type { ParsedDagFile } from './parse-protocol.js';

export const DEFAULT_PARSE_TIMEOUT_MS = 30_000;
/** ESM modules are never unloaded: a child is replaced after this many files to bound its memory. */
export const DEFAULT_MAX_FILES_PER_CHILD = 2000;

export interface DagFileRef {
  readonly absPath: string;
  readonly fileloc: string;
  readonly dagsFolder: string;
}

export interface DagFileParserOptions {
  readonly cacheDir: string;
  /** Per-file import deadline (default 30 s). */
  readonly timeoutMs?: number;
  /** Children working side by side (default 2 on a machine with 2+ cores, else 1). */
  readonly concurrency?: number;
  readonly maxFilesPerChild?: number;
  /** Lines DAG files print while importing (default: dropped). */
  readonly onOutput?: (line: string) => void;
  /** Answers DAG files' parse-time `variable()` reads (default: none is set, each read gets its fallback). */
  readonly readVariable?: (key: string) => Promise<string | null>;
  /** The configured defaults for what DAG files leave unset (default: the SDK's built-in ones). */
  readonly authoringDefaults?: AuthoringDefaults;
}

/** A pool of warm parse children; keep one for the life of a DAG processor, `close()` at the end. */
export class DagFileParser {
  private readonly slots: (ParseChild | null)[];
  private nextRequestId = 1;
  private readonly timeoutMs: number;
  private readonly maxFilesPerChild: number;

  constructor(private readonly options: DagFileParserOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
    this.maxFilesPerChild = options.maxFilesPerChild ?? DEFAULT_MAX_FILES_PER_CHILD;
    this.slots = new Array<ParseChild | null>(Math.max(1, options.concurrency ?? defaultConcurrency())).fill(null);
  }

  /** Results in the order of `files`. Duplicate DAG ids are not resolved here (see resolveDuplicateDagIds). */
  async parse(files: readonly DagFileRef[]): Promise<ParsedDagFile[]> {
    const results = new Array<ParsedDagFile>(files.length);
    let next = 0;
    const work = async (slot: number) => {
      while (next < files.length) {
        const index = next++;
        results[index] = await this.parseOne(slot, files[index] as DagFileRef);
      }
    };
    await Promise.all(this.slots.map((_, slot) => work(slot)));
    return results;
  }

  async close(): Promise<void> {
    const children = this.slots.splice(0, this.slots.length, ...this.slots.map(() => null));
    await Promise.all(children.map((child) => child?.close()));
  }

  private async childFor(slot: number): Promise<ParseChild> {
    let child = this.slots[slot] ?? null;
    if (child !== null && child.alive && child.filesParsed >= this.maxFilesPerChild) {
      void child.close();
      child = null;
    }
    if (child === null || !child.alive) {
      const { onOutput, readVariable } = this.options;
      child = await ParseChild.start({ ...(onOutput ? { onOutput } : {}), ...(readVariable ? { readVariable } : {}) });
      this.slots[slot] = child;
    }
    return child;
  }

  private async parseOne(slot: number, file: DagFileRef): Promise<ParsedDagFile> {
    const child = await this.childFor(slot);
    const started = performance.now();
    const { cacheDir, authoringDefaults } = this.options;
    const outcome = await child.parse(
      {
        type: 'parse',
        id: this.nextRequestId++,
        absPath: file.absPath,
        fileloc: file.fileloc,
        dagsFolder: file.dagsFolder,
        cacheDir,
        ...(authoringDefaults ? { authoringDefaults } : {}),
      },
      this.timeoutMs,
    );
    return toParsedFile(file, outcome, this.timeoutMs, performance.now() - started);
  }
}

function toParsedFile(file: DagFileRef, outcome: ParseOutcome, timeoutMs: number, elapsedMs: number): ParsedDagFile {
  const base = { fileloc: file.fileloc, absPath: file.absPath };
  if (outcome.kind === 'result') {
    const { reply } = outcome;
    return {
      ...base,
      dags: reply.dags.map((d) => d.spec),
      hashes: Object.fromEntries(reply.dags.map((d) => [d.spec.dagId, d.hash])),
      source: reply.source,
      error: reply.error,
      durationMs: reply.durationMs,
      variables: reply.variables,
      imports: reply.imports,
    };
  }
  const error: ImportErrorInfo =
    outcome.kind === 'timeout'
      ? {
          message:
            `Timed out after ${formatSeconds(timeoutMs)} while importing ${file.fileloc}: a DAG file must finish importing ` +
            'within dagbag import timeout; move slow work into tasks',
          stacktrace: null,
        }
      : {
          message:
            `The parse process ended (${describeExit(outcome.code, outcome.signal)}) while importing ${file.fileloc}: ` +
            'a DAG file must not call process.exit() or crash the process at import; move such code into tasks',
          stacktrace: outcome.stderrTail.trim() === '' ? null : outcome.stderrTail.trim(),
        };
  return { ...base, dags: [], hashes: {}, source: null, error, durationMs: elapsedMs, variables: {}, imports: [] };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}

function defaultConcurrency(): number {
  return Math.min(2, Math.max(1, availableParallelism()));
}

function availableParallelism(): number {
  return os.availableParallelism();
}


export interface ParseDagFilesOptions extends DagFileParserOptions {
  /** The folder `fileloc`s are relative to; packages resolve from it first. */
  readonly dagsFolder: string;
  /** Put before every `fileloc` (e.g. `examples/` for the bundled examples). Default ''. */
  readonly filelocPrefix?: string;
}

/**
 * One-shot: starts children, parses `files` (absolute paths), stops the children.
 * A DAG id declared by several files stays with the first; the others get an import error.
 */
export async function parseDagFiles(files: readonly string[], options: ParseDagFilesOptions): Promise<ParsedDagFile[]> {
  const parser = new DagFileParser(options);
  try {
    const refs = files.map((absPath) => toDagFileRef(absPath, options.dagsFolder, options.filelocPrefix ?? ''));
    return resolveDuplicateDagIds(await parser.parse(refs));
  } finally {
    await parser.close();
  }
}

export function toDagFileRef(absPath: string, dagsFolder: string, filelocPrefix = ''): DagFileRef {
  return { absPath, dagsFolder, fileloc: `${filelocPrefix}${toPosix(relative(dagsFolder, absPath))}` };
}
