/** Sets the tab's title ("etl · DAGs · Updraft"). */
import { useEffect } from 'react';

export function usePageTitle(...parts: readonly (string | null | undefined)[]): void {
  const title = [...parts.filter(Boolean), 'Updraft'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
