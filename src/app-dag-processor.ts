/**
 * The DAG processor of an opened app, configured one way wherever it runs (the
 * scheduler's, `updraft dag-processor`, the CLI's one-off parse): its folders,
 * cache, import timeout, parse-time variables through the app's secrets
 * backends, and the installation's authoring defaults. Only where its results
 * go (the sink) and how its own problems are logged differ.
 */
import type { App } from './app.js';
import { authoringDefaultsOf } from './config/authoring-defaults.js';
import { DagProcessor, type ParseSink } from './processor/dag-processor.js';

export function createAppDagProcessor(app: App, sink: ParseSink, onError?: (error: unknown) => void): DagProcessor {
  return new DagProcessor({
    dagsFolders: app.dagFolders,
    cacheDir: app.config.cacheFolder,
    timeoutMs: app.config.dagFileImportTimeoutMs,
    readVariable: app.secrets.variableValue,
    authoringDefaults: authoringDefaultsOf(app.config),
    sink,
    ...(onError ? { onError } : {}),
  });
}
