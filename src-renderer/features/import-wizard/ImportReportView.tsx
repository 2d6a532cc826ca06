import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { ImportReport, RejectedRow, RejectionCode } from '@shared/contract/import';
import { formatCount, formatDuration } from '../../ui/format';
import { Missing } from '../../ui/states';
import { VirtualTable } from '../../ui/table/VirtualTable';
import { ChurnedReading } from './ChurnedReading';
import { roleLabels, typeLabels } from './wizard-model';

const rejectionLabels: Record<RejectionCode, string> = {
  ragged_row: 'Wrong number of fields',
  missing_id: 'Missing customer ID',
  duplicate_id: 'Duplicate customer ID',
  bad_value: 'Value does not fit its column',
  missing_churned: 'Missing churned flag',
  unknown_churned_value: 'Unknown churned value',
  end_before_start: 'End date before start date',
  negative_tenure: 'Negative tenure',
};

/** What an import did (or, for a dry run, would do): counts, every rejected row and why, the columns. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const verb = report.dryRun ? 'Would import' : 'Imported';
  return (
    <div className="report stack">
      <dl className="report-figures">
        <Figure label="Rows read" value={formatCount(report.rowsRead)} />
        <Figure label={verb} value={formatCount(report.imported)} tone="success" />
        <Figure
          label="Rejected"
          value={formatCount(report.rejectedCount)}
          tone={report.rejectedCount ? 'danger' : undefined}
        />
        {report.replaced > 0 && (
          <Figure
            label={report.dryRun ? 'Would replace' : 'Replaced'}
            value={formatCount(report.replaced)}
            hint="customers already in the project"
          />
        )}
        <Figure label="Checked in" value={formatDuration(report.durationMs)} />
      </dl>

      {report.churnedValues && (
        <p className="small muted">
          Churned flag read as: <ChurnedReading {...report.churnedValues} />
        </p>
      )}

      {report.rejectionSummary.length > 0 && (
        <section className="stack" aria-labelledby="rejections-title">
          <h3 id="rejections-title">Why rows were rejected</h3>
          <table className="summary-table">
            <thead>
              <tr>
                <th scope="col">Problem</th>
                <th scope="col" className="num-col">
                  Rows
                </th>
                <th scope="col">For example, lines</th>
              </tr>
            </thead>
            <tbody>
              {report.rejectionSummary.map((entry) => (
                <tr key={entry.code}>
                  <td>{rejectionLabels[entry.code]}</td>
                  <td className="num num-col">{formatCount(entry.count)}</td>
                  <td className="num">{entry.exampleLines.slice(0, 8).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {report.rejected.length > 0 && (
        <section className="stack" aria-labelledby="rejected-title">
          <h3 id="rejected-title">
            Rejected rows{' '}
            <span className="muted small num">
              {report.rejectedTruncated
                ? `(the first ${formatCount(report.rejected.length)} of ${formatCount(report.rejectedCount)})`
                : `(${formatCount(report.rejected.length)})`}
            </span>
          </h3>
          <RejectedRowsTable rows={report.rejected} />
        </section>
      )}

      <details className="report-columns">
        <summary>
          Columns <span className="muted num">({report.columns.length})</span>
        </summary>
        <table className="summary-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Role</th>
              <th scope="col">Type</th>
              <th scope="col" className="num-col">
                Missing
              </th>
            </tr>
          </thead>
          <tbody>
            {report.columns.map((column) => (
              <tr key={column.name}>
                <td>{column.name}</td>
                <td>
                  {roleLabels[column.role]}
                  {column.unit && <span className="muted"> ({column.unit})</span>}
                </td>
                <td>{typeLabels[column.type]}</td>
                <td className="num num-col">{formatCount(column.missing)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

function Figure({
  label,
  value,
  tone,
  hint,
}: {
  label: string;
  value: string;
  tone?: 'success' | 'danger';
  hint?: string;
}) {
  return (
    <div className={tone ? `report-figure report-figure-${tone}` : 'report-figure'}>
      <dt>{label}</dt>
      <dd className="num">{value}</dd>
      {hint && <dd className="small faint">{hint}</dd>}
    </div>
  );
}

const rejectedColumns: ColumnDef<RejectedRow>[] = [
  { id: 'line', header: 'Line', size: 80, meta: { align: 'right' } },
  { id: 'code', header: 'Problem', size: 210 },
  { id: 'column', header: 'Column', size: 150 },
  { id: 'value', header: 'Value', size: 170 },
  { id: 'reason', header: 'Reason', size: 460 },
];

/** Up to 10,000 rejected rows, virtualised so a badly broken file does not freeze the window. */
function RejectedRowsTable({ rows }: { rows: RejectedRow[] }) {
  // TanStack Table hands out fresh functions each render; we do not use the React Compiler, so nothing is lost.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns: rejectedColumns,
    getCoreRowModel: getCoreRowModel(),
    enableSorting: false,
    enableColumnResizing: true,
    columnResizeMode: 'onChange',
  });
  const getRow = useMemo(() => (index: number) => rows[index], [rows]);
  return (
    <div className="rejected-table">
      <VirtualTable
        table={table}
        label="Rejected rows"
        rowCount={rows.length}
        getRow={getRow}
        renderCell={(row, column) => {
          switch (column.id) {
            case 'line':
              return row.line;
            case 'code':
              return <span title={rejectionLabels[row.code]}>{rejectionLabels[row.code]}</span>;
            case 'column':
              return row.column ?? <Missing />;
            case 'value':
              return row.value === undefined ? (
                <Missing />
              ) : (
                <span className="mono" title={row.value}>
                  {row.value || '(empty)'}
                </span>
              );
            default:
              return <span title={row.reason}>{row.reason}</span>;
          }
        }}
      />
    </div>
  );
}
