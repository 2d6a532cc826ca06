import { lazy, Suspense, useState } from 'react';
import type { Overview } from '@shared/contract/overview';
import type { ProjectInfo } from '@shared/contract/project';
import { client } from '../../client';
import { dash, formatCount, formatNumber, formatShare, formatTimestamp } from '../../ui/format';
import { Page } from '../../ui/layout/Shell';
import { ErrorPanel, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { DefinitionLine } from '../churn-definition/DefinitionLine';
import { typeLabels } from '../import-wizard/wizard-model';
import { NoCustomersPage } from '../NoCustomersPage';
import './overview.css';

// ECharts is most of the bundle: it loads with the first chart, not with the start screen.
const ChurnShareChart = lazy(() =>
  import('../../charts/ChurnShareChart').then((module) => ({ default: module.ChurnShareChart })),
);

const attributeKey = (project: string) => `tenure.overview.attribute:${project}`;

/**
 * The headline figures of a project, under a line that says which churn definition they use and the date
 * they describe. App re-creates it whenever the data changes, so it reads the new figures.
 */
export function OverviewView({
  project,
  dataVersion,
  onImport,
  onDefinition,
}: {
  project: ProjectInfo;
  dataVersion: number;
  onImport: () => void;
  onDefinition: () => void;
}) {
  const overview = useAsync(project.path, (signal) =>
    client.overview.get({ project: project.path }, { signal }),
  );

  // Customers are every id in any dataset (a shop's orders alone make customers).
  const empty = project.customers === 0 && project.lastImport === null;
  if (empty || (overview.status === 'ready' && overview.data.customers === 0)) {
    return (
      <NoCustomersPage
        pageTitle="Overview"
        icon="overview"
        title="No customers in this project yet"
        onImport={onImport}
      >
        Import a customer table (one row per customer with an ID and, ideally, a churned flag or start and end
        dates), subscriptions or orders, and the headline figures appear here.
      </NoCustomersPage>
    );
  }

  return (
    <Page
      title="Overview"
      subtitle={
        <span className="overview-subtitle">
          {overview.status === 'ready' && (
            <DefinitionLine
              project={project.path}
              dataVersion={dataVersion}
              applied={overview.data.definition}
              onChange={onDefinition}
            />
          )}
          {project.lastImport && (
            <span className="small muted">
              Last import: {project.lastImport.fileName}, {formatTimestamp(project.lastImport.finishedAt)}
            </span>
          )}
        </span>
      }
    >
      {overview.status === 'loading' && <Loading label="Counting…" />}
      {overview.status === 'error' && (
        <ErrorPanel
          error={overview.error}
          title="The overview could not be computed"
          onRetry={overview.reload}
        />
      )}
      {overview.status === 'ready' && (
        <>
          <Kpis overview={overview.data} />
          <ChurnBreakdown project={project} overview={overview.data} />
        </>
      )}
    </Page>
  );
}

function Kpis({ overview }: { overview: Overview }) {
  const noChurn = 'No churned flag or end dates were imported, so Tenure cannot tell who left.';
  return (
    <section className="kpis" aria-label="Headline figures">
      <Kpi label="Customers" value={formatCount(overview.customers)} testId="kpi-customers" />
      <Kpi
        label="Churned"
        value={overview.churned === null ? dash : formatCount(overview.churned)}
        note={overview.churned === null ? noChurn : (overview.churnBasis ?? undefined)}
        testId="kpi-churned"
      />
      <Kpi
        label="Churn share"
        value={overview.churnShare === null ? dash : formatShare(overview.churnShare)}
        note={
          overview.churnShare === null
            ? noChurn
            : overview.churned !== null
              ? `${formatCount(overview.churned)} of ${formatCount(overview.customers)} customers`
              : undefined
        }
        tone="churn"
        testId="kpi-share"
      />
      <Kpi
        label="Median tenure"
        value={overview.tenure === null ? dash : formatNumber(round(overview.tenure.median))}
        unit={overview.tenure?.unit}
        note={
          overview.tenure === null
            ? 'Needs a tenure column or start dates.'
            : `${overview.tenure.basis}; ${formatCount(overview.tenure.customers)} customers`
        }
        testId="kpi-tenure"
      />
      {overview.asOf !== null && (
        <Kpi
          label="As of"
          value={overview.asOf}
          note={
            overview.definition?.asOfSource === 'user' ? 'The date you set.' : 'The latest date in the data.'
          }
          testId="kpi-asof"
          text
        />
      )}
    </section>
  );
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
}

function Kpi({
  label,
  value,
  unit,
  note,
  tone,
  testId,
  text = false,
}: {
  label: string;
  value: string;
  /** A date or word rather than a figure: set smaller so it fits on one line. */
  text?: boolean;
  unit?: string;
  note?: string;
  tone?: 'churn';
  testId: string;
}) {
  return (
    <div className={tone ? `kpi kpi-${tone}` : 'kpi'} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div
        className={['kpi-value', 'num', text && 'kpi-value-text', value === dash && 'kpi-value-missing']
          .filter(Boolean)
          .join(' ')}
      >
        {value}
        {unit && value !== dash && <span className="kpi-unit"> {unit}</span>}
      </div>
      {note && <div className="kpi-note">{note}</div>}
    </div>
  );
}

/** Picks the attribute to break churn down by: the remembered one, else the first category-like one. */
function defaultAttribute(project: string, overview: Overview): string | null {
  const remembered = localStorage.getItem(attributeKey(project));
  if (remembered && overview.attributes.some((attribute) => attribute.key === remembered)) return remembered;
  const categorical = overview.attributes.find(
    (attribute) => attribute.type === 'category' || attribute.type === 'boolean',
  );
  return (categorical ?? overview.attributes[0])?.key ?? null;
}

function ChurnBreakdown({ project, overview }: { project: ProjectInfo; overview: Overview }) {
  // The overview is fixed for the life of this component (a new import re-creates the view).
  const [key, setKey] = useState(() => defaultAttribute(project.path, overview));
  const breakdown = useAsync(
    key === null || overview.churned === null ? null : `${project.path}\u0000${key}`,
    (signal) => client.overview.churnBy({ project: project.path, key: key! }, { signal }),
  );

  if (overview.attributes.length === 0) return null;

  const choose = (next: string) => {
    setKey(next);
    localStorage.setItem(attributeKey(project.path), next);
  };
  const shown = breakdown.data ?? breakdown.previous;

  return (
    <section className="panel breakdown" aria-labelledby="breakdown-title">
      <div className="panel-header">
        <h2 id="breakdown-title">Who churns</h2>
        {overview.churned !== null && (
          <label className="row breakdown-picker">
            <span className="field-label">Break down by</span>
            <select
              className="select"
              value={key ?? ''}
              onChange={(event) => choose(event.target.value)}
              aria-label="Attribute to break churn down by"
            >
              {overview.attributes.map((attribute) => (
                <option key={attribute.key} value={attribute.key}>
                  {attribute.name} ({typeLabels[attribute.type].toLowerCase()})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="panel-body breakdown-body" aria-busy={breakdown.status === 'loading'}>
        {overview.churned === null ? (
          <p className="muted">Churn by attribute needs a churned flag or end dates.</p>
        ) : breakdown.status === 'error' ? (
          <ErrorPanel
            error={breakdown.error}
            title="This breakdown could not be computed"
            onRetry={breakdown.reload}
          />
        ) : shown ? (
          <>
            <div className={breakdown.status === 'loading' ? 'chart-wrap chart-wrap-loading' : 'chart-wrap'}>
              <Suspense fallback={<Loading label="Drawing the chart…" />}>
                <ChurnShareChart data={shown} />
              </Suspense>
            </div>
            <details className="breakdown-table">
              <summary>Show as a table</summary>
              <table className="summary-table">
                <thead>
                  <tr>
                    <th scope="col">{shown.name}</th>
                    <th scope="col" className="num-col">
                      Customers
                    </th>
                    <th scope="col" className="num-col">
                      Churned
                    </th>
                    <th scope="col" className="num-col">
                      Churn share
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.groups.map((group) => (
                    <tr key={group.label}>
                      <td>{group.label}</td>
                      <td className="num num-col">{formatCount(group.customers)}</td>
                      <td className="num num-col">{formatCount(group.churned)}</td>
                      <td className="num num-col">{formatShare(group.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : (
          <Loading label="Computing the breakdown…" />
        )}
      </div>
    </section>
  );
}
