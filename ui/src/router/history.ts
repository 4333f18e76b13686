/**
 * The location as React state, over the browser's History API: one tiny store
 * (no library). `navigate` pushes (or replaces) and notifies subscribers; the
 * back button (`popstate`) does too.
 */
import { useSyncExternalStore } from 'react';

export interface Location {
  readonly pathname: string;
  /** With the leading `?`, or ''. */
  readonly search: string;
}

const listeners = new Set<() => void>();
let current: Location = read();

function read(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

function emit(): void {
  const next = read();
  if (next.pathname === current.pathname && next.search === current.search) return;
  current = next;
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', emit);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getLocation(): Location {
  return current;
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, getLocation);
}

export interface NavigateOptions {
  /** Replace the history entry (filters typed in a box), instead of pushing one. */
  readonly replace?: boolean;
}

/** Goes to `to` (a path with an optional query), within the app. */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const here = window.location.pathname + window.location.search;
  if (to === here) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  emit();
  if (!options.replace) window.scrollTo(0, 0);
}
