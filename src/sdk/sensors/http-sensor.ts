/**
 * `httpSensor(id, { connId, endpoint })`: requests the endpoint at each poke
 * until the answer passes (Airflow's HttpSensor). A 404 means "not yet"; so
 * does an answer that fails `responseCheck` (e.g. `{ json: { state: 'ready' } }`).
 * Any other status of 400 or more fails the task. The XCom is the passing
 * answer's body (or the part `responseFilter` picks).
 */
import type { JsonValue } from '../../core/dag-spec.js';
import { httpRequestConfig, type HttpRequestConfig, type HttpRequestOptions } from '../operators/http-request.js';
import { operatorTask } from '../operators/operator-task.js';
import type { TaskRef } from '../refs.js';
import { refuseDeferrable, sensorConfig, type SensorConfig, type SensorOptions } from './sensor-options.js';

export interface HttpSensorOptions extends SensorOptions, HttpRequestOptions {}

export type HttpSensorConfig = { readonly sensor: SensorConfig; readonly request: HttpRequestConfig };

export function httpSensor<T = JsonValue>(id: string, options: HttpSensorOptions): TaskRef<T> {
  return operatorTask<T>('httpSensor', id, (check) => {
    refuseDeferrable(check, options as { deferrable?: unknown }, 'httpSensor');
    const { config: request, inputs, taskOptions: rest } = httpRequestConfig(check, options);
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const config: HttpSensorConfig = { sensor, request };
    return { kind: 'http_sensor', operator: 'HttpSensor', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
