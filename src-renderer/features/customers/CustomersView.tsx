import {
  getCoreRowModel,
  useReactTable,
  type Column,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { CustomerColumn, CustomerFilter } from '@shared/contract/customers';
import type { ProjectInfo } from '@shared/contract/project';
import { client } from '../../client';
import { formatCell, formatCount } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Page } from '../../ui/layout/Shell';
import { ErrorPanel, Loading, Missing } from '../../ui/states';
import { VirtualTable } from '../../ui/table/VirtualTable';
import { useAsync } from '../../ui/use-async';
import { useDebouncedValue } from '../../ui/use-debounced';
import { DefinitionLine } from '../churn-definition/DefinitionLine';
import { NoCustomersPage } from '../NoCustomersPage';
import { customerPages, type CustomerQuery, type CustomerRow } from './customer-pages';
import { FilterCell, toFilter, type FilterDraft } from './filters';
import './customers.css';

/**
 * The customer table of a project, under the churn definition its "churned" column follows. App re-creates
 * it whenever the data changes, so it reads the new table.
 */
export function CustomersView({
  project,
  onImport,
  onDefinition,
}: {
  project: ProjectInfo;
  onImport: () => void;
  onDefinition: () => void;
}) {
  const columns = useAsync(project.path, (signal) =>
    client.customers.columns({ project: project.path }, { signal }),
  );

  // A project with no import at all has no customers; otherwise the view has them (whatever kind of data
  // they came from).
  if (project.customers === 0 && project.lastImport === null) {
    return (
      <NoCustomersPage pageTitle="Customers" icon="customers" title="No customers yet" onImport={onImport}>
        Import customers, subscriptions or orders to see every customer here, sorted and filtered as you like.
      </NoCustomersPage>
    );
  }

  return (
    <Page
      title="Customers"
      subtitle={<DefinitionLine project={project.path} dataVersion={0} onChange={onDefinition} />}
      wide
      fill
    >
      {columns.status === 'loading' && <Loading label="Loading the columns…" />}
      {columns.status === 'error' && (
        <ErrorPanel
          error={columns.error}
          title="The customer table could not be read"
          onRetry={columns.reload}
        />
      )}
      {columns.status === 'ready' && <CustomersTable project={project} columns={columns.data.columns} />}
    </Page>
  );
}

const emptyData: CustomerRow[] = [];

/** Wide enough for the values of the type and for the header (about 8 px a bold character, plus the sort mark). */
function columnWidth(column: CustomerColumn): number {
  const forHeader = Math.min(280, Math.round(column.name.length * 8.2) + 50);
  const forValues: Record<CustomerColumn['type'], number> = {
    integer: 116,
    decimal: 120,
    boolean: 90,
    date: 120,
    category: 160,
    text: 170,
  };
  return Math.max(column.role === 'id' ? 130 : forValues[column.type], forHeader);
}

const roleNames: Partial<Record<CustomerColumn['role'], string>> = {
  id: 'customer ID',
  churned: 'churned flag',
  tenure: 'tenure',
  start: 'start date',
  end: 'end date',
};

