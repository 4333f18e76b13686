/**
 * Light and dark themes: the choice (`system` by default: follow the OS) is
 * remembered in localStorage and applied as `data-theme` on <html>, which the
 * CSS variables in styles/tokens.css key on.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'updraft.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();

function stored(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

let choice: ThemeChoice = stored();

export function effectiveTheme(c: ThemeChoice = choice): Theme {
  return c === 'system' ? (media.matches ? 'dark' : 'light') : c;
}

export function applyTheme(): void {
  document.documentElement.dataset.theme = effectiveTheme();
  for (const listener of listeners) listener();
}

export function setThemeChoice(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, next);
  } catch {
    // Not remembered; still applied.
  }
  applyTheme();
}

media.addEventListener('change', () => {
  if (choice === 'system') applyTheme();
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTheme(): { readonly choice: ThemeChoice; readonly theme: Theme } {
  const current = useSyncExternalStore(subscribe, () => choice);
  return { choice: current, theme: effectiveTheme(current) };
}
