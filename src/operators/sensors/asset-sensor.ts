/** Executor of `assetSensor`: met once the asset has an event after the run's start of interest. */
import type { AssetSensorConfig } from '../../sdk/sensors/asset-sensor.js';
import type { OperatorContext } from '../operator.js';
import { met, notMet, sensorExecutor } from './sensor.js';

export const assetSensorExecutor = sensorExecutor<AssetSensorConfig>({
  async poke(config, ctx) {
    const since = sinceOf(config, ctx);
    const updates = await ctx.assetUpdates(config.asset, since);
    if (updates.count === 0) return notMet(`asset ${config.asset} has no update since ${since ?? 'ever'}`);
    ctx.log.info(`Asset ${config.asset}: ${updates.count} update${updates.count === 1 ? '' : 's'} since ${since ?? 'ever'}, the latest at ${updates.latest}`);
    return met(updates);
  },
});

function sinceOf(config: AssetSensorConfig, ctx: OperatorContext): string | null {
  if (config.since !== null) {
    const text = ctx.render(config.since);
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw new Error(`${ctx.where}: since ${JSON.stringify(text)} is not an ISO-8601 date-time`);
    return at.toISOString();
  }
  const { dataIntervalStart, logicalDate } = ctx.context;
  return (dataIntervalStart ?? logicalDate)?.toISOString() ?? null;
}
