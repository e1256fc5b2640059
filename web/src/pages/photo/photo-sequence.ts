import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { flatItems, queries } from '../../api/queries';

/**
 * Where a photo sits among the photos it was opened from (a person's photos, a search, or all of them), for the
 * previous and next keys. Only the first pages are looked at: enough for a person's photos or a search.
 */
export function usePhotoSequence(photoId: string, people: string, from: string, to: string) {
  const list = useInfiniteQuery(queries.photos(people, from, to));
  const ids = useMemo(() => flatItems(list.data?.pages).map((p) => p.id), [list.data]);
  const index = ids.indexOf(photoId);
  return {
    index,
    total: list.data?.pages[0]?.total ?? 0,
    previous: index > 0 ? ids[index - 1] : undefined,
    next: index >= 0 && index < ids.length - 1 ? ids[index + 1] : undefined,
  };
}
