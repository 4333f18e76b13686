/**
 * Every conformance case, in order. A resource's cases live in a file of their
 * own (add a line here for a new one); later files may rely on what earlier
 * ones changed, never the other way round.
 */
import { CORE_CASES, type Case } from './core-cases.js';
import { ADMIN_CASES } from './admin-cases.js';
import { TASK_INSTANCE_CASES } from './task-instance-cases.js';

export type { Case } from './core-cases.js';

export const CASES: readonly Case[] = [...CORE_CASES, ...ADMIN_CASES, ...TASK_INSTANCE_CASES];
