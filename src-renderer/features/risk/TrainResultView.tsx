import { useMemo, useState } from 'react';
import type { ThresholdRow, TrainResult } from '@shared/contract/risk';
import type { ChartData } from '../../charts/chart-export';
import { ChartCard } from '../../charts/ChartCard';
import { formatCount, formatTimestamp } from '../../ui/format';
import { formatHazardRatio, formatPCell, formatSignificant } from '../retention/survival/stats-format';
import {
  calibrationOption,
  expectedValueOption,
  gainsOption,
  importanceHeight,
  importanceOption,
  prOption,
  rocOption,
  type ImportanceBar,
} from './risk-charts';
import { aucWithSpread, formatAuc, formatMetric, kindLabels } from './risk-model';

/** One trained model: cross-validated metrics, the four validation charts, and its explanations. */
export function TrainResultView({
  result,
}: {
  /** With createdAt/current when it is a saved model read back (risk.model). */
  result: TrainResult & { createdAt?: string; current?: boolean };
}) {
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
      {result.createdAt !== undefined && (
        <p className="small muted risk-result-saved" data-testid="risk-result-saved">
          Saved model, trained {formatTimestamp(result.createdAt)}
          {result.current === false
            ? ': the data or the churn definition changed since, so these numbers describe the old data. Train it again to use it.'
            : '.'}
        </p>
      )}
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
      {result.holdout && (
        <p className="risk-plain" data-testid="risk-holdout">
          <strong>Hold-out:</strong> the final model, on the {formatCount(result.holdout.n)} customers kept
          aside ({Math.round(result.holdout.fraction * 100)}%, {formatCount(result.holdout.positives)}{' '}
          churned) and never seen in training: AUC <strong>{formatAuc(result.holdout.auc)}</strong>, PR AUC{' '}
          {formatMetric(result.holdout.prAuc)}, log-loss {formatMetric(result.holdout.logLoss)}, Brier{' '}
          {formatMetric(result.holdout.brier)}.
        </p>
      )}
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

      {result.thresholds && result.thresholds.length > 0 && (
        <Campaign result={result} rows={result.thresholds} subtext={subtext} />
      )}

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
                    <th scope="row" title={c.term}>
                      {c.label ?? c.term}
                    </th>
                    <td colSpan={5} className="muted risk-left-out">
                      left out: the same information as other terms (collinear)
                    </td>
                  </tr>
                ) : (
                  <tr key={c.term}>
                    <th scope="row" title={c.term}>
                      {c.label ?? c.term}
                    </th>
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

function money(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Expected value of a retention campaign per threshold, and the confusion matrix at a chosen one. */
function Campaign({ result, rows, subtext }: { result: TrainResult; rows: ThresholdRow[]; subtext: string }) {
  const best = result.bestThreshold;
  const nearestBest = best
    ? rows.reduce((a, b) =>
        Math.abs(b.threshold - best.threshold) < Math.abs(a.threshold - best.threshold) ? b : a,
      )
    : rows[0];
  const [chosen, setChosen] = useState<number>(nearestBest?.threshold ?? 0.5);
  const row = rows.find((r) => r.threshold === chosen) ?? nearestBest ?? rows[0]!;
  const option = useMemo(
    () => expectedValueOption(rows, best, 'Expected value of a retention campaign', subtext),
    [rows, best, subtext],
  );
  const campaign = result.campaign;
  return (
    <>
      <h3 className="risk-section-subtitle">Whom to contact</h3>
      <p className="risk-plain">
        {campaign
          ? `A contact costs ${money(campaign.contactCost)}; a churner who is reached stays with a chance of ${Math.round(campaign.successRate * 100)}% and is then worth ${money(campaign.valueSaved)}. `
          : ''}
        {best
          ? best.targeted === 0
            ? 'With these numbers no campaign pays: contacting nobody is best.'
            : `Contacting every customer with a score of ${best.threshold.toFixed(3)} or more (${formatCount(best.targeted)} customers) gives the highest expected value, ${money(best.expectedValue)}.`
          : ''}
      </p>
      <div className="risk-campaign">
        <ChartCard
          title="Expected value of a retention campaign"
          option={option}
          height={340}
          label={`Expected value of the campaign by score threshold${best ? `: best at ${best.threshold.toFixed(3)}` : ''}.`}
          testId="risk-expected-value"
          data={(): ChartData => ({
            columns: [
              'threshold',
              'targeted',
              'tp',
              'fp',
              'tn',
              'fn',
              'precision',
              'recall',
              'expected_value',
            ],
            rows: rows.map((r) => [
              r.threshold,
              r.targeted,
              r.truePositives,
              r.falsePositives,
              r.trueNegatives,
              r.falseNegatives,
              r.precision,
              r.recall,
              r.expectedValue,
            ]),
          })}
        />
        <div className="risk-confusion">
          <label className="toolbar-field">
            <span className="toolbar-field-label">Threshold</span>
            <select
              className="select select-small"
              value={row.threshold}
              data-testid="risk-threshold"
              onChange={(event) => setChosen(Number(event.target.value))}
            >
              {rows.map((r) => (
                <option key={r.threshold} value={r.threshold}>
                  {r.threshold.toFixed(2)} — value {money(r.expectedValue)}
                </option>
              ))}
            </select>
          </label>
          <table className="figure-table risk-confusion-table" data-testid="risk-confusion">
            <caption className="visually-hidden">Confusion matrix at the chosen threshold</caption>
            <thead>
              <tr>
                <th scope="col">Out-of-fold</th>
                <th scope="col">Churned</th>
                <th scope="col">Stayed</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Contacted (score ≥ {row.threshold.toFixed(2)})</th>
                <td>{formatCount(row.truePositives)}</td>
                <td>{formatCount(row.falsePositives)}</td>
              </tr>
              <tr>
                <th scope="row">Not contacted</th>
                <td>{formatCount(row.falseNegatives)}</td>
                <td>{formatCount(row.trueNegatives)}</td>
              </tr>
            </tbody>
          </table>
          <p className="small muted">
            Precision {row.precision === null ? '—' : `${(row.precision * 100).toFixed(1)}%`} · recall{' '}
            {row.recall === null ? '—' : `${(row.recall * 100).toFixed(1)}%`} · expected value{' '}
            <strong>{money(row.expectedValue)}</strong>
          </p>
        </div>
      </div>
    </>
  );
}
