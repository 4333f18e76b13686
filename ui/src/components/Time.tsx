/**
 * Times as people read them: `RelativeTime` ("3 min ago", "in 2 h", the exact
 * time in its tooltip, refreshed every 30 s) and `Duration` ("1h 02m", "4.2s").
 */
import { useEffect, useState } from 'react';

const clocks = new Map<number, { timer: number; listeners: Set<(now: number) => void> }>();

/** The current time, re-rendered every `intervalMs` (one shared timer per interval for every component). */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let clock = clocks.get(intervalMs);
    if (!clock) {
      const listeners = new Set<(now: number) => void>();
      clock = { listeners, timer: window.setInterval(() => listeners.forEach((l) => l(Date.now())), intervalMs) };
      clocks.set(intervalMs, clock);
    }
    clock.listeners.add(setNow);
    setNow(Date.now());
    return () => {
      const c = clocks.get(intervalMs);
      if (!c) return;
      c.listeners.delete(setNow);
      if (c.listeners.size === 0) {
        window.clearInterval(c.timer);
        clocks.delete(intervalMs);
      }
    };
  }, [intervalMs]);
  return now;
}

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400_000 * 365, 'y'],
  [86_400_000 * 30, 'mo'],
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

export function formatRelative(date: Date, now: number): string {
  const diff = date.getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 10_000) return diff <= 0 ? 'just now' : 'in a moment';
  for (const [size, unit] of UNITS) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      return diff < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
    }
  }
  return 'just now';
}

const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

export function formatShortDateTime(date: Date): string {
  return shortDateTime.format(date);
}

export interface RelativeTimeProps {
  readonly value: string | Date | null | undefined;
  /** Shown when there is no value. */
  readonly empty?: string;
  readonly className?: string;
}

export function RelativeTime({ value, empty = '—', className }: RelativeTimeProps) {
  const now = useNow();
  if (value === null || value === undefined) return <span className={`muted ${className ?? ''}`}>{empty}</span>;
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return <span className={className}>{String(value)}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)} className={className}>
      {formatRelative(date, now)}
    </time>
  );
}

/** Seconds as "850ms", "4.2s", "3m 05s", "1h 02m", "2d 4h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
  const s = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

export interface DurationProps {
  /** Seconds; or give `start` (and `end`, default now: a running duration that ticks). */
  readonly seconds?: number | null;
  readonly start?: string | null;
  readonly end?: string | null;
  readonly className?: string;
}

export function Duration({ seconds, start, end, className }: DurationProps) {
  // Still running: tick every second.
  const now = useNow(seconds == null && start && !end ? 1000 : 30_000);
  let value = seconds ?? null;
  if (value === null && start) value = ((end ? new Date(end).getTime() : now) - new Date(start).getTime()) / 1000;
  if (value === null) return <span className={`muted ${className ?? ''}`}>—</span>;
  return (
    <span className={`num ${className ?? ''}`} title={`${value.toFixed(3)} s`}>
      {formatDuration(value)}
    </span>
  );
}
