/**
 * Data from the API for a component: `useApi(signal => api.x.list(q), [q])`
 * loads on mount and whenever `deps` change, and with `poll` re-fetches every
 * few seconds while the tab is visible (paused when hidden, at once on return).
 * An answer equal to the last keeps the same object, so nothing re-renders.
 * A poll that fails keeps the last data and reports the error.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { usePolling } from './usePolling';

export const DEFAULT_POLL_MS = 3000;

export interface ApiState<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  /** True until the first answer for the current deps. */
  readonly loading: boolean;
  /** Fetch now (after a change the user made). */
  reload(): Promise<void>;
}

export interface UseApiOptions {
  /** Re-fetch interval in ms while visible; `true` for the default (3 s); off by default. */
  readonly poll?: number | boolean;
  /** Skip fetching (e.g. a dialog that is closed). */
  readonly enabled?: boolean;
}

export function useApi<T>(fetcher: (signal: AbortSignal) => Promise<T>, deps: DependencyList, options: UseApiOptions = {}): ApiState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const lastJson = useRef<string | null>(null);
  const generation = useRef(0);
  const inFlight = useRef<AbortController | null>(null);
  const enabled = options.enabled ?? true;

  const run = useCallback(async (fresh: boolean) => {
    if (fresh) {
      inFlight.current?.abort();
      generation.current += 1;
      lastJson.current = null;
    } else if (inFlight.current) {
      return; // A poll while the last is still out: skip, do not pile up.
    }
    const mine = generation.current;
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const data = await fetcherRef.current(controller.signal);
      if (mine !== generation.current) return;
      const json = JSON.stringify(data);
      if (json === lastJson.current) {
        setState((s) => (s.error === undefined && !s.loading ? s : { ...s, error: undefined, loading: false }));
        return;
      }
      lastJson.current = json;
      setState({ data, error: undefined, loading: false });
    } catch (error) {
      if (mine !== generation.current || controller.signal.aborted) return;
      setState((s) => ({ data: s.data, error, loading: false }));
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
  }, []);

  useEffect(() => {
    if (!enabled) return;
    setState((s) => ({ data: s.data, error: undefined, loading: true }));
    void run(true);
    return () => {
      inFlight.current?.abort();
      inFlight.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps decide when to refetch
  }, [enabled, ...deps]);

  const interval = options.poll === true ? DEFAULT_POLL_MS : options.poll === false || options.poll === undefined ? null : options.poll;
  usePolling(() => void run(false), enabled ? interval : null);

  const reload = useCallback(() => run(true), [run]);
  return { ...state, reload };
}
