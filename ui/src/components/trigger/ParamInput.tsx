/**
 * One param of the trigger form: its name, description, the input its schema
 * calls for (text, number, switch, select, date, date-time, JSON editor), the
 * constraints in words, and what is wrong with the value, as you type.
 */
import type { ReactNode } from 'react';
import { Switch } from '../Switch';
import { initialDraft, type Draft } from './conf';
import type { ParamField } from './params';

export interface ParamInputProps {
  readonly field: ParamField;
  readonly draft: Draft;
  readonly onChange: (draft: Draft) => void;
  /** What is wrong (the browser's check, or the server's refusal). */
  readonly error: string | undefined;
  /** Show the error in red (the field was edited, or the server refused it). */
  readonly showError: boolean;
  readonly disabled?: boolean;
}

const num = (v: unknown): v is number => typeof v === 'number';

/** The schema's constraints in words: "3 to 20 characters", "1 to 10", "matches ^[a-z]+$". */
export function constraintsOf(field: ParamField): string[] {
  const s = field.schema;
  const out: string[] = [];
  const range = (lo: unknown, hi: unknown, unit = '') => {
    if (num(lo) && num(hi)) out.push(`${lo} to ${hi}${unit}`);
    else if (num(lo)) out.push(`at least ${lo}${unit}`);
    else if (num(hi)) out.push(`at most ${hi}${unit}`);
  };
  if (field.kind === 'string') range(s.minLength, s.maxLength, ' characters');
  if (field.kind === 'number' || field.kind === 'integer') {
    // zod writes ±2^53-1 for a bare int(): not worth saying.
    const big = (v: unknown) => num(v) && Math.abs(v) >= Number.MAX_SAFE_INTEGER;
    range(big(s.minimum) ? undefined : s.minimum, big(s.maximum) ? undefined : s.maximum);
    if (num(s.exclusiveMinimum)) out.push(`greater than ${s.exclusiveMinimum}`);
    if (num(s.exclusiveMaximum)) out.push(`less than ${s.exclusiveMaximum}`);
    if (num(s.multipleOf)) out.push(`a multiple of ${s.multipleOf}`);
    if (field.kind === 'integer') out.unshift('whole number');
  }
  if (field.kind === 'json' && field.jsonType) out.push(field.jsonType === 'array' ? 'a JSON array' : 'a JSON object');
  if (field.kind === 'json') range(s.minItems, s.maxItems, ' items');
  if (typeof s.pattern === 'string' && field.kind === 'string') out.push(`matches ${s.pattern}`);
  if (typeof s.format === 'string' && field.kind === 'string') out.push(`format: ${s.format}`);
  if (field.kind === 'date-time') out.push(`your time (${Intl.DateTimeFormat().resolvedOptions().timeZone}), sent as UTC`);
  return out;
}

function defaultText(field: ParamField): string | null {
  if (!field.hasDefault) return null;
  const v = field.defaultValue;
  if (field.kind === 'json') return JSON.stringify(v);
  return typeof v === 'string' ? `“${v}”` : JSON.stringify(v);
}

export function ParamInput({ field, draft, onChange, error, showError, disabled }: ParamInputProps) {
  const id = `param-${field.name}`;
  const errorId = `${id}-error`;
  const describedBy = [`${id}-hint`, error && showError ? errorId : ''].filter(Boolean).join(' ');
  const invalid = Boolean(error && showError);
  const text = typeof draft === 'string' ? draft : '';
  const common = {
    id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    'data-testid': id,
    disabled,
  } as const;
  const constraints = constraintsOf(field);
  const def = defaultText(field);
  const emptyMeans = field.nullable ? 'empty = null' : !field.required && !field.hasDefault ? 'empty = not sent' : null;

  let input: ReactNode;
  if (typeof draft === 'object' && draft !== null) {
    input = (
      <div className="param-raw callout callout-warning">
        The JSON set <code>{JSON.stringify(draft.raw)}</code> here, which this input cannot show.{' '}
        <button type="button" className="btn btn-sm" onClick={() => onChange(initialDraft(field))}>
          Reset to the default
        </button>
      </div>
    );
  } else if (field.kind === 'boolean' && !field.nullable) {
    input = (
      <span className="param-switch">
        <Switch checked={draft === true} onChange={(v) => onChange(v)} label={field.name} disabled={disabled ?? false} testId={id} />
        <span className="muted">{draft === true ? 'true' : 'false'}</span>
      </span>
    );
  } else if (field.kind === 'boolean') {
    input = (
      <select {...common} value={draft === null ? '' : String(draft)} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value === 'true')}>
        <option value="">null</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  } else if (field.kind === 'enum') {
    const needsEmpty = field.nullable || !field.hasDefault || text === '';
    input = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        {needsEmpty && <option value="">{field.nullable ? 'null' : field.required ? 'Choose…' : '— not sent'}</option>}
        {field.options.map((o) => (
          <option key={JSON.stringify(o)} value={JSON.stringify(o)}>
            {typeof o === 'string' ? o : JSON.stringify(o)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'json') {
    const rows = Math.min(12, Math.max(3, text.split('\n').length + 1));
    input = <textarea {...common} rows={rows} spellCheck={false} value={text} onChange={(e) => onChange(e.target.value)} placeholder={field.jsonType === 'array' ? '["a", "b"]' : field.jsonType === 'object' ? '{"key": "value"}' : 'any JSON value'} />;
  } else {
    const type = field.kind === 'date' ? 'date' : field.kind === 'date-time' ? 'datetime-local' : field.kind === 'time' ? 'time' : 'text';
    const inputMode = field.kind === 'integer' ? 'numeric' : field.kind === 'number' ? 'decimal' : undefined;
    input = (
      <input
        {...common}
        type={type}
        inputMode={inputMode}
        step={field.kind === 'date-time' || field.kind === 'time' ? 1 : undefined}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
    );
  }

  return (
    <div className={`param-row${invalid ? ' param-invalid' : ''}`} data-testid={`param-row-${field.name}`}>
      <div className="param-label">
        <label htmlFor={id} className="mono">
          {field.title}
        </label>
        {field.required ? <span className="param-tag param-tag-required">required</span> : null}
        <span className="param-type faint">{field.kind === 'json' ? (field.jsonType ?? 'JSON') : field.kind}</span>
      </div>
      <div className="param-control">
        {input}
        {field.description && <p className="param-description">{field.description}</p>}
        <p className="param-hint faint" id={`${id}-hint`}>
          {[...constraints, def ? `default ${def}` : null, emptyMeans].filter(Boolean).join(' · ')}
        </p>
        {error && showError && (
          <p className="param-error" id={errorId} role="alert" data-testid={`param-error-${field.name}`}>
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
