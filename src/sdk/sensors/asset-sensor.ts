/**
 * `assetSensor(id, { asset })`: waits until the asset has been updated (an
 * asset event exists) since the run's data interval start — or its logical
 * date, or `since` (templated ISO time). The XCom is the number of events and
 * the time of the latest, e.g. `{ count: 2, latest: '2024-01-01T03:00:00.000Z' }`.
 * To start a whole DAG on an update, schedule it on the asset instead.
 */
import { operatorTask } from '../operators/operator-task.js';
import type { TaskRef } from '../refs.js';
import { refuseDeferrable, sensorConfig, type SensorConfig, type SensorOptions } from './sensor-options.js';

export interface AssetSensorOptions extends SensorOptions {
  /** The asset's URI, e.g. 's3://warehouse/songplays'. */
  asset: string;
  /** Count events after this ISO time (templated); default the data interval start, else the logical date, else the run's start. */
  since?: string;
}

export type AssetSensorConfig = { readonly sensor: SensorConfig; readonly asset: string; readonly since: string | null };

export interface AssetUpdates {
  readonly count: number;
  readonly latest: string | null;
}

export function assetSensor(id: string, options: AssetSensorOptions): TaskRef<AssetUpdates> {
  return operatorTask<AssetUpdates>('assetSensor', id, (check) => {
    refuseDeferrable(check, options as { deferrable?: unknown }, 'assetSensor');
    const { asset, since, ...rest } = options;
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const uri = check.text('asset', asset);
    if (/\s/.test(uri)) check.fail('asset', `must be a URI without spaces, got ${JSON.stringify(uri)}`);
    const config: AssetSensorConfig = { sensor, asset: uri, since: check.optionalText('since', since) };
    return { kind: 'asset_sensor', operator: 'AssetSensor', options: taskOptions, config };
  });
}
