import { lazy, Suspense, useState } from 'react';
import type { ChurnOverTimeResponse } from '@shared/contract/retention';
import { client } from '../../../client';
import { dash, formatCount, formatShare } from '../../../ui/format';
import { Icon } from '../../../ui/Icon';
import { EmptyState, Loading } from '../../../ui/states';
import { useAsync } from '../../../ui/use-async';
import { useDebouncedValue } from '../../../ui/use-debounced';
import { AnalysisProblem } from '../AnalysisProblem';
import { RetentionPage, ToolbarSelect, useCustomerColumns, type RetentionViewProps } from '../RetentionPage';
import { analysisCaption } from '../segment';
import {
  formatMoney,
  kpiCards,
  periodRows,
  periodWords,
  reconciliationTables,
  shareOrDash,
  sparkPaths,
  type KpiCard,
  type PeriodUnit,
  type ReconciliationTable,
  unseenChurnNote,
} from './churn-view-model';
import './churn-over-time.css';
import './retention-charts.css';

// ECharts is most of the bundle: it loads with the first chart, not with the page.
const CustomerChart = lazy(() => import('./ChurnCharts').then((m) => ({ default: m.CustomerChart })));
const MrrChart = lazy(() => import('./ChurnCharts').then((m) => ({ default: m.MrrChart })));

type SamePeriod = ChurnOverTimeResponse['samePeriodChurn'];
type AnnualPlans = 'normalised' | 'as-imported';

const periodOptions: { value: PeriodUnit; label: string }[] = [
  { value: 'month', label: 'Month' },
  { value: 'week', label: 'Week' },
  { value: 'quarter', label: 'Quarter' },
];

const samePeriodOptions: { value: SamePeriod; label: string }[] = [
  { value: 'excluded-from-churned', label: 'Counted as new, not as churned' },
  { value: 'counted', label: 'Counted as new and as churned' },
  { value: 'ignored', label: 'Left out entirely' },
];

const annualOptions: { value: AnnualPlans; label: string }[] = [
  { value: 'normalised', label: 'Divided by 12 (monthly MRR)' },
  { value: 'as-imported', label: 'As imported' },
];

/** Churn per month, week or quarter: KPI header, customers chart, MRR movements, period table, reconciliation. */
export function ChurnOverTimeView(props: RetentionViewProps) {
  const { project, dataVersion, segment } = props;
  const columns = useCustomerColumns(project.path, dataVersion);
  const [period, setPeriod] = useState<PeriodUnit>('month');
  const [samePeriod, setSamePeriod] = useState<SamePeriod>('excluded-from-churned');
  const [windowMode, setWindowMode] = useState<'any' | 'within'>('any');
  const [windowDays, setWindowDays] = useState('90');
  const [annualPlans, setAnnualPlans] = useState<AnnualPlans>('normalised');
  const days = useDebouncedValue(windowDays, 400);
  const parsedDays = Number(days);
  const validDays = Number.isInteger(parsedDays) && parsedDays >= 1 && parsedDays <= 3650;

  const request = {
    period,
    samePeriodChurn: samePeriod,
    reactivationWindowDays: windowMode === 'within' && validDays ? parsedDays : null,
    annualPlans,
    filters: segment,
  };
  const state = useAsync(`${project.path}\u0000${dataVersion}\u0000${JSON.stringify(request)}`, (signal) =>
    client.retention.churnOverTime({ project: project.path, ...request }, { signal }),
  );
  const shown = state.data ?? state.previous;
  const annualCount = shown?.mrr?.annualSubscriptions ?? 0;

  const controls = (
    <>
      <ToolbarSelect
        label="Period"
        value={period}
        options={periodOptions}
        onChange={setPeriod}
        testId="churn-period"
      />
      <ToolbarSelect
        label="Joined and left in the same period"
        value={samePeriod}
        options={samePeriodOptions}
        onChange={setSamePeriod}
        testId="churn-same-period"
      />
      <ToolbarSelect
        label="A return counts as reactivation"
        value={windowMode}
        options={[
          { value: 'any', label: 'Any time' },
          { value: 'within', label: 'Only within…' },
        ]}
        onChange={setWindowMode}
        testId="churn-window-mode"
      />
      {windowMode === 'within' && (
        <label className="toolbar-field">
          <input
            className="input input-small churn-window-days"
            type="number"
            min={1}
            max={3650}
            value={windowDays}
            aria-label="Reactivation window in days"
            aria-invalid={!validDays}
            onChange={(event) => setWindowDays(event.target.value)}
          />
          <span className="toolbar-field-label">days of leaving</span>
        </label>
      )}
      {annualCount > 0 && (
        <ToolbarSelect
          label="Annual plans"
          value={annualPlans}
          options={annualOptions}
          onChange={setAnnualPlans}
          testId="churn-annual-plans"
        />
      )}
    </>
  );

  return (
    <RetentionPage
      view={props}
      title="Churn over time"
      subtitle="How many customers joined, came back and left in each period, and what that did to revenue."
      applied={shown ? shown.definition : undefined}
      columns={columns}
      controls={controls}
    >
      {state.status === 'error' ? (
        <AnalysisProblem
          error={state.error}
          view={props}
          icon="churnRate"
          unavailableTitle="Churn over time cannot be computed yet"
          failedTitle="Churn over time could not be computed"
          onRetry={state.reload}
        />
      ) : !shown ? (
        <Loading label="Counting customers per period…" />
      ) : shown.periods.length === 0 ? (
        <EmptyState icon="churnRate" title="No periods to show">
          No customer in this segment has a first activity date.
        </EmptyState>
      ) : (
        <div
          className={state.status === 'loading' ? 'churn-body churn-body-loading' : 'churn-body'}
          aria-busy={state.status === 'loading'}
        >
          <ChurnResult
            response={shown}
            caption={analysisCaption(shown.definition, shown.asOf, segment, columns)}
          />
        </div>
      )}
    </RetentionPage>
  );
}

