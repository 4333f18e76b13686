/**
 * The parse child's entry: imports DAG files one request at a time and replies
 * with their serialized DAGs or an import error. The parent owns timeouts and
 * kills this process when a file hangs; nothing here guards against that.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { dagVersionHash } from './dag-version-hash.js';
import { describeImportError } from './import-error.js';
import { loadDagFile } from './load-dag-file.js';
import type { ParseReply, ParseRequest } from './parse-protocol.js';

function send(reply: ParseReply): void {
  process.send?.(reply);
}

async function handle(request: ParseRequest): Promise<void> {
  const started = performance.now();
  const { absPath, fileloc, dagsFolder, cacheDir } = request;
  try {
    const loaded = await loadDagFile(absPath, { dagsFolder, cacheDir, fileloc });
    const dags = loaded.dags.map((dag) => ({ spec: dag.spec, hash: dagVersionHash(dag.spec, loaded.bundleHash) }));
    send({ type: 'result', id: request.id, dags, source: loaded.source, error: null, durationMs: performance.now() - started });
  } catch (error) {
    const source = await readFile(absPath, 'utf8').catch(() => null);
    const info = describeImportError(error, fileloc);
    send({ type: 'result', id: request.id, dags: [], source, error: info, durationMs: performance.now() - started });
  }
}

if (process.send === undefined) {
  console.error('parse-worker.ts is started by the DAG processor (child_process.fork), not by hand');
  process.exit(2);
}
// Requests arrive one at a time; chaining keeps them strictly in order regardless.
let queue = Promise.resolve();
process.on('message', (request: ParseRequest) => {
  queue = queue.then(() => handle(request));
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
