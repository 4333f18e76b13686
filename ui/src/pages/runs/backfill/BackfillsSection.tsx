/** The backfills of the DAG the runs page is filtered by: range, behaviour, status, progress and actions; live. */
import type { Backfill } from '@updraft/client';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { formatShortDateTime, RelativeTime } from '../../../components/Time';
import { BackfillActions } from './BackfillActions';
import { BackfillProgressBar } from './BackfillProgressBar';
import { backfillStatus } from './BackfillProgressView';
import { reprocessLabel } from './reprocess';
import { useBackfillProgress } from './useBackfillProgress';

function BackfillRow({ backfill, onOpen, onChanged }: { readonly backfill: Backfill; readonly onOpen: () => void; readonly onChanged: () => void }) {
  const status = backfillStatus(backfill);
  const progress = useBackfillProgress(backfill, status !== 'completed');
  return (
    <li className="bf-row" data-testid={`backfill-row-${backfill.id}`}>
      <button type="button" className="bf-open" onClick={onOpen} title="Open its progress">
        <span className="bf-id">#{backfill.id}</span>
        <span>
          {formatShortDateTime(new Date(backfill.from_date))} → {formatShortDateTime(new Date(backfill.to_date))}
        </span>
      </button>
      <span className="faint">{reprocessLabel(backfill.reprocess_behavior)}</span>
      <span className={`bf-status bf-status-${status}`}>{status === 'completed' ? 'Completed' : status === 'paused' ? 'Paused' : 'Running'}</span>
      <span className="bf-row-progress">{progress.data ? <BackfillProgressBar progress={progress.data} compact /> : null}</span>
      <span className="faint">
        <RelativeTime value={backfill.created_at} />
      </span>
      <BackfillActions backfill={backfill} onChanged={onChanged} />
    </li>
  );
}

export function BackfillsSection({ dagId, onOpen }: { readonly dagId: string; readonly onOpen: (id: number) => void }) {
  const { data, error, reload } = useApi(() => api.backfills.list(dagId, { order_by: '-id', limit: 10 }), [dagId], { poll: 5000 });
  if (error !== undefined && !data) return <ErrorBanner error={error} what={`the backfills of ${dagId}`} onRetry={() => void reload()} />;
  if (!data || data.total_entries === 0) return null;
  return (
    <section className="bf-section" aria-label={`Backfills of ${dagId}`} data-testid="backfills-section">
      <h2>
        Backfills of <span className="mono">{dagId}</span> <span className="count">{data.total_entries}</span>
      </h2>
      <ul className="bf-list">
        {data.backfills.map((b) => (
          <BackfillRow key={b.id} backfill={b} onOpen={() => onOpen(b.id)} onChanged={() => void reload()} />
        ))}
      </ul>
      {data.total_entries > data.backfills.length && <p className="faint">The {data.backfills.length} latest of {data.total_entries}.</p>}
    </section>
  );
}
