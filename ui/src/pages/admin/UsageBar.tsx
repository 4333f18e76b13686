/**
 * A pool's (or the executor's) slots as one bar: running, queued, deferred,
 * scheduled and open, each in its state's colour, widths by count (as Airflow's
 * pool bar draws them), each segment naming itself; `SlotLegend` explains them.
 */
import { stateLabel } from '../../components/states';

export interface SlotCounts {
  readonly running: number;
  readonly queued: number;
  readonly deferred?: number;
  readonly scheduled?: number;
  /** -1: unlimited (no open segment). */
  readonly open: number;
}

const SEGMENTS = ['running', 'queued', 'deferred', 'scheduled', 'open'] as const;
type Segment = (typeof SEGMENTS)[number];

export const SEGMENT_HELP: Readonly<Record<Segment, string>> = {
  running: 'task instances running in the pool',
  queued: 'handed to the executor, about to start',
  deferred: 'waiting on a trigger (they hold slots only if the pool counts deferred)',
  scheduled: 'ready to run, waiting for a free slot',
  open: 'slots free now',
};

const labelOf = (s: Segment) => (s === 'open' ? 'Open' : stateLabel(s));

export function UsageBar({ counts, label, testId }: { readonly counts: SlotCounts; readonly label: string; readonly testId?: string }) {
  const value = (s: Segment): number => {
    const v = s === 'open' ? counts.open : (counts[s] ?? 0);
    return Math.max(0, v);
  };
  const total = SEGMENTS.reduce((n, s) => n + value(s), 0);
  const summary = SEGMENTS.filter((s) => value(s) > 0)
    .map((s) => `${value(s)} ${labelOf(s).toLowerCase()}`)
    .join(', ');
  return (
    <div className="usage-bar" role="img" aria-label={`${label}: ${summary || 'empty'}`} data-testid={testId}>
      {total === 0 ? (
        <span className="usage-empty" />
      ) : (
        SEGMENTS.filter((s) => value(s) > 0).map((s) => (
          <span key={s} className={`usage-seg usage-${s}`} style={{ flexGrow: value(s) }} title={`${value(s)} ${labelOf(s).toLowerCase()}: ${SEGMENT_HELP[s]}`} data-segment={s} data-count={value(s)} />
        ))
      )}
    </div>
  );
}

/** The numbers beside a bar: "2 running · 1 queued · 3 open". */
export function SlotNumbers({ counts }: { readonly counts: SlotCounts }) {
  return (
    <span className="slot-numbers">
      {SEGMENTS.map((s) => {
        const v = s === 'open' ? counts.open : (counts[s] ?? 0);
        if (s !== 'open' && s !== 'running' && v === 0) return null;
        return (
          <span key={s} className={`slot-number usage-${s}`} data-segment={s}>
            <span className="slot-swatch" aria-hidden="true" />
            <span className="num">{v === -1 ? '∞' : v}</span> {labelOf(s).toLowerCase()}
          </span>
        );
      })}
    </span>
  );
}

export function SlotLegend() {
  return (
    <ul className="slot-legend" aria-label="Legend">
      {SEGMENTS.map((s) => (
        <li key={s} className={`usage-${s}`} title={SEGMENT_HELP[s]}>
          <span className="slot-swatch" aria-hidden="true" />
          <strong>{labelOf(s)}</strong> <span className="muted">{SEGMENT_HELP[s]}</span>
        </li>
      ))}
    </ul>
  );
}
