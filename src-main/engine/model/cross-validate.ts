/**
 * k-fold cross-validation with given fold ids (from stratifiedFolds, or a reference's `id,fold` file):
 * for each fold the model is fitted on the other folds only — learning a design (levels, means, SDs) or
 * bins from all rows would leak the held-out fold into training — and the held-out rows are scored.
 * Returns per-fold metrics and the out-of-fold predictions. One loop for every model kind: a model gives
 * `fitAndPredict` (train rows → probabilities of the test rows, plus what it wants to report per fold).
 */
import { applyDesign, fitDesign, type DesignOptions, type FeatureColumn } from './design';
import { fitLogistic, predictLogistic, type LogisticOptions, type LogisticWarning } from './logistic';
import { averagePrecision, brierScore, logLoss, rocAuc } from './metrics';

export interface FoldMetrics {
  fold: number;
  n: number;
  positives: number;
  auc: number;
  prAuc: number;
  logLoss: number;
  brier: number;
}

export interface CrossValidationOf<Extra> {
  folds: (FoldMetrics & Extra)[];
  /** Mean and sample SD (n − 1) of the fold AUCs. */
  auc: { mean: number; sd: number };
  /** Out-of-fold probability of every row. */
  outOfFold: Float64Array;
  /** Metrics of the pooled out-of-fold predictions. */
  pooled: { auc: number; prAuc: number; logLoss: number; brier: number };
}

export function crossValidate<Extra>(
  y: ArrayLike<number>,
  fold: ArrayLike<number>,
  fitAndPredict: (train: Int32Array, test: Int32Array) => { p: Float64Array; extra: Extra },
): CrossValidationOf<Extra> {
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
  const folds: (FoldMetrics & Extra)[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    if (test.length === 0) continue;
    const { p, extra } = fitAndPredict(Int32Array.from(train), Int32Array.from(test));
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
      ...extra,
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

export type CrossValidation = CrossValidationOf<{ converged: boolean; warnings: LogisticWarning[] }>;

/** The logistic model: the design learnt on each training part only. */
export function crossValidateLogistic(
  columns: readonly FeatureColumn[],
  y: ArrayLike<number>,
  fold: ArrayLike<number>,
  designOptions: DesignOptions = {},
  logisticOptions: LogisticOptions = {},
): CrossValidation {
  return crossValidate(y, fold, (train, test) => {
    const recipe = fitDesign(columns, designOptions, train);
    const fit = fitLogistic(
      applyDesign(recipe, columns, train),
      Float64Array.from(train, (i) => y[i]!),
      logisticOptions,
    );
    const p = predictLogistic(fit, applyDesign(recipe, columns, test));
    return { p, extra: { converged: fit.converged, warnings: fit.warnings } };
  });
}
