/**
 * What a notifier says about a callback's event: a title, the facts (DAG,
 * task, run, logical date, try, state), the error, and a link to the task's
 * log (or the run) in the UI. The UI's address is the notifier's `baseUrl`,
 * else the `api.base_url` setting as this process reads it (the environment
 * and the config file under UPDRAFT_HOME, which task processes share with the
 * scheduler), else http://localhost:<api.port>.
 */
import { describeDeadline, type DeadlineReference } from '../../core/deadlines.js';
import { formatDuration } from '../../core/duration.js';
import type { CallbackContext } from '../../sdk/context.js';

export interface Notification {
  readonly title: string;
  /** Label and value pairs, in order. */
  readonly facts: readonly (readonly [string, string])[];
  readonly error: string | null;
  readonly link: string;
  readonly linkLabel: string;
}

const WHAT_HAPPENED: Readonly<Record<string, string>> = {
  failed: 'failed',
  up_for_retry: 'failed and will be retried',
  success: 'succeeded',
  skipped: 'was skipped',
};

export function describeEvent(ctx: CallbackContext, baseUrl: string): Notification {
  const happened = ctx.deadline ? 'missed its deadline' : (WHAT_HAPPENED[ctx.state] ?? `ended as ${ctx.state}`);
  const facts: [string, string][] = [['DAG', ctx.dagId]];
  let title: string;
  let link: string;
  if (ctx.taskId !== null) {
    const task = ctx.mapIndex >= 0 ? `${ctx.taskId} [${ctx.mapIndex}]` : ctx.taskId;
    title = `Task ${ctx.dagId}.${task} ${happened}`;
    facts.push(['Task', task]);
    link = taskLogLink(baseUrl, { ...ctx, taskId: ctx.taskId }, ctx.tryNumber);
  } else {
    title = `DAG run ${ctx.dagId} ${happened}`;
    link = runLink(baseUrl, ctx);
  }
  facts.push(['Run', ctx.runId]);
  if (ctx.logicalDate) facts.push(['Logical date', ctx.logicalDate.toISOString()]);
  if (ctx.taskId !== null && ctx.tryNumber > 0) facts.push(['Try', String(ctx.tryNumber)]);
  if (ctx.deadline) {
    const { deadlineTime, intervalMs, reference, lateMs } = ctx.deadline;
    const at = reference === 'fixed' ? new Date(deadlineTime.getTime() - intervalMs).toISOString() : null;
    facts.push(['Deadline', `${deadlineTime.toISOString()} (${describeDeadline(reference as DeadlineReference, intervalMs, at, formatDuration)})`]);
    facts.push(['Late by', formatDuration(lateMs)]);
  }
  facts.push(['State', ctx.state]);
  // A missed deadline is no error: its reason restates the facts above.
  const error = ctx.deadline ? null : ctx.reason;
  return { title, facts, error, link, linkLabel: ctx.taskId !== null ? 'View the log' : 'View the run' };
}

/** The UI's page of a run. */
export function runLink(baseUrl: string, run: { readonly dagId: string; readonly runId: string }): string {
  return `${baseUrl.replace(/\/+$/, '')}/dags/${encodeURIComponent(run.dagId)}/runs/${encodeURIComponent(run.runId)}`;
}

/** The UI's page of a task instance, showing the log of try `tryNumber` (0: its latest). */
export function taskLogLink(
  baseUrl: string,
  ti: { readonly dagId: string; readonly runId: string; readonly taskId: string; readonly mapIndex: number },
  tryNumber: number,
): string {
  const query = new URLSearchParams();
  if (tryNumber > 0) query.set('try', String(tryNumber));
  if (ti.mapIndex >= 0) query.set('map_index', String(ti.mapIndex));
  const search = query.toString();
  return `${runLink(baseUrl, ti)}/tasks/${encodeURIComponent(ti.taskId)}${search ? `?${search}` : ''}`;
}

export const UI_BASE_URL_VARIABLE = 'UPDRAFT__API__BASE_URL';

/**
 * Called by the process that runs the scheduler: task and callback processes inherit its
 * environment, so a base URL set in its config file or overrides reaches their notifiers.
 */
export function shareUiBaseUrl(configured: unknown): void {
  if (typeof configured === 'string' && configured.trim() !== '') process.env[UI_BASE_URL_VARIABLE] = configured.trim();
}

/** The UI's address, as described above; never fails (a notification must not). */
export async function uiBaseUrl(explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  try {
    const { loadConfig, settingOf } = await import('../../config/config.js');
    const config = loadConfig(process.env);
    const configured = settingOf(config, 'api', 'base_url').value;
    if (typeof configured === 'string' && configured.trim() !== '') return configured.trim();
    return `http://localhost:${config.apiPort}`;
  } catch {
    return 'http://localhost:8080';
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
