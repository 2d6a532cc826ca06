import { useMemo, useState } from 'react';
import type { SurvivalCurves } from '@shared/contract/survival';
import type { ChartData } from '../../../charts/chart-export';
import { ChartCard } from '../../../charts/ChartCard';
import { client } from '../../../client';
import { formatCount } from '../../../ui/format';
import { Loading } from '../../../ui/states';
import { useAsync } from '../../../ui/use-async';
import { RetentionPage, ToolbarSelect, useCustomerColumns, type RetentionViewProps } from '../RetentionPage';
import { analysisCaption, groupableColumns, type Segment } from '../segment';
import type { CustomerColumn } from '@shared/contract/customers';
import { AnalysisProblem } from '../AnalysisProblem';
import { atRiskAt, axisEnd, riskTableTimes } from './at-risk';
import { formatP, formatPercent, formatShareInterval, formatStatistic, formatTime } from './stats-format';
import { confWords, legendRowCount, survivalChartOption } from './survival-chart';
import './survival.css';

type Conf = SurvivalCurves['conf'];
type Unit = SurvivalCurves['unit'];

const confOptions: { value: Conf; label: string }[] = [
  { value: 'log', label: 'Log (R default)' },
  { value: 'log-log', label: 'Log-log' },
  { value: 'plain', label: 'Plain' },
];
const unitOptions: { value: Unit; label: string }[] = [
  { value: 'months', label: 'Months' },
  { value: 'days', label: 'Days' },
];
/** Survival is reported at these times (3, 6, 12 and 24 months, or about as many days). */
const reportTimes: Record<Unit, number[]> = { months: [3, 6, 12, 24], days: [90, 180, 365, 730] };
/** Bands are drawn by default only while they stay readable. */
const bandsByDefault = 4;
const maxGroups = 10;

/** Kaplan–Meier survival curves by an attribute, the number at risk, medians, RMST and the log-rank test. */
export function SurvivalView(
  props: RetentionViewProps & { groupBy: string | null; onGroupByChange: (key: string | null) => void },
) {
  const { project, dataVersion, segment, groupBy } = props;
  const columns = useCustomerColumns(project.path, dataVersion);
  const [conf, setConf] = useState<Conf>('log');
  const [unit, setUnit] = useState<Unit>('months');
  const [bandsChoice, setBandsChoice] = useState<boolean | null>(null);
  const [censorMarks, setCensorMarks] = useState(false);

  const request = {
    project: project.path,
    ...(groupBy ? { groupBy } : {}),
    conf,
    unit,
    times: reportTimes[unit],
    maxGroups,
    filters: segment,
  };
  const requestKey = JSON.stringify(request);
  const state = useAsync(`${project.path}\u0000${dataVersion}\u0000${requestKey}`, (signal) =>
    client.survival.km(request, { signal }),
  );
  const curves = state.data ?? (state.status === 'loading' ? state.previous : undefined);
  const bands = bandsChoice ?? (curves ? curves.groups.length <= bandsByDefault : true);

  const groupOptions = [
    { value: '', label: 'None (all customers)' },
    ...groupableColumns(columns).map((column) => ({ value: column.key, label: column.name })),
  ];
  const controls = (
    <>
      <ToolbarSelect
        label="Group by"
        value={groupBy ?? ''}
        options={groupOptions}
        onChange={(key) => props.onGroupByChange(key === '' ? null : key)}
        testId="survival-group-by"
      />
      <ToolbarSelect
        label="Confidence interval"
        value={conf}
        options={confOptions}
        onChange={setConf}
        testId="survival-conf"
      />
      <ToolbarSelect
        label="Unit"
        value={unit}
        options={unitOptions}
        onChange={setUnit}
        testId="survival-unit"
      />
      <label className="checkbox toolbar-check">
        <input type="checkbox" checked={bands} onChange={(event) => setBandsChoice(event.target.checked)} />
        Confidence bands
      </label>
      <label className="checkbox toolbar-check">
        <input
          type="checkbox"
          checked={censorMarks}
          onChange={(event) => setCensorMarks(event.target.checked)}
        />
        Censoring marks
      </label>
    </>
  );

  return (
    <RetentionPage
      view={props}
      title="Survival curves"
      subtitle="How long customers stay: the share still customers after each month of tenure (Kaplan–Meier)."
      applied={curves ? curves.churnDefinition : undefined}
      columns={columns}
      controls={controls}
    >
      {state.status === 'error' ? (
        <AnalysisProblem
          error={state.error}
          view={props}
          note="Survival curves, the hazard model and the churn drivers need to know who left and when."
          failedTitle="The survival curves could not be computed"
          onRetry={state.reload}
        />
      ) : curves ? (
        <SurvivalResult
          curves={curves}
          segment={segment}
          columns={columns}
          bands={bands}
          censorMarks={censorMarks}
          updating={state.status === 'loading'}
        />
      ) : (
        <Loading label="Computing the survival curves…" />
      )}
    </RetentionPage>
  );
}

