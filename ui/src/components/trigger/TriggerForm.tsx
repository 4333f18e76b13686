/**
 * The trigger form itself (inside TriggerDialog, mounted once the DAG's details
 * are loaded, so each opening starts from the defaults): the params as a form
 * or as raw JSON (the two round-trip), run options, the role and paused
 * notices, inline messages from the browser's checks and from the server.
 */
import type { DagDetails, DagRun, TriggerDagRunBody } from '@updraft/client';
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { paths } from '../../router/paths';
import { usePermissions } from '../../session/SessionProvider';
import { Icon } from '../Icon';
import { Spinner } from '../Loading';
import { useToast } from '../Toast';
import { checkConf, draftsOf, formConf, fromLocalInput, initialDraft, parseConfText, toLocalInput, type Conf, type Draft } from './conf';
import { readParams } from './params';
import { ParamInput } from './ParamInput';
import { placeServerError, serverSentence, type PlacedErrors } from './server-errors';

export interface TriggerFormProps {
  readonly dag: DagDetails;
  readonly onClose: () => void;
  readonly onTriggered?: (run: DagRun) => void;
}

type Mode = 'form' | 'json';

const NO_SERVER_ERRORS: PlacedErrors = { params: {} };

export function TriggerForm({ dag, onClose, onTriggered }: TriggerFormProps) {
  const dagId = dag.dag_id;
  const { can, reason } = usePermissions();
  const toast = useToast();
  const fields = useMemo(() => readParams(dag.params as Record<string, unknown> | null), [dag.params]);
  const names = useMemo(() => fields.map((f) => f.name), [fields]);

  const [mode, setMode] = useState<Mode>(fields.length === 0 ? 'json' : 'form');
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(fields.map((f) => [f.name, initialDraft(f)])));
  const [extras, setExtras] = useState<Conf>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [jsonText, setJsonText] = useState(() => JSON.stringify(formConf(fields, drafts, {}).conf, null, 2));
  const [switchError, setSwitchError] = useState<string | null>(null);
  const [runId, setRunId] = useState('');
  const [logicalDate, setLogicalDate] = useState('');
  const [note, setNote] = useState('');
  const [unpause, setUnpause] = useState(true);
  const [server, setServer] = useState<PlacedErrors>(NO_SERVER_ERRORS);
  const [pending, setPending] = useState(false);

  const form = useMemo(() => formConf(fields, drafts, extras), [fields, drafts, extras]);
  const json = useMemo(() => parseConfText(jsonText), [jsonText]);
  const jsonErrors = useMemo(() => (json.ok ? checkConf(fields, json.conf) : {}), [fields, json]);
  const logicalIso = logicalDate.trim() === '' ? null : fromLocalInput(logicalDate);

  const canTrigger = can('create', 'DAG runs');
  const canUnpause = can('edit', 'DAGs');
  const willUnpause = dag.is_paused && canUnpause && unpause;

  const clientErrors = mode === 'form' ? form.errors : jsonErrors;
  const problems: string[] = [
    ...Object.keys(clientErrors),
    ...(mode === 'json' && !json.ok ? ['the JSON'] : []),
    ...(logicalDate.trim() !== '' && logicalIso === null ? ['the logical date'] : []),
  ];
  const blocked = !canTrigger || pending || problems.length > 0;

  const setDraft = (name: string, draft: Draft) => {
    setDrafts((all) => ({ ...all, [name]: draft }));
    setTouched((all) => (all.has(name) ? all : new Set(all).add(name)));
    if (server.params[name]) setServer((s) => ({ ...s, params: Object.fromEntries(Object.entries(s.params).filter(([k]) => k !== name)) }));
  };

  const switchTo = (next: Mode) => {
    if (next === mode) return;
    if (next === 'json') {
      setJsonText(JSON.stringify(form.conf, null, 2));
      setSwitchError(null);
      setMode('json');
      return;
    }
    if (!json.ok) {
      setSwitchError(`${json.message}. Fix it to go back to the form, which shows the same values.`);
      return;
    }
    const back = draftsOf(fields, json.conf);
    setDrafts(back.drafts);
    setExtras(back.extras);
    // Values that came from the JSON and do not pass are shown at once.
    setTouched(new Set(Object.keys(checkConf(fields, json.conf))));
    setSwitchError(null);
    setMode('form');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    const conf = mode === 'form' ? form.conf : json.ok ? json.conf : {};
    const body: TriggerDagRunBody = {
      conf,
      ...(runId.trim() ? { dag_run_id: runId.trim() } : {}),
      ...(logicalIso ? { logical_date: logicalIso } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setPending(true);
    setServer(NO_SERVER_ERRORS);
    let run: DagRun;
    try {
      run = await api.dagRuns.trigger(dagId, body);
    } catch (error) {
      const placed = placeServerError(error, names);
      setServer(placed);
      setPending(false);
      // Take the keyboard to the first field the server refused.
      const first = names.find((n) => placed.params[n]);
      const target = first ? `param-${first}` : placed.runId ? 'trigger-run-id' : placed.logicalDate ? 'trigger-logical-date' : null;
      if (target && mode === 'form') window.requestAnimationFrame(() => document.getElementById(target)?.focus());
      return;
    }
    // Unpausing after the trigger: a refused trigger leaves the DAG as it was.
    let unpauseFailure: string | null = null;
    if (willUnpause) {
      try {
        await api.dags.setPaused(dagId, false);
      } catch (error) {
        unpauseFailure = serverSentence(error);
      }
    }
    const link = { to: paths.run(dagId, run.dag_run_id), label: 'Open the run' };
    if (unpauseFailure) toast.error(`Triggered ${dagId}, but could not unpause it`, `Run ${run.dag_run_id} waits, queued, until the DAG is unpaused. ${unpauseFailure}`, link);
    else toast.success(`Triggered ${dagId}${willUnpause ? ' (and unpaused it)' : ''}`, `Run ${run.dag_run_id} is ${run.state}.`, link);
    onTriggered?.(run);
    onClose();
  };

  const serverParamErrors = Object.entries(server.params);
  const advancedOpen = runId !== '' || logicalDate !== '' || note !== '' || server.runId !== undefined || server.logicalDate !== undefined;

  return (
    <form className="trigger-form" onSubmit={(e) => void submit(e)} noValidate data-testid="trigger-form">
      {!canTrigger && (
        <div className="callout callout-warning banner" role="note" data-testid="trigger-forbidden">
          <Icon name="lock" />
          <div className="banner-body">{reason('create', 'DAG runs')}</div>
        </div>
      )}
      {dag.is_paused && (
        <div className="callout callout-warning banner" data-testid="trigger-paused">
          <Icon name="pause" />
          <div className="banner-body">
            <strong>{dagId} is paused</strong>
            {canUnpause ? (
              <label className="trigger-check">
                <input type="checkbox" checked={unpause} onChange={(e) => setUnpause(e.target.checked)} data-testid="trigger-unpause" />
                Unpause it so the run starts now (otherwise the run waits, queued, until someone unpauses it)
              </label>
            ) : (
              <div>The run will wait, queued, until someone unpauses it. {reason('edit', 'DAGs')}.</div>
            )}
          </div>
        </div>
      )}

      <div className="trigger-mode">
        <h3>Params</h3>
        <div className="segmented" role="group" aria-label="Edit the conf as">
          <button type="button" aria-pressed={mode === 'form'} onClick={() => switchTo('form')} disabled={fields.length === 0} title={fields.length === 0 ? 'This DAG declares no params' : undefined} data-testid="mode-form">
            Form
          </button>
          <button type="button" aria-pressed={mode === 'json'} onClick={() => switchTo('json')} data-testid="mode-json">
            Raw JSON conf
          </button>
        </div>
      </div>
      {switchError && (
        <p className="param-error" role="alert" data-testid="switch-error">
          {switchError}
        </p>
      )}

      {mode === 'form' ? (
        <div className="param-list" data-testid="param-list">
          {fields.map((field) => (
            <ParamInput
              key={field.name}
              field={field}
              draft={drafts[field.name] ?? initialDraft(field)}
              onChange={(d) => setDraft(field.name, d)}
              error={server.params[field.name] ?? form.errors[field.name]}
              showError={server.params[field.name] !== undefined || touched.has(field.name)}
              disabled={pending}
            />
          ))}
          {Object.keys(extras).length > 0 && (
            <div className="callout banner" data-testid="conf-extras">
              <Icon name="info" />
              <div className="banner-body">
                Also sent, though not params of this DAG: <code>{JSON.stringify(extras)}</code>
              </div>
              <button type="button" className="btn btn-sm" onClick={() => setExtras({})}>
                Remove
              </button>
            </div>
          )}
        </div>
      ) : (
        <div className="conf-json">
          {fields.length === 0 && <p className="muted">{dagId} declares no params: the conf is passed to the run as it is (its tasks read it from the context).</p>}
          <label htmlFor="trigger-conf" className="visually-hidden">
            Conf (JSON)
          </label>
          <textarea
            id="trigger-conf"
            className="conf-textarea"
            rows={Math.min(18, Math.max(6, jsonText.split('\n').length + 1))}
            spellCheck={false}
            value={jsonText}
            onChange={(e) => {
              setJsonText(e.target.value);
              setSwitchError(null);
              if (serverParamErrors.length > 0) setServer((s) => ({ ...s, params: {} }));
            }}
            aria-invalid={!json.ok || Object.keys(jsonErrors).length > 0 || undefined}
            data-testid="conf-json"
            disabled={pending}
          />
          <ul className="conf-errors" data-testid="conf-errors">
            {!json.ok && <li className="param-error">{json.message}</li>}
            {Object.entries(jsonErrors).map(([name, message]) => (
              <li key={name} className="param-error">
                <code>{name}</code>: {message}
              </li>
            ))}
            {serverParamErrors.map(([name, message]) => (
              <li key={`server-${name}`} className="param-error" data-testid={`param-error-${name}`}>
                <code>{name}</code>: {message}
              </li>
            ))}
          </ul>
        </div>
      )}

      <details className="trigger-advanced" open={advancedOpen || undefined}>
        <summary>Run id, logical date and note</summary>
        <div className="trigger-advanced-grid">
          <label className="field" htmlFor="trigger-run-id">
            Run id
            <input id="trigger-run-id" type="text" value={runId} onChange={(e) => setRunId(e.target.value)} placeholder="manual__<time> (generated)" autoComplete="off" spellCheck={false} data-testid="trigger-run-id" aria-invalid={server.runId ? true : undefined} />
            {server.runId && <span className="param-error" role="alert">{server.runId}</span>}
          </label>
          <label className="field" htmlFor="trigger-logical-date">
            Logical date <span className="faint">(your time, {Intl.DateTimeFormat().resolvedOptions().timeZone})</span>
            <span className="trigger-date-row">
              <input id="trigger-logical-date" type="datetime-local" step={1} value={logicalDate} onChange={(e) => setLogicalDate(e.target.value)} data-testid="trigger-logical-date" aria-invalid={server.logicalDate || (logicalDate && !logicalIso) ? true : undefined} />
              <button type="button" className="btn btn-sm" onClick={() => setLogicalDate(toLocalInput(new Date().toISOString()))}>
                Now
              </button>
              {logicalDate && (
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => setLogicalDate('')}>
                  Clear
                </button>
              )}
            </span>
            <span className="faint field-help">{logicalIso ? `Sent as ${logicalIso} (UTC); the data interval follows from the schedule.` : 'Empty: the run has no logical date (as in Airflow 3); set one to run for a date.'}</span>
            {server.logicalDate && <span className="param-error" role="alert">{server.logicalDate}</span>}
          </label>
          <label className="field trigger-note" htmlFor="trigger-note">
            Note
            <textarea id="trigger-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why this run (shown on the run)" data-testid="trigger-note" />
          </label>
        </div>
      </details>

      {server.form && (
        <div className="callout callout-danger banner" role="alert" data-testid="trigger-server-error">
          <Icon name="alert" />
          <div className="banner-body">{server.form}</div>
        </div>
      )}

      <footer className="dialog-footer trigger-footer">
        <span className="trigger-status" data-testid="trigger-status">
          {problems.length > 0 ? (
            <>
              <Icon name="alert" size={14} /> Fix {problems.length === 1 ? problems[0] : `${problems.length} fields: ${problems.join(', ')}`} to trigger
            </>
          ) : serverParamErrors.length > 0 ? (
            <>
              <Icon name="alert" size={14} /> The server refused {serverParamErrors.map(([n]) => n).join(', ')}
            </>
          ) : null}
        </span>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <span title={!canTrigger ? reason('create', 'DAG runs') : undefined}>
          <button type="submit" className="btn btn-primary" disabled={blocked} data-testid="trigger-submit">
            {pending ? <Spinner label="Triggering" /> : <Icon name="play" size={14} />}
            {willUnpause ? 'Unpause and trigger' : 'Trigger'}
          </button>
        </span>
      </footer>
    </form>
  );
}
