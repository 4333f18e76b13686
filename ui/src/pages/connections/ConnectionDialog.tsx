/**
 * Create or edit a connection. The password is write-only: never shown, the
 * box empty ("unchanged") when editing, and leaving it empty keeps the saved
 * one (only the fields that changed are sent, with an update mask). Extra is
 * JSON, checked as you type. Test connects with what the form says (the saved
 * password when the box is empty); a server that refuses to test says why.
 */
import type { ConnectionBody, TestConnectionSetting, UiConnection } from '@updraft/client';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useApi } from '../../api/useApi';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingBlock, Spinner } from '../../components/Loading';
import { CopyButton } from '../admin/CopyButton';
import { CONN_TYPES, connTypeInfo } from './conn-types';
import { runConnectionTest, type TestOutcome } from './connection-test';
import { TestResult } from './TestResult';

const OTHER = '__other__';
const ID_PATTERN = /^[\w.-]+$/;

interface Draft {
  connection_id: string;
  /** A known type, or OTHER with `custom_type`. */
  type_choice: string;
  custom_type: string;
  description: string;
  host: string;
  schema: string;
  login: string;
  password: string;
  clear_password: boolean;
  port: string;
  extra: string;
}

const EMPTY: Draft = { connection_id: '', type_choice: 'postgres', custom_type: '', description: '', host: '', schema: '', login: '', password: '', clear_password: false, port: '', extra: '' };

function prettyExtra(extra: string | null): string {
  if (!extra) return '';
  try {
    return JSON.stringify(JSON.parse(extra), null, 2);
  } catch {
    return extra;
  }
}

function draftOf(c: UiConnection | undefined): Draft {
  if (!c) return EMPTY;
  const known = connTypeInfo(c.conn_type);
  return {
    connection_id: c.connection_id,
    type_choice: known ? known.type : OTHER,
    custom_type: known ? '' : c.conn_type,
    description: c.description ?? '',
    host: c.host ?? '',
    schema: c.schema ?? '',
    login: c.login ?? '',
    password: '',
    clear_password: false,
    port: c.port === null ? '' : String(c.port),
    extra: prettyExtra(c.extra),
  };
}