function CustomersTable({ project, columns }: { project: ProjectInfo; columns: CustomerColumn[] }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [drafts, setDrafts] = useState<Record<string, FilterDraft>>({});
  const [search, setSearch] = useState('');

  const filters = useMemo(
    () =>
      columns
        .map((column) => toFilter(column, drafts[column.key]))
        .filter((f): f is CustomerFilter => f !== null),
    [columns, drafts],
  );
  // Typing waits for a pause; a click on a header sorts at once.
  const typed = useDebouncedValue({ filters, search: search.trim() }, 300);
  const sortBy = sorting[0];
  const query: CustomerQuery = {
    sort: sortBy ? { key: sortBy.id, direction: sortBy.desc ? 'desc' : 'asc' } : undefined,
    filters: typed.filters,
    search: typed.search || undefined,
  };
  const queryKey = JSON.stringify(query);

  // One page cache per query. A new query starts from the old one's row count so the table does not
  // collapse to nothing and back while the first page of the new order loads.
  const [current, setCurrent] = useState(() => ({
    key: queryKey,
    pages: customerPages(project.path, query, null),
  }));
  if (current.key !== queryKey) {
    setCurrent({ key: queryKey, pages: customerPages(project.path, query, current.pages.total) });
  }
  const pages = current.pages;
  useSyncExternalStore(pages.subscribe, pages.getVersion);
  useEffect(() => {
    pages.want(0, 60);
    return () => pages.dispose();
  }, [pages]);

  // The ID column comes first and stays in view while scrolling sideways.
  const ordered = useMemo(
    () => [...columns.filter((c) => c.role === 'id'), ...columns.filter((c) => c.role !== 'id')],
    [columns],
  );
  const columnDefs = useMemo<ColumnDef<CustomerRow>[]>(
    () =>
      ordered.map((column) => ({
        id: column.key,
        // Rows never go through TanStack's row model (they come from the page cache), but a column needs an
        // accessor to count as sortable.
        accessorFn: (row: CustomerRow) => row[column.key],
        header: () => (
          <span
            title={
              `${column.name}${roleNames[column.role] ? ` — ${roleNames[column.role]}` : ''}${column.unit ? ` (${column.unit})` : ''}` +
              (column.description ? `\n${column.description}` : '')
            }
          >
            {column.name}
          </span>
        ),
        size: columnWidth(column),
        minSize: 60,
        meta: {
          align: column.type === 'integer' || column.type === 'decimal' ? 'right' : 'left',
          pinned: column.role === 'id',
        },
      })),
    [ordered],
  );
  const byKey = useMemo(() => new Map(columns.map((column) => [column.key, column])), [columns]);

  // TanStack Table hands out fresh functions each render; we do not use the React Compiler, so nothing is lost.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: emptyData,
    columns: columnDefs,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableMultiSort: false,
    sortDescFirst: false,
    enableColumnResizing: true,
    columnResizeMode: 'onChange',
  });

  const onRange = useCallback((first: number, last: number) => pages.want(first, last), [pages]);
  const getRow = useCallback((index: number) => pages.getRow(index), [pages]);
  const activeFilters = Object.keys(drafts).length + (search.trim() ? 1 : 0);
  const total = pages.total;
  const filtered = typed.filters.length > 0 || !!typed.search;
  // Every customer id in any dataset: the unfiltered count, remembered for "12 of 23,570 match".
  const [allCustomers, setAllCustomers] = useState<number | null>(null);
  if (!filtered && total !== null && total !== allCustomers) setAllCustomers(total);

  return (
    <div className="customers">
      <div className="customers-toolbar">
        <label className="search-field">
          <Icon name="search" size={15} />
          <span className="visually-hidden">Search customer ID</span>
          <input
            className="input"
            type="search"
            placeholder="Search customer ID…"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        {activeFilters > 0 && (
          <button
            type="button"
            className="btn btn-quiet btn-small"
            onClick={() => {
              setDrafts({});
              setSearch('');
            }}
          >
            <Icon name="close" size={14} /> Clear{' '}
            {activeFilters === 1 ? 'filter' : `${activeFilters} filters`}
          </button>
        )}
        <span className="spacer" />
        <span className="customers-count num" aria-live="polite" data-testid="customers-count">
          {total === null
            ? 'Counting…'
            : filtered
              ? allCustomers === null
                ? `${formatCount(total)} customers match`
                : `${formatCount(total)} of ${formatCount(allCustomers)} customers match`
              : `${formatCount(total)} customers`}
        </span>
      </div>
      {pages.error && (
        <ErrorPanel
          compact
          error={pages.error}
          title="Some rows could not be loaded"
          onRetry={() => pages.retry()}
        />
      )}
      <VirtualTable
        table={table}
        label={`Customers of ${project.name}`}
        rowCount={total ?? 0}
        getRow={getRow}
        onVisibleRangeChange={onRange}
        scrollResetKey={queryKey}
        emptyMessage={total === 0 ? 'No customer matches these filters.' : undefined}
        renderFilter={(column: Column<CustomerRow>) => {
          const customerColumn = byKey.get(column.id);
          if (!customerColumn) return null;
          return (
            <FilterCell
              column={customerColumn}
              draft={drafts[column.id]}
              onChange={(draft) =>
                setDrafts((all) => {
                  const next = { ...all };
                  if (draft) next[column.id] = draft;
                  else delete next[column.id];
                  return next;
                })
              }
            />
          );
        }}
        renderCell={(row, column) => {
          const value = row[column.id] ?? null;
          return value === null ? <Missing /> : formatCell(value);
        }}
      />
    </div>
  );
}
