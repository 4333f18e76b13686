/**
 * The page for the current URL, from the registry: lazily loaded (a spinner
 * meanwhile), a placeholder when not built yet, a notice when the role may not
 * see it, and a crash in a page shown as an error with a reload, not a blank app.
 */
import { Component, lazy, Suspense, type ComponentType, type ErrorInfo, type LazyExoticComponent, type ReactNode } from 'react';
import { ErrorBanner } from '../components/ErrorBanner';
import { LoadingBlock } from '../components/Loading';
import { usePageTitle } from '../hooks/usePageTitle';
import { ForbiddenPage } from '../pages/ForbiddenPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import type { PageDef, PageProps } from '../pages/page';
import { PlaceholderPage } from '../pages/PlaceholderPage';
import { PAGES } from '../pages/registry';
import { useLocation } from '../router/history';
import { matchPath, type Params } from '../router/match';
import { usePermissions } from '../session/SessionProvider';

const components = new Map<PageDef, LazyExoticComponent<ComponentType<PageProps>>>();

function componentOf(page: PageDef): LazyExoticComponent<ComponentType<PageProps>> | null {
  if (!page.load) return null;
  let component = components.get(page);
  if (!component) {
    component = lazy(page.load);
    components.set(page, component);
  }
  return component;
}

export function findPage(pathname: string): { page: PageDef; params: Params } | null {
  for (const page of PAGES) {
    const params = matchPath(page.path, pathname);
    if (params) return { page, params };
  }
  return null;
}

class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidUpdate(previous: { resetKey: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== undefined) this.setState({ error: undefined });
  }
  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('page crashed', error, info.componentStack);
  }
  override render() {
    if (this.state.error !== undefined) {
      return (
        <div className="page">
          <ErrorBanner error={this.state.error} what="this page" onRetry={() => window.location.reload()} />
        </div>
      );
    }
    return this.props.children;
  }
}

export function PageOutlet() {
  const { pathname } = useLocation();
  const { can, reason } = usePermissions();
  const found = findPage(pathname);
  usePageTitle(found?.page.title ?? 'Not found');
  if (!found) return <NotFoundPage pathname={pathname} />;
  const { page, params } = found;
  if (page.needs && !can(page.needs[0], page.needs[1])) return <ForbiddenPage page={page} reason={reason(page.needs[0], page.needs[1]) ?? 'Not allowed'} />;
  const PageComponent = componentOf(page);
  if (!PageComponent) return <PlaceholderPage page={page} />;
  return (
    <PageErrorBoundary resetKey={page.path}>
      <Suspense fallback={<LoadingBlock />}>
        <PageComponent params={params} />
      </Suspense>
    </PageErrorBoundary>
  );
}
