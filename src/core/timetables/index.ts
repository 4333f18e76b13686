/** Timetables: when DAG runs happen and which data interval each covers. */
export type { DagRunInfo, NextDagRunInfoInput, Timetable, TimeRestriction } from './timetable.js';
export { exactRunInfo, intervalRunInfo } from './timetable.js';
export { CRON_PRESETS, CronSchedule, expandCronPreset, nextFireTime, parseCron, previousFireTime, validateCron } from './cron.js';
export { CronTriggerTimetable, type CronTriggerOptions } from './cron-trigger-timetable.js';
export { CronDataIntervalTimetable } from './cron-data-interval-timetable.js';
export { DeltaTriggerTimetable } from './delta-trigger-timetable.js';
export { DeltaDataIntervalTimetable } from './delta-data-interval-timetable.js';
export { OnceTimetable } from './once-timetable.js';
export { NullTimetable } from './null-timetable.js';
export { AssetTriggeredTimetable } from './assets-timetable.js';
export { timetableFor } from './timetable-for.js';
export { dueRuns, planBackfill, DEFAULT_DUE_RUNS_LIMIT, type BackfillInput, type DueRunsInput } from './plan-runs.js';
export { describeCron, describeInterval, describeSchedule } from './describe-schedule.js';
export { isValidTimeZone } from './wall-clock.js';
