/**
 * Song plays ETL (the Data Labs seed): a music service's song dataset and its
 * daily event log, loaded into a star schema (fact `songplays`; dimensions
 * `users`, `songs`, `artists`, `time`), checked, modelled and published.
 *
 *   plan ──────────────────────────────────────────────────> create_tables ─┐
 *   wait_for_events ─> download.choose ─> with_bash | with_typescript ─> done ┴─> stage_events, stage_songs
 *     ─> clean_staging ─> load_songplays ─> load_dimensions (users, songs, artists, time)
 *     ─> quality_checks ─> model_plays_by_hour ─> publish_report ─> s3_configured ─> publish_to_s3
 *   wait_for_events ─> report_missing_events   (trigger rule all_failed: only if the log never came)
 *
 * The seed's TODO list, each a feature here: a daily schedule; retries; an
 * email when a task fails; a deadline (the seed's SLA); a trigger rule that
 * runs a task only when all its upstream tasks failed; downloading with a unix
 * script (or TypeScript); a sensor waiting for the day's log; XComs between
 * tasks, typed; publishing the results (a report file, and S3); a model step;
 * and rerunning only the failed tasks (`updraft tasks clear --only-failed`).
 *
 * - Incremental: each daily run loads its own day (`ds`; with `dataIntervals`
 *   that is its data interval) and replaces it when run again, so re-running
 *   or backfilling a day never duplicates a play.
 * - The warehouse is the `song_plays_warehouse` connection (PostgreSQL, say)
 *   when it is defined, else SQLite through the built-in `sqlite_default`.
 *   The same SQL runs on both (plugins/song-plays/warehouse-sql.ts).
 * - The sample data ships with Updraft (examples/data/song-plays, three days
 *   from 2018-11-01); generate millions of events with
 *   plugins/song-plays/generate-song-plays.ts and point `source` at them.
 *
 * Try it:
 *   updraft dags test song_plays_etl 2018-11-02 --examples
 *   updraft backfill create --dag-id song_plays_etl --from 2018-11-01 --to 2018-11-03 --wait
 *   updraft dags trigger song_plays_etl --logical-date 2018-11-02 --conf '{"download": "typescript"}'
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bash, branch, chain, dag, empty, fileSensor, group, s3Upload, shortCircuit, sqlCheck, sqlColumnCheck, sqlExecute, sqlTableCheck, task, z } from 'updraft';
import { emailNotifier } from 'updraft/hooks';
import { publishReport } from '../plugins/song-plays/day-report.js';
import { downloadCommand, downloadDay } from '../plugins/song-plays/download.js';
import { modelPlaysByHour } from '../plugins/song-plays/listening-model.js';
import { connectionOrNull, planRun, REPORTS_S3_CONN_ID } from '../plugins/song-plays/run-plan.js';
import { stageEvents, stageSongs } from '../plugins/song-plays/stage-files.js';
import * as sql from '../plugins/song-plays/warehouse-sql.js';

/** The shipped sample: `import.meta.url` is this file, even though Updraft bundles it. */
const SAMPLE_DATA = fileURLToPath(new URL('../data/song-plays', import.meta.url));
const ALERT_EMAIL = 'data-team@example.com';

