/**
 * A from/to range of instants: two local date-time inputs (the URL keeps ISO
 * UTC, so a shared link means the same instants everywhere), with quick ranges.
 */
import { fromLocalInput, toLocalInput } from '../../../components/trigger/conf';

export interface DateRangeProps {
  /** ISO instants or ''. */
  readonly from: string;
  readonly to: string;
  readonly onChange: (range: { readonly from: string; readonly to: string }) => void;
  /** "Logical date", "When"... for the inputs' names. */
  readonly label: string;
  readonly testId?: string;
}

const QUICK: readonly [string, number][] = [
  ['24 h', 24],
  ['7 d', 24 * 7],
  ['30 d', 24 * 30],
];

export function DateRange({ from, to, onChange, label, testId }: DateRangeProps) {
  const set = (which: 'from' | 'to', text: string) => {
    const iso = text === '' ? '' : fromLocalInput(text);
    if (iso === null) return;
    onChange({ from: which === 'from' ? iso : from, to: which === 'to' ? iso : to });
  };
  return (
    <span className="date-range" data-testid={testId}>
      <input type="datetime-local" aria-label={`${label} from`} value={from ? toLocalInput(from) : ''} onChange={(e) => set('from', e.target.value)} data-testid={testId ? `${testId}-from` : undefined} />
      <span className="faint" aria-hidden="true">
        →
      </span>
      <input type="datetime-local" aria-label={`${label} to`} value={to ? toLocalInput(to) : ''} onChange={(e) => set('to', e.target.value)} data-testid={testId ? `${testId}-to` : undefined} />
      <span className="date-quick" role="group" aria-label={`${label}: quick ranges`}>
        {QUICK.map(([name, hours]) => (
          <button key={name} type="button" className="chip" onClick={() => onChange({ from: new Date(Date.now() - hours * 3_600_000).toISOString(), to: '' })} title={`${label} in the last ${name}`}>
            {name}
          </button>
        ))}
      </span>
    </span>
  );
}
