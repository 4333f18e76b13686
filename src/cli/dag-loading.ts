/**
 * What the CLI's DAG commands share: parse every DAG folder with the DAG
 * processor (isolated, with timeouts), record DAGs, versions and import errors
 * in the store, and load one DAG's code in this process when a command runs it.
 */
import { relative } from 'node:path';
import type { App } from '../app.js';
import { authoringDefaultsOf } from '../config/authoring-defaults.js';
import type { DagSpec, JsonObject } from '../core/dag-spec.js';
import { parseDateInZone } from '../core/zoned-time.js';
import { createAppDagProcessor } from '../app-dag-processor.js';
import { loadDagFile } from '../processor/load-dag-file.js';
import type { ParsedDagFile } from '../processor/parse-dag-files.js';
import { StoreParseSink } from '../processor/store-sink.js';
import type { Dag } from '../sdk/dag.js';

export interface LoadedDags {
  readonly dags: readonly { readonly spec: DagSpec }[];
  readonly paused: ReadonlyMap<string, boolean>;
  readonly errorCount: number;
  /** Loads the DAG's file in this process; a clear error when the DAG is unknown or its file failed. */
  runtimeOf(dagId: string): Promise<{ readonly dag: Dag; readonly versionId: number }>;
}

export async function loadDagsForCli(app: App): Promise<LoadedDags> {
  const processor = createAppDagProcessor(app, new StoreParseSink(app.store, {}, { pausedAtCreation: app.config.dagsArePausedAtCreation }));
  let files: readonly ParsedDagFile[];
  try {
    await processor.parseAll();
    files = processor.results;
  } finally {
    await processor.stop();
  }
  const paused = new Map((await app.store.dags.list()).items.map((d) => [d.dagId, d.isPaused]));
  return {
    dags: files.flatMap((file) => file.dags.map((spec) => ({ spec }))),
    paused,
    errorCount: files.filter((f) => f.error !== null).length,
    runtimeOf: (dagId) => runtimeOf(app, files, dagId),
  };
}

async function runtimeOf(app: App, files: readonly ParsedDagFile[], dagId: string) {
  const file = files.find((f) => f.dags.some((d) => d.dagId === dagId));
  if (!file) {
    const known = files.flatMap((f) => f.dags.map((d) => d.dagId)).sort();
    const failed = files.filter((f) => f.error !== null);
    const hint = failed.length > 0 ? ` ${failed.length} file(s) failed to import (${failed.map((f) => f.fileloc).join(', ')}): see 'updraft dags list-import-errors'.` : '';
    const folders = app.dagFolders.map((f) => f.path).join(', ');
    throw new Error(`DAG '${dagId}' was not found in ${folders}.${hint} Known DAGs: ${known.join(', ') || '(none)'}`);
  }
  const folder = app.dagFolders.find((f) => !relative(f.path, file.absPath).startsWith('..'));
  const loaded = await loadDagFile(file.absPath, {
    dagsFolder: folder?.path ?? app.config.dagsFolder,
    cacheDir: app.config.cacheFolder,
    fileloc: file.fileloc,
    readVariable: app.secrets.variableValue,
    authoringDefaults: authoringDefaultsOf(app.config),
  });
  const dag = loaded.dags.find((d) => d.dagId === dagId);
  const version = await app.store.dags.latestVersion(dagId);
  if (!dag || !version) throw new Error(`DAG '${dagId}' disappeared from ${file.fileloc} while loading: is the file being edited?`);
  return { dag, versionId: version.id };
}

export function parseDateOption(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDateInZone(value, 'UTC');
  } catch (error) {
    throw new Error(`--logical-date: ${(error as Error).message}`);
  }
}

export function parseConfOption(value: string | undefined): JsonObject {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new Error(`--conf is not valid JSON (${(error as Error).message}): pass an object such as '{"limit": 10}'`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`--conf must be a JSON object such as '{"limit": 10}', got ${value}`);
  }
  return parsed as JsonObject;
}
