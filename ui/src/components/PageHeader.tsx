/** A page's title (with its item count once known), subtitle, and actions on the right. */
import type { ReactNode } from 'react';

export interface PageHeaderProps {
  readonly title: ReactNode;
  /** undefined until the list has loaded: no count is shown. */
  readonly count?: number | undefined;
  readonly countTestId?: string;
  readonly subtitle?: ReactNode;
  /** Buttons on the right. */
  readonly children?: ReactNode;
}

export function PageHeader({ title, count, countTestId, subtitle, children }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div>
        <h1>
          {title}{' '}
          {count !== undefined && (
            <span className="count" data-testid={countTestId}>
              {count}
            </span>
          )}
        </h1>
        {subtitle !== undefined && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {children}
    </header>
  );
}
