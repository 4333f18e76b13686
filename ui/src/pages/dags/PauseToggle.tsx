/**
 * Pause / unpause a DAG: on = active (scheduled), as in Airflow. Disabled with
 * the reason for a role that may not edit DAGs; optimistic, rolled back if the
 * server refuses.
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { Switch } from '../../components/Switch';
import { usePermissions } from '../../session/SessionProvider';

export function PauseToggle({ dagId, paused, onChanged }: { readonly dagId: string; readonly paused: boolean; readonly onChanged: () => void }) {
  const { can, reason } = usePermissions();
  const action = useAction();
  const [shown, setShown] = useState(paused);
  useEffect(() => setShown(paused), [paused]);
  const toggle = async (active: boolean) => {
    setShown(!active);
    const done = await action.run(() => api.dags.setPaused(dagId, !active), active ? `Unpaused ${dagId}: it runs on its schedule` : `Paused ${dagId}`);
    if (done === undefined) setShown(paused);
    onChanged();
  };
  return (
    <Switch
      checked={!shown}
      onChange={(active) => void toggle(active)}
      label={shown ? `Unpause ${dagId}` : `Pause ${dagId}`}
      disabled={action.pending}
      disabledReason={can('edit', 'DAGs') ? undefined : reason('edit', 'DAGs')}
      testId={`pause-toggle-${dagId}`}
    />
  );
}
