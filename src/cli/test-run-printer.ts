/** How `dags test` and `tasks test` show a run as it happens, and its summary at the end. */
import { formatDuration } from '../core/duration.js';
import type { DagTestEvent, DagTestResult } from '../scheduler/dag-test-run.js';
import { formatLogLine } from '../runner/task-logger.js';
import { colourState, dim, renderRows } from './output.js';

function name(ti: { taskId: string; mapIndex: number }): string {
  return ti.mapIndex >= 0 ? `${ti.taskId}[${ti.mapIndex}]` : ti.taskId;
}

export function printTestEvent(event: DagTestEvent, options: { quiet: boolean }): void {
  switch (event.kind) {
    case 'task_started':
      console.log(`\n▶ ${name(event.ti)} ${dim(`try ${event.ti.tryNumber} of ${event.ti.maxTries + 1}`)}`);
      return;
    case 'log':
      if (!options.quiet) console.log(`  ${dim(formatLogLine(event.line))}`);
      return;
    case 'task_finished': {
      const { ti, outcome } = event;
      const why = 'reason' in outcome ? ` (${outcome.reason})` : ti.stateReason !== null && outcome.state !== 'success' ? ` (${ti.stateReason})` : '';
      console.log(`■ ${name(ti)} ${colourState(ti.state)} in ${formatDuration(ti.durationMs ?? 0)}${why}`);
      console.log(`  ${dim(`log: ${event.logPath}`)}`);
      return;
    }
    case 'task_state':
      console.log(`■ ${name(event.ti)} ${colourState(event.state)} ${dim(`(${event.reason})`)}`);
      return;
    case 'waiting':
      console.log(`… ${event.reason} until ${event.until.toISOString()}`);
  }
}

export function printTestSummary(result: DagTestResult): void {
  const rows = [...result.tis]
    .sort((a, b) => (a.startDate?.getTime() ?? Infinity) - (b.startDate?.getTime() ?? Infinity) || a.taskId.localeCompare(b.taskId))
    .map((ti) => ({
      task_id: name(ti),
      state: ti.state ?? 'none',
      duration: ti.durationMs === null ? '' : formatDuration(ti.durationMs),
      tries: ti.tryNumber,
    }));
  console.log(`\nDAG run ${result.run.runId}: ${colourState(result.run.state)}${result.decision ? dim(` (${result.decision.reason})`) : ''}`);
  console.log(renderRows(rows, ['task_id', 'state', 'duration', 'tries'], 'table'));
}
