/**
 * A new backfill: DAG, first and last logical date, what to do with dates that
 * already have a run, how many runs at once, backwards or not, and a conf;
 * the logical dates it will run are previewed (the API's dry run) as you go.
 */
import type { Backfill, BackfillBody, DryRunBackfillCollection } from '@updraft/client';
import { UpdraftApiError } from '@updraft/client';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import { describeError } from '../../../api/errors';
import { useApi } from '../../../api/useApi';
import { Icon } from '../../../components/Icon';
import { Spinner } from '../../../components/Loading';
import { formatDateTime } from '../../../components/Time';
import { useToast } from '../../../components/Toast';
import { fromLocalInput } from '../../../components/trigger/conf';
import { usePermissions } from '../../../session/SessionProvider';
import { DagPicker } from '../widgets/DagPicker';
import { REPROCESS, type Reprocess } from './reprocess';

export interface BackfillFormProps {
  readonly initialDagId: string;
  readonly onCancel: () => void;
  readonly onCreated: (backfill: Backfill) => void;
}

/** The server's reason without the "POST /api/v2/... failed with 422" and "body:" wrapping. */
export function serverReason(error: unknown): string {
  if (error instanceof UpdraftApiError) {
    if (Array.isArray(error.detail)) return (error.detail as { msg?: string }[]).map((d) => d.msg ?? JSON.stringify(d)).join('; ');
    if (typeof error.detail === 'string') return error.detail;
  }
  const { title, detail } = describeError(error);
  return `${title}: ${detail}`;
}

