/**
 * `s3KeySensor(id, { key })`: waits until every key exists in the bucket
 * (Airflow's S3KeySensor). Keys are templated and may be `s3://bucket/key`
 * URLs; with `wildcard`, a key is a pattern (`*`, `?`) and any match counts.
 * The XCom is the list of matching keys.
 */
import { operatorTask } from '../operators/operator-task.js';
import { s3ConnId, type S3ConnectionOptions } from '../operators/s3-options.js';
import type { TaskRef } from '../refs.js';
import { refuseDeferrable, sensorConfig, type SensorConfig, type SensorOptions } from './sensor-options.js';

export interface S3KeySensorOptions extends SensorOptions, S3ConnectionOptions {
  /** One key or several (all must exist); `s3://bucket/key` or a key in `bucket`. */
  key: string | readonly string[];
  bucket?: string;
  /** Keys are patterns with `*` and `?` (default false). */
  wildcard?: boolean;
}

export type S3KeySensorConfig = {
  readonly sensor: SensorConfig;
  readonly connId: string;
  readonly bucket: string | null;
  readonly keys: readonly string[];
  readonly wildcard: boolean;
};

export function s3KeySensor(id: string, options: S3KeySensorOptions): TaskRef<string[]> {
  return operatorTask<string[]>('s3KeySensor', id, (check) => {
    refuseDeferrable(check, options as { deferrable?: unknown }, 's3KeySensor');
    const { key, bucket, wildcard, connId, inputs, ...rest } = options;
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const keys = check.textOrList('key', key);
    const config: S3KeySensorConfig = {
      sensor,
      connId: s3ConnId(check, connId),
      bucket: check.optionalText('bucket', bucket),
      keys: Array.isArray(keys) ? keys : [keys as string],
      wildcard: check.boolean('wildcard', wildcard, false),
    };
    return { kind: 's3_key_sensor', operator: 'S3KeySensor', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