const connType = (d: Draft) => (d.type_choice === OTHER ? d.custom_type.trim() : d.type_choice);
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function extraProblem(extra: string, masked: boolean): string | null {
  if (extra.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(extra);
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'Extra must be a JSON object, e.g. {"key": "value"}';
  if (masked && extra.includes('"***"')) return 'Replace every "***" with the real value (the API masks secret keys), or undo your changes to extra to keep the saved one';
  return null;
}

/** The body for saving or testing: the password only when typed (or cleared). */
function bodyOf(d: Draft, id: string): ConnectionBody {
  const port = d.port.trim() === '' ? null : Number(d.port);
  return {
    connection_id: id,
    conn_type: connType(d),
    description: orNull(d.description),
    host: orNull(d.host),
    schema: orNull(d.schema),
    login: orNull(d.login),
    port,
    extra: d.extra.trim() === '' ? null : JSON.stringify(JSON.parse(d.extra)),
    ...(d.password !== '' ? { password: d.password } : d.clear_password ? { password: null } : {}),
  };
}

const FIELDS = ['conn_type', 'description', 'host', 'schema', 'login', 'port', 'extra'] as const;

export interface ConnectionDialogProps {
  readonly editId: string | null;
  readonly testSetting: TestConnectionSetting | undefined;
  /** Why Test is off before pressing it (setting Disabled, or the role); undefined: on. */
  readonly testOffReason: string | undefined;
  readonly readOnlyReason: string | undefined;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}

export function ConnectionDialog({ editId, testSetting, testOffReason, readOnlyReason, onClose, onSaved }: ConnectionDialogProps) {
  const editing = editId !== null;
  const readOnly = readOnlyReason !== undefined;
  const loaded = useApi(
    async () => {
      if (editId === null) return undefined;
      const page = await api.ui.connections({ connection_id_pattern: editId, limit: 100 });
      const found = page.connections.find((c) => c.connection_id === editId);
      if (!found) throw new Error(`There is no connection '${editId}': it may have been deleted. Close this and pick one from the list.`);
      return found;
    },
    [editId],
    { enabled: editing },
  );
  const original = loaded.data;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [testing, setTesting] = useState(false);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const [refused, setRefused] = useState<string | undefined>(undefined);
  useEffect(() => setDraft(draftOf(original)), [original]);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setOutcome(null);
  };
  const save = useAction();

  const before = useMemo(() => draftOf(original), [original]);
  const extraChanged = editing && draft.extra !== before.extra;
  const idError = editing ? null : draft.connection_id.trim() === '' ? 'Give the connection an id' : !ID_PATTERN.test(draft.connection_id.trim()) ? 'Letters, digits, _ . and - only' : null;
  const typeError = connType(draft) === '' ? 'Choose or type a connection type' : null;
  const portError = draft.port.trim() !== '' && !(/^\d+$/.test(draft.port.trim()) && Number(draft.port) <= 65535) ? 'A whole number from 0 to 65535' : null;
  const extraError = extraProblem(draft.extra, extraChanged);
  const invalid = Boolean(idError || typeError || portError || extraError);
  const changedFields = editing ? FIELDS.filter((f) => (f === 'conn_type' ? connType(draft) !== connType(before) : draft[f] !== before[f])) : [];
  const passwordChange = draft.password !== '' || draft.clear_password;
  const dirty = !editing || changedFields.length > 0 || passwordChange;

  const info = connTypeInfo(connType(draft));
  const id = editing ? editId : draft.connection_id.trim();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (invalid || !dirty || save.pending || readOnly) return;
    const body = bodyOf(draft, id);
    const mask = [...changedFields, ...(passwordChange ? ['password'] : [])];
    const saved = editing ? await save.run(() => api.connections.update(id, body, mask), `Saved ${id}`) : await save.run(() => api.connections.create(body), `Created ${id}`);
    if (saved) onSaved();
  };

  const test = async () => {
    if (invalid) return;
    setTesting(true);
    setOutcome(null);
    // A blank password means the saved one; a cleared one is tested as none.
    const body = { ...bodyOf(draft, id || 'unsaved_connection'), ...(draft.clear_password && draft.password === '' ? { password: '' } : {}) };
    const result = await runConnectionTest(body);
    setTesting(false);
    setOutcome(result);
    if (result.kind === 'refused') setRefused(result.reason);
  };

  const testReason = refused ?? testOffReason;
  const title = editing ? (
    <>
      Edit connection <span className="inline-code">{editId}</span>
    </>
  ) : (
    'New connection'
  );
  const passwordPlaceholder = editing ? (original?.has_password ? 'unchanged' : 'not set') : '';

  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      width="lg"
      testId="connection-dialog"
      footer={
        <>
          {testSetting !== 'Hidden' && (
            <button type="button" className="btn" onClick={() => void test()} disabled={testing || invalid || testReason !== undefined || (editing && !original)} title={testReason ?? 'Connect with these settings now (nothing is saved)'} data-testid="test-connection">
              {testing && <Spinner label="Testing" />}
              Test
            </button>
          )}
          <span className="footer-spacer" />
          {readOnly && <span className="field-hint footer-note">{readOnlyReason}</span>}
          <button type="button" className="btn" onClick={onClose}>
            {readOnly ? 'Close' : 'Cancel'}
          </button>
          {!readOnly && (
            <button type="submit" form="connection-form" className="btn btn-primary" disabled={invalid || !dirty || save.pending || (editing && !original)}>
              {save.pending && <Spinner label="Saving" />}
              {editing ? 'Save' : 'Create'}
            </button>
          )}
        </>
      }
    >
      {editing && loaded.error !== undefined && <ErrorBanner error={loaded.error} what={`the connection ${editId}`} onRetry={() => void loaded.reload()} />}
      {editing && !original && loaded.error === undefined ? (
        <LoadingBlock />
      ) : editing && !original ? null : (
        <form id="connection-form" className="admin-form" onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
          <fieldset disabled={readOnly} className="plain-fieldset">
            <div className="form-row">
              <label className={`field${idError && draft.connection_id !== '' ? ' field-invalid' : ''}`}>
                Connection id
                <input type="text" value={editing ? editId : draft.connection_id} onChange={(e) => set({ connection_id: e.target.value })} readOnly={editing} autoFocus={!editing} spellCheck={false} placeholder="warehouse_db" />
                {idError && draft.connection_id !== '' ? <span className="field-error">{idError}</span> : <span className="field-hint">Tasks use it: connections.get('{id || 'id'}')</span>}
              </label>
              <div className="field">
                <label htmlFor="conn-type">Connection type</label>
                <select id="conn-type" value={draft.type_choice} onChange={(e) => set({ type_choice: e.target.value })}>
                  {CONN_TYPES.map((t) => (
                    <option key={t.type} value={t.type}>
                      {t.label} ({t.type})
                    </option>
                  ))}
                  <option value={OTHER}>Other…</option>
                </select>
                {draft.type_choice === OTHER && (
                  <input type="text" aria-label="Other connection type" value={draft.custom_type} onChange={(e) => set({ custom_type: e.target.value })} placeholder="e.g. snowflake, google_cloud_platform" spellCheck={false} />
                )}
                {typeError && draft.type_choice === OTHER && <span className="field-error">{typeError}</span>}
              </div>
            </div>
            <label className="field">
              Description
              <input type="text" value={draft.description} onChange={(e) => set({ description: e.target.value })} placeholder="What it connects to, who owns it" />
            </label>
            <div className="form-row form-row-3">
              <label className="field">
                {info?.host ?? 'Host'}
                <input type="text" value={draft.host} onChange={(e) => set({ host: e.target.value })} spellCheck={false} />
              </label>
              <label className={`field${portError ? ' field-invalid' : ''}`}>
                Port
                <input type="text" inputMode="numeric" value={draft.port} onChange={(e) => set({ port: e.target.value })} placeholder={info?.port ? String(info.port) : ''} />
                {portError && <span className="field-error">{portError}</span>}
              </label>
              <label className="field">
                {info?.schema ?? 'Schema'}
                <input type="text" value={draft.schema} onChange={(e) => set({ schema: e.target.value })} spellCheck={false} />
              </label>
            </div>
            <div className="form-row">
              <label className="field">
                {info?.login ?? 'Login'}
                <input type="text" value={draft.login} onChange={(e) => set({ login: e.target.value })} autoComplete="off" spellCheck={false} />
              </label>
              <div className="field">
                <label htmlFor="conn-password">{info?.password ?? 'Password'}</label>
                <input
                  id="conn-password"
                  type="password"
                  value={draft.password}
                  onChange={(e) => set({ password: e.target.value, clear_password: false })}
                  placeholder={passwordPlaceholder}
                  autoComplete="new-password"
                  data-testid="connection-password"
                />
                <span className="field-hint">Write-only: never shown after saving.{editing && original?.has_password ? ' Leave it empty to keep the saved one.' : ''}</span>
                {editing && original?.has_password && (
                  <label className="check-row field-hint">
                    <input type="checkbox" checked={draft.clear_password} onChange={(e) => set({ clear_password: e.target.checked, password: '' })} />
                    Remove the saved password
                  </label>
                )}
              </div>
            </div>
            <div className={`field${extraError ? ' field-invalid' : ''}`}>
              <label htmlFor="conn-extra">Extra (JSON)</label>
              <textarea id="conn-extra" value={draft.extra} rows={5} onChange={(e) => set({ extra: e.target.value })} placeholder={info?.extra ?? '{"key": "value"}'} spellCheck={false} aria-invalid={extraError !== null} />
              {extraError ? (
                <span className="field-error">{extraError}</span>
              ) : (
                <span className="field-hint">Type-specific settings as a JSON object. Values of secret keys (password, token, api_key…) come back masked as ***.</span>
              )}
            </div>
          </fieldset>
          {editing && original?.uri && (
            <div className="field">
              <span>URI (without the password)</span>
              <div className="uri-box">
                <code className="inline-code" data-testid="connection-uri">
                  {original.uri}
                </code>
                <CopyButton text={original.uri} label="Copy the URI" className="btn btn-sm" />
              </div>
              <span className="field-hint">For an UPDRAFT_CONN_{(editId ?? '').toUpperCase()} variable or <code>updraft connections add --conn-uri</code> (Airflow's format); add the password yourself.</span>
            </div>
          )}
          {outcome && <TestResult outcome={outcome} />}
          {!outcome && testSetting !== 'Hidden' && testReason && <p className="field-hint">Test is off: {testReason}.</p>}
        </form>
      )}
    </Dialog>
  );
}
