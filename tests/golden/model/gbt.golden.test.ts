/**
 * The gradient-boosted trees engine against scikit-learn 1.2's HistGradientBoostingClassifier
 * (gbt.py → gbt.json): same data, same folds (the fold files written by sklearn.py), same settings
 * (learning rate 0.1, 100 iterations, 31 leaves, 20 rows per leaf, no early stopping, categorical
 * columns as categorical features). The issue's bar: mean cross-validated AUC within 0.005. Fold by
 * fold the two need not be identical in general (tie-breaking among equal gains, the order of
 * categories with equal gradient ratios); on these data they agree to ~1e-16, since the engine follows
 * sklearn's binning, float32 gradients, gain and scan rules. The fold check (1e-4) is there so a change
 * to those rules shows up here before it could move the mean; the differences are printed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBins } from '../../../src-main/engine/model/binning';
import { fitGbt, predictGbtRawBinned } from '../../../src-main/engine/model/gbt';
import { crossValidateGbt } from '../../../src-main/engine/model/gbt-cross-validate';
import { gbtShap } from '../../../src-main/engine/model/tree-shap';
import { attrition, telco, telcoAllRows, type GoldenData } from './golden-data';

interface GbtGolden {
  params: {
    learning_rate: number;
    max_iter: number;
    max_leaf_nodes: number;
    min_samples_leaf: number;
    l2_regularization: number;
    max_bins: number;
  };
  datasets: Array<{
    dataset: string;
    n: number;
    categorical: string[];
    folds: Array<{ fold: number; n: number; auc: number; nIter: number; leaves: number }>;
    meanAuc: number;
  }>;
  fullFitWithMissing: {
    n: number;
    missingRows: number[];
    baseline: number;
    leaves: number;
    rows: number[];
    raw: number[];
  };
}
const golden = JSON.parse(readFileSync(resolve('tests/golden/model/gbt.json'), 'utf8')) as GbtGolden;
const loaders: Record<string, () => GoldenData> = { telco, attrition };

describe.each(['telco', 'attrition'])('%s: gradient-boosted trees against scikit-learn', (name) => {
  const reference = golden.datasets.find((d) => d.dataset === name)!;
  const data = loaders[name]!();
  const { params } = golden;

  it('has the categorical columns the script used', () => {
    expect(data.y.length).toBe(reference.n);
    expect(data.columns.filter((c) => c.kind === 'categorical').map((c) => c.name)).toEqual(
      reference.categorical,
    );
  });

  it('mean 5-fold CV AUC within 0.005 of HistGradientBoostingClassifier', () => {
    const cv = crossValidateGbt(data.columns, data.y, data.fold, {
      learningRate: params.learning_rate,
      maxIter: params.max_iter,
      maxLeafNodes: params.max_leaf_nodes,
      minSamplesLeaf: params.min_samples_leaf,
      l2Regularization: params.l2_regularization,
      maxBins: params.max_bins,
      earlyStopping: false,
    });
    const rows = cv.folds.map((f, k) => ({
      fold: f.fold,
      engine: Number(f.auc.toFixed(6)),
      sklearn: Number(reference.folds[k]!.auc.toFixed(6)),
      difference: Number((f.auc - reference.folds[k]!.auc).toExponential(2)),
    }));
    console.log(
      `${name}: engine mean AUC ${cv.auc.mean.toFixed(6)}, sklearn ${reference.meanAuc.toFixed(6)}`,
    );
    console.table(rows);
    expect(cv.folds.map((f) => f.n)).toEqual(reference.folds.map((f) => f.n));
    expect(cv.folds.every((f) => f.nIter === params.max_iter)).toBe(true);
    expect(Math.abs(cv.auc.mean - reference.meanAuc)).toBeLessThan(0.005);
    for (const row of rows) expect(Math.abs(row.difference)).toBeLessThan(1e-4);
  });
});

describe('telco, all 7,043 rows with the 11 missing TotalCharges: one fit on every row', () => {
  const reference = golden.fullFitWithMissing;
  const data = telcoAllRows();
  const { params } = golden;
  const model = fitGbt(data.columns, data.y, {
    learningRate: params.learning_rate,
    maxIter: params.max_iter,
    maxLeafNodes: params.max_leaf_nodes,
    minSamplesLeaf: params.min_samples_leaf,
    earlyStopping: false,
  });
  const binned = applyBins(model.mapper, data.columns);
  const raw = predictGbtRawBinned(model, binned);

  it('routes missing values as sklearn does: the same raw scores (decision_function) to 1e-9', () => {
    expect(data.y.length).toBe(reference.n);
    const totalCharges = data.columns.find((c) => c.name === 'TotalCharges')!;
    const missing: number[] = [];
    for (let i = 0; i < reference.n; i++) if (totalCharges.values[i] === null) missing.push(i);
    expect(missing).toEqual(reference.missingRows);
    expect(model.baseline).toBeCloseTo(reference.baseline, 14);
    expect(model.trees.reduce((s, t) => s + (t.nodeCount + 1) / 2, 0)).toBe(reference.leaves);
    let worst = 0;
    reference.rows.forEach((row, k) => (worst = Math.max(worst, Math.abs(raw[row]! - reference.raw[k]!))));
    console.log(`telco all rows: max |engine − sklearn| raw score over ${reference.rows.length} rows`, worst);
    expect(worst).toBeLessThan(1e-9);
  });

  it('TreeSHAP contributions plus the expected value give the raw score of every row (1e-9)', () => {
    const shap = gbtShap(model, binned);
    let worst = 0;
    for (let i = 0; i < shap.n; i++) {
      let s = shap.expectedValue;
      for (let j = 0; j < shap.p; j++) s += shap.contributions[i * shap.p + j]!;
      worst = Math.max(worst, Math.abs(s - raw[i]!));
    }
    console.log(`telco all rows: TreeSHAP additivity, max error over ${shap.n} rows`, worst);
    expect(worst).toBeLessThan(1e-9);
  });
});
