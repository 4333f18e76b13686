/**
 * The app: `/login`, or, once signed in, the shell (top bar + the page for the
 * URL). Without a session every URL leads to the login page, which comes back
 * to it afterwards.
 */
import { useEffect } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner } from '../components/ErrorBanner';
import { LoadingBlock } from '../components/Loading';
import { navigate, useLocation } from '../router/history';
import { paths } from '../router/paths';
import { LoginPage } from '../session/LoginPage';
import { useSession } from '../session/SessionProvider';
import { PageOutlet } from './PageOutlet';
import { TopNav } from './TopNav';

export function App() {
  const { pathname, search } = useLocation();
  const session = useSession();

  useEffect(() => {
    if (pathname === '/' || pathname === '') navigate('/dags', { replace: true });
    else if (pathname !== '/login' && session.status === 'signed-out') navigate(paths.login(pathname + search), { replace: true });
  }, [pathname, search, session.status]);

  if (pathname === '/login') return <LoginPage />;
  if (session.status === 'signed-out' || session.status === 'loading') return <LoadingBlock label="Signing in…" />;
  if (session.status === 'error') {
    return (
      <div className="page page-narrow">
        <ErrorBanner error={session.error} what="your account" onRetry={session.retry} />
      </div>
    );
  }
  if (session.status === 'no-role') {
    return (
      <div className="page page-narrow">
        <EmptyState title="Your account has no role yet" icon="lock" action={<button className="btn" type="button" onClick={session.logout}>Sign out</button>}>
          <p>Signed in, but without a role you can see nothing. Ask an administrator to give you one (Viewer, User, Op or Admin).</p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopNav />
      <main id="main" className="main" tabIndex={-1}>
        <PageOutlet />
      </main>
    </div>
  );
}
