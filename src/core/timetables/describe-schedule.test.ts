import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeSchedule } from './describe-schedule.js';

const cron = (expression: string, timezone = 'UTC') => describeSchedule({ kind: 'cron', expression, timezone, dataIntervals: false });

describe('describeSchedule', () => {
  it('describes the examples people see most', () => {
    assert.equal(cron('@daily'), 'every day at 00:00 UTC');
    assert.equal(cron('0 2 * * *', 'Europe/Paris'), 'every day at 02:00, Europe/Paris');
    assert.equal(cron('*/15 * * * *'), 'every 15 minutes');
    assert.equal(cron('0 9 * * 1-5'), 'at 09:00 on Monday to Friday, UTC');
    assert.equal(describeSchedule({ kind: 'interval', everyMs: 6 * 3_600_000, dataIntervals: false }), 'every 6 hours');
    assert.equal(describeSchedule({ kind: 'once' }), 'once');
    assert.equal(describeSchedule({ kind: 'none' }), 'manual only');
  });

  it('covers the other common cron shapes', () => {
    assert.equal(cron('* * * * *'), 'every minute');
    assert.equal(cron('@hourly'), 'every hour');
    assert.equal(cron('15 * * * *'), 'every hour at minute 15');
    assert.equal(cron('0 */6 * * *'), 'every 6 hours');
    assert.equal(cron('30 */2 * * *'), 'every 2 hours at minute 30');
    assert.equal(cron('0 0,12 * * *'), 'every day at 00:00 and 12:00 UTC');
    assert.equal(cron('@weekly'), 'every Sunday at 00:00 UTC');
    assert.equal(cron('30 8 * * MON,WED,FRI', 'America/New_York'), 'at 08:30 on Monday, Wednesday and Friday, America/New_York');
    assert.equal(cron('@monthly'), 'every month on day 1 at 00:00 UTC');
    assert.equal(cron('0 6 1,15 * *', 'Asia/Tokyo'), 'every month on days 1 and 15 at 06:00, Asia/Tokyo');
    assert.equal(cron('@quarterly'), 'every 3 months on day 1 at 00:00 UTC');
    assert.equal(cron('@yearly'), 'every year on 1 January at 00:00 UTC');
  });

  it('falls back to the expression and zone for unusual shapes', () => {
    assert.equal(cron('0 0 L * *'), 'cron: 0 0 L * * (UTC)');
    assert.equal(cron('5 4 * * */2', 'Europe/Berlin'), 'cron: 5 4 * * */2 (Europe/Berlin)');
    assert.equal(cron('0 0 13 * 5'), 'cron: 0 0 13 * 5 (UTC)');
  });

  it('describes intervals in their largest whole unit', () => {
    const every = (everyMs: number) => describeSchedule({ kind: 'interval', everyMs, dataIntervals: true });
    assert.equal(every(86_400_000), 'every day');
    assert.equal(every(2 * 86_400_000), 'every 2 days');
    assert.equal(every(604_800_000), 'every week');
    assert.equal(every(90 * 60_000), 'every 90 minutes');
    assert.equal(every(3_600_000), 'every hour');
    assert.equal(every(1_500), 'every 1500 milliseconds');
  });

  it('describes asset schedules', () => {
    assert.equal(describeSchedule({ kind: 'assets', assets: ['orders'] }), 'when orders is updated');
    assert.equal(describeSchedule({ kind: 'assets', assets: ['orders', 'customers'] }), 'when orders and customers are updated');
  });
});
