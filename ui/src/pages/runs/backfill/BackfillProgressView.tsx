/** One backfill in the dialog: its range and settings, its runs by state as a live progress bar, and its actions. */
import type { Backfill } from '@updraft/client';
import { Icon } from '../../../components/Icon';
import { formatDateTime, RelativeTime } from '../../../components/Time';
import { Link } from '../../../router/Link';
import { paths } from '../../../router/paths';
import { BackfillActions } from './BackfillActions';
import { BackfillProgressBar } from './BackfillProgressBar';
import { reprocessLabel } from './reprocess';
import { useBackfillProgress } from './useBackfillProgress';

export function backfillStatus(b: Backfill): 'completed' | 'paused' | 'running' {
  return b.completed_at ? 'completed' : b.is_paused ? 'paused' : 'running';
}

export function BackfillProgressView({ backfill, onChanged, onClose }: { readonly backfill: Backfill; readonly onChanged: () => void; readonly onClose: () => void }) {
  const status = backfillStatus(backfill);
  const progress = useBackfillProgress(backfill, true);
  const runsLink = `${paths.runs()}?dag_id=${encodeURIComponent(backfill.dag_id)}&run_type=backfill&from=${encodeURIComponent(backfill.from_date)}&to=${encodeURIComponent(backfill.to_date)}`;
  return (
    <div className="bf-view" data-testid="backfill-view">
      <dl className="bf-facts">
        <dt>DAG</dt>
        <dd>
          <Link to={paths.dag(backfill.dag_id)}>{backfill.dag_id}</Link>
        </dd>
        <dt>Logical dates</dt>
        <dd>
          {formatDateTime(new Date(backfill.from_date))} → {formatDateTime(new Date(backfill.to_date))}
        </dd>
        <dt>Existing runs</dt>
        <dd>{reprocessLabel(backfill.reprocess_behavior)}</dd>
        <dt>Max active runs</dt>
        <dd className="num">{backfill.max_active_runs}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`bf-status bf-status-${status}`} data-testid="backfill-status">
            {status === 'completed' ? 'Completed' : status === 'paused' ? 'Paused' : 'Running'}
          </span>{' '}
          <span className="faint">
            created <RelativeTime value={backfill.created_at} />
            {backfill.completed_at && (
              <>
                , completed <RelativeTime value={backfill.completed_at} />
              </>
            )}
          </span>
        </dd>
      </dl>
      {progress.data ? <BackfillProgressBar progress={progress.data} /> : <p className="muted">Counting its runs…</p>}
      {status === 'paused' && <p className="callout callout-warning">Paused: no new run of this backfill starts until you resume it; running ones finish.</p>}
      <footer className="dialog-footer sticky-footer">
        <span className="footer-status">
          <Link to={runsLink} onClick={onClose}>
            <Icon name="filter" size={13} /> Show its runs
          </Link>
        </span>
        <BackfillActions backfill={backfill} onChanged={onChanged} size="md" />
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </footer>
    </div>
  );
}
