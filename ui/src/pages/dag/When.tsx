/**
 * A date-time as the DAG page shows it: compact (time only when today, the
 * date without the year when this year), in the browser's time zone, with the
 * full date, time and zone in its tooltip.
 */
import { formatDateTime } from '../../components/Time';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatWhen(date: Date, now = new Date()): string {
  if (date.toDateString() === now.toDateString()) return time.format(date);
  return date.getFullYear() === now.getFullYear() ? dayTime.format(date) : full.format(date);
}

export function When({ value, testId }: { readonly value: string | null | undefined; readonly testId?: string }) {
  if (!value) return <span className="faint">—</span>;
  const date = new Date(value);
  return (
    <time dateTime={value} title={formatDateTime(date)} data-testid={testId}>
      {formatWhen(date)}
    </time>
  );
}
