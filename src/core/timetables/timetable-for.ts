/** Maps a DAG's serialized `ScheduleSpec` to the timetable that implements it. */
import { scheduleAssetCondition } from '../asset-condition.js';
import type { ScheduleSpec } from '../dag-spec.js';
import { AssetTriggeredTimetable } from './assets-timetable.js';
import { CronDataIntervalTimetable } from './cron-data-interval-timetable.js';
import { CronTriggerTimetable } from './cron-trigger-timetable.js';
import { DeltaDataIntervalTimetable } from './delta-data-interval-timetable.js';
import { DeltaTriggerTimetable } from './delta-trigger-timetable.js';
import { NullTimetable } from './null-timetable.js';
import { OnceTimetable } from './once-timetable.js';
import type { Timetable } from './timetable.js';

/** Throws an Error saying what is wrong if the cron expression, zone or interval is invalid. */
export function timetableFor(schedule: ScheduleSpec): Timetable {
  switch (schedule.kind) {
    case 'none':
      return new NullTimetable();
    case 'once':
      return new OnceTimetable();
    case 'cron':
      return schedule.dataIntervals
        ? new CronDataIntervalTimetable(schedule.expression, schedule.timezone)
        : new CronTriggerTimetable(schedule.expression, schedule.timezone);
    case 'interval':
      return schedule.dataIntervals
        ? new DeltaDataIntervalTimetable(schedule.everyMs)
        : new DeltaTriggerTimetable(schedule.everyMs);
    case 'assets':
      return new AssetTriggeredTimetable(schedule.assets, scheduleAssetCondition(schedule));
  }
}
