/**
 * Calls `tick` every `intervalMs` while the tab is visible; pauses while it is
 * hidden and ticks at once when it shows again. `null` turns it off.
 */
import { useEffect, useRef } from 'react';

export function usePolling(tick: () => void, intervalMs: number | null): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (intervalMs === null) return;
    let timer: number | null = null;
    const start = () => {
      if (timer === null) timer = window.setInterval(() => tickRef.current(), intervalMs);
    };
    const stop = () => {
      if (timer !== null) window.clearInterval(timer);
      timer = null;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        tickRef.current();
        start();
      } else stop();
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs]);
}
