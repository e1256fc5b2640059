/** One page of a longer list: how many there are in all, and the ones from `offset` on. */
export interface Page<T> {
  total: number;
  items: T[];
}

export interface PageRequest {
  offset?: number;
  limit?: number;
}

/** As docs/http-api.md: 100 unless asked, never more than 500 in one answer. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export function pageBounds(request: PageRequest): { offset: number; limit: number } {
  const offset = Math.max(0, Math.floor(request.offset ?? 0));
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(0, Math.floor(request.limit ?? DEFAULT_PAGE_SIZE)));
  return { offset, limit };
}

export function pageOf<T>(all: readonly T[], request: PageRequest): Page<T> {
  const { offset, limit } = pageBounds(request);
  return { total: all.length, items: all.slice(offset, offset + limit) };
}
