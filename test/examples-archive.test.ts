/**
 * The second seed's StagingGlacierProcess as shipped (staging_glacier_process),
 * on a real `updraft standalone` against a real S3-compatible server (s3rver)
 * and a local Slack endpoint: ready work folders are audited, archived in the
 * DEEP_ARCHIVE class with their checksums, recorded, verified and removed from
 * staging, one mapped instance per folder; a folder without its manifest is
 * not touched. When the upload fails, the folder stays as it was and the
 * failure is posted to Slack.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { UpdraftClient } from '../src/client/index.js';
import { S3Hook } from '../src/hooks/s3-hook.js';
import { startLocalS3, type LocalS3 } from '../src/hooks/testing/s3-server.js';
import { startLocalSlack, type LocalSlack } from '../src/hooks/testing/slack-server.js';
import type { ConnectionInfo } from '../src/sdk/context.js';
import { EXAMPLES_STANDALONE, runExample, signedInClient } from './support/example-runs.js';
import { startStandalone, type Standalone } from './support/standalone-process.js';

let standalone: Standalone;
let client: UpdraftClient;
let s3: LocalS3;
let slack: LocalSlack;
let hook: S3Hook;
let scratch = '';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A work folder as the scanning station leaves it: its files, then SHA256SUMS (written last). */
function stageWork(staging: string, name: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(staging, name, path)), { recursive: true });
    writeFileSync(join(staging, name, path), text);
  }
  const manifest = Object.entries(files).map(([path, text]) => `${sha256(text)}  ${path}\n`);
  writeFileSync(join(staging, name, 'SHA256SUMS'), manifest.join(''));
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'updraft-example-archive-'));
  [s3, slack] = await Promise.all([startLocalS3(['archive']), startLocalSlack()]);
  hook = new S3Hook(s3.connection('check'));
  standalone = await startStandalone(EXAMPLES_STANDALONE);
  client = await signedInClient(standalone);
  const create = (c: ConnectionInfo) =>
    client.connections.create({ connection_id: c.connId, conn_type: c.connType, host: c.host, login: c.login, password: c.password, extra: JSON.stringify(c.extra) });
  await create(s3.connection('aws_default'));
  await create(slack.apiConnection('slack', { login: '#alerts' }));
});

after(async () => {
  await standalone?.stop();
  await hook?.close();
  await Promise.all([s3?.stop(), slack?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

test('ready work folders are audited, archived to DEEP_ARCHIVE, recorded, verified and removed from staging', { timeout: 60_000 }, async () => {
  const staging = join(scratch, 'staging');
  const scans = { 'images/I1/0001.tif': 'tiff-1'.repeat(1000), 'images/I1/0002.tif': 'tiff-2'.repeat(500), 'sources/notes.txt': 'outline' };
  stageWork(staging, 'W22084', scans);
  stageWork(staging, 'W1KG', { 'scan.pdf': '%PDF-1.7 …' });
  mkdirSync(join(staging, 'W-incoming'));
  writeFileSync(join(staging, 'W-incoming', 'partial.tif'), 'still copying');

  const run = await runExample(client, 'staging_glacier_process', { stagingDir: staging });
  assert.equal(run.state, 'success', JSON.stringify(run.states));
  assert.deepEqual(run.results.list_work_folders, [join(staging, 'W1KG'), join(staging, 'W22084')]);
  assert.deepEqual(run.results.report, ['W1KG', 'W22084']);
  assert.deepEqual(readdirSync(staging), ['W-incoming'], 'archived folders are gone; the one without a manifest is untouched');

  assert.deepEqual(await hook.list('s3://archive/'), [
    'W1KG/ARCHIVE-RECORD.json',
    'W1KG/scan.pdf',
    'W22084/ARCHIVE-RECORD.json',
    'W22084/images/I1/0001.tif',
    'W22084/images/I1/0002.tif',
    'W22084/sources/notes.txt',
  ]);
  for (const [path, text] of Object.entries(scans)) {
    const head = await hook.head(`s3://archive/W22084/${path}`);
    assert.deepEqual([head?.storageClass, head?.size, head?.metadata.sha256], ['DEEP_ARCHIVE', Buffer.byteLength(text), sha256(text)], path);
  }
  assert.equal((await hook.head('s3://archive/W22084/ARCHIVE-RECORD.json'))?.storageClass, 'STANDARD', 'the record stays readable without a restore');
  const record = JSON.parse(await hook.getString('s3://archive/W22084/ARCHIVE-RECORD.json')) as { folder: string; runId: string; storageClass: string; files: { path: string }[] };
  assert.deepEqual([record.folder, record.runId, record.storageClass], ['W22084', run.runId, 'DEEP_ARCHIVE']);
  assert.deepEqual(record.files.map((f) => f.path), Object.keys(scans).sort());
});

test('a failed upload leaves the folder in staging and alerts on Slack', { timeout: 60_000 }, async () => {
  const staging = join(scratch, 'staging-failing');
  stageWork(staging, 'W00EGS', { 'volume-1.tif': 'tiff'.repeat(100) });
  const before = readFileSync(join(staging, 'W00EGS', 'SHA256SUMS'), 'utf8');

  const run = await runExample(client, 'staging_glacier_process', { stagingDir: staging, bucket: 'no-such-bucket' });
  assert.equal(run.state, 'failed');
  assert.deepEqual(
    [run.states['audit[0]'], run.states['upload[0]'], run.states.record, run.states.verify, run.states.remove_from_staging],
    ['success', 'failed', 'upstream_failed', 'upstream_failed', 'upstream_failed'],
    JSON.stringify(run.states),
  );
  assert.ok(existsSync(join(staging, 'W00EGS', 'volume-1.tif')), 'the data is still in staging');
  assert.equal(readFileSync(join(staging, 'W00EGS', 'SHA256SUMS'), 'utf8'), before);

  const [alert] = await slack.waitFor(1, 20_000);
  assert.equal(alert?.payload.channel, '#alerts');
  const text = JSON.stringify(alert?.payload);
  assert.match(text, /staging_glacier_process/);
  assert.match(text, /upload/);
  assert.match(text, /NoSuchBucket|does not exist/);
});