function ChurnResult({ response, caption }: { response: ChurnOverTimeResponse; caption: string }) {
  const unit = periodWords[response.period];
  return (
    <>
      <UnseenChurn response={response} />
      <KpiHeader response={response} />
      <Suspense fallback={<Loading label="Drawing the charts…" />}>
        <CustomerChart response={response} caption={caption} />
        {response.mrr && <MrrChart response={response} caption={caption} />}
      </Suspense>
      <ReconciliationSection response={response} />
      <section className="churn-section" aria-labelledby="churn-periods-title">
        <h2 id="churn-periods-title" className="churn-section-title">
          Every {unit.one}, latest first
        </h2>
        <p className="churn-section-text">
          {formatCount(response.customers)} customers counted ({response.basis}).
          {response.withoutStart > 0 &&
            ` ${formatCount(response.withoutStart)} more are left out because they have no first activity date.`}
        </p>
        <PeriodTable response={response} />
      </section>
    </>
  );
}

function UnseenChurn({ response }: { response: ChurnOverTimeResponse }) {
  const note = unseenChurnNote(response);
  if (!note) return null;
  return (
    <p className="callout callout-warning churn-unseen" data-testid="churn-unseen-note">
      <Icon name="warning" size={16} /> <span>{note}</span>
    </p>
  );
}

function KpiHeader({ response }: { response: ChurnOverTimeResponse }) {
  const cards = kpiCards(response);
  return (
    <section className="churn-kpis" aria-label="Key figures" data-testid="churn-kpis">
      {cards.map((card) => (
        <KpiCardView key={card.id} card={card} />
      ))}
    </section>
  );
}

function KpiCardView({ card }: { card: KpiCard }) {
  return (
    <div className="churn-kpi" data-testid={`kpi-${card.id}`}>
      <div className="churn-kpi-label">{card.label}</div>
      <div className={card.value === dash ? 'churn-kpi-value churn-kpi-missing' : 'churn-kpi-value'}>
        {card.value}
      </div>
      {card.change && (
        <div
          className={`churn-kpi-change churn-kpi-${card.change.tone}`}
          data-testid={`kpi-${card.id}-change`}
        >
          {card.change.text}
        </div>
      )}
      <div className="churn-kpi-note">{card.note}</div>
    </div>
  );
}

