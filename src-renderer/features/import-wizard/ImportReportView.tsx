import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { ImportReport, RejectedRow, RejectionCode } from '@shared/contract/import';
import { datasetLabels } from '@shared/domain/datasets';
import { client } from '../../client';
import { toAppError } from '../../ui/errors';
import { formatCount, formatDuration } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { saveTextFile } from '../../ui/save-file';
import { ErrorPanel, Missing } from '../../ui/states';
import { VirtualTable } from '../../ui/table/VirtualTable';
import type { AppError } from '@shared/errors';
import { ChurnedReading } from './ChurnedReading';
import { roleLabel, typeLabels } from './wizard-model';

export const rejectionLabels: Record<RejectionCode, string> = {
  ragged_row: 'Wrong number of fields',
  missing_id: 'Missing customer ID',
  duplicate_id: 'Duplicate customer ID',
  bad_value: 'Value does not fit its column',
  missing_churned: 'Missing churned flag',
  unknown_churned_value: 'Unknown churned value',
  end_before_start: 'End date before start date',
  negative_tenure: 'Negative tenure',
  missing_value: 'Required value missing',
  negative_amount: 'Negative amount',
  score_out_of_range: 'Score out of range',
  unknown_customer: 'Customer not in the customer table',
  duplicate_row: 'Duplicate row',
  repeated_header: 'Header line repeated',
};

/** What an import did (or, for a dry run, would do): counts, every problem and why, the columns. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const labels = datasetLabels[report.kind];
  const verb = report.dryRun ? 'Would import' : 'Imported';
  // The first rejected row of each problem says, in its own words, what was wrong.
  const exampleReason = new Map<RejectionCode, RejectedRow>();
  for (const row of report.rejected) if (!exampleReason.has(row.code)) exampleReason.set(row.code, row);

  return (
    <div className="report stack">
      <dl className="report-figures">
        <Figure label="Rows read" value={formatCount(report.rowsRead)} testId="figure-read" />
        <Figure label={verb} value={formatCount(report.imported)} tone="success" testId="figure-imported" />
        <Figure
          label="Rejected"
          value={formatCount(report.rejectedCount)}
          tone={report.rejectedCount ? 'danger' : undefined}
          testId="figure-rejected"
        />
        {report.replaced > 0 && (
          <Figure
            label={report.dryRun ? 'Would replace' : 'Replaced'}
            value={formatCount(report.replaced)}
            hint={`${labels.many} already in the project`}
          />
        )}
        <Figure label={report.dryRun ? 'Checked in' : 'Took'} value={formatDuration(report.durationMs)} />
      </dl>

      {report.churnedValues && (
        <p className="small muted">
          Churned flag read as: <ChurnedReading {...report.churnedValues} />
        </p>
      )}

      {report.rejectionSummary.length > 0 && (
        <section className="stack" aria-labelledby="rejections-title">
          <div className="row report-section-head">
            <h3 id="rejections-title">Problems found</h3>
            <span className="spacer" />
            {report.rejectedCsv && <SaveRejectedButton id={report.rejectedCsv} />}
          </div>
          <table className="summary-table problems-table" aria-labelledby="rejections-title">
            <thead>
              <tr>
                <th scope="col">Problem</th>
                <th scope="col" className="num-col">
                  Rows
                </th>
                <th scope="col">For example, lines</th>
                <th scope="col">Reason, for the first of them</th>
              </tr>
            </thead>
            <tbody>
              {report.rejectionSummary.map((entry) => {
                const example = exampleReason.get(entry.code);
                return (
                  <tr key={entry.code}>
                    <td>{rejectionLabels[entry.code]}</td>
                    <td className="num num-col">{formatCount(entry.count)}</td>
                    <td className="num">{entry.exampleLines.slice(0, 8).join(', ')}</td>
                    <td className="small problems-reason">
                      {example ? (
                        <>
                          <span className="muted">line {example.line}: </span>
                          {example.reason}
                        </>
                      ) : (
                        <Missing />
                      )}
                    </td>
                  </tr>
                );
              })}
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
                  {roleLabel(report.kind, column.role)}
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

/** Fetches every rejected row with its reason as CSV and saves it as a file (Electron and browser alike). */
export function SaveRejectedButton({ id }: { id: string }) {
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'saving' }
    | { status: 'saved'; fileName: string; rows: number }
    | { status: 'failed'; error: AppError }
  >({ status: 'idle' });
  const save = async () => {
    setState({ status: 'saving' });
    try {
      const file = await client.import.rejectedCsv({ id });
      saveTextFile(file.fileName, file.csv);
      setState({ status: 'saved', fileName: file.fileName, rows: file.rows });
    } catch (error) {
      setState({ status: 'failed', error: toAppError(error) });
    }
  };
  return (
    <div className="save-rejected">
      {state.status === 'saved' && (
        <span className="small muted" role="status">
          Saved {formatCount(state.rows)} rows as {state.fileName}
        </span>
      )}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void save()}
        disabled={state.status === 'saving'}
      >
        <Icon name="download" size={14} />
        {state.status === 'saving' ? 'Saving…' : 'Save rejected rows as CSV…'}
      </button>
      {state.status === 'failed' && (
        <ErrorPanel compact error={state.error} title="The rejected rows could not be saved" />
      )}
    </div>
  );
}

function Figure({
  label,
  value,
  tone,
  hint,
  testId,
}: {
  label: string;
  value: string;
  tone?: 'success' | 'danger';
  hint?: string;
  testId?: string;
}) {
  return (
    <div className={tone ? `report-figure report-figure-${tone}` : 'report-figure'} data-testid={testId}>
      <dt>{label}</dt>
      <dd className="num">{value}</dd>
      {hint && <dd className="small faint">{hint}</dd>}
    </div>
  );
}

const rejectedColumns: ColumnDef<RejectedRow>[] = [
  { id: 'line', header: 'Line', size: 80, meta: { align: 'right' } },
  { id: 'code', header: 'Problem', size: 230 },
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
    // As tall as the rows need (header + 30 px a row), up to 320 px; the table scrolls inside beyond that.
    <div className="rejected-table" style={{ height: Math.min(320, 40 + rows.length * 30) }}>
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
