/**
 * Fire times of a cron schedule whose hour field selects every hour (Airflow's
 * `_covers_every_hour`). Such a schedule fires at each instant at which the
 * zone's clock shows a scheduled wall time, so on both passes of a repeated
 * hour, and at each scheduled wall time a spring-forward skips, moved forward by
 * the jump (in Lord Howe, 02:00 becomes 02:30 when 02:00 (+10:30) jumps to
 * 02:30 (+11)). The fire times form one set, so `next` and `prev` agree with
 * each other whatever size the clock changes are.
 *
 * Airflow steps the wall-clock distance in absolute time instead; that gives the
 * same set only when clocks move by whole hours, on the hour, within days the
 * schedule fires on. Elsewhere its next and previous fire times disagree (and
 * data intervals overlap), so we keep to the set.
 *
 * The searches walk the stretches of constant UTC offset, finding each clock
 * change within a day of where they look. From a day past the start to a day
 * short of the candidate fire time they skip ahead (or back): whatever the
 * offsets there, the clock shows only wall times between the start's and the
 * candidate's, and none of those is scheduled.
 */
import { offsetAt, offsetChangeBetween } from './wall-clock.js';

const DAY_MS = 86_400_000;

/** A schedule's wall-clock times (wall-clock ms) strictly after and strictly before a wall time. */
export interface WallClockMatches {
  next(wallMs: number): number;
  prev(wallMs: number): number;
}

/** The first fire time after `after` that the clock change at `change` skipped and moved forward, or Infinity. */
function skippedFireAfter(walls: WallClockMatches, zone: string, after: number, change: number | null): number {
  if (change === null) return Infinity;
  const offsetBefore = offsetAt(change - 1, zone);
  const offsetSince = offsetAt(change, zone);
  if (offsetSince <= offsetBefore) return Infinity; // clocks went back: nothing skipped
  const wall = walls.next(Math.max(after, change - 1) + offsetBefore);
  return wall < change + offsetSince ? wall - offsetBefore : Infinity;
}

/** The last fire time before `before` that the clock change at `change` skipped and moved forward, or -Infinity. */
function skippedFireBefore(walls: WallClockMatches, zone: string, before: number, change: number | null): number {
  if (change === null) return -Infinity;
  const offsetBefore = offsetAt(change - 1, zone);
  const offsetSince = offsetAt(change, zone);
  if (offsetSince <= offsetBefore) return -Infinity;
  const wall = walls.prev(Math.min(before + offsetBefore, change + offsetSince));
  return wall >= change + offsetBefore ? wall - offsetBefore : -Infinity;
}

/** The first fire time strictly after the instant `current` (epoch ms). */
export function nextEveryHourFire(walls: WallClockMatches, zone: string, current: number): number {
  // A spring-forward just before `current` may have moved a fire time past it.
  const offsetNow = offsetAt(current + 1, zone);
  let best = skippedFireAfter(walls, zone, current, offsetChangeBetween(current + 1 - DAY_MS, current + 1, zone, undefined, offsetNow));
  let after = current;
  for (;;) {
    const offset = after === current ? offsetNow : offsetAt(after + 1, zone);
    const fire = walls.next(after + offset) - offset; // if the offset holds until then
    const horizon = Math.min(fire, after + 1 + DAY_MS);
    const change = offsetChangeBetween(after + 1, horizon, zone, offset);
    if (change === null) {
      if (horizon === fire) return Math.min(fire, best);
      if (best <= horizon) return best;
      after = Math.max(horizon, fire - DAY_MS) - 1; // skip ahead
      continue;
    }
    // Nothing the clock shows before `change` is scheduled.
    if (best < change) return best;
    best = Math.min(best, skippedFireAfter(walls, zone, current, change));
    after = change - 1;
  }
}

/** The last fire time strictly before the instant `current` (epoch ms). */
export function prevEveryHourFire(walls: WallClockMatches, zone: string, current: number): number {
  let before = current;
  for (;;) {
    const offset = offsetAt(before - 1, zone);
    const fire = walls.prev(before + offset) - offset; // if the offset held since then
    const horizon = Math.max(fire, before - DAY_MS);
    const change = offsetChangeBetween(horizon, before - 1, zone, undefined, offset);
    if (change === null) {
      if (horizon !== fire) {
        before = Math.min(horizon, fire + DAY_MS) + 1; // skip back
        continue;
      }
      // A spring-forward at or just before `fire` may have moved a fire time past it.
      const changeThen = offsetChangeBetween(fire - DAY_MS, fire, zone, undefined, offset);
      return Math.max(fire, skippedFireBefore(walls, zone, current, changeThen));
    }
    // Nothing the clock shows from `change` on is scheduled; a time skipped there fires just after it.
    const skipped = skippedFireBefore(walls, zone, current, change);
    if (skipped !== -Infinity) return skipped;
    before = change;
  }
}
