/** The audit log as services write it (the store's helper: tasks' own writes are audited the same way). */
export { audit, type AuditFields } from '../store/audit.js';
