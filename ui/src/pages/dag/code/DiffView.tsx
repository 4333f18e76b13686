/** The changes between two versions of the DAG file: removed lines red, added green, unchanged ones as context. */
import { memo, useMemo } from 'react';
import { diffLines, withContext } from './diff';

export const DiffView = memo(function DiffView({ oldText, newText, oldLabel, newLabel }: { oldText: string; newText: string; oldLabel: string; newLabel: string }) {
  const lines = useMemo(() => diffLines(oldText, newText), [oldText, newText]);
  if (lines === null) return <p className="callout callout-warning">These versions are too large to compare here; copy both and compare them with your editor.</p>;
  const added = lines.filter((l) => l.kind === 'added').length;
  const removed = lines.filter((l) => l.kind === 'removed').length;
  if (added === 0 && removed === 0) return <p className="muted">The file's text is the same in {oldLabel} and {newLabel} (the DAG changed through something it imports, or its parsed settings).</p>;
  const shown = withContext(lines, 3);
  return (
    <div className="code-view diff-view" role="region" aria-label={`Changes from ${oldLabel} to ${newLabel}`} data-testid="diff-view">
      <div className="diff-summary">
        {oldLabel} → {newLabel}: <span className="diff-added-count">+{added}</span> <span className="diff-removed-count">−{removed}</span> lines
      </div>
      <pre className="code-pre">
        {shown.map((l, k) =>
          l.kind === 'gap' ? (
            <div key={`gap${k}`} className="diff-gap">
              ⋯ {l.count} unchanged line{l.count === 1 ? '' : 's'}
            </div>
          ) : (
            <div key={k} className={`code-line diff-${l.kind}`} data-diff={l.kind}>
              <span className="code-ln diff-ln">{l.oldLine ?? ''}</span>
              <span className="code-ln diff-ln">{l.newLine ?? ''}</span>
              <span className="diff-sign" aria-hidden="true">
                {l.kind === 'added' ? '+' : l.kind === 'removed' ? '−' : ' '}
              </span>
              <code className="code-text">{l.text || '\n'}</code>
            </div>
          ),
        )}
      </pre>
    </div>
  );
});
