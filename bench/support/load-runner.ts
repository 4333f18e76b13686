/**
 * Child process for http-load.ts: runs autocannon on one URL and prints one JSON
 * line of figures. Steady state only: the measured window opens once every
 * connection has had its first answer (on a saturated Node server a connection
 * opened late waits for many event-loop turns before it is served; that ramp is
 * printed as `ramp_ms`, not mixed into the percentiles) and at least
 * `minWarmupSeconds` have passed, then lasts `seconds`.
 *
 * With `rateFraction`, a second phase follows: requests offered at a fixed rate,
 * that fraction of the requests/s just measured (fixed-rate.ts), printed as
 * `rate_*`: the latency seen when the server is busy but not overloaded.
 *
 *   node --import tsx bench/support/load-runner.ts '{"url":...,"connections":50,"seconds":5}'
 */
import { createRequire } from 'node:module';
import { fixedRate } from './fixed-rate.js';

interface RunnerOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Longest wait for every connection's first answer before measuring anyway. */
  readonly maxRampSeconds: number;
  /** Shortest warm-up before measuring, even when every connection answered sooner. */
  readonly minWarmupSeconds: number;
  readonly headers?: Record<string, string>;
  /** Offer this fraction of the measured requests/s in a second phase (none when absent). */
  readonly rateFraction?: number;
  readonly rateSeconds?: number;
  readonly rateWarmupSeconds?: number;
}

/** The part of autocannon's programmatic API used here (it ships no types). */
interface AutocannonInstance {
  on(event: 'response', listener: (client: object, statusCode: number, bytes: number, ms: number) => void): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  on(event: 'done', listener: () => void): void;
  stop(): void;
}
type Autocannon = (options: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const options = JSON.parse(process.argv[2] ?? '{}') as RunnerOptions;

const started = performance.now();
const answered = new Set<object>();
const latencies: number[] = [];
let rampEnd: number | null = null;
let windowStart: number | null = null;
let windowEnd = 0;
let failures = 0;
let firstFailure = '';

const instance = autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.maxRampSeconds + options.seconds + 5,
  ...(options.headers ? { headers: options.headers } : {}),
});
const openWindow = () => {
  if (windowStart !== null) return;
  windowStart = performance.now();
  setTimeout(() => {
    windowEnd = performance.now();
    instance.stop();
  }, options.seconds * 1000);
};
const rampTimer = setTimeout(openWindow, options.maxRampSeconds * 1000);
instance.on('response', (client, statusCode, _bytes, ms) => {
  if (statusCode < 200 || statusCode >= 300) {
    failures += 1;
    firstFailure ||= `HTTP ${statusCode}`;
  }
  if (windowStart === null) {
    answered.add(client);
    if (answered.size === options.connections && rampEnd === null) {
      rampEnd = performance.now();
      clearTimeout(rampTimer);
      setTimeout(openWindow, Math.max(0, options.minWarmupSeconds * 1000 - (rampEnd - started)));
    }
  } else if (windowEnd === 0) {
    latencies.push(ms);
  }
});
instance.on('reqError', (error) => {
  failures += 1;
  firstFailure ||= error.message;
});
instance.on('done', () => {
  void finish();
});

async function finish(): Promise<void> {
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  const seconds = ((windowEnd || performance.now()) - (windowStart ?? started)) / 1000;
  const rps = latencies.length / seconds;
  const closed = {
    p50_ms: at(50),
    p99_ms: at(99),
    max_ms: sorted[sorted.length - 1] ?? NaN,
    rps,
    requests: latencies.length,
    ramp_ms: (rampEnd ?? windowStart ?? started) - started,
    connections_answered: answered.size,
    failures,
    first_failure: firstFailure,
  };
  const rate =
    options.rateFraction && failures === 0 && rps > 0
      ? await fixedRate({
          url: options.url,
          rps: Math.max(1, Math.round(rps * options.rateFraction)),
          connections: options.connections,
          seconds: options.rateSeconds ?? options.seconds,
          warmupSeconds: options.rateWarmupSeconds ?? 0.5,
          headers: options.headers ?? {},
        })
      : null;
  console.log(JSON.stringify({ ...closed, ...(rate ? { rate } : {}) }));
}
