/**
 * A DAG id filter: a text box suggesting the DAG ids (a datalist), applied
 * when the text is a DAG id, empty, or on Enter. Shared by the runs page, the
 * backfill dialog and the audit log.
 */
import { useEffect, useId, useState } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';

export interface DagPickerProps {
  readonly value: string;
  readonly onChange: (dagId: string) => void;
  readonly label?: string;
  readonly placeholder?: string;
  readonly testId?: string;
  readonly id?: string;
}

/** The DAG ids, loaded once per page (a few hundred at most in practice; the list is capped). */
export function useDagIds(): readonly string[] {
  const { data } = useApi(() => api.dags.list({ limit: 1000, order_by: 'dag_id' }), []);
  return data?.dags.map((d) => d.dag_id) ?? [];
}

export function DagPicker({ value, onChange, label = 'DAG', placeholder = 'All DAGs', testId, id }: DagPickerProps) {
  const ids = useDagIds();
  const listId = useId();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = (next: string) => {
    if (next.trim() !== value) onChange(next.trim());
  };
  return (
    <label className="filter-field">
      <span className="visually-hidden">{label}</span>
      <input
        id={id}
        type="search"
        list={listId}
        value={text}
        placeholder={placeholder}
        aria-label={label}
        onChange={(e) => {
          setText(e.target.value);
          // A pick from the list (or clearing the box) applies at once; typing waits for Enter or leaving the box.
          if (e.target.value === '' || ids.includes(e.target.value)) commit(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(text);
          }
        }}
        onBlur={() => commit(text)}
        spellCheck={false}
        autoComplete="off"
        data-testid={testId}
      />
      <datalist id={listId}>
        {ids.map((d) => (
          <option key={d} value={d} />
        ))}
      </datalist>
    </label>
  );
}
