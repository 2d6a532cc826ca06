import { lazy, Suspense, useState } from 'react';
import type { CohortsResponse } from '@shared/contract/retention';
import { client } from '../../../client';
import { formatCount } from '../../../ui/format';
import { EmptyState, Loading } from '../../../ui/states';
import { useAsync } from '../../../ui/use-async';
import { AnalysisProblem } from '../AnalysisProblem';
import { RetentionPage, ToolbarSelect, useCustomerColumns, type RetentionViewProps } from '../RetentionPage';
import { analysisCaption, groupableColumns } from '../segment';
import '../churn-over-time/retention-charts.css';
import './cohorts.css';

// ECharts is most of the bundle: it loads with the first chart, not with the page.
const CohortHeatmap = lazy(() => import('./CohortCharts').then((m) => ({ default: m.CohortHeatmap })));
const AverageCurve = lazy(() => import('./CohortCharts').then((m) => ({ default: m.AverageCurve })));

type Unit = CohortsResponse['period'];
type Definition = CohortsResponse['definition'];
type Measure = CohortsResponse['measure'];

const periodOptions: { value: Unit; label: string }[] = [
  { value: 'month', label: 'Month' },
  { value: 'week', label: 'Week' },
  { value: 'quarter', label: 'Quarter' },
];

const definitionOptions: { value: Definition; label: string }[] = [
  { value: 'active-in-period', label: 'Active in period k' },
  { value: 'active-in-period-or-later', label: 'Active in period k or later' },
  { value: 'active-in-bracket', label: 'Active within a bracket of periods' },
];

const startPeriod = '\u0000start';

/** Cohort retention: the heatmap of shares retained and the average curve. */
export function CohortsView(props: RetentionViewProps) {
  const { project, dataVersion, segment } = props;
  const columns = useCustomerColumns(project.path, dataVersion);
  const [period, setPeriod] = useState<Unit>('month');
  const [definition, setDefinition] = useState<Definition>('active-in-period');
  const [measure, setMeasure] = useState<Measure>('customers');
  const [by, setBy] = useState<string>(startPeriod);

  // Revenue retention needs subscriptions: the option is offered only when the project has some.
  const datasets = useAsync(`${project.path}\u0000${dataVersion}`, (signal) =>
    client.import.history({ project: project.path }, { signal }),
  );
  const hasSubscriptions = ((datasets.data ?? datasets.previous)?.datasets ?? []).some(
    (d) => d.kind === 'subscriptions' && d.rows > 0,
  );
  const effectiveMeasure: Measure = measure === 'revenue' && hasSubscriptions ? 'revenue' : 'customers';
  const effectiveDefinition: Definition = effectiveMeasure === 'revenue' ? 'active-in-period' : definition;
  const attributes = groupableColumns(columns);
  const effectiveBy = by !== startPeriod && attributes.some((c) => c.key === by) ? by : undefined;

  const request = {
    period,
    definition: effectiveDefinition,
    measure: effectiveMeasure,
    ...(effectiveBy ? { by: effectiveBy } : {}),
    filters: segment,
  };
  const state = useAsync(`${project.path}\u0000${dataVersion}\u0000${JSON.stringify(request)}`, (signal) =>
    client.retention.cohorts({ project: project.path, ...request }, { signal }),
  );
  const shown = state.data ?? state.previous;

  const controls = (
    <>
      <ToolbarSelect
        label="Period"
        value={period}
        options={periodOptions}
        onChange={setPeriod}
        testId="cohort-period"
      />
      <ToolbarSelect
        label="Retained means"
        value={effectiveDefinition}
        options={effectiveMeasure === 'revenue' ? definitionOptions.slice(0, 1) : definitionOptions}
        onChange={setDefinition}
        testId="cohort-definition"
      />
      {hasSubscriptions && (
        <ToolbarSelect
          label="Measure"
          value={effectiveMeasure}
          options={[
            { value: 'customers', label: 'Customers' },
            { value: 'revenue', label: 'Revenue (MRR)' },
          ]}
          onChange={setMeasure}
          testId="cohort-measure"
        />
      )}
      <ToolbarSelect
        label="Cohorts by"
        value={effectiveBy ?? startPeriod}
        options={[
          { value: startPeriod, label: 'Start period' },
          ...attributes.map((column) => ({ value: column.key, label: column.name })),
        ]}
        onChange={setBy}
        testId="cohort-by"
      />
    </>
  );

  return (
    <RetentionPage
      view={props}
      title="Cohorts"
      subtitle="Customers grouped by when they started (or by an attribute), and how many of each group are still around k periods later."
      applied={shown ? shown.churnDefinition : undefined}
      columns={columns}
      controls={controls}
    >
      {state.status === 'error' ? (
        <AnalysisProblem
          error={state.error}
          view={props}
          icon="cohorts"
          unavailableTitle="These cohorts cannot be computed"
          failedTitle="The cohorts could not be computed"
          onRetry={state.reload}
        />
      ) : !shown ? (
        <Loading label="Building the cohorts…" />
      ) : shown.cohorts.length === 0 ? (
        <EmptyState icon="cohorts" title="No cohorts to show">
          No customer in this segment has a start date inside the data.
        </EmptyState>
      ) : (
        <div
          className={state.status === 'loading' ? 'cohorts-body cohorts-body-loading' : 'cohorts-body'}
          aria-busy={state.status === 'loading'}
        >
          <CohortsResult
            response={shown}
            caption={analysisCaption(shown.churnDefinition, shown.asOf, segment, columns)}
          />
        </div>
      )}
    </RetentionPage>
  );
}

function CohortsResult({ response, caption }: { response: CohortsResponse; caption: string }) {
  const customers = response.cohorts.reduce((sum, c) => sum + c.size, 0);
  return (
    <>
      <p className="cohorts-definition" data-testid="cohort-definition-text">
        <span className="cohorts-definition-label">Definition: </span>
        {response.definitionText}
      </p>
      <p className="cohorts-note">
        {formatCount(response.cohorts.length)} cohorts, {formatCount(customers)} customers
        {response.by
          ? `, cut by ${response.by.name} (${response.by.grouping}); k counts from each customer's own start`
          : ''}
        .
        {response.activity === 'churn-date' &&
          ' Without order dates or subscriptions, a customer counts as active up to the churn date.'}
      </p>
      <div className="cohorts-charts">
        <Suspense fallback={<Loading label="Drawing the charts…" />}>
          <CohortHeatmap response={response} caption={caption} />
          <AverageCurve response={response} caption={caption} />
        </Suspense>
      </div>
    </>
  );
}
