/** A URL no page answers. */
import { EmptyState } from '../components/EmptyState';
import { Link } from '../router/Link';

export function NotFoundPage({ pathname }: { readonly pathname: string }) {
  return (
    <div className="page">
      <EmptyState title="No page here" icon="search" action={<Link className="btn btn-primary" to="/dags">Go to the DAGs</Link>}>
        <p>
          Nothing lives at <code>{pathname}</code>. The link may be old, or mistyped.
        </p>
      </EmptyState>
    </div>
  );
}
