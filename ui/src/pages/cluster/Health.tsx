/** A component's or worker's health as a coloured dot and a word, and a heartbeat's age in words. */
import { formatDuration } from '../../components/Time';

const STATUS_LABEL: Readonly<Record<string, string>> = { healthy: 'Healthy', unhealthy: 'Unhealthy', not_running: 'Not running', stopped: 'Stopped' };

export function heartbeatAge(seconds: number | null): string {
  if (seconds === null) return 'never';
  return seconds < 1 ? 'just now' : `${formatDuration(seconds)} ago`;
}

export function Health({ status }: { readonly status: string }) {
  return (
    <span className={`health health-${status}`} data-status={status}>
      <span className="health-dot" aria-hidden="true" />
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}
