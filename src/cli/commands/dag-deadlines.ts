/** `updraft dags deadlines <dag_id>`: the deadline alerts of a DAG's runs, missed ones first to see. */
import type { Command } from 'commander';
import { deadlineRule, deadlineStatus, listDagDeadlines } from '../../services/deadlines.js';
import { formatDuration } from '../../core/duration.js';
import { withApp } from '../command-helpers.js';
import { parseOutputFormat, renderRows, type OutputFormat } from '../output.js';

const COLUMNS = ['run_id', 'task_id', 'deadline', 'deadline_time', 'status', 'missed_at', 'late_by', 'callback', 'callback_reason'] as const;

export function registerDagDeadlines(dags: Command): void {
  dags
    .command('deadlines')
    .description('List the deadline alerts of a DAG\'s runs: when each fell due, whether it was missed, and how its callback went')
    .argument('<dag_id>')
    .option('-r, --run-id <id>', 'only this run')
    .option('--missed', 'only the deadlines that were missed')
    .option('--limit <n>', 'at most this many (latest first)', (v: string) => Number.parseInt(v, 10), 100)
    .option('-o, --output <format>', 'table, json or plain', parseOutputFormat, 'table' as OutputFormat)
    .action(async (dagId: string, options: { runId?: string; missed?: boolean; limit: number; output: OutputFormat }) =>
      withApp(async (app) => {
        if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error('--limit must be a whole number of at least 1');
        const page = await listDagDeadlines(app.store, dagId, { ...(options.runId ? { runId: options.runId } : {}), missedOnly: options.missed ?? false, limit: options.limit });
        const rows = page.items.map((d) => ({
          run_id: d.runId,
          task_id: d.taskId,
          deadline: deadlineRule(d),
          deadline_time: d.deadlineTime?.toISOString() ?? null,
          status: deadlineStatus(d),
          missed_at: d.missedAt?.toISOString() ?? null,
          late_by: d.lateMs === null ? null : formatDuration(d.lateMs),
          callback: d.callback,
          callback_reason: d.callbackReason,
        }));
        console.log(renderRows(rows, COLUMNS, options.output));
        if (options.output === 'table' && page.total > rows.length) console.error(`(${rows.length} of ${page.total}: use --limit to see more)`);
      }),
    );
}
