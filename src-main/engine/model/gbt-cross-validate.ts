/**
 * k-fold cross-validation of the gradient-boosted trees with given fold ids (from stratifiedFolds or
 * a reference's `id,fold` file), the twin of cross-validate.ts for the logistic model: the bins are
 * learnt from each training fold only and the held-out fold is scored with them.
 */
import type { FeatureColumn } from './design';
import { fitGbt, predictGbtProba, type GbtOptions } from './gbt';
import { averagePrecision, brierScore, logLoss, rocAuc } from './metrics';

export interface GbtFoldResult {
  fold: number;
  n: number;
  positives: number;
  auc: number;
  prAuc: number;
  logLoss: number;
  brier: number;
  /** Boosting iterations kept (fewer than maxIter when early stopping ended the fit). */
  nIter: number;
}

export interface GbtCrossValidation {
  folds: GbtFoldResult[];
  /** Mean and sample SD (n − 1) of the fold AUCs. */
  auc: { mean: number; sd: number };
  outOfFold: Float64Array;
  pooled: { auc: number; prAuc: number; logLoss: number; brier: number };
}

export function crossValidateGbt(
  columns: readonly FeatureColumn[],
  y: ArrayLike<number>,
  fold: ArrayLike<number>,
  options: GbtOptions = {},
): GbtCrossValidation {
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
  const folds: GbtFoldResult[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    if (test.length === 0) continue;
    const testRows = Int32Array.from(test);
    const model = fitGbt(columns, y, options, Int32Array.from(train));
    const p = predictGbtProba(model, columns, testRows);
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
      nIter: model.nIter,
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
