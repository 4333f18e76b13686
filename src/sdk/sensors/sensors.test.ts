/**
 * The sensor factories: what they record (kind, Airflow's operator name, the
 * shared `sensor` settings with Airflow's defaults) and the import errors a
 * mistake gives, naming the DAG, the task and the option.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assetSensor, dateTimeSensor, externalTaskSensor, fileSensor, httpSensor, s3KeySensor, sqlSensor, timeDeltaSensor } from '../index.js';
import { build, importError, taskOf } from '../operators/testing/define-dag.js';

const DEFAULTS = { mode: 'poke', pokeIntervalMs: 60_000, timeoutMs: 604_800_000, exponentialBackoff: false, maxWaitMs: null, softFail: false, deferrable: false };

describe('sensor factories', () => {
  it("record Airflow's defaults: poke mode, 60 s between pokes, a 7-day timeout", () => {
    const spec = build(() => {
      fileSensor('file', { path: '/data/*.csv' });
      sqlSensor('sql', { connId: 'db', sql: 'SELECT 1' });
      httpSensor('http', { connId: 'api', endpoint: 'health' });
      s3KeySensor('s3', { key: 's3://b/k' });
      assetSensor('asset', { asset: 's3://b/songs' });
      timeDeltaSensor('delta', { delta: '1h' });
      dateTimeSensor('at', { targetTime: '{{ ds }}T12:00:00Z' });
      externalTaskSensor('ext', { externalDagId: 'up' });
    });
    for (const id of ['file', 'sql', 'http', 's3', 'asset', 'delta', 'at', 'ext']) assert.deepEqual(taskOf(spec, id).config.sensor, DEFAULTS, id);
    assert.deepEqual(
      spec.tasks.map((t) => [t.taskId, t.kind, t.operator]).sort(),
      [
        ['file', 'file_sensor', 'FileSensor'],
        ['sql', 'sql_sensor', 'SqlSensor'],
        ['http', 'http_sensor', 'HttpSensor'],
        ['s3', 's3_key_sensor', 'S3KeySensor'],
        ['asset', 'asset_sensor', 'AssetSensor'],
        ['delta', 'time_delta_sensor', 'TimeDeltaSensor'],
        ['at', 'date_time_sensor', 'DateTimeSensor'],
        ['ext', 'external_task_sensor', 'ExternalTaskSensor'],
      ].sort(),
    );
    assert.deepEqual(taskOf(spec, 'ext').config, {
      sensor: DEFAULTS, externalDagId: 'up', externalTaskIds: null, allowedStates: ['success'], failedStates: [], skippedStates: [], executionDeltaMs: 0,
    });
    assert.deepEqual(taskOf(spec, 's3').config, { sensor: DEFAULTS, connId: 'aws_default', bucket: null, keys: ['s3://b/k'], wildcard: false });
  });

  it('record the sensor settings given, and deferrable sensors as their Async operators', () => {
    const spec = build(() => {
      timeDeltaSensor('delta', { delta: '30m', deferrable: true, timeout: '2h', softFail: true, retries: 1 });
      fileSensor('file', { path: 'in/*.json', connId: 'fs_default', mode: 'reschedule', pokeInterval: '5m', exponentialBackoff: true, maxWait: '1h' });
      externalTaskSensor('ext', { externalDagId: 'up', externalTaskId: 'load', deferrable: true, executionDelta: '1d', failedStates: ['failed'] });
    });
    const delta = taskOf(spec, 'delta');
    assert.equal(delta.operator, 'TimeDeltaSensorAsync');
    assert.equal(delta.retries, 1);
    assert.deepEqual(delta.config, { sensor: { ...DEFAULTS, timeoutMs: 7_200_000, softFail: true, deferrable: true }, deltaMs: 1_800_000 });
    assert.deepEqual(taskOf(spec, 'file').config.sensor, { ...DEFAULTS, mode: 'reschedule', pokeIntervalMs: 300_000, exponentialBackoff: true, maxWaitMs: 3_600_000 });
    const ext = taskOf(spec, 'ext');
    assert.equal(ext.operator, 'ExternalTaskSensorAsync');
    assert.deepEqual([ext.config.externalTaskIds, ext.config.executionDeltaMs, ext.config.failedStates], [['load'], 86_400_000, ['failed']]);
  });

  it('refuse bad options with an import error naming the DAG, task, factory and option', () => {
    assert.match(importError(() => fileSensor('f', { path: '/x', mode: 'sleepy' as 'poke' })), /DAG 'd', task 'f'.*fileSensor\(\) option 'mode' must be one of 'poke', 'reschedule', got "sleepy"/s);
    assert.match(importError(() => fileSensor('f', { path: '/x', pokeInterval: 'soon' })), /option 'pokeInterval' must be a duration such as 30000 or '30s'/);
    assert.match(importError(() => fileSensor('f', { path: '/x', deferrable: true } as never)), /option 'deferrable' is not supported by fileSensor\(\): use mode: 'reschedule'/);
    assert.match(importError(() => dateTimeSensor('t', { targetTime: 'tomorrow' })), /option 'targetTime' must be an ISO-8601 date-time/);
    assert.match(importError(() => externalTaskSensor('e', { externalDagId: 'up', externalTaskIds: ['a'], allowedStates: ['done' as 'success'] })), /option 'allowedStates\[0\]' must be one of scheduled, .* \(task instance states\), got 'done'/);
    assert.match(importError(() => externalTaskSensor('e', { externalDagId: 'up', allowedStates: ['success'], failedStates: ['success'] })), /both list 'success'/);
    assert.match(importError(() => externalTaskSensor('e', { externalDagId: 'up', externalTaskId: 'a', externalTaskIds: ['b'] })), /option 'externalTaskId' cannot be given together with externalTaskIds/);
    assert.match(importError(() => assetSensor('a', { asset: 's3://my bucket' })), /option 'asset' must be a URI without spaces/);
  });
});
