/**
 * The HTTP, email, Slack and S3 operator factories: what they record in the
 * serialized DAG (kind, Airflow's operator name, config with defaults), their
 * XCom types, and the import errors a mistake gives (naming the DAG, the task
 * and the option). "Airflow:" marks rules ported from Airflow's operators.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonPath, valueAtJsonPath } from '../../core/json-path.js';
import { emailSend, fileTransfer, httpRequest, s3Copy, s3Delete, s3Download, s3List, s3Upload, slackMessage, task } from '../index.js';
import { build, importError, taskOf } from './testing/define-dag.js';

describe('JSON paths for responseFilter and responseCheck', () => {
  it('parses keys and list positions, and says what is wrong with a bad path', () => {
    assert.deepEqual(parseJsonPath('data.items[0].id'), ['data', 'items', 0, 'id']);
    assert.deepEqual(parseJsonPath('$.a[1][2]'), ['a', 1, 2]);
    assert.deepEqual(parseJsonPath('$'), []);
    assert.match(parseJsonPath('a..b') as string, /empty key/);
    assert.match(parseJsonPath('a.') as string, /ends with '\.'/);
    assert.match(parseJsonPath('a[x]') as string, /is not a path/);
    assert.match(parseJsonPath('a[0]b') as string, /needs a '\.' before 'b'/);
    const value = { data: { items: [{ id: 7 }], none: null } };
    assert.equal(valueAtJsonPath(value, ['data', 'items', 0, 'id']), 7);
    assert.equal(valueAtJsonPath(value, ['data', 'none']), null);
    assert.equal(valueAtJsonPath(value, ['data', 'items', 3]), undefined);
    assert.equal(valueAtJsonPath(value, ['data', 'items', 'id']), undefined, 'a key on a list matches nothing');
  });
});

describe('HTTP, email, Slack and S3 operator factories', () => {
  it('record kind, operator name and config with defaults', () => {
    const spec = build(() => {
      httpRequest('get', { connId: 'api', endpoint: 'v1/x', retries: 2 });
      httpRequest('post', {
        connId: 'api',
        method: 'POST',
        json: null,
        headers: { 'X-Day': '{{ ds }}' },
        query: { page: 1 },
        timeout: '30s',
        requestRetries: 3,
        responseCheck: { status: 201, contains: 'ok', json: { 'a.b': [1] } },
        responseFilter: 'data.id',
      });
      emailSend('mail', { to: ['a@x.io'], subject: 's', html: '<b>x</b>', files: '/tmp/f.csv' });
      slackMessage('slack', { connId: 'slack', channel: '#data', text: 'hi' });
      s3Upload('up', { data: 'x', key: 'k', bucket: 'b' });
      s3Download('down', { key: 's3://b/k', file: '/tmp/k' });
      s3Copy('copy', { source: 's3://b/k', dest: 'k2', destBucket: 'c' });
      s3List('list', { bucket: 'b', prefix: 'p/' });
      s3Delete('delete', { bucket: 'b', keys: 'k' });
      fileTransfer('move', { source: '/tmp/a', destination: 's3://b/a' });
    });
    const get = taskOf(spec, 'get');
    assert.equal(get.kind, 'http_request');
    assert.equal(get.operator, 'HttpOperator');
    assert.equal(get.retries, 2);
    assert.deepEqual(get.config, {
      connId: 'api', endpoint: 'v1/x', method: null, headers: {}, query: {}, body: null, json: null,
      timeoutMs: null, requestRetries: 0, responseCheck: null, responseFilter: null, logResponse: false,
    });
    assert.deepEqual(taskOf(spec, 'post').config, {
      connId: 'api', endpoint: '', method: 'POST', headers: { 'X-Day': '{{ ds }}' }, query: { page: 1 }, body: null, json: { value: null },
      timeoutMs: 30_000, requestRetries: 3, responseCheck: { status: [201], contains: 'ok', json: { 'a.b': [1] } }, responseFilter: 'data.id', logResponse: false,
    });
    const mail = taskOf(spec, 'mail');
    assert.equal(mail.operator, 'EmailOperator');
    assert.deepEqual(mail.config, { connId: 'smtp_default', to: ['a@x.io'], subject: 's', html: '<b>x</b>', text: null, cc: null, bcc: null, from: null, files: ['/tmp/f.csv'] });
    assert.equal(taskOf(spec, 'slack').kind, 'slack_message');
    assert.deepEqual(taskOf(spec, 'up').config, { connId: 'aws_default', file: null, data: 'x', target: { bucket: 'b', key: 'k' }, replace: false, contentType: null, storageClass: null });
    assert.equal(taskOf(spec, 'up').operator, 'S3CreateObjectOperator');
    assert.deepEqual(taskOf(spec, 'copy').config, { connId: 'aws_default', source: { bucket: null, key: 's3://b/k' }, dest: { bucket: 'c', key: 'k2' }, replace: true });
    assert.deepEqual(taskOf(spec, 'list').config, { connId: 'aws_default', bucket: 'b', prefix: 'p/', delimiter: null, maxKeys: null });
    assert.deepEqual(taskOf(spec, 'delete').config, { connId: 'aws_default', bucket: 'b', keys: ['k'], prefix: null });
    assert.equal(taskOf(spec, 'move').kind, 'file_transfer');
  });

  it('the XCom types flow to downstream tasks', () => {
    build(() => {
      const keys = s3List('keys', { bucket: 'b' });
      const order = httpRequest<{ id: number }>('order', { connId: 'api' });
      const sent = emailSend('mail', { to: 'a@x.io', subject: 's', text: 't' });
      task('use', { inputs: { keys, order, sent } }, ({ keys, order, sent }) => {
        const first: string | undefined = keys[0];
        const id: number = order.id;
        const accepted: readonly string[] = sent.accepted;
        return [first, id, accepted.length];
      });
    });
  });

  it('rejects mistakes at import, naming the DAG, task and option', () => {
    assert.equal(
      importError(() => httpRequest('h', { connId: 'api', body: 'x', json: {} })),
      "DAG 'd', task 'h': httpRequest() option 'json' cannot be given together with body: choose one",
    );
    assert.match(importError(() => httpRequest('h', { connId: 'api', method: 'FETCH' as 'GET' })), /option 'method' must be one of 'GET', 'POST'/);
    assert.match(importError(() => httpRequest('h', { connId: 'api', responseFilter: 'a..b' })), /option 'responseFilter' must be a JSON path: 'a\.\.b' has an empty key/);
    assert.match(importError(() => httpRequest('h', { connId: 'api', responseCheck: { statuses: [200] } as never })), /option 'responseCheck\.statuses' is not a check: use status, contains or json/);
    assert.match(importError(() => httpRequest('h', { connId: 'api', timeout: 'soon' })), /option 'timeout' must be a duration/);
    assert.match(importError(() => httpRequest('h', { connId: '' })), /option 'connId' must be a non-empty string/);
    assert.match(importError(() => emailSend('m', { to: 'a@x.io', subject: 's' })), /emailSend\(\) option 'html' or text must be given/);
    assert.match(importError(() => slackMessage('s', { connId: 'slack' })), /slackMessage\(\) option 'text' or blocks must be given/);
    assert.match(importError(() => s3Upload('u', { key: 'k' })), /s3Upload\(\) option 'file' or data must be given, not both/);
    assert.match(importError(() => s3Upload('u', { file: '/a', data: 'x', key: 'k' })), /option 'file' or data must be given, not both/);
    assert.match(importError(() => s3Upload('u', { file: '/a', key: 'k', storageClass: 'ICE' as 'GLACIER' })), /option 'storageClass' must be one of 'STANDARD', .*'DEEP_ARCHIVE'/);
    // Airflow: LocalFilesystemToS3Operator refuses a bucket name together with a full s3:// key.
    assert.match(importError(() => s3Upload('u', { data: 'x', key: 's3://b/k', bucket: 'b' })), /option 'key' is a full s3:\/\/ URL, so bucket must not be given too/);
    // Airflow: S3DeleteObjectsOperator takes keys or prefix, not both, not neither.
    assert.match(importError(() => s3Delete('d', { bucket: 'b', keys: 'k', prefix: 'p' })), /s3Delete\(\) option 'keys' or prefix must be given, not both/);
    assert.match(importError(() => s3Delete('d', { bucket: 'b' })), /option 'keys' or prefix must be given/);
    assert.match(importError(() => fileTransfer('f', { source: '/a', destination: '/b' })), /must be an s3:\/\/bucket\/key URL/);
  });
});
