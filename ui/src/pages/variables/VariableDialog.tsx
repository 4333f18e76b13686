/**
 * Create or edit a variable: key, value (text, or JSON checked as you type and
 * pretty-printed), description. A secret value comes masked from the API, so
 * the form starts it blank and leaving it blank keeps the saved one.
 */
import type { Variable, VariableBody } from '@updraft/client';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useApi } from '../../api/useApi';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Icon } from '../../components/Icon';
import { LoadingBlock } from '../../components/Loading';
import { FormFooter } from '../admin/FormFooter';
import { Switch } from '../../components/Switch';
import { asJsonDocument, isMasked } from './variables-file';

export interface VariableDialogProps {
  /** null: a new variable. */
  readonly editKey: string | null;
  /** Set when the role may not save: the form is shown read-only with this reason. */
  readonly readOnlyReason?: string | undefined;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}

interface Draft {
  key: string;
  value: string;
  json: boolean;
  description: string;
}

function draftOf(v: Variable | undefined): Draft {
  if (!v) return { key: '', value: '', json: false, description: '' };
  if (isMasked(v.value)) return { key: v.key, value: '', json: false, description: v.description ?? '' };
  const doc = asJsonDocument(v.value);
  return { key: v.key, value: doc ?? v.value, json: doc !== null, description: v.description ?? '' };
}

function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function VariableDialog({ editKey, readOnlyReason, onClose, onSaved }: VariableDialogProps) {
  const readOnly = readOnlyReason !== undefined;
  const editing = editKey !== null;
  const loaded = useApi(() => (editKey === null ? Promise.resolve(undefined) : api.variables.get(editKey)), [editKey], { enabled: editing });
  const original = loaded.data;
  const masked = original !== undefined && isMasked(original.value);
  const [draft, setDraft] = useState<Draft>(() => draftOf(undefined));
  useEffect(() => setDraft(draftOf(original)), [original]);
  const action = useAction();
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const keyError = draft.key.trim() === '' ? 'Give the variable a key' : draft.key.length > 250 ? 'At most 250 characters' : null;
  const valueError = draft.json && draft.value.trim() !== '' ? jsonProblem(draft.value) : draft.json && !masked ? 'Empty is not JSON: turn JSON off for an empty text' : null;
  const keepsValue = masked && draft.value === '';
  const invalid = (!editing && keyError !== null) || (valueError !== null && !keepsValue);

  const changed = useMemo(() => {
    if (!original) return true;
    const before = draftOf(original);
    return draft.value !== before.value || draft.json !== before.json || draft.description !== before.description;
  }, [draft, original]);

  const toggleJson = (json: boolean) => {
    if (json && draft.value.trim() !== '' && jsonProblem(draft.value) === null) set({ json, value: JSON.stringify(JSON.parse(draft.value), null, 2) });
    else set({ json });
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (invalid || action.pending || readOnly) return;
    const value = (keepsValue ? '' : draft.json ? JSON.parse(draft.value) : draft.value) as VariableBody['value'];
    const description = draft.description.trim() === '' ? null : draft.description;
    const key = editing ? editKey : draft.key.trim();
    const saved = editing
      ? await action.run(
          () => api.variables.update(key, { key, value: keepsValue ? '' : value, description }, keepsValue ? ['description'] : ['value', 'description']),
          `Saved ${key}`,
        )
      : await action.run(() => api.variables.create({ key, value, description }), `Created ${key}`);
    if (saved) onSaved();
  };

  const title = editing ? (
    <>
      Edit variable <span className="inline-code">{editKey}</span>
    </>
  ) : (
    'New variable'
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      width="lg"
      testId="variable-dialog"
      footer={
        <FormFooter form="variable-form" onClose={onClose} submitLabel={editing ? 'Save' : 'Create'} disabled={invalid || (editing && !original) || (editing && !changed)} pending={action.pending} readOnlyReason={readOnlyReason} />
      }
    >
      {editing && loaded.error !== undefined && <ErrorBanner error={loaded.error} what={`the variable ${editKey}`} onRetry={() => void loaded.reload()} />}
      {editing && !original ? (
        loaded.error === undefined ? <LoadingBlock /> : null
      ) : (
        <form id="variable-form" className="admin-form" onSubmit={(e) => void submit(e)} noValidate>
          <fieldset disabled={readOnly} className="plain-fieldset">
          <label className={`field${!editing && keyError && draft.key !== '' ? ' field-invalid' : ''}`}>
            Key
            <input type="text" value={editing ? editKey : draft.key} onChange={(e) => set({ key: e.target.value })} readOnly={editing} autoFocus={!editing} required maxLength={250} spellCheck={false} />
            {!editing && <span className="field-hint">Tasks read it with <code>variables.get('{draft.key || 'key'}')</code>. Keys containing password, secret, token, api_key… are secret: their values are always shown as ***.</span>}
          </label>
          <div className={`field${valueError && !keepsValue ? ' field-invalid' : ''}`}>
            <div className="field-label-row">
              <label htmlFor="variable-value">Value</label>
              <span className="check-row">
                <Switch checked={draft.json} onChange={toggleJson} label="The value is JSON" testId="variable-json" />
                JSON
              </span>
            </div>
            {masked && (
              <div className="callout form-callout" role="note">
                <Icon name="lock" size={14} /> This value is secret: the API never shows it (it masks it as <code>***</code>). Leave the box empty to keep it, or type the whole new value to replace it.
              </div>
            )}
            <textarea
              id="variable-value"
              value={draft.value}
              rows={draft.json ? 10 : 4}
              placeholder={masked ? 'unchanged (secret)' : draft.json ? '{"key": "value"}' : 'text'}
              onChange={(e) => set({ value: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
              }}
              spellCheck={false}
              autoFocus={editing}
              aria-invalid={valueError !== null && !keepsValue}
              aria-describedby="variable-value-help"
            />
            <span id="variable-value-help" className={valueError && !keepsValue ? 'field-error' : 'field-hint'}>
              {valueError && !keepsValue
                ? `Not valid JSON: ${valueError}. Fix it, or turn JSON off to save it as text.`
                : draft.json
                  ? 'Saved as JSON text; tasks read it parsed with variables.getJson(key).'
                  : 'Saved as text, exactly as typed. Ctrl+Enter saves.'}
            </span>
          </div>
          <label className="field">
            Description
            <input type="text" value={draft.description} onChange={(e) => set({ description: e.target.value })} placeholder="What it is for, who owns it" />
          </label>
          </fieldset>
        </form>
      )}
    </Dialog>
  );
}
