/**
 * Turns whatever a DAG file threw while being loaded into the import error
 * people read in the UI and CLI: the message names the file; the stack trace
 * points at the file's own lines (the child runs with --enable-source-maps).
 */
import { DagFileBundleError } from './load-dag-file.js';
import type { ImportErrorInfo } from './parse-protocol.js';

export function describeImportError(error: unknown, fileloc: string): ImportErrorInfo {
  if (error instanceof DagFileBundleError) {
    return { message: error.message, stacktrace: error.messages.join('\n') };
  }
  if (error instanceof Error) {
    const kind = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return { message: `Failed to import ${fileloc}: ${kind}${error.message}`, stacktrace: error.stack ?? null };
  }
  return { message: `Failed to import ${fileloc}: it threw a non-Error value: ${safeString(error)}`, stacktrace: null };
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
