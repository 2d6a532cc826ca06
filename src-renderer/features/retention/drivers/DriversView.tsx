import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CustomerColumn } from '@shared/contract/customers';
import type { Driver, DriversResponse } from '@shared/contract/drivers';
import type { ChartData } from '../../../charts/chart-export';
import { ChartCard } from '../../../charts/ChartCard';
import { client } from '../../../client';
import { formatCount } from '../../../ui/format';
import { EmptyState, Loading } from '../../../ui/states';
import { useAsync } from '../../../ui/use-async';
import { RetentionPage, useCustomerColumns, type RetentionViewProps } from '../RetentionPage';
import { analysisCaption, type Segment } from '../segment';
import { AnalysisProblem } from '../AnalysisProblem';
import {
  formatP,
  formatPCell,
  formatPercent,
  formatShareInterval,
  formatStatistic,
} from '../survival/stats-format';
import { driverChartHeight, driverChartOption } from './drivers-chart';
import '../survival/survival.css';
import './drivers.css';

const maxGroups = 10;

/** Information value in the words credit scoring uses for it. */
export function ivWords(iv: number | null): string {
  if (iv === null) return '';
  if (iv < 0.02) return 'not predictive';
  if (iv < 0.1) return 'weak';
  if (iv < 0.3) return 'medium';
  if (iv < 0.5) return 'strong';
  return 'very strong';
}

/** The test's name, short, for the ranking (its statistic is in the detail and the tooltip). */
function testName(test: Driver['test']): string {
  if (!test) return '—';
  return test.method === 'chi-square' ? `χ², ${test.df ?? '?'} df` : 'Mann–Whitney';
}

function testStatistic(test: Driver['test']): string {
  if (!test) return '';
  return test.method === 'chi-square'
    ? `χ² = ${formatStatistic(test.statistic)} on ${test.df ?? '?'} df`
    : `W = ${formatCount(test.statistic)}`;
}

/** Every attribute ranked by how strongly it goes with churn; the chosen one in detail. */
export function DriversView(props: RetentionViewProps & { onShowSurvival: (key: string) => void }) {
  const { project, dataVersion, segment } = props;
  const columns = useCustomerColumns(project.path, dataVersion);
  const request = { project: project.path, maxGroups, filters: segment };
  const state = useAsync(`${project.path}\u0000${dataVersion}\u0000${JSON.stringify(request)}`, (signal) =>
    client.drivers.list(request, { signal }),
  );
  const result = state.data ?? (state.status === 'loading' ? state.previous : undefined);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);

  return (
    <RetentionPage
      view={props}
      title="Churn drivers"
      subtitle="Which attributes go with churn, strongest first. Association, not cause: check a driver's survival curves and the hazard model."
      applied={result ? result.definition : undefined}
      columns={columns}
    >
      {state.status === 'error' ? (
        <AnalysisProblem
          error={state.error}
          view={props}
          note="Survival curves, the hazard model and the churn drivers need to know who left and when."
          failedTitle="The drivers could not be computed"
          onRetry={state.reload}
        />
      ) : result ? (
        <DriversResult
          result={result}
          segment={segment}
          columns={columns}
          selectedKey={selectedKey}
          onSelect={setSelectedKey}
          onShowSurvival={props.onShowSurvival}
          updating={state.status === 'loading'}
          onImport={props.onImport}
        />
      ) : (
        <Loading label="Ranking the attributes…" />
      )}
    </RetentionPage>
  );
}

