/** Executor of `sqlSensor`: met when the first column of the first row is truthy (Airflow's SqlSensor). */
import type { JsonValue } from '../../core/dag-spec.js';
import type { SqlSensorConfig } from '../../sdk/sensors/sql-sensor.js';
import { renderedParameters, withSqlHook } from '../sql/with-sql-hook.js';
import { met, notMet, sensorExecutor } from './sensor.js';

export const sqlSensorExecutor = sensorExecutor<SqlSensorConfig>({
  async poke(config, ctx) {
    const sql = ctx.render(config.sql);
    const row = await withSqlHook(ctx, config.connId, (hook) => hook.firstArray(sql, renderedParameters(ctx, config.parameters)));
    if (row === null) {
      if (config.failOnEmpty) throw new Error(`${ctx.where}: the query returned no row and failOnEmpty is set: ${sql}`);
      return notMet('the query returned no row');
    }
    const first = row[0] ?? null;
    return truthy(first) ? met(first) : notMet(`the first value is ${JSON.stringify(first)}`);
  },
});

/** Python's truthiness of what the database returned: 0, '0', '', false and NULL are false (Airflow compares `str(first_cell)` with '0' too). */
function truthy(value: JsonValue): boolean {
  if (value === null || value === false || value === 0 || value === '') return false;
  if (typeof value === 'string' && /^\s*0+(\.0+)?\s*$/.test(value)) return false;
  return true;
}