function useDebounced<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setShown(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

const PREVIEW_LIMIT = 60;

export function BackfillForm({ initialDagId, onCancel, onCreated }: BackfillFormProps) {
  const toast = useToast();
  const { can, reason } = usePermissions();
  const [dagId, setDagId] = useState(initialDagId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reprocess, setReprocess] = useState<Reprocess>('none');
  const [maxActive, setMaxActive] = useState('10');
  const [backwards, setBackwards] = useState(false);
  const [confText, setConfText] = useState('');
  const [pending, setPending] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  const fromIso = from ? fromLocalInput(from) : null;
  const toIso = to ? fromLocalInput(to) : null;
  const maxActiveRuns = Number(maxActive);
  const conf = useMemo((): { ok: true; value: Record<string, unknown> | undefined } | { ok: false; message: string } => {
    if (confText.trim() === '') return { ok: true, value: undefined };
    try {
      const v: unknown = JSON.parse(confText);
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? { ok: true, value: v as Record<string, unknown> } : { ok: false, message: 'The conf must be a JSON object: {"name": value}' };
    } catch (e) {
      return { ok: false, message: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  }, [confText]);

  const problems: Record<string, string> = {};
  if (!dagId) problems.dag = 'Pick a DAG';
  if (!from) problems.from = 'Enter the first logical date';
  else if (!fromIso) problems.from = 'Not a date';
  if (!to) problems.to = 'Enter the last logical date';
  else if (!toIso) problems.to = 'Not a date';
  if (fromIso && toIso && fromIso > toIso) problems.to = 'Must be on or after the first date';
  if (!Number.isInteger(maxActiveRuns) || maxActiveRuns < 1) problems.maxActive = 'A whole number, at least 1';
  if (!conf.ok) problems.conf = conf.message;
  const valid = Object.keys(problems).length === 0;

  const body: BackfillBody | null =
    valid && fromIso && toIso && conf.ok
      ? { dag_id: dagId, from_date: fromIso, to_date: toIso, reprocess_behavior: reprocess, max_active_runs: maxActiveRuns, run_backwards: backwards, ...(conf.value ? { dag_run_conf: conf.value } : {}) }
      : null;
  const bodyJson = useDebounced(body ? JSON.stringify(body) : '', 300);
  const dry = useApi(() => api.backfills.dryRun(JSON.parse(bodyJson) as BackfillBody) as Promise<DryRunBackfillCollection>, [bodyJson], { enabled: bodyJson !== '' });
  const previewFresh = body !== null && bodyJson === JSON.stringify(body) && !dry.loading;
  const dates = previewFresh && dry.error === undefined ? dry.data?.backfills : undefined;

  const canCreate = can('create', 'backfills');
  const submitBlocked = !canCreate || !body || pending || !dates || dates.length === 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (submitBlocked || !body) return;
    setPending(true);
    setCreateError(null);
    try {
      const created = await api.backfills.create(body);
      toast.success(`Backfill ${created.id} of ${created.dag_id} created`, `${dates?.length ?? 0} run${dates?.length === 1 ? '' : 's'} queued; the scheduler starts them, ${created.max_active_runs} at a time.`);
      onCreated(created);
    } catch (error) {
      setCreateError(serverReason(error));
      setPending(false);
    }
  };

  const fieldError = (key: string, shown: boolean) =>
    shown && problems[key] ? (
      <span className="param-error" role="alert">
        {problems[key]}
      </span>
    ) : null;

  return (
    <form className="backfill-form" onSubmit={(e) => void submit(e)} noValidate data-testid="backfill-form">
      {!canCreate && (
        <div className="callout callout-warning banner" role="note">
          <Icon name="lock" />
          <div className="banner-body">{reason('create', 'backfills')}</div>
        </div>
      )}
      <div className="backfill-grid">
        <div className="field">
          <span>DAG</span>
          <DagPicker value={dagId} onChange={setDagId} placeholder="Pick a DAG" testId="backfill-dag" />
          {fieldError('dag', false)}
        </div>
        <div className="field">
          <span>Max active runs</span>
          <input type="text" inputMode="numeric" value={maxActive} onChange={(e) => setMaxActive(e.target.value)} aria-label="Max active runs" data-testid="backfill-max-active" aria-invalid={problems.maxActive ? true : undefined} />
          {fieldError('maxActive', true)}
        </div>
        <label className="field">
          <span>
            From (first logical date) <span className="faint">your time</span>
          </span>
          <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} data-testid="backfill-from" />
          {fieldError('from', from !== '')}
        </label>
        <label className="field">
          <span>
            To (last logical date, included) <span className="faint">your time</span>
          </span>
          <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} data-testid="backfill-to" />
          {fieldError('to', to !== '')}
        </label>
      </div>

      <fieldset className="reprocess">
        <legend>Dates that already have a run</legend>
        {REPROCESS.map((r) => (
          <label key={r.value} className={`reprocess-option${reprocess === r.value ? ' reprocess-selected' : ''}`}>
            <input type="radio" name="reprocess" value={r.value} checked={reprocess === r.value} onChange={() => setReprocess(r.value)} data-testid={`backfill-reprocess-${r.value}`} />
            <span>
              <strong>{r.label}</strong> <code className="faint">{r.value}</code>
              <span className="reprocess-words">{r.words}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="backfill-options">
        <label className="check-row">
          <input type="checkbox" checked={backwards} onChange={(e) => setBackwards(e.target.checked)} data-testid="backfill-backwards" />
          Run backwards: the newest date first (not for DAGs whose tasks depend on past runs)
        </label>
        <details>
          <summary>Conf for every run (JSON, optional)</summary>
          <textarea rows={3} className="conf-textarea" value={confText} onChange={(e) => setConfText(e.target.value)} placeholder='{"param": "value"}' spellCheck={false} aria-label="Conf (JSON)" />
          {fieldError('conf', true)}
        </details>
      </div>

      <section className="backfill-preview" aria-live="polite" data-testid="backfill-preview">
        <h3>Preview</h3>
        {!body ? (
          <p className="muted">Pick a DAG and a date range to see the logical dates it will run.</p>
        ) : !previewFresh ? (
          <p className="muted">
            <Spinner label="Working out the dates" /> Working out the dates…
          </p>
        ) : dry.error !== undefined ? (
          <p className="param-error" role="alert" data-testid="backfill-preview-error">
            {serverReason(dry.error)}
          </p>
        ) : dates && dates.length === 0 ? (
          <p className="muted" data-testid="backfill-preview-empty">
            Nothing to run: the schedule has no date in this range, or every date already has a run ({REPROCESS.find((r) => r.value === reprocess)?.label.toLowerCase()} is chosen).
          </p>
        ) : dates ? (
          <>
            <p>
              <strong data-testid="backfill-preview-count">
                {dates.length} run{dates.length === 1 ? '' : 's'}
              </strong>{' '}
              will be created or re-run{backwards ? ', newest first' : ''}, for these logical dates:
            </p>
            <ol className="preview-dates" data-testid="backfill-preview-dates">
              {dates.slice(0, PREVIEW_LIMIT).map((d) => (
                <li key={d.logical_date ?? ''} className="mono">
                  {d.logical_date ? formatDateTime(new Date(d.logical_date)) : '—'}
                </li>
              ))}
            </ol>
            {dates.length > PREVIEW_LIMIT && <p className="faint">…and {dates.length - PREVIEW_LIMIT} more.</p>}
          </>
        ) : null}
      </section>

      {createError && (
        <div className="callout callout-danger banner" role="alert" data-testid="backfill-create-error">
          <Icon name="alert" />
          <div className="banner-body">The server refused the backfill: {createError}</div>
        </div>
      )}

      <footer className="dialog-footer sticky-footer">
        <span className="footer-status" />
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <span title={!canCreate ? reason('create', 'backfills') : !dates || dates.length === 0 ? 'The preview must list at least one date' : undefined}>
          <button type="submit" className="btn btn-primary" disabled={submitBlocked} data-testid="backfill-create">
            {pending ? <Spinner label="Creating" /> : <Icon name="calendar" size={14} />}
            {dates && dates.length > 0 ? `Create backfill (${dates.length} run${dates.length === 1 ? '' : 's'})` : 'Create backfill'}
          </button>
        </span>
      </footer>
    </form>
  );
}
