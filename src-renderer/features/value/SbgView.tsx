import { lazy, Suspense, useState } from 'react';
import type { SbgResult } from '@shared/contract/value';
import { client } from '../../client';
import { Page } from '../../ui/layout/Shell';
import { Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import {
  formatDecimal,
  formatEstimate,
  formatMoney,
  formatPercent,
  formatRate,
  parsePercent,
  parseSurvivors,
} from './value-model';
import { NumberField } from './NumberField';
import type { ValueViewProps } from './value-props';
import { AnalysisProblem } from '../retention/AnalysisProblem';
import './value.css';

const SbgChart = lazy(() => import('./ValueCharts').then((m) => ({ default: m.SbgChart })));

type Source = 'project' | 'series';

/** A textbook example (Fader & Hardie 2007, "regular" customers), to try the model in a workshop. */
const exampleSeries = '1000 631 468 382 326 289 262 241';

/**
 * Subscription retention with the shifted-beta-geometric model (Fader & Hardie 2007): from the project's
 * customers (tenure and churn) or from a pasted survivor series.
 */
export function SbgView(props: ValueViewProps) {
  const { project, dataVersion } = props;
  const [source, setSource] = useState<Source>('project');
  const [period, setPeriod] = useState<'month' | 'year'>('month');
  const [discountText, setDiscountText] = useState('10');
  const [marginText, setMarginText] = useState('30');
  const [seriesText, setSeriesText] = useState(exampleSeries);
  const discount = parsePercent(discountText);
  const margin = parsePercent(marginText);
  const series = parseSurvivors(seriesText);

  const request =
    discount === null || margin === null
      ? null
      : source === 'project'
        ? { project: project.path, period, discount, margin }
        : 'survivors' in series
          ? { survivors: series.survivors, discount }
          : null;
  const state = useAsync(request && `${dataVersion}\u0000${JSON.stringify(request)}`, (signal) =>
    client.value.sbg(request ?? { survivors: [] }, { signal }),
  );
  // While the inputs are invalid nothing is shown: the last fit would describe other numbers.
  const shown =
    request === null ? undefined : (state.data ?? (state.status === 'loading' ? state.previous : undefined));

  return (
    <Page
      title="Subscription retention"
      subtitle="How many subscribers renew period after period, what the shifted-beta-geometric model projects, and what a subscriber is worth."
      wide
    >
      <div className="analysis-toolbar value-sbg-toolbar">
        <div className="value-segmented" role="radiogroup" aria-label="Data">
          {(['project', 'series'] as const).map((value) => (
            <label
              key={value}
              className={source === value ? 'value-segment value-segment-on' : 'value-segment'}
            >
              <input
                type="radio"
                name="sbg-source"
                value={value}
                checked={source === value}
                onChange={() => setSource(value)}
              />
              {value === 'project' ? 'This project’s customers' : 'A survivor series'}
            </label>
          ))}
        </div>
        {source === 'project' && (
          <label className="toolbar-field">
            <span className="toolbar-field-label">Period</span>
            <select
              className="select select-small"
              value={period}
              onChange={(event) => setPeriod(event.target.value as 'month' | 'year')}
              data-testid="sbg-period"
            >
              <option value="month">Month</option>
              <option value="year">Year</option>
            </select>
          </label>
        )}
        <NumberField
          label="Discount"
          ariaLabel={source === 'project' ? 'Annual discount rate (%)' : 'Discount rate per period (%)'}
          value={discountText}
          onChange={setDiscountText}
          unit={source === 'project' ? '% a year' : '% a period'}
          invalid={discount === null}
        />
        {source === 'project' && (
          <NumberField
            label="Margin"
            ariaLabel="Margin (%)"
            value={marginText}
            onChange={setMarginText}
            unit="%"
            invalid={margin === null}
          />
        )}
      </div>
      {source === 'series' && (
        <div className="panel value-series-form">
          <label className="field">
            <span className="field-label">Customers still subscribed at the start and after each period</span>
            <textarea
              className="input value-series-input mono"
              rows={2}
              value={seriesText}
              onChange={(event) => setSeriesText(event.target.value)}
              aria-invalid={'error' in series}
              aria-describedby="sbg-series-hint"
              data-testid="sbg-series"
            />
            <span className="field-hint" id="sbg-series-hint">
              Numbers separated by spaces, commas or new lines, e.g. a cohort of 1,000 and its survivors (the
              example is Fader &amp; Hardie’s “regular” customers).
            </span>
          </label>
          {'error' in series && (
            <p className="small value-invalid" role="alert">
              {series.error}
            </p>
          )}
        </div>
      )}
      {(discount === null || margin === null) && (
        <p className="small value-invalid" role="alert">
          Discount and margin are percentages from 0 to 100.
        </p>
      )}
      {state.status === 'error' ? (
        <AnalysisProblem
          error={state.error}
          icon="subscription"
          unavailableTitle="No subscription data to fit"
          failedTitle="The sBG model could not be fitted"
          note="Import customers with their tenure and churn flag, or paste a survivor series instead."
          view={{ onImport: props.onImport }}
          onRetry={state.reload}
        />
      ) : shown ? (
        <SbgResultView result={shown} />
      ) : request ? (
        <Loading label="Fitting the sBG model…" />
      ) : null}
    </Page>
  );
}

function SbgResultView({ result }: { result: SbgResult }) {
  const observed = result.projected.filter((p) => p.actual !== null);
  return (
    <div className="value-sbg" data-testid="sbg-result">
      {(!result.converged || result.warnings.length > 0) && (
        <div className="callout callout-warning" role="alert">
          <ul className="value-warning-list">
            {!result.converged && <li>The optimiser did not converge: treat α and β as unreliable.</li>}
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="value-two-columns">
        <section className="panel value-estimates" aria-label="Estimates">
          <div className="panel-body">
            <table className="figure-table" data-testid="sbg-params">
              <thead>
                <tr>
                  <th scope="col">Parameter</th>
                  <th scope="col">Estimate</th>
                  <th scope="col">Std. error</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">α</th>
                  <td data-testid="sbg-alpha">{formatEstimate(result.alpha)}</td>
                  <td>{formatEstimate(result.se.alpha)}</td>
                </tr>
                <tr>
                  <th scope="row">β</th>
                  <td data-testid="sbg-beta">{formatEstimate(result.beta)}</td>
                  <td>{formatEstimate(result.se.beta)}</td>
                </tr>
              </tbody>
            </table>
            <p className="small muted value-fit-stats">
              Log-likelihood <strong className="num">{formatDecimal(result.logLik)}</strong> · mean churn
              probability per {result.periodLabel} α/(α+β) ={' '}
              {formatPercent(result.alpha / (result.alpha + result.beta))}.
            </p>
            <p className="small muted" data-testid="sbg-source">
              Data: {result.source.replace(/\.$/, '')}.
            </p>
          </div>
        </section>
        <section className="panel value-estimates" aria-label="Lifetime value">
          <div className="panel-body">
            <dl className="value-figures">
              <dt>Discounted expected lifetime (DEL)</dt>
              <dd data-testid="sbg-del">
                {formatDecimal(result.del)} payments{' '}
                <span className="muted small">
                  of a new customer, at {formatRate(result.discount)} a {result.periodLabel}
                  {result.annualDiscount !== null && ` (${formatRate(result.annualDiscount)} a year)`}
                </span>
              </dd>
              <dt>Discounted expected residual lifetime (DERL)</dt>
              <dd data-testid="sbg-derl">
                {formatDecimal(result.derl)} payments{' '}
                <span className="muted small">of a customer who just renewed for the first time</span>
              </dd>
              <dt>Value per new customer</dt>
              <dd>
                {result.valuePerCustomer === null ? (
                  <span className="muted">— (no recurring revenue in the data)</span>
                ) : (
                  <>
                    <strong className="num">{formatMoney(result.valuePerCustomer)}</strong>{' '}
                    <span className="muted small">DEL × revenue per period × margin</span>
                  </>
                )}
              </dd>
              {result.naive && (
                <>
                  <dt>Naive formula (for comparison)</dt>
                  <dd data-testid="sbg-naive">
                    {formatMoney(result.naive.clv)}{' '}
                    <span className="muted small">
                      = revenue per period {formatMoney(result.naive.arpu)} × margin{' '}
                      {formatPercent(result.naive.margin)} / churn rate{' '}
                      {formatPercent(result.naive.churnRate)}
                    </span>
                    <span className="value-naive-note small">{result.naive.note}</span>
                  </dd>
                </>
              )}
            </dl>
          </div>
        </section>
      </div>
      <Suspense fallback={<Loading label="Drawing the chart…" />}>
        <SbgChart result={result} />
      </Suspense>
      <div className="figure-table-scroll value-section value-scroll-table">
        <table className="figure-table" data-testid="sbg-retention">
          <caption className="value-caption">Retention rate by {result.periodLabel}</caption>
          <thead>
            <tr>
              <th scope="col">{result.periodLabel.charAt(0).toUpperCase() + result.periodLabel.slice(1)}</th>
              <th scope="col">Actual survival</th>
              <th scope="col">Model survival</th>
              <th scope="col">Actual retention rate</th>
              <th scope="col">Model retention rate</th>
            </tr>
          </thead>
          <tbody>
            {result.projected.map((p, i) => (
              <tr key={p.period} className={p.actual === null ? 'value-projected-row' : undefined}>
                <th scope="row">
                  {p.period}
                  {p.actual === null && <span className="muted small"> (projected)</span>}
                </th>
                <td>{formatPercent(p.actual)}</td>
                <td>{formatPercent(p.survival)}</td>
                <td>{formatPercent(actualRetention(result, i))}</td>
                <td>{formatPercent(p.retention)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted value-table-note">
        {observed.length} observed {result.periodLabel}s. Retention rate r(t) = S(t)/S(t−1): under the sBG
        model it rises with t, because the customers most likely to leave leave first.
      </p>
    </div>
  );
}

/** Observed retention rate S(t)/S(t−1), where both shares are observed. */
function actualRetention(result: SbgResult, index: number): number | null {
  const now = result.projected[index]?.actual ?? null;
  const before = result.projected[index - 1]?.actual ?? null;
  return now === null || before === null || before <= 0 ? null : now / before;
}
