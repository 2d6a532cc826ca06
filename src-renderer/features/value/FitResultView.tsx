import { lazy, Suspense } from 'react';
import type { FitResult, ModelFit } from '@shared/contract/value';
import { formatCount, formatTimestamp } from '../../ui/format';
import { Loading } from '../../ui/states';
import { fitCaption } from './value-charts';
import {
  describeClv,
  formatDecimal,
  formatEstimate,
  formatMoney,
  modelLabels,
  unitLabels,
  paramLabel,
} from './value-model';

const HoldoutChart = lazy(() => import('./ValueCharts').then((m) => ({ default: m.HoldoutChart })));
const TrackingChart = lazy(() => import('./ValueCharts').then((m) => ({ default: m.TrackingChart })));
const FrequencyRecencyChart = lazy(() =>
  import('./ValueCharts').then((m) => ({ default: m.FrequencyRecencyChart })),
);

/** A purchase-model fit: warnings first, how the summary was built, estimates, the checks, spend and CLV. */
export function FitResultView({ fit }: { fit: FitResult }) {
  const warnings = [...fit.warnings, ...fit.fit.warnings.filter((w) => !fit.warnings.includes(w))];
  return (
    <div className="value-fit-result" data-testid="fit-result">
      <h2 className="value-subtitle">
        {fit.name} <span className="muted small">· saved {formatTimestamp(fit.createdAt)}</span>
      </h2>
      {!fit.fit.converged && (
        <div className="callout callout-danger" role="alert" data-testid="fit-not-converged">
          <strong>The optimiser did not converge</strong> ({fit.fit.convergedStarts} of {fit.fit.starts}{' '}
          starts converged). Treat these estimates as unreliable: try another calibration end or time unit.
        </div>
      )}
      {warnings.length > 0 && (
        <div className="callout callout-warning" role="alert" data-testid="fit-warnings">
          <ul className="value-warning-list">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      <section className="value-section" aria-labelledby="fit-summary-title">
        <h3 id="fit-summary-title" className="value-subtitle-small">
          How the customer summary was built
        </h3>
        <ul className="value-notes" data-testid="fit-summary-notes">
          {fit.summaryNotes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
        <p className="small muted">
          {formatCount(fit.customers)} customers, {formatCount(fit.repeatBuyers)} with repeat purchases in the
          calibration period
          {fit.excludedLateCustomers > 0 &&
            `; ${formatCount(fit.excludedLateCustomers)} whose first purchase came after the calibration end are left out of the fit`}
          {fit.mergedSameDayRows > 0 && `; ${formatCount(fit.mergedSameDayRows)} same-day orders merged`}.
          Predictions are as of {fit.predictedAt} (
          {fit.predictFrom === 'all-data' ? 'model refitted on all data' : 'the calibration fit'}).
        </p>
      </section>
      <div className="value-two-columns">
        <EstimatesTable
          title={`${modelLabels[fit.model]} on the calibration period`}
          fit={fit.fit}
          testId="fit-params"
        />
        {fit.predictFrom === 'all-data' && (
          <EstimatesTable
            title={`${modelLabels[fit.model]} refitted on all data (used for predictions)`}
            fit={fit.scoringFit}
            testId="fit-scoring-params"
          />
        )}
      </div>
      <Suspense fallback={<Loading label="Drawing the charts…" />}>
        <div className="value-charts">
          {fit.holdoutLength > 0 ? (
            <HoldoutChart fit={fit} />
          ) : (
            <p className="callout callout-info">
              The calibration period runs to the last purchase: there is no hold-out to check the model on.
            </p>
          )}
          <TrackingChart fit={fit} />
          <div className="value-two-columns">
            <FrequencyRecencyChart fit={fit} measure="pAlive" />
            <FrequencyRecencyChart fit={fit} measure="expected" />
          </div>
        </div>
      </Suspense>
      <SpendSection fit={fit} />
    </div>
  );
}

function EstimatesTable({ title, fit, testId }: { title: string; fit: ModelFit; testId: string }) {
  return (
    <section className="panel value-estimates" aria-label={title}>
      <div className="panel-header">
        <h3 className="value-subtitle-small">{title}</h3>
      </div>
      <div className="panel-body">
        <table className="figure-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Estimate</th>
              <th scope="col">Std. error</th>
            </tr>
          </thead>
          <tbody>
            {fit.params.map((p) => (
              <tr key={p.name}>
                <th scope="row" className="mono" title={p.name}>
                  {paramLabel(p.name)}
                </th>
                <td data-testid={`${testId}-${p.name}`}>{formatEstimate(p.value)}</td>
                <td>{formatEstimate(p.se)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small muted value-fit-stats">
          Log-likelihood{' '}
          <strong className="num" data-testid={`${testId}-loglik`}>
            {formatDecimal(fit.logLik)}
          </strong>{' '}
          ·{' '}
          {fit.converged ? (
            <span className="badge badge-success">converged</span>
          ) : (
            <span className="badge badge-danger">not converged</span>
          )}{' '}
          · {fit.iterations} iterations · {fit.convergedStarts} of {fit.starts} starts converged
        </p>
      </div>
    </section>
  );
}

function SpendSection({ fit }: { fit: FitResult }) {
  const spend = fit.spend;
  return (
    <section className="value-section" aria-labelledby="fit-spend-title">
      <h3 id="fit-spend-title" className="value-subtitle-small">
        Spend per order (Gamma-Gamma) and CLV
      </h3>
      {spend === null ? (
        <p className="callout callout-info">
          No spend model: the transactions have no amounts, or too few repeat buyers to fit one. CLV needs it.
        </p>
      ) : (
        <div className="value-two-columns">
          <EstimatesTable
            title="Gamma-Gamma on the calibration repeat buyers"
            fit={spend}
            testId="spend-params"
          />
          <div className="panel value-estimates">
            <div className="panel-body">
              <p>
                Expected spend per order of a new customer (population mean):{' '}
                <strong className="num">{formatMoney(spend.populationMean)}</strong>, from{' '}
                {formatCount(spend.customers)} repeat buyers.
              </p>
              <p>
                Correlation of purchase frequency and mean spend:{' '}
                <strong className="num">
                  {spend.correlation.pearson === null ? '—' : spend.correlation.pearson.toFixed(2)}
                </strong>{' '}
                (Pearson, {formatCount(spend.correlation.n)} customers). The model assumes they are
                independent.
              </p>
              {spend.correlation.warning && (
                <p className="callout callout-warning" role="alert" data-testid="spend-correlation-warning">
                  {spend.correlation.warning}
                </p>
              )}
              <p data-testid="fit-clv-summary">
                CLV ({describeClv(fit.clv)}): total{' '}
                <strong className="num">{formatMoney(fit.clv.total)}</strong>, mean{' '}
                <strong className="num">{formatMoney(fit.clv.mean)}</strong> per customer over{' '}
                {formatCount(fit.clv.customers)} customers.
              </p>
            </div>
          </div>
        </div>
      )}
      <p className="small muted">
        {fitCaption(fit)}. Time in {unitLabels[fit.unit]} of {fit.unitDays} days.
      </p>
    </section>
  );
}
