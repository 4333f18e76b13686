/**
 * The time a DAG test runs in. It starts at the test's `now` (default: the real
 * time) and runs at real speed, but never waits: a retry's delay or a sensor's
 * reschedule makes the clock jump ahead instead, so a task with
 * `retryDelay: '5m'` retries at once and still sees five minutes pass.
 */
export class TestClock {
  private offsetMs: number;

  constructor(start: Date) {
    this.offsetMs = start.getTime() - Date.now();
  }

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  readonly sleep = async (ms: number): Promise<void> => {
    this.offsetMs += Math.max(0, ms);
  };
}
