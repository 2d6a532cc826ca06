import { flexRender, type Column, type Header, type RowData, type Table } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from '../Icon';
import './table.css';

declare module '@tanstack/react-table' {
  // Augments TanStack's column meta with what our table needs to lay a column out.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    align?: 'left' | 'right';
    /** Stays at the left edge when the table scrolls sideways (only the first column should be). */
    pinned?: boolean;
  }
}

const rowHeight = 30;
const headerHeight = 36;
const filterRowHeight = 36;

/**
 * A virtualised table: TanStack Table gives the column model (headers, sorting state, sizes), and
 * TanStack Virtual renders only the rows in view. Rows come from `getRow(index)` rather than TanStack's
 * row model, so the caller can serve them from a page cache and the table can be a million rows long;
 * a row not loaded yet is drawn as a placeholder.
 *
 * The body is absolutely positioned inside one scroll container, with the header rows sticky on top.
 * Chromium caps an element's height at about 33.5 million px, enough for 1.1 million 30 px rows.
 */
export function VirtualTable<Row>({
  table,
  rowCount,
  getRow,
  renderCell,
  renderFilter,
  onVisibleRangeChange,
  label,
  scrollResetKey,
  emptyMessage,
}: {
  table: Table<Row>;
  rowCount: number;
  getRow: (index: number) => Row | undefined;
  renderCell: (row: Row, column: Column<Row>, index: number) => ReactNode;
  renderFilter?: (column: Column<Row>) => ReactNode;
  onVisibleRangeChange?: (first: number, last: number) => void;
  label: string;
  /** When this changes (a new sort or filter), the table scrolls back to the top. */
  scrollResetKey?: string;
  emptyMessage?: ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headTop = headerHeight + (renderFilter ? filterRowHeight : 0);
  // TanStack Virtual keeps callbacks in an instance: the compiler cannot memoise around it, which is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: headTop,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last >= 0) onVisibleRangeChange?.(first, last);
  }, [first, last, onVisibleRangeChange]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [scrollResetKey]);

  const columns = table.getVisibleLeafColumns();
  const totalWidth = table.getTotalSize();
  const headers = table.getHeaderGroups()[0]?.headers ?? [];

  return (
    <div
      className="vtable"
      ref={scrollRef}
      role="table"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length}
      // Focusable so arrow keys, Page Up/Down and Home/End scroll the rows without a mouse.
      tabIndex={0}
    >
      <div
        className="vtable-inner"
        style={{ width: totalWidth, height: headTop + virtualizer.getTotalSize() }}
      >
        <div className="vtable-head" role="rowgroup">
          <div className="vtable-row vtable-header-row" role="row" aria-rowindex={1}>
            {headers.map((header) => (
              <HeaderCell key={header.id} header={header} />
            ))}
          </div>
          {renderFilter && (
            <div className="vtable-row vtable-filter-row" role="row">
              {columns.map((column) => (
                <div
                  key={column.id}
                  className={pinned(column) ? 'vtable-filter-cell vtable-pinned' : 'vtable-filter-cell'}
                  role="cell"
                  style={{ width: column.getSize() }}
                >
                  {renderFilter(column)}
                </div>
              ))}
            </div>
          )}
        </div>
        <div className="vtable-body" role="rowgroup">
          {items.map((item) => {
            const row = getRow(item.index);
            return (
              <div
                key={item.key}
                className={item.index % 2 ? 'vtable-row vtable-row-odd' : 'vtable-row'}
                role="row"
                aria-rowindex={item.index + 2}
                // item.start already counts the header rows above the body (scrollMargin).
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {columns.map((column) => (
                  <div
                    key={column.id}
                    role="cell"
                    className={cellClass(column)}
                    style={{ width: column.getSize() }}
                  >
                    {row === undefined ? (
                      <span className="vtable-placeholder" />
                    ) : (
                      renderCell(row, column, item.index)
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      {rowCount === 0 && emptyMessage && <div className="vtable-empty">{emptyMessage}</div>}
    </div>
  );
}

function pinned<Row>(column: Column<Row>): boolean {
  return column.columnDef.meta?.pinned === true;
}

function cellClass<Row>(column: Column<Row>): string {
  return [
    'vtable-cell',
    column.columnDef.meta?.align === 'right' && 'vtable-cell-right',
    pinned(column) && 'vtable-pinned',
  ]
    .filter(Boolean)
    .join(' ');
}

function HeaderCell<Row>({ header }: { header: Header<Row, unknown> }) {
  const column = header.column;
  const sorted = column.getIsSorted();
  const canSort = column.getCanSort();
  const content = flexRender(column.columnDef.header, header.getContext());
  const right = column.columnDef.meta?.align === 'right';
  return (
    <div
      role="columnheader"
      className={['vtable-header', right && 'vtable-header-right', pinned(column) && 'vtable-pinned']
        .filter(Boolean)
        .join(' ')}
      style={{ width: header.getSize() }}
      aria-sort={
        sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined
      }
    >
      {canSort ? (
        <button
          type="button"
          className="vtable-sort"
          onClick={column.getToggleSortingHandler()}
          title={
            sorted === 'asc'
              ? 'Sorted ascending — click for descending'
              : sorted === 'desc'
                ? 'Sorted descending — click to unsort'
                : 'Sort ascending'
          }
        >
          <span className="vtable-header-text">{content}</span>
          <Icon
            name={sorted === 'asc' ? 'sortAsc' : sorted === 'desc' ? 'sortDesc' : 'sortNone'}
            size={13}
            className={sorted ? 'vtable-sort-icon vtable-sort-icon-active' : 'vtable-sort-icon'}
          />
        </button>
      ) : (
        <span className="vtable-header-text vtable-header-static">{content}</span>
      )}
      {column.getCanResize() && (
        <div
          className={column.getIsResizing() ? 'vtable-resizer vtable-resizer-active' : 'vtable-resizer'}
          onMouseDown={header.getResizeHandler()}
          onTouchStart={header.getResizeHandler()}
          onDoubleClick={() => column.resetSize()}
          aria-hidden="true"
        />
      )}
    </div>
  );
}
