/** An audit entry's `extra`: one line (its keys and values) that opens into pretty-printed JSON. */
import { useMemo, useState } from 'react';
import { Icon } from '../../components/Icon';

function parse(extra: string): unknown {
  try {
    return JSON.parse(extra);
  } catch {
    return undefined;
  }
}

function preview(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · ');
  }
  return JSON.stringify(value);
}

export function ExtraCell({ extra }: { readonly extra: string | null }) {
  const [open, setOpen] = useState(false);
  const parsed = useMemo(() => (extra ? parse(extra) : undefined), [extra]);
  if (!extra) return <span className="faint">—</span>;
  if (parsed === undefined) return <span className="audit-extra-text">{extra}</span>;
  const pretty = JSON.stringify(parsed, null, 2);
  const short = preview(parsed);
  const worthOpening = pretty.includes('\n') || short.length > 60;
  return (
    <div className="audit-extra">
      {worthOpening ? (
        <button type="button" className="audit-extra-toggle" aria-expanded={open} onClick={() => setOpen(!open)} title={open ? 'Collapse' : 'Show it all'}>
          <Icon name={open ? 'chevron-down' : 'chevron-right'} size={12} />
          {!open && <span className="audit-extra-short mono">{short}</span>}
          {open && <span className="faint">extra</span>}
        </button>
      ) : (
        <span className="audit-extra-short mono">{short}</span>
      )}
      {open && <pre className="audit-extra-pretty" data-testid="audit-extra-pretty">{pretty}</pre>}
    </div>
  );
}
