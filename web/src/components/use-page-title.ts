import { useEffect } from 'react';

/** Each page names itself in the tab title, as screen readers announce it on navigation. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · facetag`;
  }, [title]);
}
