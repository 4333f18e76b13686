/**
 * The page's search box, kept in the URL (`?search=`) a moment after typing
 * stops; `/` focuses it, Escape clears it.
 */
import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../components/Icon';
import { useHotkey } from '../../hooks/useHotkey';
import type { QueryState } from '../../router/query';

export interface SearchBoxProps {
  readonly query: QueryState;
  readonly placeholder: string;
  /** Accessible name, e.g. "Search variables by key". */
  readonly label: string;
  readonly param?: string;
  readonly testId?: string;
}

export function SearchBox({ query, placeholder, label, param = 'search', testId }: SearchBoxProps) {
  const current = query.get(param) ?? '';
  const [text, setText] = useState(current);
  const input = useRef<HTMLInputElement>(null);
  useHotkey('/', () => input.current?.focus());
  useEffect(() => setText(current), [current]);
  useEffect(() => {
    if (text === current) return;
    const timer = window.setTimeout(() => query.set({ [param]: text, offset: null }), 250);
    return () => window.clearTimeout(timer);
  }, [text, current, query, param]);
  return (
    <label className="search">
      <Icon name="search" />
      <span className="visually-hidden">{label}</span>
      <input
        ref={input}
        type="search"
        placeholder={placeholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setText('');
        }}
        data-testid={testId}
      />
      {!text && <kbd aria-hidden="true">/</kbd>}
    </label>
  );
}
