/**
 * A change with a dry run first: the options on top, then exactly the task
 * instances the change will touch (the API's dry-run answer, refreshed as the
 * options change), then the confirm button saying how many. Nothing changes
 * until it is pressed.
 */
import type { TaskInstance } from '@updraft/client';
import type { ReactNode } from 'react';
import { Dialog } from '../../../components/Dialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Spinner } from '../../../components/Loading';
import { StateBadge } from '../../../components/StateBadge';

export interface ActionDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly title: ReactNode;
  readonly options?: ReactNode;
  /** The dry run's answer (undefined while loading). */
  readonly preview: readonly TaskInstance[] | undefined;
  readonly previewError: unknown;
  readonly onRetryPreview: () => void;
  /** "Clear 3 task instances". */
  readonly confirmLabel: (count: number) => string;
  readonly onConfirm: () => void;
  readonly pending: boolean;
  readonly danger?: boolean;
  /** What the list means, e.g. "These task instances will be cleared". */
  readonly previewCaption: string;
  readonly emptyCaption: string;
  readonly testId: string;
}

export function PreviewList({ tis, showRun }: { readonly tis: readonly TaskInstance[]; readonly showRun: boolean }) {
  return (
    <ul className="preview-list" data-testid="preview-list">
      {tis.map((ti) => (
        <li key={`${ti.dag_run_id}\u0000${ti.task_id}\u0000${ti.map_index}`} data-task={ti.task_id}>
          <span className="mono preview-task">
            {ti.task_id}
            {ti.map_index >= 0 && <span className="faint">[{ti.map_index}]</span>}
          </span>
          {showRun && <span className="mono faint preview-run">{ti.dag_run_id}</span>}
          <StateBadge state={ti.state} />
        </li>
      ))}
    </ul>
  );
}

export function ActionDialog(props: ActionDialogProps) {
  const { open, onClose, title, options, preview, previewError, onRetryPreview, confirmLabel, onConfirm, pending, danger, previewCaption, emptyCaption, testId } = props;
  const count = preview?.length ?? 0;
  const runs = new Set(preview?.map((ti) => ti.dag_run_id) ?? []);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      width="lg"
      testId={testId}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} onClick={onConfirm} disabled={pending || !preview || count === 0} data-testid="confirm-action">
            {pending && <Spinner label="Working" />}
            {confirmLabel(count)}
          </button>
        </>
      }
    >
      {options && <div className="action-options">{options}</div>}
      <div className="action-preview" aria-live="polite">
        {previewError !== undefined ? (
          <ErrorBanner error={previewError} what="what would change" onRetry={onRetryPreview} />
        ) : !preview ? (
          <div className="muted">
            <Spinner /> Working out what would change…
          </div>
        ) : count === 0 ? (
          <p className="muted" data-testid="preview-empty">
            {emptyCaption}
          </p>
        ) : (
          <>
            <p className="preview-caption" data-testid="preview-caption">
              {previewCaption} ({count}
              {runs.size > 1 ? ` in ${runs.size} runs` : ''}):
            </p>
            <PreviewList tis={preview} showRun={runs.size > 1} />
          </>
        )}
      </div>
    </Dialog>
  );
}

export function Check({ label, checked, onChange, hint, testId }: { readonly label: string; readonly checked: boolean; readonly onChange: (v: boolean) => void; readonly hint?: string; readonly testId?: string }) {
  return (
    <label className="check" title={hint}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span>{label}</span>
      {hint && <span className="check-hint faint">{hint}</span>}
    </label>
  );
}
