/**
 * A list of words as removable chips with a box to add more (Enter or comma),
 * suggesting known values: the audit log's included / excluded events.
 */
import { useId, useState } from 'react';
import { Icon } from '../../../components/Icon';

export interface TokenInputProps {
  readonly values: readonly string[];
  readonly onChange: (values: string[]) => void;
  readonly label: string;
  readonly placeholder: string;
  readonly suggestions?: readonly string[];
  readonly testId?: string;
}

export function TokenInput({ values, onChange, label, placeholder, suggestions = [], testId }: TokenInputProps) {
  const [text, setText] = useState('');
  const listId = useId();
  const add = (raw: string) => {
    const words = raw.split(',').map((w) => w.trim()).filter((w) => w !== '' && !values.includes(w));
    if (words.length > 0) onChange([...values, ...words]);
    setText('');
  };
  return (
    <span className="token-input" data-testid={testId}>
      <span className="token-label faint">{label}</span>
      {values.map((v) => (
        <button key={v} type="button" className="chip chip-active" onClick={() => onChange(values.filter((x) => x !== v))} aria-label={`${label}: remove ${v}`}>
          {v} <Icon name="x" size={11} />
        </button>
      ))}
      <input
        type="text"
        list={listId}
        value={text}
        placeholder={placeholder}
        aria-label={label}
        onChange={(e) => {
          const next = e.target.value;
          if (next.endsWith(',') || suggestions.includes(next)) add(next);
          else setText(next);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add(text);
          } else if (e.key === 'Backspace' && text === '' && values.length > 0) onChange(values.slice(0, -1));
        }}
        onBlur={() => add(text)}
        autoComplete="off"
        spellCheck={false}
        data-testid={testId ? `${testId}-input` : undefined}
      />
      <datalist id={listId}>
        {suggestions.filter((s) => !values.includes(s)).map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </span>
  );
}
