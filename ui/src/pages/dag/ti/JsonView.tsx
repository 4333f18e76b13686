/**
 * A JSON value pretty-printed (two-space indent) with keys, strings, numbers
 * and literals coloured, and a copy button. Text only: the value is never
 * interpreted as HTML.
 */
import { useMemo, type ReactNode } from 'react';
import { Icon } from '../../../components/Icon';
import { useToast } from '../../../components/Toast';

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const [whole, str, colon, literal, num] = m;
    if (str !== undefined) {
      out.push(
        <span key={i++} className={colon ? 'json-key' : 'json-string'}>
          {str}
        </span>,
      );
      if (colon) out.push(colon);
    } else if (literal !== undefined) out.push(<span key={i++} className="json-literal">{literal}</span>);
    else if (num !== undefined) out.push(<span key={i++} className="json-number">{num}</span>);
    else out.push(whole);
    last = at + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function JsonView({ value, testId }: { readonly value: unknown; readonly testId?: string }) {
  const toast = useToast();
  const text = useMemo(() => (typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? String(value)), [value]);
  const parts = useMemo(() => (text.length > 200_000 ? [text] : highlight(text)), [text]);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => toast.success('Copied'),
      () => toast.error('Could not copy', 'The browser refused access to the clipboard: select the text and copy it instead.'),
    );
  };
  return (
    <div className="json-view" data-testid={testId}>
      <button type="button" className="btn btn-icon btn-sm btn-ghost json-copy" onClick={copy} aria-label="Copy" title="Copy">
        <Icon name="copy" size={13} />
      </button>
      <pre>{parts}</pre>
    </div>
  );
}
