/**
 * S3 operators end to end against a real S3-compatible server (s3rver): a DAG
 * uploads a local file and text, lists, copies, downloads, transfers both
 * ways with fileTransfer and deletes by prefix and by key, every key
 * templated; Airflow's no-overwrite default fails a second upload with the
 * reason; a listing feeds a downstream task's typed input.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TaskInstance } from '../../src/core/run-model.js';
import { S3Hook } from '../../src/hooks/s3-hook.js';
import { startLocalS3, type LocalS3 } from '../../src/hooks/testing/s3-server.js';
import { taskLogPath } from '../../src/runner/log-file.js';
import { startHarness, type Harness } from '../support/scheduler-harness.js';

let h: Harness;
let s3: LocalS3;
let hook: S3Hook;
let scratch = '';

async function xcom(run: { dagId: string; runId: string }, taskId: string): Promise<unknown> {
  const entries = await h.app.store.xcom.listForRun({ dagId: run.dagId, runId: run.runId, taskId });
  return entries.find((e) => e.key === 'return_value')?.value;
}

before(async () => {
  s3 = await startLocalS3(['landing', 'archive']);
  hook = new S3Hook(s3.connection('check'));
  h = await startHarness((paths) => {
    scratch = paths.scratch;
    writeFileSync(join(scratch, 'sales.csv'), 'day,amount\n2024-03-01,10\n');
    const at = (name: string) => JSON.stringify(join(scratch, name));
    return {
      's3_ops.ts': `import { dag, fileTransfer, s3Copy, s3Delete, s3Download, s3List, s3Upload, task } from 'updraft';
dag('s3_ops', {}, () => {
  const up = s3Upload('upload', { file: ${at('sales.csv')}, key: 's3://landing/{{ params.day }}/sales.csv' });
  const note = s3Upload('note', { data: 'loaded {{ params.day }}', bucket: 'landing', key: '{{ params.day }}/note.txt', contentType: 'text/plain' });
  s3Upload('cold', { file: ${at('sales.csv')}, key: 's3://archive/cold/{{ params.day }}.csv', storageClass: 'DEEP_ARCHIVE' });
  const listed = s3List('list', { bucket: 'landing', prefix: '{{ params.day }}/' });
  listed.after(up, note);
  task('count', { inputs: { listed } }, ({ listed }) => listed.length);
  const copy = s3Copy('copy', { source: 's3://landing/{{ params.day }}/sales.csv', dest: '{{ params.day }}/sales.csv', destBucket: 'archive' });
  copy.after(up);
  const down = s3Download('download', { key: 's3://archive/{{ params.day }}/sales.csv', file: ${at('out/{{ params.day }}/sales.csv')} });
  down.after(copy);
  const back = fileTransfer('transfer_up', { source: ${at('sales.csv')}, destination: 's3://archive/from-transfer/{{ params.day }}.csv' });
  const again = fileTransfer('transfer_down', { source: 's3://archive/from-transfer/{{ params.day }}.csv', destination: ${at('transfer/{{ params.day }}.csv')} });
  again.after(back);
  const cleanup = s3Delete('delete_prefix', { bucket: 'landing', prefix: '{{ params.day }}/' });
  cleanup.after(listed, copy);
  s3Delete('delete_keys', { keys: ['s3://archive/from-transfer/{{ params.day }}.csv'] }).after(again);
  s3Upload('upload_again', { file: ${at('sales.csv')}, key: 's3://archive/{{ params.day }}/sales.csv', triggerRule: 'all_done' }).after(copy);
});
`,
    };
  });
  const conn = s3.connection('aws_default');
  await h.app.store.connections.upsert({ ...conn, description: null, extra: JSON.stringify(conn.extra) });
});

after(async () => {
  await h?.close();
  await hook?.close();
  await s3?.stop();
});

test('S3 operators upload, list, copy, download, transfer and delete against a real S3-compatible server', async () => {
  const day = '2024-03-01';
  const run = await h.waitForRun(await h.trigger('s3_ops', { conf: { day } }), 60_000);
  const tis = await h.tis(run);
  const states = Object.fromEntries([...tis].map(([id, ti]) => [id, ti.state]));
  assert.deepEqual(states, {
    upload: 'success',
    note: 'success',
    cold: 'success',
    list: 'success',
    count: 'success',
    copy: 'success',
    download: 'success',
    transfer_up: 'success',
    transfer_down: 'success',
    delete_prefix: 'success',
    delete_keys: 'success',
    upload_again: 'failed',
  });
  assert.equal(await xcom(run, 'upload'), `s3://landing/${day}/sales.csv`);
  assert.equal(await xcom(run, 'note'), `s3://landing/${day}/note.txt`);
  assert.deepEqual(await xcom(run, 'list'), [`${day}/note.txt`, `${day}/sales.csv`]);
  assert.equal(await xcom(run, 'count'), 2);
  assert.equal(await xcom(run, 'copy'), `s3://archive/${day}/sales.csv`);
  const downloaded = join(scratch, 'out', day, 'sales.csv');
  assert.equal(await xcom(run, 'download'), downloaded);
  assert.equal(readFileSync(downloaded, 'utf8'), 'day,amount\n2024-03-01,10\n');
  assert.equal(readFileSync(join(scratch, 'transfer', `${day}.csv`), 'utf8'), 'day,amount\n2024-03-01,10\n');
  assert.equal(await xcom(run, 'delete_prefix'), 2);
  assert.equal(await xcom(run, 'delete_keys'), 1);

  assert.deepEqual(await hook.list('s3://landing/'), [], 'the prefix was deleted');
  assert.deepEqual(await hook.list('s3://archive/'), [`${day}/sales.csv`, `cold/${day}.csv`], 'the transfer object was deleted, the copy kept');
  assert.deepEqual([(await hook.head(`s3://archive/cold/${day}.csv`))?.storageClass, (await hook.head(`s3://archive/${day}/sales.csv`))?.storageClass], ['DEEP_ARCHIVE', 'STANDARD']);
  assert.equal((await hook.head(`s3://archive/${day}/sales.csv`))?.size, 25);

  const again = tis.get('upload_again') as TaskInstance;
  assert.match(readFileSync(taskLogPath(h.app.config.logsFolder, again, 1), 'utf8'), /S3 connection 'aws_default' .*: s3:\/\/archive\/2024-03-01\/sales\.csv already exists: pass replace: true to overwrite it/);
  assert.deepEqual(readdirSync(join(scratch, 'out', day)), ['sales.csv'], 'no partial download left behind');
});
