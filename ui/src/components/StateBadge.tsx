/** A run's or task's state as a coloured pill (`StateBadge`) or a dot (`StateDot`), with the label for screen readers and tooltips. */
import { stateKey, stateLabel } from './states';

export interface StateProps {
  readonly state: string | null | undefined;
  readonly className?: string;
}

export function StateBadge({ state, className }: StateProps) {
  const key = stateKey(state);
  return (
    <span className={`state-badge state-${key}${className ? ` ${className}` : ''}`} data-state={key}>
      <span className="state-badge-dot" aria-hidden="true" />
      {stateLabel(state)}
    </span>
  );
}

export interface StateDotProps extends StateProps {
  /** Tooltip; default: the state's label. */
  readonly title?: string;
  readonly size?: 'sm' | 'md' | 'lg';
}

export function StateDot({ state, title, size = 'md', className }: StateDotProps) {
  const key = stateKey(state);
  const label = title ?? stateLabel(state);
  return <span className={`state-dot state-dot-${size} state-${key}${className ? ` ${className}` : ''}`} data-state={key} title={label} role="img" aria-label={label} />;
}
