import { lazy, Suspense, useEffect, useEffectEvent, useState } from 'react';
import type { RfmResult, RfmSegment } from '@shared/contract/value';
import { client } from '../../client';
import { formatCount, formatShare } from '../../ui/format';
import { Page } from '../../ui/layout/Shell';
import { ProgressBar } from '../../ui/ProgressBar';
import { Loading } from '../../ui/states';
import { useJob } from '../../ui/use-job';
import { formatDecimal, formatMoney, segmentColors } from './value-model';
import type { ValueViewProps } from './value-props';
import { AnalysisProblem } from '../retention/AnalysisProblem';
import './value.css';

// ECharts is most of the bundle: it loads with the first chart, not with the page.
const RfmGridChart = lazy(() => import('./ValueCharts').then((m) => ({ default: m.RfmGridChart })));

/** RFM: every customer with transactions scored by recency, frequency and monetary value, in 11 segments. */
export function RfmView(props: ValueViewProps) {
  const { project, dataVersion } = props;
  const job = useJob<RfmResult>();
  const [asOf, setAsOf] = useState('');
  const { run } = job;
  const compute = (date: string) =>
    void run(({ signal, onProgress }) =>
      client.value.rfm({ project: project.path, ...(date ? { asOf: date } : {}) }, { signal, onProgress }),
    );
  // Scored on arrival and again whenever the data changes (the scores are stored for the drill-down).
  const scoreAgain = useEffectEvent(() => compute(asOf));
  useEffect(() => {
    scoreAgain();
  }, [project.path, dataVersion]);

  const state = job.state;
  const running = state.status === 'running';
  return (
    <Page
      title="RFM"
      subtitle="Customers scored by recency, frequency and monetary value of their orders, and grouped into segments with a recommended action each."
      wide
    >
      <form
        className="analysis-toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          compute(asOf);
        }}
      >
        <label className="toolbar-field">
          <span className="toolbar-field-label">As of</span>
          <input
            type="date"
            className="input input-small"
            value={asOf}
            onChange={(event) => setAsOf(event.target.value)}
            data-testid="rfm-as-of"
            aria-describedby="rfm-as-of-hint"
          />
        </label>
        <span id="rfm-as-of-hint" className="small muted">
          Empty: the last purchase in the data.
        </span>
        <button type="submit" className="btn btn-primary btn-small" disabled={running}>
          Score customers
        </button>
      </form>
      {state.status === 'running' ? (
        <div className="value-progress" data-testid="rfm-progress">
          <ProgressBar
            progress={state.progress}
            startedAt={state.startedAt}
            label="Scoring the customers…"
            onCancel={job.cancel}
            cancelling={state.cancelling}
          />
        </div>
      ) : state.status === 'failed' ? (
        <AnalysisProblem
          error={state.error}
          icon="rfm"
          unavailableTitle="No transactions to score"
          failedTitle="The RFM scores could not be computed"
          note="Import transactions (customer ID, date and amount of every order) with New import."
          view={{ onImport: props.onImport }}
          onRetry={() => compute(asOf)}
        />
      ) : state.status === 'cancelled' ? (
        <p className="callout callout-info" role="status">
          Scoring cancelled. Press “Score customers” to start again.
        </p>
      ) : state.status === 'done' ? (
        <RfmResultView result={state.value} onDrill={props.onDrill} />
      ) : (
        <Loading label="Scoring the customers…" />
      )}
    </Page>
  );
}

function RfmResultView({ result, onDrill }: { result: RfmResult; onDrill: (segment: RfmSegment) => void }) {
  const shown = result.segments.filter((s) => s.customers > 0).length;
  return (
    <>
      <p className="value-note" data-testid="rfm-summary">
        {formatCount(result.customers)} customers as of <strong>{result.asOf}</strong>, in {shown} of{' '}
        {result.segments.length} segments.
        {result.ignoredAfterAsOf > 0 &&
          ` ${formatCount(result.ignoredAfterAsOf)} transactions dated after ${result.asOf} are left out.`}{' '}
        Click a segment (in the grid or the table) to list its customers.
      </p>
      <Suspense fallback={<Loading label="Drawing the grid…" />}>
        <RfmGridChart result={result} onSegment={onDrill} />
      </Suspense>
      <div className="figure-table-scroll value-section">
        <table className="figure-table value-segment-table" data-testid="rfm-segments">
          <caption className="visually-hidden">RFM segments</caption>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="value-th-text">
                Who they are
              </th>
              <th scope="col" className="value-th-text">
                Recommended action
              </th>
              <th scope="col">Customers</th>
              <th scope="col">Revenue</th>
              <th scope="col">Revenue share</th>
              <th scope="col" title="Mean days since the last purchase">
                Recency (days)
              </th>
              <th scope="col" title="Mean number of orders">
                Frequency
              </th>
              <th scope="col" title="Mean order value">
                Monetary
              </th>
            </tr>
          </thead>
          <tbody>
            {result.segments.map((s) => (
              <tr key={s.segment}>
                <th scope="row">
                  <button
                    type="button"
                    className="value-segment-link"
                    onClick={() => onDrill(s.segment)}
                    disabled={s.customers === 0}
                    title={`${s.rule}. List these customers`}
                  >
                    <span className={`value-swatch ${swatchClass(s.segment)}`} aria-hidden="true" />
                    {s.segment}
                  </button>
                </th>
                <td className="value-wrap">{s.description}</td>
                <td className="value-wrap">{s.action}</td>
                <td>{formatCount(s.customers)}</td>
                <td>{formatMoney(s.revenue)}</td>
                <td>{formatShare(s.revenueShare)}</td>
                <td>{formatDecimal(s.meanRecency)}</td>
                <td>{formatDecimal(s.meanFrequency)}</td>
                <td>{formatMoney(s.meanMonetary)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="value-section" aria-labelledby="rfm-method">
        <h2 id="rfm-method" className="value-subtitle">
          How the scores are made
        </h2>
        <ul className="value-notes" data-testid="rfm-method">
          {result.method.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** The CSS class of a segment's colour swatch (the CSP forbids inline styles). */
export function swatchClass(segment: RfmSegment): string {
  return `value-swatch-${Object.keys(segmentColors).indexOf(segment)}`;
}
