/**
 * Registers every secret a try fetches with its log's masker the moment it is
 * fetched, whoever fetches it (task code through `ctx`, an operator or a hook
 * through the services): connection passwords, values under sensitive keys of
 * connection extras, and secret variables (sensitive key or flagged).
 */
import type { JsonObject } from '../core/dag-spec.js';
import { isSensitiveName, sensitiveValuesIn } from '../secrets/sensitive-names.js';
import type { ConnectionInfo } from '../sdk/context.js';
import type { SecretMasker } from './secret-masker.js';
import type { TaskServices, VariableEntry } from './task-services.js';

export function maskingTaskServices(inner: TaskServices, masker: SecretMasker): TaskServices {
  const getVariableEntry = async (key: string): Promise<VariableEntry | null> => {
    const entry = inner.getVariableEntry
      ? await inner.getVariableEntry(key)
      : await inner.getVariable(key).then((value) => (value === null ? null : { value, secret: isSensitiveName(key) }));
    if (entry?.secret) maskVariable(masker, entry.value);
    return entry;
  };
  return {
    readXComs: (taskId, key) => inner.readXComs(taskId, key),
    writeXCom: (taskId, mapIndex, key, value) => inner.writeXCom(taskId, mapIndex, key, value),
    // Shown to users, so masked like the log: every secret this try has fetched or registered so far.
    recordRenderedFields: (taskId, mapIndex, fields) => inner.recordRenderedFields(taskId, mapIndex, masker.maskJson(fields) as JsonObject),
    getVariable: async (key) => (await getVariableEntry(key))?.value ?? null,
    getVariableEntry,
    getConnection: async (connId) => {
      const connection = await inner.getConnection(connId);
      if (connection) maskConnection(masker, connection);
      return connection;
    },
    observeExternalTasks: (query) => inner.observeExternalTasks(query),
    assetUpdates: (uri, since) => inner.assetUpdates(uri, since),
    triggerDagRun: (request) => inner.triggerDagRun(request),
    setDefaultVariable: (taskId, variable) => inner.setDefaultVariable(taskId, variable),
    setDefaultConnection: (taskId, connection) => {
      // The task knows the secret it writes; its log must not show it either.
      maskConnection(masker, { ...connection, host: null, schema: null, login: null, password: connection.password ?? null, port: null, extra: connection.extra ?? {} });
      return inner.setDefaultConnection(taskId, connection);
    },
    setDefaultPool: (taskId, pool) => inner.setDefaultPool(taskId, pool),
  };
}

export function maskConnection(masker: SecretMasker, connection: ConnectionInfo): void {
  addSecret(masker, connection.password);
  for (const value of sensitiveValuesIn(connection.extra)) addSecret(masker, value);
}

/** The whole value, and the leaves of a JSON value (a task may print one field of it). */
function maskVariable(masker: SecretMasker, value: string): void {
  addSecret(masker, value);
  try {
    for (const leaf of sensitiveValuesIn(JSON.parse(value) as unknown, true)) addSecret(masker, leaf);
  } catch {
    // not JSON: the whole value is masked above
  }
}

/** The secret as written, and as it reads inside a URL or a JSON string, the forms a log line most often shows it in. */
function addSecret(masker: SecretMasker, secret: string | null): void {
  if (!secret) return;
  masker.add(secret);
  masker.add(encodeURIComponent(secret));
  masker.add(JSON.stringify(secret).slice(1, -1));
}
