/** Under a panel's action buttons: why they are off (nothing when they are on). */
import { Icon } from '../../components/Icon';

export function ActionReason({ why }: { readonly why: string | undefined }) {
  if (!why) return null;
  return (
    <p className="panel-reason faint" data-testid="action-reason">
      <Icon name="lock" size={12} /> {why}
    </p>
  );
}
