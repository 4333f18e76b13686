/** Sign in: username and password for a token; then back to where the user was going. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../api/errors';
import { navigate } from '../router/history';
import { useQueryParams } from '../router/query';
import { ThemeToggle } from '../theme/ThemeToggle';
import { Logo } from '../app/Logo';
import { useSession } from './SessionProvider';

const REASONS: Readonly<Record<string, string>> = {
  expired: 'Your session expired, sign in again.',
  'signed-out': 'You signed out.',
};

/** Only paths of this app: an open redirect (`next=https://evil`) goes nowhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/dags';
}

export function LoginPage() {
  const session = useSession();
  const query = useQueryParams();
  const next = safeNext(query.get('next'));
  const reason = query.get('reason');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (session.status === 'ready' || session.status === 'no-role') navigate(next, { replace: true });
  }, [session.status, next]);

  useEffect(() => userRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
    } catch (e) {
      const described = describeError(e);
      setError(described.detail || described.title);
      setPassword('');
    } finally {
      setPending(false);
    }
  };

  const notice = reason ? REASONS[reason] : undefined;
  return (
    <div className="login">
      <div className="login-corner">
        <ThemeToggle />
      </div>
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-brand">
          <Logo size={36} />
          <div>
            <h1 id="login-title">Sign in to Updraft</h1>
            <p className="muted">Workflows, scheduled and watched.</p>
          </div>
        </div>
        {notice && !error && (
          <div className={`callout ${reason === 'expired' ? 'callout-warning' : 'callout-info'}`} role="status" data-testid="login-notice">
            {notice}
          </div>
        )}
        {error && (
          <div className="callout callout-danger" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <label className="field">
          <span>Username</span>
          <input ref={userRef} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button className="btn btn-primary btn-block" type="submit" disabled={pending || session.status === 'loading'}>
          {pending || session.status === 'loading' ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="login-help muted">
          First time? <code>updraft standalone</code> printed the admin password; <code>updraft users create</code> adds people.
        </p>
      </form>
    </div>
  );
}
