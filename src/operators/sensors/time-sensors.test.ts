/**
 * dateTimeSensor's target time: a time without a zone is UTC whatever the
 * worker's zone. The checks run in a child process whose TZ is New York, so a
 * parse that fell back to the local zone would be 4-5 hours off.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';

const sdkUrl = new URL('../../sdk/sensors/time-sensors.ts', import.meta.url).href;
const executorUrl = new URL('./time-sensors.ts', import.meta.url).href;
const defineDagUrl = new URL('../../sdk/operators/testing/define-dag.ts', import.meta.url).href;

const CHILD = `
const { dateTimeSensor } = await import(${JSON.stringify(sdkUrl)});
const { dateTimeSensorExecutor } = await import(${JSON.stringify(executorUrl)});
const { importError } = await import(${JSON.stringify(defineDagUrl)});
const targets = JSON.parse(process.argv[1]);
const sensor = { mode: 'poke', pokeIntervalMs: 1000, timeoutMs: 60_000, exponentialBackoff: false, maxWaitMs: null, softFail: false, deferrable: true };
const ctx = {
  context: { dagId: 'd', taskId: 'wait', dataIntervalEnd: null, logicalDate: null },
  where: "DAG 'd', task 'wait'",
  log: { info() {}, warn() {}, error() {} },
  render: (text) => text,
  clock: () => new Date(0),
  waitState: null,
};
const out = { offsetMinutes: new Date(2024, 0, 1).getTimezoneOffset(), at: {}, run: {}, parse: {} };
for (const target of targets) {
  try {
    const result = await dateTimeSensorExecutor({ sensor, targetTime: target }, ctx);
    out.at[target] = result.waitState.trigger.at;
  } catch (error) {
    out.run[target] = error.message;
  }
  try {
    out.parse[target] = importError(() => dateTimeSensor('wait', { targetTime: target }));
  } catch {
    out.parse[target] = null; // the DAG defined without error
  }
}
console.log(JSON.stringify(out));
`;

type ChildOut = { offsetMinutes: number; at: Record<string, string>; run: Record<string, string>; parse: Record<string, string | null> };

function inNewYork(targets: readonly string[]): ChildOut {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, JSON.stringify(targets)], {
    env: { ...process.env, TZ: 'America/New_York' },
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as ChildOut;
}

describe('dateTimeSensor target time', () => {
  it('reads every zone-less form as UTC and keeps an explicit Z or offset, under TZ=America/New_York', () => {
    const expected: Record<string, string> = {
      '2024-01-01': '2024-01-01T00:00:00.000Z',
      '2024-01-01 12:00': '2024-01-01T12:00:00.000Z',
      '2024-01-01 12:00:00': '2024-01-01T12:00:00.000Z',
      '2024-07-01 12:00:00.25': '2024-07-01T12:00:00.250Z',
      '2024-01-01T12:00': '2024-01-01T12:00:00.000Z',
      '2024-01-01T12:00:00.123456': '2024-01-01T12:00:00.123Z',
      '2024-01-01T12:00:00Z': '2024-01-01T12:00:00.000Z',
      '2024-01-01 12:00:00z': '2024-01-01T12:00:00.000Z',
      '2024-01-01T12:00:00+02:00': '2024-01-01T10:00:00.000Z',
      '2024-01-01 12:00:00-0530': '2024-01-01T17:30:00.000Z',
      '2024-01-01T12:00:00+01': '2024-01-01T11:00:00.000Z',
    };
    const out = inNewYork(Object.keys(expected));
    assert.equal(out.offsetMinutes, 300, 'the child runs in New York time');
    assert.deepEqual(out.run, {});
    assert.deepEqual(out.at, expected);
    for (const target of Object.keys(expected)) assert.equal(out.parse[target], null, `${target} passes the DAG-file check`);
  });

  it('refuses a malformed target at parse time and at run time, naming the DAG, task and the expected forms', () => {
    const bad = ['tomorrow', 'Jan 1 2024', '2024-02-30', '2024-01-01 25:00', '2024-1-1', '2024-01-01T12', '2024-01-01 12:00 EST'];
    const out = inNewYork(bad);
    assert.deepEqual(out.at, {});
    for (const target of bad) {
      assert.match(out.run[target] ?? '', /^DAG 'd', task 'wait': targetTime ".*" .*is not an ISO-8601 date-time; expected YYYY-MM-DD, 'YYYY-MM-DD HH:MM\[:SS\[\.fff\]\]' or YYYY-MM-DDTHH:MM/, target);
      assert.match(out.parse[target] ?? '', /DAG 'd', task 'wait'.*option 'targetTime' must be an ISO-8601 date-time .*YYYY-MM-DD HH:MM.*without one it is UTC/s, target);
    }
  });
});
