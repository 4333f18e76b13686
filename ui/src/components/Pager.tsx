/** "1–25 of 140" with previous/next: paging for DataTable or any list. */
import { Icon } from './Icon';

export interface PagerProps {
  readonly offset: number;
  readonly limit: number;
  readonly total: number;
  onChange(offset: number): void;
}

export function Pager({ offset, limit, total, onChange }: PagerProps) {
  if (total <= limit && offset === 0) return null;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted">
        {first}–{last} of {total}
      </span>
      <button type="button" className="btn btn-sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))} aria-label="Previous page">
        <Icon name="chevron-left" size={14} />
      </button>
      <span className="pager-page">
        Page {page} of {pages}
      </span>
      <button type="button" className="btn btn-sm" disabled={last >= total} onClick={() => onChange(offset + limit)} aria-label="Next page">
        <Icon name="chevron-right" size={14} />
      </button>
    </nav>
  );
}
