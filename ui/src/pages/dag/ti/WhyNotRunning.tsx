/**
 * "Why isn't this running?": the scheduler's reasons a task instance that has
 * not finished is not running yet (upstream not done, pool full, retry delay,
 * max active tasks...), each in words, refreshed while it waits.
 */
import type { TiRef } from '@updraft/client';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { Icon } from '../../../components/Icon';

export function WhyNotRunning({ ti, state }: { readonly ti: TiRef; readonly state: string | null }) {
  const deps = useApi(() => api.taskInstances.dependencies(ti), [ti.dagId, ti.runId, ti.taskId, ti.mapIndex, state], { poll: 3000 });
  const reasons = deps.data?.dependencies ?? [];
  return (
    <div className="callout why-not" data-testid="why-not-running">
      <strong>
        <Icon name="info" size={14} /> Why isn't this running?
      </strong>
      {deps.error !== undefined && !deps.data ? (
        <p className="muted">Could not ask the scheduler: refresh to try again.</p>
      ) : !deps.data ? (
        <p className="muted">Asking…</p>
      ) : reasons.length === 0 ? (
        <p className="muted">{state === 'queued' ? 'Nothing holds it back: it is queued, waiting for a free worker slot.' : 'Nothing holds it back: the scheduler picks it up on its next loop.'}</p>
      ) : (
        <ul>
          {reasons.map((d) => (
            <li key={`${d.name}\u0000${d.reason}`}>
              <span className="why-name">{d.name}</span>: {d.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
