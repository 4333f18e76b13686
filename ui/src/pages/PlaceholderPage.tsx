/** A registered page that is not built yet: says what it will hold and what works meanwhile. */
import { EmptyState } from '../components/EmptyState';
import type { PageDef } from './page';

export function PlaceholderPage({ page }: { readonly page: PageDef }) {
  return (
    <div className="page">
      <header className="page-header">
        <h1>{page.title}</h1>
      </header>
      <EmptyState title={`The ${page.title} page is on its way`} icon="calendar">
        <p>{page.about ?? 'This page is being built.'}</p>
        <p className="muted">
          Meanwhile the <a href="/docs">REST API</a> and the <code>updraft</code> CLI do all of it.
        </p>
      </EmptyState>
    </div>
  );
}
