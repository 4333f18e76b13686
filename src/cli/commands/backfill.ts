/**
 * `updraft backfill create | list | show | pause | unpause | cancel`: runs of a
 * DAG over past dates (Airflow 3's backfills). Commands write to the metadata
 * database and nudge the scheduler, which starts the runs under the backfill's
 * own max active runs.
 */
import type { Command } from 'commander';
import type { App } from '../../app.js';
import { parseDateInZone } from '../../core/zoned-time.js';
import { nudgeScheduler } from '../../scheduler/wake-signal.js';
import {
  backfillProgress,
  cancelBackfill,
  createBackfill,
  DEFAULT_BACKFILL_MAX_ACTIVE_RUNS,
  dryRunBackfill,
  pauseBackfill,
  summarize,
  type BackfillDatePlan,
  type BackfillRequest,
} from '../../services/backfill.js';
import { requireDag } from '../../services/dag-lookup.js';
import type { Backfill, ReprocessBehavior } from '../../store/types.js';
import { REPROCESS_BEHAVIORS } from '../../store/types.js';
import { renderRecord, withApp, withOutput } from '../command-helpers.js';
import { parseConfOption } from '../dag-loading.js';
import { followBackfill, progressLine } from '../follow-backfill.js';
import { colourState, renderRows, type OutputFormat, type Row } from '../output.js';

function parseDate(flag: string) {
  return (value: string): Date => {
    try {
      return parseDateInZone(value, 'UTC');
    } catch (error) {
      throw new Error(`${flag}: ${(error as Error).message}`);
    }
  };
}