function SurvivalResult({
  curves,
  segment,
  columns,
  bands,
  censorMarks,
  updating,
}: {
  curves: SurvivalCurves;
  segment: Segment;
  columns: readonly CustomerColumn[];
  bands: boolean;
  censorMarks: boolean;
  updating: boolean;
}) {
  const unit = curves.unit;
  const maxTime = Math.max(0, ...curves.groups.map((group) => group.points.at(-1)?.time ?? 0));
  const { step, times } = riskTableTimes(maxTime, unit);
  const title = curves.groupBy ? `Survival by ${curves.groupBy.name}` : 'Survival of all customers';
  const caption = `${analysisCaption(curves.churnDefinition, curves.asOf, segment, columns)} · ${confWords[curves.conf]} 95% confidence intervals`;

  const option = useMemo(
    () =>
      survivalChartOption({
        curves,
        title,
        subtext: caption,
        axisMax: axisEnd(maxTime, step),
        axisStep: step,
        bands,
        censorMarks,
      }),
    [curves, title, caption, maxTime, step, bands, censorMarks],
  );

  const data = (): ChartData => ({
    columns: ['group', 'time', 'atRisk', 'events', 'censored', 'survival', 'stdErr', 'lower', 'upper'],
    rows: curves.groups.flatMap((group) =>
      group.points.map((point) => [
        group.key,
        point.time,
        point.atRisk,
        point.events,
        point.censored,
        point.survival,
        point.stdErr,
        point.lower,
        point.upper,
      ]),
    ),
  });

  if (curves.groups.length === 0) {
    return (
      <p className="callout" role="status">
        No customer in this segment has a known churn state and tenure.
      </p>
    );
  }

  const label =
    `${title}. ` +
    curves.groups
      .map(
        (group) =>
          `${group.key}: median ${group.median.value === null ? 'not reached' : formatTime(group.median.value, unit)}`,
      )
      .join('; ');
  const legendRows = legendRowCount(curves.groups.map((group) => group.key));

  return (
    <div className="survival-result">
      {updating && <Loading inline label="Updating…" />}
      <LogRankSentence curves={curves} />
      <ChartCard
        title={title}
        option={option}
        height={400 + legendRows * 22}
        label={label}
        data={data}
        testId="survival-chart"
      >
        <RiskTable curves={curves} times={times} />
      </ChartCard>
      <SummaryTable curves={curves} />
      <p className="small muted survival-notes">
        {curves.groupBy && <>Groups: {curves.groupBy.grouping}. </>}
        Censored: customers who had not churned by the end of the data count until their last known tenure.
        {curves.excluded.customers > 0 && (
          <>
            {' '}
            Left out: {formatCount(curves.excluded.customers)} customers (
            {[
              curves.excluded.unknownChurn > 0 &&
                `${formatCount(curves.excluded.unknownChurn)} with unknown churn`,
              curves.excluded.unknownTenure > 0 &&
                `${formatCount(curves.excluded.unknownTenure)} with unknown tenure`,
            ]
              .filter(Boolean)
              .join(', ')}
            ).
          </>
        )}
      </p>
    </div>
  );
}

/** The log-rank test in words. */
function LogRankSentence({ curves }: { curves: SurvivalCurves }) {
  const test = curves.logRank;
  if (!test) return null;
  const stats = `log-rank χ² = ${formatStatistic(test.chisq)} on ${test.df} df, ${formatP(test.p)}`;
  const differ = test.p < 0.05;
  return (
    <p className={`survival-verdict${differ ? ' survival-verdict-differ' : ''}`} data-testid="log-rank">
      {differ ? (
        <>
          <strong>The curves differ:</strong> {stats}.
        </>
      ) : (
        <>
          <strong>No clear difference between the curves:</strong> {stats}.
        </>
      )}
    </p>
  );
}

