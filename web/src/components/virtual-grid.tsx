import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface VirtualGridProps<T> {
  items: readonly T[];
  /** The narrowest a tile may be; tiles stretch to fill the row. */
  minTileWidth: number;
  /** A row's height for a tile of the given width (the tile's picture plus its caption). */
  rowHeight: (tileWidth: number) => number;
  gap?: number;
  label: string;
  itemKey: (item: T) => string;
  renderItem: (item: T, index: number, tileWidth: number) => ReactNode;
  /** Called when the last rows are near the viewport: load the next page. */
  onNearEnd?: () => void;
}

/**
 * A grid that renders only the rows near the viewport, so a person with 5,000 faces costs what 60 cost. The page
 * scrolls as a whole (window virtualiser), so the header and toolbars stay where readers expect them.
 */
export function VirtualGrid<T>({ items, minTileWidth, rowHeight, gap = 12, label, itemKey, renderItem, onNearEnd }: VirtualGridProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [top, setTop] = useState(0);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => {
      setWidth(element.clientWidth);
      setTop(element.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + gap) / (minTileWidth + gap)));
  const tileWidth = width === 0 ? minTileWidth : Math.floor((width - gap * (columns - 1)) / columns);
  const height = rowHeight(tileWidth);
  const rows = Math.ceil(items.length / columns);
  const virtualizer = useWindowVirtualizer({ count: rows, estimateSize: () => height + gap, overscan: 3, scrollMargin: top });

  // A new column count or tile size changes every row's height.
  useEffect(() => virtualizer.measure(), [virtualizer, height, columns]);

  const virtualRows = virtualizer.getVirtualItems();
  const lastRow = virtualRows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && rows > 0 && lastRow >= rows - 4) onNearEnd();
  }, [onNearEnd, lastRow, rows]);

  return (
    <div ref={ref} className="virtual-grid" role="list" aria-label={label} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {virtualRows.map((row) => (
        <div
          key={row.key}
          role="none"
          className="virtual-row"
          style={{
            position: 'absolute',
            left: 0,
            right: 0,
            height,
            transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
            gridTemplateColumns: `repeat(${columns}, ${tileWidth}px)`,
            gap,
          }}
        >
          {items.slice(row.index * columns, (row.index + 1) * columns).map((item, i) => (
            <div role="listitem" key={itemKey(item)} className="virtual-cell">
              {renderItem(item, row.index * columns + i, tileWidth)}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
