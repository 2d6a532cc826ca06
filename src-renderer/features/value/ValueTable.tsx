import {
  getCoreRowModel,
  useReactTable,
  type Column,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { RfmSegment, ValueCustomer } from '@shared/contract/value';
import { valueCustomersCsv } from '@shared/value-csv';
import { client } from '../../client';
import { toAppError } from '../../ui/errors';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { saveTextFile } from '../../ui/save-file';
import { ErrorPanel } from '../../ui/states';
import { VirtualTable } from '../../ui/table/VirtualTable';
import { valueCustomersRequest, valuePages, type ValueQuery } from './value-pages';
import {
  formatDecimal,
  formatMoney,
  formatPercent,
  riskTierOrder,
  segmentOrder,
  type RiskTierName,
  type ValueSort,
} from './value-model';

export interface ValueFilters {
  rfmSegment: RfmSegment | null;
  decile: number | null;
  riskTier: RiskTierName | null;
}

const emptyRows: ValueCustomer[] = [];
const sortable = new Set<string>(['clv', 'pAlive', 'expectedPurchases', 'expectedSpend', 'x', 'customerId']);

/** A fit's customers, paged from the project, sortable and filtered; the CSV export reads every page. */
export function ValueTable({
  project,
  model,
  modelName,
  filters,
  onFilters,
  refreshKey,
}: {
  project: string;
  model: number;
  modelName: string;
  filters: ValueFilters;
  onFilters: (filters: ValueFilters) => void;
  /** Changes when the CLV values change (new settings): the pages are read again. */
  refreshKey: string;
}) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'clv', desc: true }]);
  const sortId = sorting[0]?.id ?? 'clv';
  const query: ValueQuery = {
    model,
    sort: (sortable.has(sortId) ? sortId : 'clv') as ValueSort,
    direction: sorting[0]?.desc === false ? 'asc' : 'desc',
    ...(filters.rfmSegment ? { rfmSegment: filters.rfmSegment } : {}),
    ...(filters.decile ? { decile: filters.decile } : {}),
    ...(filters.riskTier ? { riskTier: filters.riskTier } : {}),
  };
  const queryKey = JSON.stringify(query);
  const pagesKey = `${queryKey}\u0000${refreshKey}`;
  const [current, setCurrent] = useState(() => ({ key: pagesKey, pages: valuePages(project, query, null) }));
  if (current.key !== pagesKey) {
    setCurrent({ key: pagesKey, pages: valuePages(project, query, current.pages.total) });
  }
  const pages = current.pages;
  useSyncExternalStore(pages.subscribe, pages.getVersion);
  useEffect(() => {
    pages.want(0, 60);
    return () => pages.dispose();
  }, [pages]);

  const columns = useMemo<ColumnDef<ValueCustomer>[]>(
    () => [
      { id: 'customerId', header: 'Customer', size: 130, meta: { pinned: true } },
      { id: 'clv', header: 'CLV', size: 110, meta: { align: 'right' } },
      { id: 'decile', header: 'Decile', size: 80, enableSorting: false, meta: { align: 'right' } },
      { id: 'pAlive', header: 'P(alive)', size: 100, meta: { align: 'right' } },
      { id: 'expectedPurchases', header: 'Exp. purchases', size: 135, meta: { align: 'right' } },
      { id: 'expectedSpend', header: 'Exp. spend / order', size: 160, meta: { align: 'right' } },
      { id: 'x', header: 'Repeat purchases x', size: 165, meta: { align: 'right' } },
      { id: 'rfmSegment', header: 'RFM segment', size: 150, enableSorting: false },
      { id: 'riskTier', header: 'Risk tier', size: 90, enableSorting: false },
    ],
    [],
  );
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: emptyRows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: true,
  });
  const onRange = useCallback((first: number, last: number) => pages.want(first, last), [pages]);
  const getRow = useCallback((index: number) => pages.getRow(index), [pages]);

  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const all: ValueCustomer[] = [];
      for (let offset = 0; ; offset += 5000) {
        const page = await client.value.customers(valueCustomersRequest(project, query, offset, 5000));
        all.push(...page.customers);
        if (page.customers.length === 0 || all.length >= page.total) break;
      }
      const stem = modelName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'fit';
      saveTextFile(`customer-value-${stem}.csv`, valueCustomersCsv(all));
    } catch (error) {
      setExportError(toAppError(error).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="value-table">
      <div className="customers-toolbar value-table-toolbar" role="group" aria-label="Filters">
        <FilterSelect
          label="RFM segment"
          value={filters.rfmSegment ?? ''}
          testId="value-filter-segment"
          allLabel="All segments"
          options={segmentOrder.map((segment) => ({ value: segment, label: segment }))}
          onChange={(value) => onFilters({ ...filters, rfmSegment: (value || null) as RfmSegment | null })}
        />
        <FilterSelect
          label="CLV decile"
          value={filters.decile ?? ''}
          testId="value-filter-decile"
          allLabel="All deciles"
          options={[10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((d) => ({
            value: d,
            label: d === 10 ? '10 (top 10%)' : d === 1 ? '1 (bottom 10%)' : String(d),
          }))}
          onChange={(value) => onFilters({ ...filters, decile: value ? Number(value) : null })}
        />
        <FilterSelect
          label="Risk tier"
          value={filters.riskTier ?? ''}
          testId="value-filter-risk"
          allLabel="All tiers"
          options={riskTierOrder.map((tier) => ({
            value: tier,
            label: `${tier.charAt(0).toUpperCase() + tier.slice(1)} risk`,
          }))}
          onChange={(value) => onFilters({ ...filters, riskTier: (value || null) as RiskTierName | null })}
        />
        <span className="customers-count num" aria-live="polite" data-testid="value-count">
          {pages.total === null ? 'Counting…' : `${formatCount(pages.total)} customers`}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={() => void exportCsv()} disabled={exporting}>
          <Icon name="download" size={14} /> {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      {exportError && (
        <p className="callout callout-danger" role="alert">
          The customers could not be exported: {exportError}
        </p>
      )}
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
        label={`Customer values of ${modelName}`}
        rowCount={pages.total ?? 0}
        getRow={getRow}
        onVisibleRangeChange={onRange}
        scrollResetKey={queryKey}
        emptyMessage={pages.total === 0 ? 'No customer matches these filters.' : undefined}
        renderCell={(row: ValueCustomer, column: Column<ValueCustomer>) => {
          switch (column.id) {
            case 'customerId':
              return <span className="mono">{row.customerId}</span>;
            case 'clv':
              return <span className="num">{formatMoney(row.clv)}</span>;
            case 'decile':
              return <span className="num">{row.decile ?? '—'}</span>;
            case 'pAlive':
              return <span className="num">{formatPercent(row.pAlive)}</span>;
            case 'expectedPurchases':
              return <span className="num">{formatDecimal(row.expectedPurchases)}</span>;
            case 'expectedSpend':
              return <span className="num">{formatMoney(row.expectedSpend)}</span>;
            case 'x':
              return <span className="num">{formatCount(row.x)}</span>;
            case 'rfmSegment':
              return <span>{row.rfmSegment ?? '—'}</span>;
            default:
              return row.riskTier ? (
                <span className={`badge value-tier-${row.riskTier}`}>{row.riskTier}</span>
              ) : (
                <span className="muted">—</span>
              );
          }
        }}
      />
    </div>
  );
}

/** One filter of the toolbar: a select whose first option (value "") means no filter. */
function FilterSelect({
  label,
  value,
  testId,
  allLabel,
  options,
  onChange,
}: {
  label: string;
  value: string | number;
  testId: string;
  allLabel: string;
  options: readonly { value: string | number; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <label className="toolbar-field">
      <span className="toolbar-field-label">{label}</span>
      <select
        className="select select-small"
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
