/** What every hook may be given by the task that uses it. */
import type { TaskLogger } from '../sdk/context.js';

export interface HookOptions {
  /** Where the hook reports what it does (a task's `ctx.log`); secrets never reach it. */
  readonly log?: TaskLogger;
  /** Cancels requests and waits when the task is cancelled (a task's `ctx.signal`). */
  readonly signal?: AbortSignal;
}
