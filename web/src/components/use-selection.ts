import { useCallback, useMemo, useState } from 'react';

export interface Selection {
  ids: ReadonlySet<string>;
  size: number;
  has(id: string): boolean;
  /** Click: toggle one. Shift-click: select every id between the last one clicked and this one. */
  toggle(id: string, range: boolean): void;
  set(ids: readonly string[]): void;
  clear(): void;
}

/** Which tiles of a grid are picked, in the grid's own order for shift-click ranges. What is picked is UI state, not server state. */
export function useSelection(order: readonly string[]): Selection {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);

  const toggle = useCallback(
    (id: string, range: boolean) => {
      setIds((current) => {
        const next = new Set(current);
        const from = anchor === null ? -1 : order.indexOf(anchor);
        const to = order.indexOf(id);
        if (range && from >= 0 && to >= 0) {
          const [lo, hi] = from < to ? [from, to] : [to, from];
          for (const picked of order.slice(lo, hi + 1)) next.add(picked);
        } else if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      setAnchor(id);
    },
    [anchor, order],
  );
  const set = useCallback((list: readonly string[]) => setIds(new Set(list)), []);
  const clear = useCallback(() => setIds(new Set()), []);
  return useMemo(() => ({ ids, size: ids.size, has: (id: string) => ids.has(id), toggle, set, clear }), [ids, toggle, set, clear]);
}
