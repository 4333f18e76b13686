/** A failed load, said plainly (what failed, what to do), with a Retry button when given `onRetry`. */
import { describeError } from '../api/errors';
import { Icon } from './Icon';

export interface ErrorBannerProps {
  readonly error: unknown;
  readonly onRetry?: () => void;
  /** What was being loaded, e.g. "the DAGs". */
  readonly what?: string;
}

export function ErrorBanner({ error, onRetry, what }: ErrorBannerProps) {
  const { title, detail } = describeError(error);
  return (
    <div className="callout callout-danger banner" role="alert" data-testid="error-banner">
      <Icon name="alert" />
      <div className="banner-body">
        <strong>{what ? `Could not load ${what}: ${title.toLowerCase()}` : title}</strong>
        <div>{detail}</div>
      </div>
      {onRetry && (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          <Icon name="refresh" size={14} /> Retry
        </button>
      )}
    </div>
  );
}
