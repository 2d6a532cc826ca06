import { lazy, Suspense } from 'react';
import type { ColumnQuality, DatasetQuality, QualityWarning } from '@shared/contract/quality';
import type { ProjectInfo } from '@shared/contract/project';
import { datasetLabels } from '@shared/domain/datasets';
import { client } from '../../client';
import { formatCount, formatNumber, formatShare, plural } from '../../ui/format';
import { Icon, type IconName } from '../../ui/Icon';
import { Page } from '../../ui/layout/Shell';
import { EmptyState, ErrorPanel, Loading, PageNotReady } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { roleLabel, typeLabels } from '../import-wizard/wizard-model';
import './quality.css';

const RowsByMonthChart = lazy(() =>
  import('../../charts/RowsByMonthChart').then((module) => ({ default: module.RowsByMonthChart })),
);

const severities: Record<QualityWarning['severity'], { icon: IconName; label: string }> = {
  problem: { icon: 'alert', label: 'Problem' },
  warning: { icon: 'warning', label: 'Warning' },
  info: { icon: 'info', label: 'Note' },
};
const severityOrder: QualityWarning['severity'][] = ['problem', 'warning', 'info'];

/**
 * Data → Data quality: what matters for churn analysis first (warnings, worst first), then each dataset:
 * its size and date range, rows per month (gaps show), and every column's missing share, distinct values,
 * summary and distribution.
 */
export function QualityView({
  project,
  dataVersion,
  onImport,
}: {
  project: ProjectInfo;
  dataVersion: number;
  onImport: () => void;
}) {
  const report = useAsync(`${project.path}\u0000${dataVersion}`, (signal) =>
    client.quality.report({ project: project.path }, { signal }),
  );
  const shown = report.data ?? report.previous;

  if (!shown) {
    return (
      <PageNotReady
        title="Data quality"
        state={report}
        loadingLabel="Checking the data…"
        errorTitle="The data could not be checked"
      />
    );
  }
  if (shown.datasets.length === 0) {
    return (
      <Page title="Data quality">
        <EmptyState
          icon="quality"
          title="No data to check yet"
          action={
            <button type="button" className="btn btn-primary" onClick={onImport}>
              <Icon name="import" size={15} /> Import data
            </button>
          }
        >
          Once a file is imported, this page shows each dataset’s rows, date range and gaps, the missing share
          and spread of every column, and what could mislead a churn analysis.
        </EmptyState>
      </Page>
    );
  }

  const warnings = [...shown.warnings].sort(
    (a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity),
  );
  return (
    <Page
      title="Data quality"
      subtitle={`${plural(shown.datasets.length, 'dataset')} · ${
        warnings.length
          ? plural(warnings.length, 'thing', 'things') + ' to look at'
          : 'nothing that needs attention'
      }`}
      wide
    >
      {report.status === 'error' && (
        <ErrorPanel error={report.error} title="The data could not be re-checked" onRetry={report.reload} />
      )}
      <Warnings warnings={warnings} />
      {shown.datasets.map((dataset) => (
        <DatasetCard key={dataset.kind} dataset={dataset} />
      ))}
    </Page>
  );
}

