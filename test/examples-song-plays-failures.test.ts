/**
 * The song plays example's failure paths, on `standalone` with its [smtp]
 * settings pointing at a test SMTP server:
 * - a corrupted event log (a truncated line, a play without a user) loads,
 *   but the quality checks fail, each naming what does not hold, in its log
 *   and in the failure email the team receives; nothing is modelled or published;
 * - a task that fails for a reason outside the data (S3 unreachable), once
 *   fixed, is rerun alone by clearing only the failed tasks: every other task
 *   keeps its first try;
 * - a day whose log never comes: once its sensor fails (here marked failed,
 *   as an operator giving up would), the all_failed task reports the day missing.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startLocalS3, S3_ACCESS_KEY, S3_SECRET_KEY, type LocalS3 } from '../src/hooks/testing/s3-server.js';
import { startLocalSmtp, type LocalSmtp } from '../src/hooks/testing/smtp-server.js';
import { DAG_ID, readReport, SAMPLE, startSongPlays, taskLog, taskStates, triggerDay, waitForRun, type SongPlaysSetup } from './support/song-plays.js';
import { waitFor } from './support/scheduler-harness.js';

const BUCKET = 'song-plays-reports';
let smtp: LocalSmtp;
let setup: SongPlaysSetup;
let s3: LocalS3 | undefined;
let corrupted: string;

before(async () => {
  smtp = await startLocalSmtp({ mode: 'plain' });
  setup = await startSongPlays({
    UPDRAFT__SMTP__HOST: '127.0.0.1',
    UPDRAFT__SMTP__PORT: String(smtp.port),
    UPDRAFT__SMTP__STARTTLS: 'false',
    UPDRAFT__SMTP__MAIL_FROM: 'updraft@example.com',
  });
  // A copy of the sample whose 2018-11-02 log has a line cut short and a play by nobody.
  corrupted = mkdtempSync(join(tmpdir(), 'updraft-song-plays-corrupted-'));
  cpSync(SAMPLE, corrupted, { recursive: true });
  const file = join(corrupted, 'log_data', '2018-11-02-events.json');
  const lines = readFileSync(file, 'utf8').split('\n');
  const play = lines.findIndex((line) => line.includes('"page":"NextSong"'));
  lines[play] = (lines[play] as string).replace(/"userId":"\d+"/, '"userId":""');
  lines.splice(play + 1, 0, (lines[play + 1] as string).slice(0, 60));
  writeFileSync(file, lines.join('\n'));
});
after(async () => {
  await setup?.close();
  await smtp?.stop();
  await s3?.stop();
  rmSync(corrupted, { recursive: true, force: true });
});

test('a corrupted event log fails the quality checks with named reasons, in the logs and in the failure emails', { timeout: 60_000 }, async () => {
  const { client } = setup;
  const runId = await triggerDay(client, '2018-11-02', { source: corrupted });
  assert.equal(await waitForRun(client, runId), 'failed');

  const states = await taskStates(client, runId);
  const failed = [...states].filter(([, [state]]) => state === 'failed').map(([taskId]) => taskId).sort();
  assert.deepEqual(failed, ['quality_checks.load_audit', 'quality_checks.references', 'quality_checks.songplays_keys']);
  assert.deepEqual([states.get('stage_events')?.[0], states.get('load_songplays')?.[0]], ['success', 'success'], 'the day loads; the checks catch it');
  assert.deepEqual([states.get('model_plays_by_hour')?.[0], states.get('publish_report')?.[0]], ['upstream_failed', 'upstream_failed']);

  assert.match(await taskLog(client, runId, 'stage_events'), /2018-11-02-events\.json line \d+: not JSON/);
  const reasons: Record<string, RegExp> = {
    'quality_checks.load_audit': /every_line_is_an_event/,
    'quality_checks.songplays_keys': /user_id[\s\S]*null_check/,
    'quality_checks.references': /every_play_has_a_user/,
  };
  for (const [taskId, reason] of Object.entries(reasons)) assert.match(await taskLog(client, runId, taskId), reason, taskId);

  const mails = await smtp.waitFor(3, 20_000);
  for (const [taskId, reason] of Object.entries(reasons)) {
    const mail = mails.find((m) => m.parsed.subject === `Updraft alert: <TaskInstance: ${DAG_ID}.${taskId} ${runId} [failed]>`);
    assert.ok(mail, `a failure mail for ${taskId}: ${mails.map((m) => m.parsed.subject).join('; ')}`);
    assert.deepEqual(mail.envelopeTo, ['data-team@example.com']);
    assert.match(mail.parsed.text ?? '', reason);
  }
});

test('after fixing what failed, clearing only the failed tasks reruns just those; the others keep their first try', { timeout: 60_000 }, async () => {
  const { client } = setup;
  const mailsBefore = smtp.received.length;
  // The reports' S3 connection points where nothing listens: publishing fails, and so does its quick retry.
  const connection = { connection_id: 'song_plays_s3', conn_type: 'aws', login: S3_ACCESS_KEY, password: S3_SECRET_KEY };
  await client.connections.create({ ...connection, extra: JSON.stringify({ endpoint_url: `http://127.0.0.1:${await closedPort()}`, bucket_name: BUCKET }) });
  const runId = await triggerDay(client, '2018-11-03');
  assert.equal(await waitForRun(client, runId), 'failed');
  const first = await taskStates(client, runId);
  assert.deepEqual(first.get('publish_to_s3'), ['failed', 2], 'one try and its retry');
  await smtp.waitFor(mailsBefore + 1, 20_000);

  s3 = await startLocalS3([BUCKET]);
  await client.connections.update('song_plays_s3', { ...connection, extra: JSON.stringify({ endpoint_url: s3.endpoint, bucket_name: BUCKET }) });
  const cleared = await client.taskInstances.clear(DAG_ID, { dag_run_id: runId, only_failed: true, dry_run: false });
  assert.deepEqual(cleared.task_instances.map((ti) => ti.task_id), ['publish_to_s3']);
  assert.equal(await waitForRun(client, runId), 'success');

  const second = await taskStates(client, runId);
  assert.deepEqual(second.get('publish_to_s3'), ['success', 3]);
  for (const [taskId, [state, tryNumber]] of second) {
    if (taskId !== 'publish_to_s3') assert.deepEqual([state, tryNumber], first.get(taskId), `${taskId} was not rerun`);
  }
});

test('when the sensor gives up on a missing log, only the all_failed task runs and reports the day missing', { timeout: 60_000 }, async () => {
  const { client } = setup;
  const runId = await triggerDay(client, '2018-11-04'); // the sample has no log for that day
  const sensor = { dagId: DAG_ID, runId, taskId: 'wait_for_events' };
  await waitFor(async () => (await client.taskInstances.get(sensor)).state === 'up_for_reschedule', 30_000, 'the sensor to wait (reschedule mode)');
  await client.taskInstances.patch(sensor, { new_state: 'failed' });
  assert.equal(await waitForRun(client, runId), 'failed');
  const states = await taskStates(client, runId);
  assert.equal(states.get('report_missing_events')?.[0], 'success');
  assert.deepEqual([states.get('download.choose')?.[0], states.get('publish_report')?.[0]], ['upstream_failed', 'upstream_failed']);
  const report = readReport(setup.workdir, '2018-11-04');
  assert.equal(report.status, 'missing');
  assert.match(String(report.reason), /no event log for 2018-11-04 appeared in .*log_data/);
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
