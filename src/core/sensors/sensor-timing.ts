/**
 * When a sensor pokes again and when it gives up: Airflow's
 * `BaseSensorOperator._get_next_poke_interval` and its timeout check.
 *
 * Without back-off the next poke is `pokeInterval` later. With exponential
 * back-off (whole seconds, as Airflow):
 *   base  = max(1, floor(pokeIntervalSeconds * 2^(pokes - 2)))
 *   delay = base + sha1("dagId#taskId#firstPokeAt#pokes") mod base     (in [base, 2*base))
 *   delay = min(delay, timeout - elapsed), then min(delay, maxWait)
 * `pokes` counts the pokes made so far in this try (1 after the first).
 */
import { createHash } from 'node:crypto';
import { pythonDateString } from '../retry.js';

export interface SensorTiming {
  readonly pokeIntervalMs: number;
  /** Give up after this long from the first poke of the try (Airflow's default: 7 days). */
  readonly timeoutMs: number;
  readonly exponentialBackoff: boolean;
  /** Cap on one wait with back-off; null: none. */
  readonly maxWaitMs: number | null;
}

/** Airflow's default sensor timeout: 60 * 60 * 24 * 7 seconds. */
export const DEFAULT_SENSOR_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** Airflow's default poke interval: 60 s. */
export const DEFAULT_POKE_INTERVAL_MS = 60_000;

export interface PokeCount {
  readonly dagId: string;
  readonly taskId: string;
  readonly firstPokeAt: Date;
  readonly pokes: number;
  /** Time since the first poke. */
  readonly elapsedMs: number;
}

export function nextPokeDelayMs(timing: SensorTiming, count: PokeCount): number {
  if (!timing.exponentialBackoff) return timing.pokeIntervalMs;
  const base = Math.max(1, Math.floor((timing.pokeIntervalMs / 1000) * 2 ** (count.pokes - 2)));
  const hash = BigInt(`0x${createHash('sha1').update(`${count.dagId}#${count.taskId}#${pythonDateString(count.firstPokeAt)}#${count.pokes}`).digest('hex')}`);
  let delayMs = (base + Number(hash % BigInt(base))) * 1000;
  delayMs = Math.min(delayMs, Math.max(0, timing.timeoutMs - Math.floor(count.elapsedMs / 1000) * 1000));
  if (timing.maxWaitMs !== null) delayMs = Math.min(delayMs, timing.maxWaitMs);
  return delayMs;
}

/** Airflow fails the sensor once the time since the first poke exceeds the timeout. */
export function sensorTimedOut(timing: SensorTiming, elapsedMs: number): boolean {
  return elapsedMs > timing.timeoutMs;
}
