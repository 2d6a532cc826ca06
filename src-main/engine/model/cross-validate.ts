/**
 * k-fold cross-validation of the logistic model with given fold ids (from stratifiedFolds, or a
 * reference's `id,fold` file). For each fold the design (levels, means, SDs) is learnt on the other
 * folds only — standardising or imputing with all rows would leak the held-out fold into training —
 * and the held-out rows are scored with it. Returns per-fold metrics and the out-of-fold predictions.
 */
import { applyDesign, fitDesign, type DesignOptions, type FeatureColumn } from './design';
import { fitLogistic, predictLogistic, type LogisticOptions, type LogisticWarning } from './logistic';
import { averagePrecision, brierScore, logLoss, rocAuc } from './metrics';

export interface FoldResult {
  fold: number;
  n: number;
  positives: number;
  auc: number;
  prAuc: number;
  logLoss: number;
  brier: number;
  converged: boolean;
  warnings: LogisticWarning[];
}

export interface CrossValidation {
  folds: FoldResult[];
  /** Mean and sample SD (n − 1) of the fold AUCs. */
  auc: { mean: number; sd: number };
  /** Out-of-fold probability of every row. */
  outOfFold: Float64Array;
  /** Metrics of the pooled out-of-fold predictions. */
  pooled: { auc: number; prAuc: number; logLoss: number; brier: number };
}

export function crossValidateLogistic(
  columns: readonly FeatureColumn[],
  y: ArrayLike<number>,
  fold: ArrayLike<number>,
  designOptions: DesignOptions = {},
  logisticOptions: LogisticOptions = {},
): CrossValidation {
  const n = y.length;
  if (fold.length !== n) throw new RangeError(`${fold.length} fold ids for ${n} rows`);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const f = fold[i]!;
    if (!Number.isInteger(f) || f < 0)
      throw new RangeError(`fold id of row ${i} is not a non-negative integer`);
    k = Math.max(k, f + 1);
  }
  const outOfFold = new Float64Array(n);
  const folds: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    if (test.length === 0) continue;
    const trainRows = Int32Array.from(train);
    const testRows = Int32Array.from(test);
    const recipe = fitDesign(columns, designOptions, trainRows);
    const fit = fitLogistic(
      applyDesign(recipe, columns, trainRows),
      Float64Array.from(train, (i) => y[i]!),
      logisticOptions,
    );
    const p = predictLogistic(fit, applyDesign(recipe, columns, testRows));
    const labels = Float64Array.from(test, (i) => y[i]!);
    test.forEach((i, r) => (outOfFold[i] = p[r]!));
    folds.push({
      fold: f,
      n: test.length,
      positives: labels.reduce((s, v) => s + v, 0),
      auc: rocAuc(labels, p),
      prAuc: averagePrecision(labels, p),
      logLoss: logLoss(labels, p),
      brier: brierScore(labels, p),
      converged: fit.converged,
      warnings: fit.warnings,
    });
  }
  const aucs = folds.map((r) => r.auc);
  const mean = aucs.reduce((s, v) => s + v, 0) / aucs.length;
  const sd =
    aucs.length > 1
      ? Math.sqrt(aucs.reduce((s, v) => s + (v - mean) ** 2, 0) / (aucs.length - 1))
      : Number.NaN;
  return {
    folds,
    auc: { mean, sd },
    outOfFold,
    pooled: {
      auc: rocAuc(y, outOfFold),
      prAuc: averagePrecision(y, outOfFold),
      logLoss: logLoss(y, outOfFold),
      brier: brierScore(y, outOfFold),
    },
  };
}