function parseReprocess(value: string): ReprocessBehavior {
  if ((REPROCESS_BEHAVIORS as readonly string[]).includes(value)) return value as ReprocessBehavior;
  throw new Error(`--reprocess '${value}' is unknown: use one of ${REPROCESS_BEHAVIORS.join(', ')}`);
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--max-active-runs must be a whole number of at least 1, got '${value}'`);
  return n;
}

function parseId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`backfill id must be a positive whole number, got '${value}' (see 'updraft backfill list')`);
  return n;
}

const ACTION_WORDS: Record<BackfillDatePlan['action'], [done: string, dry: string]> = {
  create: ['created', 'would create'],
  rerun: ['re-run', 'would re-run'],
  skip: ['skipped', 'would skip'],
};

function dateRows(dates: readonly BackfillDatePlan[], dryRun: boolean): Row[] {
  return dates.map((d) => ({
    logical_date: d.logicalDate.toISOString(),
    action: ACTION_WORDS[d.action][dryRun ? 1 : 0],
    run_id: d.runId,
    reason: d.reason === null ? null : `${d.reason}${d.existingState ? ` (run is ${d.existingState})` : ''}`,
  }));
}

function backfillRecord(b: Backfill): Row {
  return {
    id: b.id,
    dag_id: b.dagId,
    from_date: b.fromDate.toISOString(),
    to_date: b.toDate.toISOString(),
    reprocess_behavior: b.reprocessBehavior,
    max_active_runs: b.maxActiveRuns,
    run_backwards: b.runBackwards,
    is_paused: b.isPaused,
    dag_run_conf: JSON.stringify(b.dagRunConf),
    triggered_by: b.triggeredBy,
    created_at: b.createdAt.toISOString(),
    completed_at: b.completedAt?.toISOString() ?? null,
  };
}

interface CreateOptions {
  dagId: string;
  from: Date;
  to: Date;
  reprocess: ReprocessBehavior;
  maxActiveRuns: number;
  runBackwards?: boolean;
  conf?: string;
  dryRun?: boolean;
  wait?: boolean;
  output: OutputFormat;
}

async function create(app: App, options: CreateOptions): Promise<void> {
  const request: BackfillRequest = {
    dagId: options.dagId,
    from: options.from,
    to: options.to,
    reprocess: options.reprocess,
    maxActiveRuns: options.maxActiveRuns,
    runBackwards: options.runBackwards ?? false,
    ...(options.conf !== undefined ? { conf: parseConfOption(options.conf) } : {}),
    triggeredBy: 'cli',
  };
  const table = options.output === 'table';
  if (options.dryRun) {
    const dates = await dryRunBackfill(app.store, request, new Date());
    const c = summarize(dates);
    if (table) console.log(`Dry run for DAG ${options.dagId}: would create ${c.created}, re-run ${c.rerun} and skip ${c.skipped} of ${dates.length} dates (nothing was changed)`);
    console.log(renderRows(dateRows(dates, true), ['logical_date', 'action', 'run_id', 'reason'], options.output));
    return;
  }
  const { backfill, dates } = await createBackfill(app.store, request, new Date());
  nudgeScheduler(app.config.home);
  const c = summarize(dates);
  if (table) {
    console.log(
      `Backfill ${backfill.id} of DAG ${backfill.dagId}: ${c.created} run(s) created, ${c.rerun} re-run, ${c.skipped} skipped ` +
        `(max ${backfill.maxActiveRuns} at a time${backfill.runBackwards ? ', newest first' : ''})`,
    );
  }
  console.log(renderRows(dateRows(dates, false), ['logical_date', 'action', 'run_id', 'reason'], options.output));
  if (!options.wait) return;
  const final = await followBackfill(app.store, backfill.id, { tty: process.stdout.isTTY === true && table });
  if (final.byState.failed > 0) {
    process.exitCode = 1;
    console.error(`backfill ${backfill.id}: ${final.byState.failed} run(s) failed; see 'updraft backfill show ${backfill.id}'`);
  }
}

export function registerBackfillCommands(program: Command): void {
  const backfill = program.command('backfill').description('Run a DAG over past dates (one run per schedule interval), at most N at a time');

  withOutput(
    backfill
      .command('create')
      .description('Create a backfill: one run per logical date from --from to --to (inclusive); the scheduler runs them')
      .requiredOption('-d, --dag-id <dag_id>', 'the DAG to backfill')
      .requiredOption('--from <date>', 'first logical date (ISO-8601, UTC unless an offset is given)', parseDate('--from'))
      .requiredOption('--to <date>', 'last logical date (inclusive)', parseDate('--to'))
      .option('--reprocess <behavior>', 'dates that already have a finished run: none (skip), failed (re-run failed ones), completed (re-run all)', parseReprocess, 'none' as ReprocessBehavior)
      .option('--max-active-runs <n>', 'backfill runs running at once (apart from the DAG\'s own limit)', parsePositiveInt, DEFAULT_BACKFILL_MAX_ACTIVE_RUNS)
      .option('--run-backwards', 'newest date first (not for DAGs with depends_on_past tasks)')
      .option('-c, --conf <json>', 'JSON object passed as each run\'s conf (validated against the params)')
      .option('--dry-run', 'print what would be created, change nothing')
      .option('-w, --wait', 'follow until every run ended; exit 1 if any failed'),
  ).action(async (options: CreateOptions) => withApp((app) => create(app, options)));

  withOutput(
    backfill
      .command('list')
      .description('Backfills, newest first')
      .option('-d, --dag-id <dag_id>', 'only this DAG\'s')
      .option('--active', 'only backfills not completed yet')
      .option('--limit <n>', 'at most this many', (v) => Number(v), 25),
  ).action(async (options: { dagId?: string; active?: boolean; limit: number; output: OutputFormat }) =>
    withApp(async (app) => {
      if (options.dagId) await requireDag(app.store, options.dagId);
      const page = await app.store.backfills.list({
        ...(options.dagId ? { dagId: options.dagId } : {}),
        ...(options.active ? { active: true } : {}),
        limit: options.limit,
      });
      const rows: Row[] = [];
      for (const b of page.items) {
        const progress = await backfillProgress(app.store, b.id);
        const state = b.completedAt ? 'completed' : b.isPaused ? 'paused' : 'running';
        rows.push({
          id: b.id,
          dag_id: b.dagId,
          from_date: b.fromDate.toISOString(),
          to_date: b.toDate.toISOString(),
          state,
          progress: `${progress.done}/${progress.total}`,
          failed: progress.byState.failed,
          max_active_runs: b.maxActiveRuns,
          created_at: b.createdAt.toISOString(),
        });
      }
      console.log(renderRows(rows, ['id', 'dag_id', 'from_date', 'to_date', 'state', 'progress', 'failed', 'max_active_runs', 'created_at'], options.output));
    }),
  );

  withOutput(backfill.command('show').description('One backfill: its settings, progress and every date with its run').argument('<id>', 'backfill id', parseId)).action(
    async (id: number, options: { output: OutputFormat }) =>
      withApp(async (app) => {
        const progress = await backfillProgress(app.store, id);
        const runs = progress.rows.map((r) => ({
          sort_ordinal: r.sortOrdinal,
          logical_date: r.logicalDate.toISOString(),
          run_id: r.runId,
          state: options.output === 'table' && r.runState ? colourState(r.runState) : r.runState,
          skipped: r.exceptionReason,
        }));
        if (options.output === 'json') {
          console.log(JSON.stringify({ ...backfillRecord(progress.backfill), progress: { done: progress.done, total: progress.total, ...progress.byState, skipped: progress.skipped }, runs }, null, 2));
          return;
        }
        console.log(renderRecord({ ...backfillRecord(progress.backfill), progress: progressLine(progress) }, options.output));
        console.log('');
        console.log(renderRows(runs, ['sort_ordinal', 'logical_date', 'run_id', 'state', 'skipped'], options.output));
      }),
  );

  for (const [name, paused] of [['pause', true], ['unpause', false]] as const) {
    backfill
      .command(name)
      .description(paused ? 'Pause a backfill: no more of its runs start; running ones finish' : 'Let a paused backfill start its runs again')
      .argument('<id>', 'backfill id', parseId)
      .action(async (id: number) =>
        withApp(async (app) => {
          const b = await pauseBackfill(app.store, id, paused, 'cli', new Date());
          nudgeScheduler(app.config.home);
          console.log(`Backfill ${b.id} of DAG ${b.dagId} is ${paused ? 'paused' : 'unpaused'}`);
        }),
      );
  }

  backfill
    .command('cancel')
    .description('Cancel a backfill: its queued runs fail, running ones finish, and it is completed')
    .argument('<id>', 'backfill id', parseId)
    .action(async (id: number) =>
      withApp(async (app) => {
        const { backfill: b, failedRuns } = await cancelBackfill(app.store, id, 'cli', new Date());
        nudgeScheduler(app.config.home);
        console.log(`Backfill ${b.id} of DAG ${b.dagId} is cancelled: ${failedRuns.length} queued run(s) marked failed; running runs finish`);
      }),
    );
}
