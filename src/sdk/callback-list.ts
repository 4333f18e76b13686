/**
 * Several callbacks for one event, as Airflow accepts lists of callables and
 * notifiers: `onFailure: [emailNotifier(...), slackNotifier(...)]`. They run
 * in order; one that throws is logged and the next still runs.
 */
import type { Callback } from './context.js';

/** One callback, or several run in order. */
export type Callbacks = Callback | readonly Callback[];

/** The callbacks as a list; throws saying what `field` should be when an item is not a function. */
export function callbackList(value: Callbacks | undefined | null, field: string): readonly Callback[] {
  if (value === undefined || value === null) return [];
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  list.forEach((item, index) => {
    if (typeof item !== 'function') {
      const where = Array.isArray(value) ? `${field}[${index}]` : field;
      throw new Error(`${where} must be a function (a callback or a notifier such as emailNotifier(...)), got ${item === null ? 'null' : typeof item}`);
    }
  });
  return list as readonly Callback[];
}

/** One callback that runs all of `list` in order (null for none); a failure is logged and the others still run. */
export function composeCallbacks(list: readonly Callback[]): Callback | null {
  if (list.length === 0) return null;
  if (list.length === 1) return list[0] as Callback;
  const names = callbackNames(list);
  return async (ctx) => {
    for (const [index, callback] of list.entries()) {
      try {
        await callback(ctx);
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        ctx.log.error(`callback ${index + 1} of ${list.length} (${names[index]}) failed, the others still run: ${err.message}`, err);
      }
    }
  };
}

/** Names for records and logs: a function's own name ('emailNotifier' for notifiers), else 'callback'. */
export function callbackNames(list: readonly Callback[]): string[] {
  return list.map((callback) => callback.name || 'callback');
}

/** Gives a notifier's callback a name people recognise in logs and deadline records. */
export function namedCallback(name: string, callback: Callback): Callback {
  Object.defineProperty(callback, 'name', { value: name, configurable: true });
  return callback;
}
