/**
 * Open-loop load: requests sent at a fixed rate, evenly spaced, whatever the
 * answers do (autocannon's `overallRate` sends each second's share in a burst at
 * the start of the second, which measures queueing behind the burst instead).
 * Latency counts from when a request was due, so time spent waiting for a free
 * connection (at most `connections` are open) is included: no coordinated omission.
 */
import { Agent, request } from 'node:http';

export interface FixedRateOptions {
  readonly url: string;
  readonly rps: number;
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface FixedRateFigures {
  /** Offered. */
  readonly rps: number;
  /** Answered within the window, per second. */
  readonly achieved_rps: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
  readonly failures: number;
}

export async function fixedRate(options: FixedRateOptions): Promise<FixedRateFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const interval = 1000 / options.rps;
  const started = performance.now();
  const windowStart = started + options.warmupSeconds * 1000;
  const windowEnd = windowStart + options.seconds * 1000;
  const latencies: number[] = [];
  let failures = 0;
  let answeredInWindow = 0;
  let sent = 0;
  let inFlight = 0;
  const send = (due: number) => {
    inFlight += 1;
    const req = request(options.url, { agent, headers: options.headers }, (res) => {
      res.resume();
      res.on('end', () => {
        inFlight -= 1;
        const now = performance.now();
        if (res.statusCode !== 200) failures += 1;
        if (due >= windowStart && due < windowEnd) latencies.push(now - due);
        if (now >= windowStart && now < windowEnd) answeredInWindow += 1;
      });
    });
    req.on('error', () => {
      inFlight -= 1;
      failures += 1;
    });
    req.end();
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every request due by now goes out (timers fire late; the schedule does not slip).
      while (started + sent * interval <= now && started + sent * interval < windowEnd) {
        send(started + sent * interval);
        sent += 1;
      }
      if (started + sent * interval >= windowEnd) {
        const drain = () => (inFlight === 0 || performance.now() > windowEnd + 10_000 ? resolve() : setTimeout(drain, 5));
        drain();
        return;
      }
      setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
    };
    tick();
  });
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return {
    rps: options.rps,
    achieved_rps: answeredInWindow / options.seconds,
    p50_ms: at(50),
    p99_ms: at(99),
    max_ms: sorted[sorted.length - 1] ?? NaN,
    failures,
  };
}
