/**
 * The API server process's own metrics, under the names Prometheus client
 * libraries use. The event loop delay histogram is started once per process and
 * reset at each scrape, so `nodejs_eventloop_lag_seconds` is the mean since the last one.
 */
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { MetricFamily } from './prometheus-text.js';

/** The histogram samples every 10 ms; each recorded delay includes that interval, subtracted below. */
const RESOLUTION_MS = 10;

let loopDelay: IntervalHistogram | null = null;

/** Starts measuring event loop delay (idempotent): call when the server is built, so the first scrape has data. */
export function startEventLoopMonitor(): void {
  if (loopDelay) return;
  loopDelay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loopDelay.enable();
}

export function processMetrics(): MetricFamily[] {
  startEventLoopMonitor();
  const delay = loopDelay as IntervalHistogram;
  const lagSeconds = (ns: number) => (delay.count === 0 || Number.isNaN(ns) ? 0 : Math.max(0, ns / 1e6 - RESOLUTION_MS) / 1000);
  const mean = lagSeconds(delay.mean);
  const p99 = lagSeconds(delay.percentile(99));
  delay.reset();
  const cpu = process.cpuUsage();
  return [
    { name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes', type: 'gauge', samples: [{ value: process.memoryUsage.rss() }] },
    { name: 'process_cpu_seconds_total', help: 'Total user and system CPU time spent in seconds', type: 'counter', samples: [{ value: (cpu.user + cpu.system) / 1e6 }] },
    // timeOrigin is when this process started, in ms since the epoch.
    { name: 'process_start_time_seconds', help: 'Start time of the process since unix epoch in seconds', type: 'gauge', samples: [{ value: Math.round(performance.timeOrigin) / 1000 }] },
    { name: 'nodejs_eventloop_lag_seconds', help: 'Mean event loop delay since the previous scrape, in seconds', type: 'gauge', samples: [{ value: mean }] },
    { name: 'nodejs_eventloop_lag_p99_seconds', help: '99th percentile of the event loop delay since the previous scrape, in seconds', type: 'gauge', samples: [{ value: p99 }] },
  ];
}