export default dag(
  'song_plays_etl',
  {
    // Daily, with data intervals: the run for a day starts once the day is over, and `ds` is that day.
    schedule: { cron: '@daily', dataIntervals: true },
    // The sample's days; a real feed would have no endDate.
    startDate: '2018-11-01',
    endDate: '2018-11-03',
    // Days load one at a time: the staging tables are shared, and a day's dimensions build on the days before.
    maxActiveRuns: 1,
    tags: ['example', 'seed', 'etl', 'sql'],
    description: "A day of a music service's song plays into a star schema: staged, cleaned, loaded, checked, modelled, published",
    params: z.object({
      source: z.string().default(SAMPLE_DATA).describe('Folder with song_data/ (the song dataset) and log_data/<day>-events.json (a log a day)'),
      workdir: z.string().default(join(tmpdir(), 'updraft-song-plays')).describe('Where runs download (<workdir>/<day>/) and write reports (<workdir>/reports/)'),
      download: z.enum(['bash', 'typescript']).default('bash').describe('Which download step runs: the unix script or the TypeScript function'),
    }),
    defaultArgs: {
      // Databases and file shares hiccup: try again, waiting 1 min, then 2.
      retries: 2,
      retryDelay: '1m',
      retryExponentialBackoff: true,
      // Mailed through the [smtp] settings when a task fails for good.
      email: ALERT_EMAIL,
      emailOnFailure: true,
      emailOnRetry: false,
    },
    // The seed's SLA: a run still going 2 hours after it was queued mails the team (through the smtp_default connection).
    deadline: { reference: 'run_queued', interval: '2h', callback: emailNotifier({ to: ALERT_EMAIL }) },
  },
  ({ params }) => {
    // The run's plan, a typed XCom every task below takes as an input.
    const plan = task('plan', { inputs: { p: params } }, ({ p }, ctx) => planRun(p, ctx));

    // Every SQL task runs on the warehouse the plan chose (connection ids are templated) and binds the day.
    const warehouse = { connId: '{{ inputs.plan.warehouse }}', inputs: { plan } };
    const theDay = { ds: '{{ inputs.plan.day }}', from: '{{ inputs.plan.from }}', until: '{{ inputs.plan.until }}' };
    const inTheDay = "start_time >= '{{ inputs.plan.from }}' AND start_time < '{{ inputs.plan.until }}'";

    // The website drops a log a day; wait for it without holding a worker slot between looks.
    const waitForEvents = fileSensor('wait_for_events', {
      path: '{{ params.source }}/log_data/{{ ds }}-events.json',
      mode: 'reschedule',
      pokeInterval: '1m',
      timeout: '6h',
    });
    // Runs only when every upstream task failed: here, the sensor gave up. The day's report says why it is empty.
    // (It reads the params, not the plan: an input is an upstream task, and its one upstream must be the sensor.)
    task('report_missing_events', { triggerRule: 'all_failed', inputs: { p: params } }, ({ p }, { ds, log }) => {
      const reason = `no event log for ${ds} appeared in ${p.source}/log_data before the sensor's timeout`;
      log.warn(reason);
      return publishReport(join(p.workdir, 'reports'), { day: String(ds), status: 'missing', reason });
    }).after(waitForEvents);

    // The same step twice, to compare: a unix script (the seed's TODO) or TypeScript; `download` picks one.
    const download = group('download', { tooltip: 'The params choose the bash script or the TypeScript function' }, () => {
      const withBash = bash('with_bash', { inputs: { plan } }, ({ plan }) => downloadCommand(plan));
      const withTypeScript = task('with_typescript', { inputs: { plan } }, ({ plan }) => downloadDay(plan));
      branch('choose', { inputs: { p: params } }, ({ p }) => (p.download === 'bash' ? withBash : withTypeScript)).before(withBash, withTypeScript);
      return empty('done', { triggerRule: 'none_failed_min_one_success' }).after(withBash, withTypeScript);
    });
    chain(waitForEvents, download);

    const createTables = sqlExecute('create_tables', { ...warehouse, sql: sql.CREATE_TABLES });

    // Hooks inside function tasks where no operator fits: stream files into staging, batch by batch.
    const stagedEvents = task('stage_events', { inputs: { plan } }, ({ plan }, ctx) => stageEvents(plan, ctx));
    const stagedSongs = task('stage_songs', { inputs: { plan } }, ({ plan }, ctx) => stageSongs(plan, ctx));
    for (const stage of [stagedEvents, stagedSongs]) stage.after(download, createTables);

    const clean = sqlExecute('clean_staging', { ...warehouse, sql: sql.CLEAN_STAGING, parameters: theDay });
    // One transaction: delete the day, insert it again.
    const loadSongplays = sqlExecute('load_songplays', { ...warehouse, sql: sql.LOAD_SONGPLAYS, parameters: theDay });
    const dimensions = group('load_dimensions', () => [
      sqlExecute('users', { ...warehouse, sql: sql.LOAD_USERS, parameters: theDay }),
      sqlExecute('songs', { ...warehouse, sql: sql.LOAD_SONGS }),
      sqlExecute('artists', { ...warehouse, sql: sql.LOAD_ARTISTS }),
      sqlExecute('time', { ...warehouse, sql: sql.LOAD_TIME, parameters: theDay }),
    ]);

    // Each check fails its task with the name of what does not hold. Data does not fix itself: no retries.
    const checks = group('quality_checks', { defaultArgs: { retries: 0 }, tooltip: 'No null keys, row counts, referential integrity' }, () => [
      sqlTableCheck('load_audit', {
        ...warehouse,
        table: 'load_audit',
        partitionClause: "ds = '{{ inputs.plan.day }}'",
        checks: { every_line_is_an_event: { checkStatement: 'unreadable = 0' }, the_log_has_events: { checkStatement: 'staged >= 1' } },
      }),
      sqlColumnCheck('songplays_keys', {
        ...warehouse,
        table: 'songplays',
        partitionClause: inTheDay,
        columnMapping: {
          songplay_id: { null_check: { equalTo: 0 }, unique_check: { equalTo: 0 } },
          user_id: { null_check: { equalTo: 0 } },
          session_id: { null_check: { equalTo: 0 } },
          level: { null_check: { equalTo: 0 }, distinct_check: { leqTo: 2 } },
        },
      }),
      sqlColumnCheck('users_columns', {
        ...warehouse,
        table: 'users',
        columnMapping: { first_name: { null_check: { equalTo: 0 } }, level: { null_check: { equalTo: 0 }, distinct_check: { leqTo: 2 } } },
      }),
      sqlCheck('row_counts', { ...warehouse, sql: sql.CHECK_ROW_COUNTS, parameters: theDay }),
      sqlCheck('references', { ...warehouse, sql: sql.CHECK_REFERENCES, parameters: theDay }),
    ]);

    const model = task('model_plays_by_hour', { inputs: { plan } }, ({ plan }, ctx) => modelPlaysByHour(plan, ctx));
    chain([stagedEvents, stagedSongs], clean, loadSongplays, dimensions, checks, model);

    // XComs in, typed: what staging read and what the model found make the day's report.
    const report = task('publish_report', { inputs: { plan, events: stagedEvents, model } }, ({ plan, events, model }) =>
      publishReport(plan.reportsDir, { day: plan.day, status: 'loaded', warehouse: plan.warehouse, events, model }),
    );

    // The report also goes to S3 when the song_plays_s3 connection exists; otherwise this skips, and the run still succeeds.
    const s3Configured = shortCircuit('s3_configured', async (_inputs, ctx) => (await connectionOrNull(ctx, REPORTS_S3_CONN_ID)) !== null);
    const toS3 = s3Upload('publish_to_s3', {
      connId: REPORTS_S3_CONN_ID,
      inputs: { report },
      file: '{{ inputs.report.path }}',
      key: 'song-plays/reports/{{ ds }}.json',
      replace: true,
      // An S3 hiccup passes quickly: one retry, soon.
      retries: 1,
      retryDelay: '5s',
    });
    chain(report, s3Configured, toS3);
  },
);
