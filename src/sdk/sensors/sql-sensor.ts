/**
 * `sqlSensor(id, { connId, sql })`: runs the query at each poke until the
 * first column of its first row is truthy (Airflow's SqlSensor: a row with 0,
 * '0', '', false or NULL keeps waiting). With `failOnEmpty`, a query that
 * returns no row fails the task instead of waiting. The XCom is that first value.
 */
import type { JsonValue } from '../../core/dag-spec.js';
import { operatorTask } from '../operators/operator-task.js';
import { checkParameters, type SqlTaskParameters } from '../operators/sql-options.js';
import type { Inputs } from '../inputs.js';
import type { TaskRef } from '../refs.js';
import { refuseDeferrable, sensorConfig, type SensorConfig, type SensorOptions } from './sensor-options.js';

export interface SqlSensorOptions extends SensorOptions {
  /** A postgres, mysql (MariaDB) or sqlite connection. Templated. */
  connId: string;
  /** One query; templated. */
  sql: string;
  parameters?: SqlTaskParameters;
  /** Fail (instead of waiting) when the query returns no row (default false). */
  failOnEmpty?: boolean;
  inputs?: Inputs;
}

export type SqlSensorConfig = {
  readonly sensor: SensorConfig;
  readonly connId: string;
  readonly sql: string;
  readonly parameters: SqlTaskParameters | null;
  readonly failOnEmpty: boolean;
};

export function sqlSensor(id: string, options: SqlSensorOptions): TaskRef<JsonValue> {
  return operatorTask<JsonValue>('sqlSensor', id, (check) => {
    refuseDeferrable(check, options as { deferrable?: unknown }, 'sqlSensor');
    const { connId, sql, parameters, failOnEmpty, inputs, ...rest } = options;
    const { sensor, taskOptions } = sensorConfig(check, rest);
    const config: SqlSensorConfig = {
      sensor,
      connId: check.text('connId', connId),
      sql: check.text('sql', sql),
      parameters: checkParameters(check, parameters),
      failOnEmpty: check.boolean('failOnEmpty', failOnEmpty, false),
    };
    return { kind: 'sql_sensor', operator: 'SqlSensor', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
