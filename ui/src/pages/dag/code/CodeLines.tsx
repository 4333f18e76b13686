/**
 * Source code with line numbers and TypeScript colours. Tokens render as text
 * nodes (never HTML), line numbers are not part of a selection, and a line
 * number is a button that marks the line (and scrolls to it on a deep link).
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import { tokenizeLines } from './highlight';

export const CodeLines = memo(function CodeLines({ source, selected, onSelect }: { source: string; selected: number | null; onSelect: (line: number) => void }) {
  const lines = useMemo(() => {
    const all = tokenizeLines(source);
    // A final newline does not make an extra, empty line.
    if (all.length > 1 && source.endsWith('\n')) all.pop();
    return all;
  }, [source]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected === null) return;
    box.current?.querySelector(`[data-line="${selected}"]`)?.scrollIntoView({ block: 'center' });
    // Only when the target changes, not on every poll.
  }, [selected]);
  const digits = String(lines.length).length;
  return (
    <div className="code-view" ref={box} role="region" aria-label="Source code" data-testid="code-view" data-lines={lines.length}>
      <pre className="code-pre">
        {lines.map((tokens, i) => {
          const n = i + 1;
          return (
            <div key={n} className={`code-line${selected === n ? ' is-selected' : ''}`} data-line={n}>
              <button type="button" className="code-ln" style={{ width: `${digits + 2}ch` }} onClick={() => onSelect(n)} aria-label={`Line ${n}`} tabIndex={-1}>
                {n}
              </button>
              <code className="code-text">
                {tokens.length === 0
                  ? '\n'
                  : tokens.map((t, k) =>
                      t.kind === 'plain' ? (
                        t.text
                      ) : (
                        <span key={k} className={`tok-${t.kind}`}>
                          {t.text}
                        </span>
                      ),
                    )}
              </code>
            </div>
          );
        })}
      </pre>
    </div>
  );
});
