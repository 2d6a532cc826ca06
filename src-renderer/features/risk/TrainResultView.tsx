import { useMemo } from 'react';
import type { TrainResult } from '@shared/contract/risk';
import type { ChartData } from '../../charts/chart-export';
import { ChartCard } from '../../charts/ChartCard';
import { formatCount } from '../../ui/format';
import { formatHazardRatio, formatPCell, formatSignificant } from '../retention/survival/stats-format';
import {
  calibrationOption,
  gainsOption,
  importanceHeight,
  importanceOption,
  prOption,
  rocOption,
  type ImportanceBar,
} from './risk-charts';
import { aucWithSpread, formatAuc, formatMetric, kindLabels } from './risk-model';

/** One trained model: cross-validated metrics, the four validation charts, and its explanations. */
export function TrainResultView({ result }: { result: TrainResult }) {
  // Short enough for a chart half the page wide; the full story is in the headline above the charts.
  const subtext = `${result.name} · out-of-fold, ${result.folds.length} folds · ${formatCount(result.target.rows)} customers`;
  const charts = useMemo(
    () => ({
      roc: rocOption(
        [{ name: result.name, auc: result.auc.mean, roc: result.curves.roc }],
        'ROC curve',
        subtext,
      ),
      pr: prOption(result.curves.pr, result.baseRate, 'Precision–recall curve', subtext),
      gains: gainsOption(result.curves.gains, 'Cumulative gains and lift', subtext),
      calibration: calibrationOption(result.curves.calibration, 'Calibration', subtext),
    }),
    [result, subtext],
  );
  const auc = result.auc;
  const top = result.curves.gains.find((g) => Math.abs(g.targeted - 0.2) < 1e-6);

  return (
    <section className="risk-result" aria-labelledby="risk-result-title" data-testid="risk-result">
      <h2 id="risk-result-title" className="risk-section-title">
        {result.name} <span className="badge">{kindLabels[result.model]}</span>
      </h2>
      {result.warnings.length > 0 && (
        <div className="callout callout-warning" role="alert">
          <div>
            <strong>Read with care</strong>
            <ul>
              {result.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <div className="risk-metrics" data-testid="risk-metrics">
        <Metric
          label="ROC AUC (mean ± SD over folds)"
          value={aucWithSpread(auc.mean, auc.sd)}
          testId="risk-mean-auc"
          note={
            auc.lower !== null && auc.upper !== null
              ? `95% CI ${formatAuc(auc.lower)}–${formatAuc(auc.upper)}. 0.5 = chance, 1 = perfect ranking.`
              : '0.5 = chance, 1 = perfect ranking.'
          }
        />
        <Metric
          label="PR AUC"
          value={formatMetric(result.prAuc)}
          note={`Random targeting gets the base rate, ${(result.baseRate * 100).toFixed(1)}%.`}
        />
        <Metric label="Log-loss" value={formatMetric(result.logLoss)} note="Lower is better." />
        <Metric
          label="Brier score"
          value={formatMetric(result.brier)}
          note="Mean squared error of the probability; lower is better."
        />
      </div>
      {top && top.captured !== null && (
        <p className="risk-plain">
          Contacting the {Math.round(top.targeted * 100)}% of customers the model rates riskiest would reach{' '}
          <strong>{Math.round(top.captured * 100)}% of those who leave</strong>
          {top.lift !== null ? ` — ${top.lift.toFixed(1)} times what random picking reaches` : ''}.
        </p>
      )}
      <div className="figure-table-scroll risk-folds">
        <table className="figure-table" data-testid="risk-folds">
          <caption className="visually-hidden">AUC of each fold</caption>
          <thead>
            <tr>
              <th scope="col">Fold</th>
              <th scope="col">Customers</th>
              <th scope="col">Churned</th>
              <th scope="col">AUC</th>
            </tr>
          </thead>
          <tbody>
            {result.folds.map((fold) => (
              <tr key={fold.fold}>
                <th scope="row">Fold {fold.fold + 1}</th>
                <td>{formatCount(fold.n)}</td>
                <td>{formatCount(fold.positives)}</td>
                <td>{formatAuc(fold.auc)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3 className="risk-section-subtitle">Validation</h3>
      <div className="risk-chart-grid">
        <ChartCard
          title="ROC curve"
          option={charts.roc}
          height={360}
          label={`ROC curve of ${result.name}: AUC ${formatAuc(auc.mean)}.`}
          testId="risk-roc"
          data={(): ChartData => ({
            columns: ['threshold', 'false_positive_rate', 'true_positive_rate'],
            rows: result.curves.roc.map((p) => [p.threshold, p.fpr, p.tpr]),
          })}
        />
        <ChartCard
          title="Precision-recall curve"
          option={charts.pr}
          height={360}
          label={`Precision against recall of ${result.name}: PR AUC ${formatMetric(result.prAuc)}.`}
          testId="risk-pr"
          data={(): ChartData => ({
            columns: ['threshold', 'recall', 'precision'],
            rows: result.curves.pr.map((p) => [p.threshold, p.recall, p.precision]),
          })}
        />
        <ChartCard
          title="Cumulative gains and lift"
          option={charts.gains}
          height={360}
          label={`Cumulative gains by decile of risk of ${result.name}.`}
          testId="risk-gains"
          data={(): ChartData => ({
            columns: ['targeted', 'customers', 'captured', 'lift'],
            rows: result.curves.gains.map((g) => [g.targeted, g.customers, g.captured, g.lift]),
          })}
        />
        <ChartCard
          title="Calibration"
          option={charts.calibration}
          height={360}
          label={`Calibration of ${result.name}: predicted against observed churn in ten bins.`}
          testId="risk-calibration"
          data={(): ChartData => ({
            columns: ['predicted', 'observed', 'customers'],
            rows: result.curves.calibration.map((c) => [c.predicted, c.observed, c.count]),
          })}
        />
      </div>

      <h3 className="risk-section-subtitle">What drives the predictions</h3>
      <Explanations result={result} subtext={subtext} />
      {result.design.length > 0 && (
        <details className="risk-design">
          <summary>How the features were prepared ({result.design.length})</summary>
          <ul>
            {result.design.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function Metric({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note: string;
  testId?: string;
}) {
  return (
    <div className="risk-metric">
      <div className="risk-metric-label">{label}</div>
      <div className="risk-metric-value num" data-testid={testId}>
        {value}
      </div>
      <div className="risk-metric-note small muted">{note}</div>
    </div>
  );
}

function barsOf(result: TrainResult): ImportanceBar[] {
  return (result.importance ?? []).map((row) => ({
    label: row.feature,
    value: row.value,
    ...(row.permutation ? { permutation: row.permutation } : {}),
  }));
}

function Explanations({ result, subtext }: { result: TrainResult; subtext: string }) {
  const importance = result.importance ?? [];
  const bars = barsOf(result);
  const option = useMemo(
    () =>
      importanceOption(barsOf(result).slice(0, 25), 'Feature importance', subtext, 'Mean |SHAP| (log-odds)'),
    [result, subtext],
  );
  const coefficients = result.coefficients ?? [];
  return (
    <>
      {bars.length > 0 && (
        <ChartCard
          title="Feature importance"
          option={option}
          height={importanceHeight(Math.min(25, bars.length))}
          label={`Feature importance of ${result.name}: ${[...bars]
            .sort((a, b) => b.value - a.value)
            .slice(0, 5)
            .map((bar) => bar.label)
            .join(', ')} first.`}
          testId="risk-importance"
          data={(): ChartData => ({
            columns: ['feature', 'mean_abs_shap', 'permutation_mean', 'permutation_sd'],
            rows: importance.map((row) => [
              row.feature,
              row.value,
              row.permutation?.mean ?? null,
              row.permutation?.sd ?? null,
            ]),
          })}
        />
      )}
      {bars.length > 0 && (
        <p className="small muted risk-note">
          Mean |SHAP|: how far, on average, the feature moves a customer&apos;s predicted log-odds of leaving
          (exact TreeSHAP). Permutation importance: how much the AUC drops when the feature is shuffled.
        </p>
      )}
      {coefficients.length > 0 && (
        <div className="figure-table-scroll">
          <table className="figure-table" data-testid="risk-coefficients">
            <caption className="visually-hidden">Coefficients of the logistic model</caption>
            <thead>
              <tr>
                <th scope="col">Term</th>
                <th scope="col">Coefficient</th>
                <th scope="col">Standard error</th>
                <th scope="col">Odds ratio</th>
                <th scope="col">95% CI</th>
                <th scope="col">p</th>
              </tr>
            </thead>
            <tbody>
              {coefficients.map((c) =>
                c.coef === null ? (
                  <tr key={c.term}>
                    <th scope="row">{c.term}</th>
                    <td colSpan={5} className="muted risk-left-out">
                      left out: the same information as other terms (collinear)
                    </td>
                  </tr>
                ) : (
                  <tr key={c.term}>
                    <th scope="row">{c.term}</th>
                    <td>{formatSignificant(c.coef)}</td>
                    <td>{formatSignificant(c.se)}</td>
                    <td>
                      <strong>{formatHazardRatio(c.oddsRatio)}</strong>
                    </td>
                    <td>
                      {c.lower === null || c.upper === null
                        ? '—'
                        : `${formatHazardRatio(c.lower)}–${formatHazardRatio(c.upper)}`}
                    </td>
                    <td>{formatPCell(c.p)}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {coefficients.length > 0 && (
        <p className="small muted risk-note">
          An odds ratio of 2 means twice the odds of leaving compared with the reference level (or per unit
          more of a number), the other features held equal. Without a penalty the intervals and p-values are
          R&apos;s glm Wald statistics; with one they are left out.
        </p>
      )}
      {bars.length === 0 && coefficients.length === 0 && (
        <p className="muted">This model reports no explanations.</p>
      )}
    </>
  );
}
