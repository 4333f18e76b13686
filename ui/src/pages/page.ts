/**
 * What a page is: its URL pattern, title, where it sits in the top navigation,
 * the permission it needs to be seen, and its component, loaded lazily (each
 * page is its own chunk). A page without `load` shows a placeholder saying what
 * it will hold. Register pages in `registry.ts`.
 */
import type { ComponentType } from 'react';
import type { Params } from '../router/match';
import type { Action, Resource } from '../session/permissions';

export interface PageProps {
  /** The URL's `:name` segments (decoded), and `*` for the rest of a `/*` pattern. */
  readonly params: Params;
}

export type NavPlace = 'main' | 'Browse' | 'Admin';

export interface PageDef {
  /** `/dags/:dagId/*`: see router/match.ts. The first page whose pattern matches wins. */
  readonly path: string;
  /** The document title and the nav label. */
  readonly title: string;
  /** Shown in the top bar (`main`) or one of its menus, in registry order; omit for pages reached by links. */
  readonly nav?: NavPlace;
  /** Hidden from the nav, and a "not allowed" notice instead of the page, without this permission. */
  readonly needs?: readonly [Action, Resource];
  /** `() => import('./x/XPage')`: a module whose default export is the page component. */
  readonly load?: () => Promise<{ readonly default: ComponentType<PageProps> }>;
  /** For the placeholder of a page not built yet: what it will show. */
  readonly about?: string;
  /** Where the nav link points when `path` has parameters or a wildcard. */
  readonly href?: string;
}

export function pageHref(page: PageDef): string {
  return page.href ?? page.path.replace(/\/\*$/, '');
}