/** Customers still at risk (tenure ≥ t) per group at evenly spaced times. */
function RiskTable({ curves, times }: { curves: SurvivalCurves; times: number[] }) {
  const unitWord = curves.unit === 'months' ? 'Months' : 'Days';
  return (
    <div className="figure-table-scroll risk-table">
      <table className="figure-table" aria-label="Number at risk" data-testid="risk-table">
        <caption className="risk-table-caption">
          Number at risk: customers still customers (and in the data) at each tenure
        </caption>
        <thead>
          <tr>
            <th scope="col">{unitWord}</th>
            {times.map((t) => (
              <th scope="col" key={t}>
                {t.toLocaleString('en-US')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {curves.groups.map((group, index) => (
            <tr key={group.key}>
              <th scope="row">
                <span className={`km-swatch km-swatch-${index % 12}`} aria-hidden="true" />
                {group.key}
              </th>
              {times.map((t) => (
                <td key={t}>{formatCount(atRiskAt(group.points, t))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function medianText(median: SurvivalCurves['groups'][number]['median'], unit: Unit): string {
  return median.value === null ? 'Not reached' : formatTime(median.value, unit);
}

function medianInterval(median: SurvivalCurves['groups'][number]['median'], unit: Unit): string {
  if (median.lower === null && median.upper === null) return '—';
  const low = median.lower === null ? '…' : String(Number(median.lower.toFixed(1)));
  const high = median.upper === null ? '…' : String(Number(median.upper.toFixed(1)));
  return `${low}–${high} ${unit}`;
}

/** Per group: customers, churned, median lifetime with CI, survival at 3/6/12/24 months, RMST. */
function SummaryTable({ curves }: { curves: SurvivalCurves }) {
  const unit = curves.unit;
  const reportAt = curves.groups[0]?.survivalAt.map((entry) => entry.time) ?? [];
  const tau = curves.groups.find((group) => group.rmst)?.rmst?.tau;
  return (
    <section className="survival-summary" aria-labelledby="survival-summary-title">
      <h2 id="survival-summary-title" className="analysis-section-title">
        Per group
      </h2>
      <div className="figure-table-scroll">
        <table className="figure-table" data-testid="survival-summary">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Group
              </th>
              <th scope="col" rowSpan={2}>
                Customers
              </th>
              <th scope="col" rowSpan={2}>
                Churned
              </th>
              <th scope="colgroup" colSpan={2}>
                Median lifetime
              </th>
              <th scope="colgroup" colSpan={reportAt.length}>
                Share still customers after (95% CI)
              </th>
              <th
                scope="col"
                rowSpan={2}
                title="Restricted mean survival time: the average tenure up to the horizon"
              >
                Mean lifetime
                {tau !== undefined && (
                  <>
                    <br />
                    up to {formatTime(tau, unit)} (RMST)
                  </>
                )}
              </th>
            </tr>
            <tr>
              <th scope="col">Estimate</th>
              <th scope="col">95% CI</th>
              {reportAt.map((t) => (
                <th scope="col" key={t}>
                  {formatTime(t, unit)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {curves.groups.map((group, index) => (
              <tr key={group.key}>
                <th scope="row">
                  <span className={`km-swatch km-swatch-${index % 12}`} aria-hidden="true" />
                  {group.key}
                </th>
                <td>{formatCount(group.n)}</td>
                <td>{formatCount(group.events)}</td>
                <td>{medianText(group.median, unit)}</td>
                <td className="muted">{medianInterval(group.median, unit)}</td>
                {reportAt.map((t) => {
                  const entry = group.survivalAt.find((candidate) => candidate.time === t);
                  return (
                    <td key={t}>
                      {entry ? (
                        <>
                          {formatPercent(entry.survival)}
                          <span className="survival-cell-ci">
                            {formatShareInterval(entry.lower, entry.upper)}
                          </span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
                <td>
                  {group.rmst ? (
                    <>
                      {formatTime(Number(group.rmst.value.toFixed(1)), unit)}
                      <span className="survival-cell-ci">
                        ± {group.rmst.stdErr.toFixed(1)} (standard error)
                      </span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
