/**
 * Failed logins per username and client address, in a sliding window: after
 * `maxFailures` within `windowMs`, further attempts are refused (429) until the
 * oldest failure leaves the window. A success clears the key's failures.
 *
 *   open --failure x max--> blocked --window passes--> open
 *     ^---------- success ----------------------------'
 */
/**
 * What the token route asks: a LoginLimiter in this process, or, with several API
 * workers, the one in their primary process (cluster-login-limits.ts).
 */
export interface LoginLimits {
  retryAfterMs(key: string, nowMs: number): number | Promise<number>;
  recordFailure(key: string, nowMs: number): void | Promise<void>;
  recordSuccess(key: string): void | Promise<void>;
}

export interface LoginLimiterOptions {
  readonly maxFailures?: number;
  readonly windowMs?: number;
  /** Keys kept at most (old ones are pruned first), so a flood of names cannot grow memory. */
  readonly maxKeys?: number;
}

export class LoginLimiter implements LoginLimits {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(options: LoginLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfterMs(key: string, nowMs: number): number {
    const recent = this.recent(key, nowMs);
    if (recent.length < this.maxFailures) return 0;
    return (recent[recent.length - this.maxFailures] as number) + this.windowMs - nowMs;
  }

  recordFailure(key: string, nowMs: number): void {
    const recent = this.recent(key, nowMs);
    recent.push(nowMs);
    this.failures.delete(key);
    this.failures.set(key, recent.slice(-this.maxFailures));
    while (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, nowMs: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
  }
}
