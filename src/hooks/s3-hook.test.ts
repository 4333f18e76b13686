/**
 * S3Hook against a real S3-compatible server (s3rver on a temp folder):
 * writes and reads (text, bytes, files both ways), Airflow's no-overwrite
 * default, copy, batched deletes past the 1000-key request limit, paginated
 * listing, prefixes, head/exists, the default bucket, and clear errors for
 * bad credentials, missing keys and misconfigured connections.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connection } from './testing/connection.js';
import { startLocalS3, type LocalS3 } from './testing/s3-server.js';
import { recordingLogger } from './testing/recording-logger.js';
import { S3Hook } from './s3-hook.js';
import { parseS3Url } from './s3-location.js';

describe('S3Hook against a local S3-compatible server', () => {
  let s3: LocalS3;
  let hook: S3Hook;
  let dir = '';
  before(async () => {
    s3 = await startLocalS3(['landing', 'archive', 'many-keys']);
    hook = new S3Hook(s3.connection('lake'));
    dir = mkdtempSync(join(tmpdir(), 'updraft-s3-hook-'));
  });
  after(async () => {
    await hook.close();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses s3:// URLs as Airflow does', () => {
    assert.deepEqual(parseS3Url('s3://bucket/a/b.csv'), { bucket: 'bucket', key: 'a/b.csv' });
    assert.deepEqual(parseS3Url('s3a://bucket/k'), { bucket: 'bucket', key: 'k' });
    assert.deepEqual(parseS3Url('s3://bucket'), { bucket: 'bucket', key: '' });
    assert.equal(parseS3Url('a/b.csv'), null);
  });

  it('writes and reads text and bytes', async () => {
    await hook.put('s3://landing/text/hello.txt', 'héllo wörld');
    assert.equal(await hook.getString('s3://landing/text/hello.txt'), 'héllo wörld');
    const bytes = new Uint8Array([0, 1, 2, 255]);
    await hook.put({ bucket: 'landing', key: 'bin/x.bin' }, bytes, { contentType: 'application/octet-stream', metadata: { origin: 'test' } });
    assert.deepEqual(await hook.getBytes('s3://landing/bin/x.bin'), bytes);
    const head = await hook.head('s3://landing/bin/x.bin');
    assert.equal(head?.size, 4);
    assert.equal(head?.contentType, 'application/octet-stream');
    assert.deepEqual(head?.metadata, { origin: 'test' });
  });

  it('uploads and downloads files, creating folders, leaving no partial file', async () => {
    const source = join(dir, 'report.csv');
    const content = 'id,amount\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i * 3}`).join('\n');
    writeFileSync(source, content);
    const log = recordingLogger();
    const logged = new S3Hook(s3.connection('lake'), { log });
    await logged.upload(source, 's3://landing/reports/2024-01-01/report.csv');
    const target = join(dir, 'nested', 'deeper', 'copy.csv');
    assert.equal(await logged.download('s3://landing/reports/2024-01-01/report.csv', target), target);
    assert.equal(readFileSync(target, 'utf8'), content);
    assert.match(log.text(), /uploaded .*report\.csv \(\d+ bytes\) to s3:\/\/landing\/reports\/2024-01-01\/report\.csv/);
    await logged.close();

    const missingTarget = join(dir, 'never.csv');
    await assert.rejects(hook.download('s3://landing/no/such.csv', missingTarget), /S3 connection 'lake' \(http:\/\/127\.0\.0\.1:\d+\): GetObject s3:\/\/landing\/no\/such\.csv failed: NoSuchKey/);
    assert.equal(existsSync(missingTarget), false);
    await assert.rejects(hook.upload(join(dir, 'absent.csv'), 's3://landing/x'), /cannot upload .*absent\.csv: ENOENT/);
  });

  it('refuses to overwrite unless replace is set (Airflow load_* default)', async () => {
    await hook.put('s3://landing/once.txt', 'first');
    await assert.rejects(hook.put('s3://landing/once.txt', 'second'), /s3:\/\/landing\/once\.txt already exists: pass replace: true/);
    await hook.put('s3://landing/once.txt', 'second', { replace: true });
    assert.equal(await hook.getString('s3://landing/once.txt'), 'second');
  });

  it('copies across buckets, keys with spaces and unicode included', async () => {
    await hook.put('s3://landing/odd name/ünï.txt', 'payload', { replace: true });
    await hook.copy('s3://landing/odd name/ünï.txt', { bucket: 'archive', key: '2024/ünï copy.txt' });
    assert.equal(await hook.getString('s3://archive/2024/ünï copy.txt'), 'payload');
    await assert.rejects(hook.copy('s3://landing/odd name/ünï.txt', 's3://archive/2024/ünï copy.txt', { replace: false }), /already exists/);
  });

  it('lists every page, lists prefixes, and deletes more than one request holds', async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `batch/part-${String(i).padStart(4, '0')}.json`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => hook.put({ bucket: 'many-keys', key }, '{}', { replace: true })));
    }
    await hook.put('s3://many-keys/other/a.json', '{}', { replace: true });
    const listed = await hook.list('s3://many-keys/batch/');
    assert.equal(listed.length, 1005, 'more than one page of 1000');
    assert.deepEqual(listed, [...keys].sort());
    assert.equal((await hook.list({ bucket: 'many-keys', prefix: 'batch/' }, { maxKeys: 3 })).length, 3);
    assert.deepEqual(await hook.listPrefixes('s3://many-keys/'), ['batch/', 'other/']);
    const objects = await hook.listObjects('s3://many-keys/other/');
    assert.equal(objects[0]?.size, 2);
    assert.ok(objects[0]?.lastModified instanceof Date);

    const deleted = await hook.delete(listed.map((key) => ({ bucket: 'many-keys', key })));
    assert.equal(deleted.length, 1005);
    assert.deepEqual(await hook.list('s3://many-keys/'), ['other/a.json']);
  });

  it('head and exists say null / false for a missing key', async () => {
    assert.equal(await hook.head('s3://landing/missing'), null);
    assert.equal(await hook.exists('s3://landing/missing'), false);
    assert.equal(await hook.exists('s3://landing/text/hello.txt'), true);
    assert.equal(await hook.bucketExists('landing'), true);
    assert.equal(await hook.bucketExists('no-such-bucket'), false);
  });

  it('bare keys use the connection bucket_name; without one the error says how to name a bucket', async () => {
    const withBucket = new S3Hook(s3.connection('lake_landing', { bucket_name: 'landing' }));
    await withBucket.put('bare/key.txt', 'x', { replace: true });
    assert.equal(await hook.getString('s3://landing/bare/key.txt'), 'x');
    assert.deepEqual(await withBucket.list('bare/'), ['bare/key.txt']);
    await withBucket.close();
    await assert.rejects(hook.put('bare/key.txt', 'x'), /S3 connection 'lake' .*: no bucket for key 'bare\/key\.txt': give an s3:\/\/bucket\/key URL/);
  });

  it('names the store\'s reason for an unknown access key and a missing bucket', async () => {
    const wrong = new S3Hook({ ...s3.connection('lake_wrong'), login: 'AKIA-NOT-KNOWN' });
    await assert.rejects(wrong.getString('s3://landing/text/hello.txt'), /S3 connection 'lake_wrong' .*: GetObject s3:\/\/landing\/text\/hello\.txt failed: InvalidAccessKeyId/);
    await assert.rejects(wrong.test(), /ListBuckets .*failed: InvalidAccessKeyId/);
    await wrong.close();
    await assert.rejects(hook.put('s3://no-such-bucket/k', 'x', { replace: true }), /PutObject s3:\/\/no-such-bucket\/k failed: NoSuchBucket/);
  });

  it('tests the connection with ListBuckets, or HeadBucket of its bucket_name', async () => {
    await hook.test();
    const scoped = new S3Hook(s3.connection('scoped', { bucket_name: 'archive' }));
    await scoped.test();
    await scoped.close();
    const missing = new S3Hook(s3.connection('scoped_missing', { bucket_name: 'nope-bucket' }));
    await assert.rejects(missing.test(), /HeadBucket s3:\/\/nope-bucket failed: .*404/);
    await missing.close();
  });

  it('rejects misconfigured connections before any request', () => {
    assert.throws(() => new S3Hook(connection({ connId: 'half', connType: 'aws', login: 'AKIA' })), /Connection 'half' \(aws\): has an access key id \(login\) but no secret access key \(password\)/);
    assert.throws(() => new S3Hook(connection({ connId: 'bad_ep', connType: 'aws', extra: { endpoint_url: 'localhost:9000' } })), /extra\.endpoint_url must be an http\(s\) URL/);
    assert.throws(() => new S3Hook(connection({ connId: 'bad_ck', connType: 'aws', extra: { request_checksum_calculation: 'never' } })), /request_checksum_calculation must be WHEN_SUPPORTED or WHEN_REQUIRED/);
  });
});
