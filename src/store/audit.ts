/** One line in the audit log for an action someone took (who, what, on which DAG/run/task). */
import type { Store } from './store.js';
import type { AuditEventInput } from './types.js';

export type AuditFields = Partial<Omit<AuditEventInput, 'event' | 'when'>>;

export async function audit(store: Store, event: string, fields: AuditFields, when: Date): Promise<void> {
  await store.auditLog.append({
    when,
    event,
    dagId: fields.dagId ?? null,
    taskId: fields.taskId ?? null,
    runId: fields.runId ?? null,
    mapIndex: fields.mapIndex ?? null,
    tryNumber: fields.tryNumber ?? null,
    owner: fields.owner ?? null,
    extra: fields.extra ?? null,
  });
}
