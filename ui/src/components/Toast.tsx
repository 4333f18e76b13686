/**
 * Short notices in the corner: `const toast = useToast(); toast.success('Paused etl')`,
 * `toast.error('Not allowed', reason)`, `toast.success('Triggered etl', runId, { to: paths.run(...), label: 'Open the run' })`.
 * Successes fade after 4 s (8 s with a link); errors stay until closed.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from '../router/Link';
import { Icon } from './Icon';

/** An in-app link in a toast ("Open the run"). */
export interface ToastLink {
  readonly to: string;
  readonly label: string;
}

type Kind = 'success' | 'error' | 'info';

interface ToastItem {
  readonly id: number;
  readonly kind: Kind;
  readonly title: string;
  readonly detail?: string | undefined;
  readonly link?: ToastLink | undefined;
}

export interface Toaster {
  success(title: string, detail?: string, link?: ToastLink): void;
  error(title: string, detail?: string, link?: ToastLink): void;
  info(title: string, detail?: string, link?: ToastLink): void;
}

const ToastContext = createContext<Toaster | null>(null);

export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setItems((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (kind: Kind, title: string, detail?: string, link?: ToastLink) => {
      const id = nextId.current++;
      setItems((all) => [...all.slice(-4), { id, kind, title, detail, link }]);
      if (kind !== 'error') window.setTimeout(() => dismiss(id), link ? 8000 : 4000);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(
    () => ({
      success: (t, d, l) => push('success', t, d, l),
      error: (t, d, l) => push('error', t, d, l),
      info: (t, d, l) => push('info', t, d, l),
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <div className="toasts" aria-live="polite">
        {items.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${t.kind}`}>
            <Icon name={t.kind === 'success' ? 'check' : t.kind === 'error' ? 'alert' : 'info'} />
            <div className="toast-body">
              <strong>{t.title}</strong>
              {t.detail && <div className="toast-detail">{t.detail}</div>}
              {t.link && (
                <Link to={t.link.to} className="toast-link" onClick={() => dismiss(t.id)} data-testid="toast-link">
                  {t.link.label} <Icon name="chevron-right" size={12} />
                </Link>
              )}
            </div>
            <button type="button" className="btn btn-icon btn-ghost btn-sm" onClick={() => dismiss(t.id)} aria-label="Dismiss">
              <Icon name="x" size={14} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToast must be used inside <ToastProvider>');
  return toaster;
}