function Warnings({ warnings }: { warnings: QualityWarning[] }) {
  if (warnings.length === 0) {
    return (
      <div className="callout callout-success" role="status">
        <Icon name="check" size={18} />
        <p>No warnings: enough churn events, no activity after churn, no gaps in the dates.</p>
      </div>
    );
  }
  return (
    <section className="panel quality-warnings" aria-labelledby="warnings-title">
      <div className="panel-header">
        <h2 id="warnings-title">What to look at</h2>
      </div>
      <ul className="warning-list">
        {warnings.map((warning, index) => (
          <li key={`${warning.code}-${index}`} className={`warning-item warning-${warning.severity}`}>
            <Icon name={severities[warning.severity].icon} size={18} className="warning-icon" />
            <span className="visually-hidden">{severities[warning.severity].label}: </span>
            <div className="warning-body">
              <p>
                {warning.dataset && <span className="badge">{datasetLabels[warning.dataset].title}</span>}{' '}
                {warning.message}
              </p>
              {warning.examples.length > 0 && (
                <p className="small muted">
                  For example:{' '}
                  {warning.examples.map((example) => (
                    <span key={example} className="top-value mono">
                      {example}
                    </span>
                  ))}
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DatasetCard({ dataset }: { dataset: DatasetQuality }) {
  const labels = datasetLabels[dataset.kind];
  const titleId = `quality-${dataset.kind}`;
  return (
    <section
      className="panel quality-dataset"
      aria-labelledby={titleId}
      data-testid={`quality-${dataset.kind}`}
    >
      <div className="panel-header">
        <h2 id={titleId}>{labels.title}</h2>
        <dl className="quality-facts">
          <div>
            <dt>Rows</dt>
            <dd className="num">{formatCount(dataset.rows)}</dd>
          </div>
          <div>
            <dt>Customers</dt>
            <dd className="num">{formatCount(dataset.customers)}</dd>
          </div>
          <div>
            <dt>Date range</dt>
            <dd className="num">
              {dataset.dateRange ? `${dataset.dateRange.from} to ${dataset.dateRange.to}` : '—'}
            </dd>
          </div>
        </dl>
      </div>
      <div className="panel-body stack">
        {dataset.rowsByMonth.length > 0 && (
          <Suspense fallback={<Loading label="Drawing the chart…" />}>
            <RowsByMonthChart
              rowsByMonth={dataset.rowsByMonth}
              title={`${labels.title}: rows per month`}
              unit={labels.many}
            />
          </Suspense>
        )}
        <ColumnsTable dataset={dataset} />
      </div>
    </section>
  );
}

function ColumnsTable({ dataset }: { dataset: DatasetQuality }) {
  return (
    <div className="quality-columns-scroll">
      <table
        className="data-table quality-columns"
        aria-label={`Columns of ${datasetLabels[dataset.kind].many}`}
      >
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Role</th>
            <th scope="col">Type</th>
            <th scope="col">Missing</th>
            <th scope="col" className="num-col">
              Distinct
            </th>
            <th scope="col">Summary</th>
            <th scope="col">Distribution</th>
          </tr>
        </thead>
        <tbody>
          {dataset.columns.map((column) => (
            <tr key={column.name}>
              <th scope="row">{column.name}</th>
              <td className="muted">{roleLabel(dataset.kind, column.role)}</td>
              <td>
                <span className={`badge type-badge type-${column.type}`}>{typeLabels[column.type]}</span>
              </td>
              <td>
                <MissingBar column={column} />
              </td>
              <td className="num num-col">{formatCount(column.distinct)}</td>
              <td className="small num quality-summary">{summaryText(column)}</td>
              <td>
                <Distribution column={column} rows={dataset.rows} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MissingBar({ column }: { column: ColumnQuality }) {
  const share = column.missingShare;
  const tone = share >= 0.2 ? 'missing-high' : share > 0 ? 'missing-some' : 'missing-none';
  return (
    <span className="missing-bar" title={`${formatCount(column.missing)} missing (${formatShare(share)})`}>
      <span className="missing-track" aria-hidden="true">
        {/* Width set through the DOM style property, which the CSP allows (it forbids style attributes). */}
        <span
          className={`missing-fill ${tone}`}
          style={{ width: `${Math.max(share > 0 ? 2 : 0, share * 100)}%` }}
        />
      </span>
      <span className="small num">{formatShare(share)}</span>
    </span>
  );
}

function value(of: number | string | null): string {
  if (of === null) return '—';
  return typeof of === 'number' ? formatNumber(Math.round(of * 100) / 100) : of;
}

function summaryText(column: ColumnQuality): string {
  const summary = column.summary;
  if (!summary) return '';
  if (column.type === 'date') {
    return (
      `${value(summary.min)} to ${value(summary.max)}` +
      (summary.median !== null ? ` · median ${value(summary.median)}` : '')
    );
  }
  const parts = [`${value(summary.min)} to ${value(summary.max)}`];
  if (summary.median !== null) parts.push(`median ${value(summary.median)}`);
  if (summary.mean !== null) parts.push(`mean ${value(summary.mean)}`);
  return parts.join(' · ');
}

/** Numbers and dates as a sparkline histogram; categories, flags and text as their most frequent values. */
function Distribution({ column, rows }: { column: ColumnQuality; rows: number }) {
  const bins = column.distribution;
  if (bins.length === 0) return <span className="faint">—</span>;
  // Shares of the rows that have a value (the most frequent values are not all of them).
  const total = Math.max(1, rows - column.missing);
  if (column.type === 'integer' || column.type === 'decimal' || column.type === 'date') {
    const width = 132;
    const height = 26;
    const max = Math.max(...bins.map((bin) => bin.count), 1);
    const step = width / bins.length;
    const describe = bins.map((bin) => `${bin.label}: ${formatCount(bin.count)}`).join(', ');
    return (
      <svg
        className="sparkline"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Distribution of ${column.name}: ${describe}`}
      >
        <title>{describe}</title>
        {bins.map((bin, index) => {
          const h = bin.count === 0 ? 0 : Math.max(1.5, (bin.count / max) * (height - 2));
          return (
            <rect
              key={`${bin.label}-${index}`}
              x={index * step + 0.5}
              y={height - h}
              width={Math.max(1, step - 1)}
              height={h}
              rx={0.5}
            />
          );
        })}
        <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="sparkline-base" />
      </svg>
    );
  }
  if (column.distinct >= total && column.distinct > 1) {
    return <span className="small muted">every value different (identifiers or free text)</span>;
  }
  const shown = bins.slice(0, 3);
  return (
    <span className="top-values quality-top-values">
      {shown.map((bin) => (
        <span key={bin.label} className="top-value" title={`${formatCount(bin.count)} rows`}>
          {bin.label} <span className="faint num">{formatShare(bin.count / total)}</span>
        </span>
      ))}
      {column.distinct > shown.length && (
        <span className="faint small num">+{formatCount(column.distinct - shown.length)} more</span>
      )}
    </span>
  );
}
