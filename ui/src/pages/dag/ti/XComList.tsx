/** A task instance's XComs: every key with its value, pretty-printed (values read one by one, on demand). */
import type { TiRef } from '@updraft/client';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Icon } from '../../../components/Icon';
import { LoadingBlock } from '../../../components/Loading';
import { RelativeTime } from '../../../components/Time';
import { JsonView } from './JsonView';

function XComValue({ ti, xkey }: { readonly ti: TiRef; readonly xkey: string }) {
  const value = useApi(() => api.taskInstances.xcom(ti, xkey), [ti.dagId, ti.runId, ti.taskId, ti.mapIndex, xkey]);
  if (value.error !== undefined) return <ErrorBanner error={value.error} what={`the value of ${xkey}`} onRetry={() => void value.reload()} />;
  if (!value.data) return <LoadingBlock />;
  return <JsonView value={value.data.value} testId={`xcom-value-${xkey}`} />;
}

export function XComList({ ti, state }: { readonly ti: TiRef; readonly state: string | null }) {
  const list = useApi(() => api.taskInstances.xcoms(ti), [ti.dagId, ti.runId, ti.taskId, ti.mapIndex, state]);
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  if (list.error !== undefined && !list.data) return <ErrorBanner error={list.error} what="the XComs" onRetry={() => void list.reload()} />;
  if (!list.data) return <LoadingBlock />;
  const entries = list.data.xcom_entries.filter((x) => ti.mapIndex === undefined || ti.mapIndex < 0 || x.map_index === ti.mapIndex);
  if (entries.length === 0) {
    return (
      <EmptyState title="No XComs" icon="inbox">
        <p>{state === 'success' ? 'The task returned nothing and pushed nothing.' : 'A task’s return value appears here once it succeeds.'}</p>
      </EmptyState>
    );
  }
  return (
    <ul className="xcom-list" data-testid="xcom-list">
      {entries.map((x) => {
        const id = `${x.key}\u0000${x.map_index}`;
        const open = !closed.has(id);
        return (
          <li key={id}>
            <button
              type="button"
              className="xcom-key"
              aria-expanded={open}
              onClick={() => setClosed((c) => (open ? new Set([...c, id]) : new Set([...c].filter((k) => k !== id))))}
            >
              <Icon name={open ? 'chevron-down' : 'chevron-right'} size={12} />
              <span className="mono">{x.key}</span>
              {x.map_index >= 0 && <span className="faint">[{x.map_index}]</span>}
              <span className="faint xcom-when">
                <RelativeTime value={x.timestamp} />
              </span>
            </button>
            {open && <XComValue ti={{ ...ti, mapIndex: x.map_index }} xkey={x.key} />}
          </li>
        );
      })}
    </ul>
  );
}
