/** Above a page whose items the user may see but not change: why, and who can. */
import { Icon } from '../../components/Icon';

export function ReadOnlyNotice({ what, reason }: { readonly what: string; readonly reason: string | undefined }) {
  if (!reason) return null;
  return (
    <div className="callout banner" role="note" data-testid="read-only-notice">
      <Icon name="lock" />
      <div className="banner-body">
        <strong>You can view {what} but not change them</strong>
        <div>{reason}.</div>
      </div>
    </div>
  );
}
