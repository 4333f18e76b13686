/** Turns a stored fileloc (relative to its DAG folder, maybe prefixed) back into the file to load. */
import { join } from 'node:path';
import type { DagFileLocation } from '../executor/executor.js';

export interface DagFolderRef {
  readonly path: string;
  readonly filelocPrefix: string;
}

export function locateDagFile(folders: readonly DagFolderRef[], fileloc: string): DagFileLocation {
  // Prefixed folders first, so `examples/x.ts` is not looked for in the user's folder.
  const ordered = [...folders].sort((a, b) => b.filelocPrefix.length - a.filelocPrefix.length);
  const folder = ordered.find((f) => fileloc.startsWith(f.filelocPrefix));
  if (!folder) throw new Error(`no DAG folder holds ${fileloc}: is the examples folder loaded (UPDRAFT_LOAD_EXAMPLES)?`);
  return { absPath: join(folder.path, fileloc.slice(folder.filelocPrefix.length)), dagsFolder: folder.path, fileloc };
}
