/** The latest runs as coloured dots, oldest to newest left to right, each a link to its run. */
import type { UiRecentRun } from '@updraft/client';
import { StateDot } from '../../components/StateBadge';
import { stateLabel } from '../../components/states';
import { formatDateTime, formatDuration } from '../../components/Time';
import { Link } from '../../router/Link';
import { paths } from '../../router/paths';

function describe(run: UiRecentRun): string {
  const when = run.logical_date ?? run.run_after;
  const parts = [`${stateLabel(run.state)} · ${run.run_type}`, run.dag_run_id, `Logical date: ${formatDateTime(new Date(when))}`];
  if (run.start_date) parts.push(`Started: ${formatDateTime(new Date(run.start_date))}`);
  if (run.duration !== null) parts.push(`Duration: ${formatDuration(run.duration)}`);
  return parts.join('\n');
}

export function RecentRuns({ dagId, runs }: { readonly dagId: string; readonly runs: readonly UiRecentRun[] }) {
  if (runs.length === 0) return <span className="faint">No runs yet</span>;
  return (
    <span className="runs-dots" data-testid="recent-runs">
      {[...runs].reverse().map((run) => (
        <Link key={run.dag_run_id} to={paths.run(dagId, run.dag_run_id)} title={describe(run)} aria-label={`Run ${run.dag_run_id}: ${stateLabel(run.state)}`}>
          <StateDot state={run.state} title="" />
        </Link>
      ))}
    </span>
  );
}
