/**
 * Which DAG a test runs: a `Dag` the test imported itself, or a DAG file loaded
 * the way the DAG processor loads it (bundled with esbuild, `updraft` mapped to
 * this install), for tests that name a file instead of importing it.
 */
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadDagFile } from '../processor/load-dag-file.js';
import type { Dag } from '../sdk/dag.js';

/** A DAG file (relative to the working directory) and, when it declares several, the DAG's id. */
export interface DagFile {
  readonly file: string;
  readonly dagId?: string;
}

/** Bundles are content-addressed, so tests in parallel processes can share the folder. */
const BUNDLE_CACHE = join(tmpdir(), 'updraft-test-bundles');

export async function loadDag(source: Dag | DagFile, readVariable?: (key: string) => Promise<string | null>): Promise<Dag> {
  if (!('file' in source)) return source;
  const absPath = resolve(source.file);
  const loaded = await loadDagFile(absPath, {
    dagsFolder: dirname(absPath),
    cacheDir: BUNDLE_CACHE,
    ...(readVariable ? { readVariable } : {}),
  });
  const ids = loaded.dags.map((d) => d.dagId);
  if (source.dagId === undefined) {
    if (loaded.dags.length === 1) return loaded.dags[0] as Dag;
    throw new Error(`${source.file} declares ${ids.length === 0 ? 'no DAG' : `${ids.length} DAGs (${ids.join(', ')}): pass { file, dagId } to pick one`}`);
  }
  const found = loaded.dags.find((d) => d.dagId === source.dagId);
  if (!found) throw new Error(`${source.file} declares no DAG '${source.dagId}': it declares ${ids.join(', ') || 'none'}`);
  return found;
}
