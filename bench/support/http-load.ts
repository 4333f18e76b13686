/**
 * HTTP load for the API benchmarks: autocannon in its own process (so the load
 * generator does not share the server's event loop), a fixed number of
 * connections, measured for a fixed time after a warm-up on the same connections,
 * once every connection is being served (see load-runner.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { round } from './updraft-harness.js';

const runner = fileURLToPath(new URL('./load-runner.ts', import.meta.url));

export interface LoadOptions {
  readonly connections: number;
  readonly seconds: number;
  /** Longest wait for every connection's first answer before measuring anyway. */
  readonly maxRampSeconds: number;
  /** Shortest warm-up on the same connections before measuring. */
  readonly minWarmupSeconds: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Then offer this fraction of the measured requests/s at a fixed rate (see fixed-rate.ts). */
  readonly rateFraction?: number;
  readonly rateSeconds?: number;
}

/** What one endpoint gave in steady state: latency percentiles over every request, requests per second. */
export interface LoadFigures extends Record<string, number> {
  p50_ms: number;
  p99_ms: number;
  rps: number;
  /** From the first connection to every connection's first answer. */
  ramp_ms: number;
}

/** The fixed-rate phase: requests/s offered, and the latency percentiles at that rate. */
export interface RateFigures extends Record<string, number> {
  rate_rps: number;
  rate_answered_rps: number;
  rate_p50_ms: number;
  rate_p99_ms: number;
}

interface RunnerResult {
  p50_ms: number;
  p99_ms: number;
  rps: number;
  requests: number;
  ramp_ms: number;
  connections_answered: number;
  failures: number;
  first_failure: string;
  rate?: { rps: number; achieved_rps: number; p50_ms: number; p99_ms: number; failures: number };
}

export async function loadTest(url: string, options: LoadOptions): Promise<LoadFigures & Partial<RateFigures>> {
  const lines = (await run(process.execPath, ['--import', 'tsx', runner, JSON.stringify({ url, ...options })])).trim().split('\n');
  const result = JSON.parse(lines[lines.length - 1] as string) as RunnerResult;
  if (result.failures > 0 || result.requests === 0) {
    throw new Error(`${url}: ${result.failures} failed requests under load (first: ${result.first_failure}), ${result.requests} answered`);
  }
  if (result.connections_answered < options.connections) {
    throw new Error(`${url}: only ${result.connections_answered} of ${options.connections} connections were answered within ${options.maxRampSeconds} s`);
  }
  const closed = { p50_ms: round(result.p50_ms, 2), p99_ms: round(result.p99_ms, 2), rps: Math.round(result.rps), ramp_ms: Math.round(result.ramp_ms) };
  const rate = result.rate;
  if (!rate) return closed;
  if (rate.failures > 0) throw new Error(`${url}: ${rate.failures} failed requests at a fixed ${rate.rps} requests/s`);
  // Answered below offered means that rate overloaded it after all (a busy machine): visible beside the percentiles.
  return { ...closed, rate_rps: rate.rps, rate_answered_rps: Math.round(rate.achieved_rps), rate_p50_ms: round(rate.p50_ms, 2), rate_p99_ms: round(rate.p99_ms, 2) };
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`autocannon exited ${code}: ${err.slice(-500)}`))));
  });
}

/**
 * The HTTP floor: a bare hono app answering `GET /hello` with a small JSON body,
 * served by @hono/node-server on loopback exactly as the API server is.
 */
export async function startHelloServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.get('/hello', (c) => c.json({ hello: 'world' }));
  const server = createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hello`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
