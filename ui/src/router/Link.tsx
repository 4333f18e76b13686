/** An `<a>` that navigates within the app (modifier keys and middle click still open a new tab). */
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from './history';

export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  readonly to: string;
  readonly replace?: boolean;
}

export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || rest.target) return;
    event.preventDefault();
    navigate(to, { replace: replace ?? false });
  };
  return <a href={to} onClick={handle} {...rest} />;
}
