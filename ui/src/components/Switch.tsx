/**
 * An on/off switch (a checkbox with role=switch). When `disabledReason` is set
 * it is disabled and says why in its tooltip and to screen readers.
 */
export interface SwitchProps {
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  /** Accessible name, e.g. "Unpause etl". */
  readonly label: string;
  readonly disabled?: boolean;
  readonly disabledReason?: string | undefined;
  readonly testId?: string;
}

export function Switch({ checked, onChange, label, disabled, disabledReason, testId }: SwitchProps) {
  const off = disabled || disabledReason !== undefined;
  return (
    <label className={`switch${off ? ' switch-disabled' : ''}`} title={disabledReason ?? label}>
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={off}
        aria-label={label}
        aria-description={disabledReason}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
    </label>
  );
}
