/**
 * Messages between the DAG processor (parent) and its parse child. One file per
 * request; the parent sends the next only after the reply, so a reply always
 * belongs to the file in flight. While a file imports, each `variable()` it
 * calls is a question to the parent (which reads through the secrets backends).
 */
import type { DagSpec } from '../core/dag-spec.js';
import type { AuthoringDefaults } from '../sdk/authoring-defaults.js';

export interface ImportErrorInfo {
  /** Names the file and says what went wrong (and, where we know, what to do). */
  readonly message: string;
  /** Stack trace mapped to the DAG file's own lines, or the compiler output; null when there is none. */
  readonly stacktrace: string | null;
}

export interface ParseRequest {
  readonly type: 'parse';
  readonly id: number;
  readonly absPath: string;
  readonly fileloc: string;
  readonly dagsFolder: string;
  readonly cacheDir: string;
  /** The configured defaults for what the file leaves unset; the child has no config of its own. Absent: the SDK's built-in ones. */
  readonly authoringDefaults?: AuthoringDefaults;
}

/** The child asks for a variable's value on behalf of the file it is importing. */
export interface VariableQuestion {
  readonly type: 'variable';
  readonly id: number;
  readonly key: string;
}

/** The parent's answer: the value (null: not set), or why it could not be read. */
export interface VariableAnswer {
  readonly type: 'variable';
  readonly id: number;
  readonly value: string | null;
  readonly error?: string;
}

export type ParseReply =
  | { readonly type: 'ready' }
  | VariableQuestion
  | {
      readonly type: 'result';
      readonly id: number;
      readonly dags: readonly { readonly spec: DagSpec; readonly hash: string }[];
      /** The file's text; null if it could not be read. */
      readonly source: string | null;
      readonly error: ImportErrorInfo | null;
      readonly durationMs: number;
      /** The variables the file read at parse time and their values. */
      readonly variables: Readonly<Record<string, string | null>>;
      /** Local modules the file's bundle inlined (absolute paths); [] when it never bundled. */
      readonly imports: readonly string[];
    };

/** The outcome of parsing one DAG file, as the processor hands it on. */
export interface ParsedDagFile {
  /** Path relative to its DAGs folder (posix), with any prefix; the key for import errors. */
  readonly fileloc: string;
  readonly absPath: string;
  /** The DAGs the file declared, `fileloc` filled. Empty when the import failed. */
  readonly dags: readonly DagSpec[];
  /** Content hash of each DAG version, by DAG id (spec + bundled code). */
  readonly hashes: Readonly<Record<string, string>>;
  /** The file's text, null if it could not be read. */
  readonly source: string | null;
  readonly error: ImportErrorInfo | null;
  readonly durationMs: number;
  /** The variables the file read at parse time and the values it got: when one changes, the file is parsed again. */
  readonly variables: Readonly<Record<string, string | null>>;
  /** Local modules the file imports (absolute paths), e.g. `../plugins/x.ts`: a change to one re-parses it. */
  readonly imports: readonly string[];
}