function PeriodTable({ response }: { response: ChurnOverTimeResponse }) {
  const rows = periodRows(response);
  const mrr = response.mrr;
  const money = (value: number) => formatMoney(value, mrr?.currency ?? null);
  return (
    <div
      className="figure-table-scroll churn-period-scroll"
      tabIndex={0}
      role="region"
      aria-label="Periods table"
    >
      <table className="figure-table churn-period-table" data-testid="churn-period-table">
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">At start</th>
            <th scope="col">New</th>
            <th scope="col">Reactivated</th>
            <th scope="col">Churned</th>
            <th scope="col" title="Joined and left within the period">
              Joined and left
            </th>
            <th scope="col">At end</th>
            <th scope="col">Churn rate</th>
            <th scope="col" title="Churned over the mean of customers at start and at end">
              Over average
            </th>
            <th scope="col">Daily sum</th>
            <th scope="col">Retention</th>
            {mrr && (
              <>
                <th scope="col">MRR at start</th>
                <th scope="col">New MRR</th>
                <th scope="col">Expansion</th>
                <th scope="col">Reactivation</th>
                <th scope="col">Contraction</th>
                <th scope="col">Churned MRR</th>
                <th scope="col">MRR at end</th>
                <th scope="col">Gross rev. churn</th>
                <th scope="col">Net rev. churn</th>
                <th scope="col">NRR</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ period: p, mrr: m }) => (
            <tr key={p.period} className={p.complete ? undefined : 'churn-row-incomplete'}>
              <th scope="row">
                {p.period}
                {!p.complete && <span className="churn-badge">not over</span>}
              </th>
              <td>{formatCount(p.customersAtStart)}</td>
              <td>{formatCount(p.newCustomers)}</td>
              <td>{formatCount(p.reactivated)}</td>
              <td>{formatCount(p.churned)}</td>
              <td>{formatCount(p.joinedAndChurned)}</td>
              <td>{formatCount(p.customersAtEnd)}</td>
              <td>{shareOrDash(p.churnRate)}</td>
              <td>{shareOrDash(p.averageCustomersChurnRate)}</td>
              <td>{shareOrDash(p.dailySumChurnRate)}</td>
              <td>{shareOrDash(p.retentionRate)}</td>
              {mrr &&
                (m ? (
                  <>
                    <td>{money(m.mrrAtStart)}</td>
                    <td>{money(m.newMrr)}</td>
                    <td>{money(m.expansion)}</td>
                    <td>{money(m.reactivation)}</td>
                    <td>{money(m.contraction)}</td>
                    <td>{money(m.churned)}</td>
                    <td>{money(m.mrrAtEnd)}</td>
                    <td>{shareOrDash(m.grossRevenueChurn)}</td>
                    <td>{shareOrDash(m.netRevenueChurn)}</td>
                    <td>{shareOrDash(m.netRevenueRetention)}</td>
                  </>
                ) : (
                  <td colSpan={10} className="churn-cell-none">
                    no subscriptions yet
                  </td>
                ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReconciliationSection({ response }: { response: ChurnOverTimeResponse }) {
  const tables = reconciliationTables(response);
  if (tables.length === 0) return null;
  return (
    <section
      className="churn-section"
      aria-labelledby="churn-reconciliation-title"
      data-testid="churn-reconciliation"
    >
      <h2 id="churn-reconciliation-title" className="churn-section-title">
        The same churn, counted other ways
      </h2>
      <p className="churn-section-text">
        Billing tools and analysts count churn differently. Each row is one common way, over the same
        customers; the highlighted rows are what the charts and figures above use. If another tool reports a
        different number, find its row here.
      </p>
      {tables.map((table) => (
        <ReconciliationTableView key={table.measure} table={table} unit={response.period} />
      ))}
    </section>
  );
}

function ReconciliationTableView({ table, unit }: { table: ReconciliationTable; unit: PeriodUnit }) {
  const words = periodWords[unit];
  return (
    <div
      className="figure-table-scroll churn-reconciliation-scroll"
      tabIndex={0}
      role="region"
      aria-label={`${table.title}, counted other ways`}
    >
      <table
        className="figure-table churn-reconciliation-table"
        data-testid={`reconciliation-${table.measure}`}
      >
        <caption className="churn-table-caption">{table.title}</caption>
        <thead>
          <tr>
            <th scope="col">Way of counting</th>
            <th scope="col" title="The latest complete period">
              Latest
            </th>
            <th scope="col">Previous</th>
            <th scope="col">Change</th>
            <th scope="col">Average, last 12</th>
            {table.recent.map((p) => (
              <th scope="col" key={p.period}>
                {p.period}
                {!p.complete && <span className="churn-period-head-note">not over</span>}
              </th>
            ))}
            <th scope="col" title={`The complete ${words.many}, up to the last 24`}>
              Trend
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr
              key={r.row.id}
              className={r.row.current ? 'churn-row-current' : undefined}
              data-current={r.row.current}
            >
              <th scope="row" className="churn-variant">
                <span className="churn-variant-label">
                  {r.row.label}
                  {r.row.current && <span className="churn-badge churn-badge-current">in use</span>}
                </span>
                <span className="churn-variant-text">{r.row.description}</span>
              </th>
              <td>{r.latest}</td>
              <td>{r.previous}</td>
              <td>{r.change}</td>
              <td>{r.average}</td>
              {r.recent.map((value, i) => (
                <td key={table.recent[i]?.period ?? i}>{value}</td>
              ))}
              <td>
                <Sparkline
                  values={r.spark}
                  label={`${r.row.label}: the last ${r.spark.length} complete ${words.many}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const width = 96;
  const height = 24;
  const paths = sparkPaths(values, width, height);
  const present = values.filter((v): v is number => v !== null);
  const summary =
    present.length > 0
      ? `${label}, from ${formatShare(present[0]!)} to ${formatShare(present[present.length - 1]!)}`
      : `${label}: no values`;
  return (
    <svg
      className="churn-spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={summary}
    >
      {paths.map((points) => (
        <polyline key={points} points={points} className="churn-spark-line" />
      ))}
    </svg>
  );
}
