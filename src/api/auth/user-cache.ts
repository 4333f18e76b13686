/**
 * The users that authenticated requests name, remembered for a short time so a
 * busy client does not cost two store queries per request (the user and their
 * roles: ~0.1 ms of a 1 ms page). The bound on staleness is `ttlMs` (default
 * 2 s): a user removed, disabled or given other roles by another process (the
 * CLI, another API worker) loses or changes access within that time; changes
 * made through this server's own user routes call `forget` and apply at once.
 * Concurrent lookups of one user share one store read.
 */
import type { Store } from '../../store/store.js';
import type { User } from '../../store/types.js';

export const USER_CACHE_TTL_MS = 2000;

interface Entry {
  readonly user: Promise<User | null>;
  readonly expiresAt: number;
}

export class UserCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = USER_CACHE_TTL_MS,
    private readonly maxEntries = 1000,
  ) {}

  get(username: string): Promise<User | null> {
    // The real clock, not the API's injectable one: this bounds staleness in real time.
    const nowMs = performance.now();
    const hit = this.entries.get(username);
    if (hit && hit.expiresAt > nowMs) return hit.user;
    const user = this.store.users.get(username);
    // A failed read is not remembered: the next request asks the store again.
    user.catch(() => this.entries.get(username)?.user === user && this.entries.delete(username));
    this.entries.delete(username);
    this.entries.set(username, { user, expiresAt: nowMs + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return user;
  }

  /** After a change to users made here: the next request reads the store. */
  forget(): void {
    this.entries.clear();
  }
}
