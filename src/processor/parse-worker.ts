/**
 * The parse child's entry: imports DAG files one request at a time and replies
 * with their serialized DAGs or an import error. The parent owns timeouts and
 * kills this process when a file hangs; nothing here guards against that.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { dagVersionHash } from './dag-version-hash.js';
import { describeImportError } from './import-error.js';
import { bundledImports, loadDagFile, variablesReadBefore } from './load-dag-file.js';
import type { ParseReply, ParseRequest, VariableAnswer } from './parse-protocol.js';

function send(reply: ParseReply): void {
  process.send?.(reply);
}

// A file's `variable()` reads are questions to the parent, which reads through the secrets backends.
const pendingVariables = new Map<number, { resolve(value: string | null): void; reject(error: Error): void }>();
let nextQuestion = 1;

function readVariable(key: string): Promise<string | null> {
  const id = nextQuestion++;
  return new Promise((resolve, reject) => {
    pendingVariables.set(id, { resolve, reject });
    send({ type: 'variable', id, key });
  });
}

function onVariableAnswer(answer: VariableAnswer): void {
  const pending = pendingVariables.get(answer.id);
  pendingVariables.delete(answer.id);
  if (answer.error !== undefined) pending?.reject(new Error(answer.error));
  else pending?.resolve(answer.value);
}

async function handle(request: ParseRequest): Promise<void> {
  const started = performance.now();
  const { absPath, fileloc, dagsFolder, cacheDir, authoringDefaults } = request;
  try {
    const loaded = await loadDagFile(absPath, { dagsFolder, cacheDir, fileloc, readVariable, ...(authoringDefaults ? { authoringDefaults } : {}) });
    const dags = loaded.dags.map((dag) => ({ spec: dag.spec, hash: dagVersionHash(dag.spec, loaded.bundleHash) }));
    send({ type: 'result', id: request.id, dags, source: loaded.source, error: null, durationMs: performance.now() - started, variables: loaded.variables, imports: loaded.imports });
  } catch (error) {
    const source = await readFile(absPath, 'utf8').catch(() => null);
    const info = describeImportError(error, fileloc);
    send({ type: 'result', id: request.id, dags: [], source, error: info, durationMs: performance.now() - started, variables: variablesReadBefore(error), imports: bundledImports(absPath, request) });
  }
}

if (process.send === undefined) {
  console.error('parse-worker.ts is started by the DAG processor (child_process.fork), not by hand');
  process.exit(2);
}
// Requests arrive one at a time; chaining keeps them strictly in order regardless.
let queue = Promise.resolve();
process.on('message', (message: ParseRequest | VariableAnswer) => {
  if (message.type === 'variable') onVariableAnswer(message);
  else queue = queue.then(() => handle(message));
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
