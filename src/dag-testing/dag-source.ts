/**
 * Which DAG a test runs: a `Dag` the test imported itself, or a DAG file loaded
 * the way the DAG processor loads it (bundled with esbuild, `updraft` mapped to
 * this install), for tests that name a file instead of importing it. A file
 * gets the project's settings for what it leaves unset (catchup, maxActiveRuns,
 * maxActiveTasks, retries: UPDRAFT__* variables and the config file in
 * UPDRAFT_HOME), as the DAG processor would give it; a DAG the test imported
 * itself was built by plain Node, with the SDK's built-in defaults.
 */
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { authoringDefaultsOf } from '../config/authoring-defaults.js';
import { loadConfig } from '../config/config.js';
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
    authoringDefaults: projectAuthoringDefaults(source.file),
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

function projectAuthoringDefaults(file: string) {
  try {
    return authoringDefaultsOf(loadConfig());
  } catch (error) {
    throw new Error(`cannot load ${file}: its defaults come from your Updraft settings, which do not load: ${(error as Error).message}`);
  }
}
