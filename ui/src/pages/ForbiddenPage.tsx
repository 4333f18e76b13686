/** A page the user's role may not see, with the reason. */
import { EmptyState } from '../components/EmptyState';
import type { PageDef } from './page';

export function ForbiddenPage({ page, reason }: { readonly page: PageDef; readonly reason: string }) {
  return (
    <div className="page">
      <EmptyState title={`You cannot see ${page.title}`} icon="lock">
        <p>{reason}.</p>
        <p className="muted">Ask an administrator for a role that can.</p>
      </EmptyState>
    </div>
  );
}
