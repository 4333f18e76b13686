/**
 * Importing a variables file (Airflow's format) through the bulk endpoint: a
 * preview of what it holds, what to do with keys that exist, and the result.
 * Values exported as `***` (secrets the API masked) are left out, so an export
 * re-imported never overwrites a secret with its mask.
 */
import type { BulkResponse, VariableBody } from '@updraft/client';
import { useState } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Loading';
import type { ParsedFile } from './variables-file';

type OnExisting = 'overwrite' | 'skip' | 'fail';

const CHOICES: readonly [OnExisting, string, string][] = [
  ['overwrite', 'Overwrite', 'replace their values and descriptions'],
  ['skip', 'Skip', 'keep the existing ones, add the new ones'],
  ['fail', 'Fail', 'import nothing if any key exists'],
];

export interface ImportDialogProps {
  readonly fileName: string;
  readonly file: ParsedFile;
  readonly onClose: () => void;
  readonly onImported: () => void;
}

export function ImportDialog({ fileName, file, onClose, onImported }: ImportDialogProps) {
  const [onExisting, setOnExisting] = useState<OnExisting>('overwrite');
  const [result, setResult] = useState<BulkResponse | null>(null);
  const action = useAction();
  const run = async () => {
    const response = await action.run(() =>
      api.variables.bulk({
        actions: [{ action: 'create', action_on_existence: onExisting, entities: file.entries.map((e) => ({ key: e.key, value: e.value as VariableBody['value'], description: e.description ?? null })) }],
      }),
    );
    if (response) {
      setResult(response);
      onImported();
    }
  };
  const created = result?.create;
  const imported = created?.success.length ?? 0;
  const errors = created?.errors ?? [];
  return (
    <Dialog
      open
      onClose={onClose}
      title="Import variables"
      testId="import-dialog"
      footer={
        result ? (
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={action.pending || file.entries.length === 0}>
              {action.pending && <Spinner label="Importing" />}
              Import {file.entries.length}
            </button>
          </>
        )
      }
    >
      <div className="admin-form">
        <p>
          <span className="inline-code">{fileName}</span> holds <strong>{file.entries.length}</strong> variable{file.entries.length === 1 ? '' : 's'} to import.
        </p>
        {file.masked.length > 0 && (
          <div className="callout callout-warning form-callout" role="note">
            Left out: <span className="inline-code">{file.masked.join(', ')}</span> — their values are or hold <code>***</code>, secrets the API masked when they were exported; importing them would replace the real values with the mask.
          </div>
        )}
        {!result && (
          <fieldset className="field">
            <legend>When a key already exists</legend>
            {CHOICES.map(([value, label, help]) => (
              <label key={value} className="check-row">
                <input type="radio" name="on-existing" value={value} checked={onExisting === value} onChange={() => setOnExisting(value)} />
                <strong>{label}</strong> <span className="muted">{help}</span>
              </label>
            ))}
          </fieldset>
        )}
        {result && (
          <div className={`callout ${errors.length > 0 ? 'callout-danger' : 'test-result callout-success'} form-callout`} role="status" data-testid="import-result">
            <Icon name={errors.length > 0 ? 'alert' : 'check'} size={14} /> {imported} imported
            {onExisting === 'skip' && imported < file.entries.length ? `, ${file.entries.length - imported} skipped (they exist)` : ''}.
            {errors.map((e, i) => (
              <div key={i}>{String(e.error ?? JSON.stringify(e))}</div>
            ))}
          </div>
        )}
      </div>
    </Dialog>
  );
}