function DriversResult({
  result,
  segment,
  columns,
  selectedKey,
  onSelect,
  onShowSurvival,
  updating,
  onImport,
}: {
  result: DriversResponse;
  segment: Segment;
  columns: readonly CustomerColumn[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onShowSurvival: (key: string) => void;
  updating: boolean;
  onImport: () => void;
}) {
  const drivers = result.drivers;
  const selected = drivers.find((driver) => driver.key === selectedKey) ?? drivers[0];

  if (!selected) {
    return (
      <>
        <EmptyState
          icon="drivers"
          title="No attribute to rank"
          action={
            <button type="button" className="btn" onClick={onImport}>
              Import data
            </button>
          }
        >
          The customers have no attributes that could go with churn (contract, plan, region, charges…). Import
          a customer table with such columns.
        </EmptyState>
        <SkippedList skipped={result.skipped} />
      </>
    );
  }

  return (
    <div className="drivers-result">
      {updating && <Loading inline label="Updating…" />}
      <p className="drivers-base">
        <strong>{formatPercent(result.baseRate)}</strong> of {formatCount(result.customers)} customers churned
        ({formatCount(result.churned)}). Each attribute is compared with that base rate.
      </p>
      <div className="drivers-layout">
        <div className="drivers-ranking">
          <RankingTable drivers={drivers} selected={selected} onSelect={onSelect} />
          <SkippedList skipped={result.skipped} />
        </div>
        <DriverDetail
          key={selected.key}
          driver={selected}
          result={result}
          caption={analysisCaption(result.definition, result.asOf, segment, columns)}
          onShowSurvival={onShowSurvival}
        />
      </div>
    </div>
  );
}

function RankingTable({
  drivers,
  selected,
  onSelect,
}: {
  drivers: Driver[];
  selected: Driver;
  onSelect: (key: string) => void;
}) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const strongest = Math.max(0.05, ...drivers.map((driver) => driver.cramersV ?? 0));

  const move = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const index = drivers.findIndex((driver) => driver.key === selected.key);
    const next =
      event.key === 'ArrowDown'
        ? Math.min(drivers.length - 1, index + 1)
        : event.key === 'ArrowUp'
          ? Math.max(0, index - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? drivers.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    const driver = drivers[next];
    if (!driver) return;
    onSelect(driver.key);
    bodyRef.current?.querySelectorAll<HTMLButtonElement>('button[data-driver]')[next]?.focus();
  };

  return (
    <div className="figure-table-scroll">
      <table className="figure-table drivers-table" data-testid="drivers-table">
        <caption className="visually-hidden">
          Attributes ranked by association with churn; choose one to see its groups (arrow keys move)
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Attribute</th>
            <th scope="col" title="Cramér's V: 0 = no association, 1 = churn follows the attribute exactly">
              Cramér&apos;s V
            </th>
            <th scope="col" title="Information value">
              IV
            </th>
            <th scope="col">Test</th>
            <th scope="col">p</th>
            <th scope="col">Customers</th>
          </tr>
        </thead>
        <tbody ref={bodyRef} onKeyDown={move}>
          {drivers.map((driver) => {
            const current = driver.key === selected.key;
            return (
              <tr
                key={driver.key}
                className={current ? 'drivers-row drivers-row-selected' : 'drivers-row'}
                onClick={() => onSelect(driver.key)}
              >
                <td>{driver.rank}</td>
                <th scope="row">
                  <button
                    type="button"
                    className="drivers-pick"
                    data-driver={driver.key}
                    aria-current={current ? 'true' : undefined}
                    onClick={() => onSelect(driver.key)}
                  >
                    {driver.name}
                  </button>
                </th>
                <td>
                  <span className="drivers-strength">
                    <span className="drivers-bar" aria-hidden="true">
                      <span
                        className="drivers-bar-fill"
                        style={{ width: `${(((driver.cramersV ?? 0) / strongest) * 100).toFixed(1)}%` }}
                      />
                    </span>
                    {driver.cramersV === null ? '—' : driver.cramersV.toFixed(2)}
                  </span>
                </td>
                <td title={ivWords(driver.informationValue)}>
                  {driver.informationValue === null ? '—' : driver.informationValue.toFixed(2)}
                </td>
                <td className="drivers-test" title={testStatistic(driver.test)}>
                  {testName(driver.test)}
                </td>
                <td>{formatPCell(driver.test?.p ?? null)}</td>
                <td>{formatCount(driver.customers)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SkippedList({ skipped }: { skipped: DriversResponse['skipped'] }) {
  if (skipped.length === 0) return null;
  return (
    <details className="drivers-skipped">
      <summary>
        {skipped.length === 1 ? '1 attribute left out' : `${skipped.length} attributes left out`}, and why
      </summary>
      <ul>
        {skipped.map((entry) => (
          <li key={entry.key}>
            <strong>{entry.name}</strong>: {entry.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

function DriverDetail({
  driver,
  result,
  caption,
  onShowSurvival,
}: {
  driver: Driver;
  result: DriversResponse;
  caption: string;
  onShowSurvival: (key: string) => void;
}) {
  const title = `Churn share by ${driver.name}`;
  const option = useMemo(
    () =>
      driverChartOption(
        driver,
        result.baseRate,
        title,
        `${caption} · ${driver.grouping} · Wilson 95% intervals`,
      ),
    [driver, result.baseRate, title, caption],
  );
  const data = (): ChartData => ({
    columns: ['attribute', 'group', 'customers', 'churned', 'share', 'lower', 'upper', 'lift'],
    rows: driver.groups.map((group) => [
      driver.name,
      group.label,
      group.customers,
      group.churned,
      group.share,
      group.lower,
      group.upper,
      group.lift,
    ]),
  });
  const test = driver.test;
  const label = `${title}: ${driver.groups.map((group) => `${group.label} ${formatPercent(group.share)}`).join(', ')}. All customers ${formatPercent(result.baseRate)}.`;

  return (
    <section className="driver-detail" aria-labelledby="driver-detail-title" data-testid="driver-detail">
      <div className="driver-detail-head">
        <div>
          <h2 id="driver-detail-title" className="analysis-section-title">
            {driver.rank}. {driver.name}
          </h2>
          <p className="small muted driver-detail-words">
            {driver.kind === 'numeric' ? 'A number' : 'A category'}, {driver.grouping}.{' '}
            {test &&
              (test.method === 'chi-square'
                ? `Chi-square test: χ² = ${formatStatistic(test.statistic)} on ${test.df ?? '?'} df, ${formatP(test.p)}.`
                : `Mann–Whitney test (churned against stayed, on the raw values): W = ${formatCount(test.statistic)}, ${formatP(test.p)}.`)}{' '}
            {driver.cramersV !== null && `Cramér's V ${driver.cramersV.toFixed(2)}`}
            {driver.informationValue !== null &&
              `, information value ${driver.informationValue.toFixed(2)} (${ivWords(driver.informationValue)})`}
            .
            {driver.missing > 0 &&
              ` ${formatCount(driver.missing)} customers without a value ${driver.kind === 'numeric' ? 'are left out' : 'form the "(missing)" group'}.`}
          </p>
        </div>
        <button type="button" className="btn" onClick={() => onShowSurvival(driver.key)}>
          Show survival curves by {driver.name}
        </button>
      </div>
      <ChartCard
        title={title}
        option={option}
        height={driverChartHeight(driver.groups.length)}
        label={label}
        data={data}
        testId="driver-chart"
      />
      <div className="figure-table-scroll driver-groups">
        <table className="figure-table">
          <thead>
            <tr>
              <th scope="col">{driver.name}</th>
              <th scope="col">Customers</th>
              <th scope="col">Churned</th>
              <th scope="col">Churn share</th>
              <th scope="col" title="Wilson 95% interval of the churn share">
                95% CI
              </th>
              <th scope="col" title="Churn share divided by the base rate">
                Lift
              </th>
            </tr>
          </thead>
          <tbody>
            {driver.groups.map((group) => (
              <tr key={group.label}>
                <th scope="row">{group.label}</th>
                <td>{formatCount(group.customers)}</td>
                <td>{formatCount(group.churned)}</td>
                <td>{formatPercent(group.share)}</td>
                <td className="muted">{formatShareInterval(group.lower, group.upper)}</td>
                <td className={group.lift !== null && group.lift > 1 ? 'driver-lift-high' : undefined}>
                  {group.lift === null ? '—' : `${group.lift.toFixed(2)}×`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
