/** A backfill's runs as one bar, a segment per state (success, failed, running, queued), with the counts in words. */
import { stateColor, stateLabel } from '../../../components/states';
import type { BackfillProgress } from './useBackfillProgress';

const ORDER = ['success', 'failed', 'running', 'queued'] as const;

export function BackfillProgressBar({ progress, compact = false }: { readonly progress: BackfillProgress; readonly compact?: boolean }) {
  const { total, done, byState } = progress;
  const words = ORDER.filter((s) => (byState[s] ?? 0) > 0).map((s) => `${byState[s]} ${stateLabel(s).toLowerCase()}`);
  return (
    <div className={`bf-progress${compact ? ' bf-progress-compact' : ''}`} data-testid="backfill-progress">
      <div
        className="bf-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={`${done} of ${total} runs done`}
      >
        {ORDER.map((s) => {
          const n = byState[s] ?? 0;
          return n > 0 ? <span key={s} className="bf-seg" style={{ width: `${(100 * n) / total}%`, background: stateColor(s) }} title={`${n} ${stateLabel(s).toLowerCase()}`} data-state={s} /> : null;
        })}
      </div>
      <span className="bf-count">
        <strong className="num" data-testid="backfill-done">
          {done}/{total}
        </strong>{' '}
        done{!compact && words.length > 0 ? ` · ${words.join(', ')}` : ''}
      </span>
    </div>
  );
}
