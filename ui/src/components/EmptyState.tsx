/** Nothing to show, and what to do about it. */
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export interface EmptyStateProps {
  readonly title: string;
  readonly icon?: IconName;
  /** What to do: a sentence, a command, a link. */
  readonly children?: ReactNode;
  /** A button or link. */
  readonly action?: ReactNode;
}

export function EmptyState({ title, icon = 'inbox', children, action }: EmptyStateProps) {
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty-icon">
        <Icon name={icon} size={28} />
      </div>
      <h3>{title}</h3>
      {children && <div className="empty-body">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}
