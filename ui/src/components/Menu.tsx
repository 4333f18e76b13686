/**
 * A dropdown menu: a button that opens a list of items (links or actions).
 * Keyboard: Enter/Space/ArrowDown open it, arrows move, Escape closes and
 * returns focus; a click outside closes it.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuProps {
  /** The button's content. */
  readonly label: ReactNode;
  readonly children: ReactNode;
  readonly align?: 'left' | 'right';
  readonly buttonClassName?: string;
  readonly ariaLabel?: string;
  readonly testId?: string;
}

export function Menu({ label, children, align = 'left', buttonClassName = 'nav-link', ariaLabel, testId }: MenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const items = () => Array.from(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);
  const focusItem = (delta: number) => {
    const list = items();
    if (list.length === 0) return;
    const index = list.indexOf(document.activeElement as HTMLElement);
    const next = list[(index + delta + list.length) % list.length];
    next?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        window.requestAnimationFrame(() => focusItem(1));
      } else focusItem(1);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      focusItem(-1);
    }
  };

  return (
    <div className="menu" ref={root} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className={buttonClassName} aria-haspopup="menu" aria-expanded={open} aria-label={ariaLabel} onClick={() => setOpen((o) => !o)} data-testid={testId}>
        {label}
      </button>
      {open && (
        <div className={`menu-list menu-${align}`} role="menu" onClick={(e) => {
          if ((e.target as HTMLElement).closest('[role="menuitem"]')) setOpen(false);
        }}>
          {children}
        </div>
      )}
    </div>
  );
}
