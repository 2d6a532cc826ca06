import { describe, expect, it } from 'vitest';
import { crossValidateLogistic } from './cross-validate';
import { applyDesign, fitDesign, type FeatureColumn } from './design';
import { fitLogistic, predictLogistic } from './logistic';
import { stratifiedFolds } from './metrics';

// 60 customers: churn more likely on month-to-month and short tenure.
const n = 60;
const contract = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'Two year' : 'Month-to-month'));
const tenure = Array.from({ length: n }, (_, i) => (i * 7) % 50);
const y = Float64Array.from({ length: n }, (_, i) =>
  (contract[i] === 'Month-to-month' ? 1 : -1) + (25 - tenure[i]!) / 15 + Math.sin(i * 3.7) > 0 ? 1 : 0,
);
const columns: FeatureColumn[] = [
  { name: 'Contract', kind: 'categorical', values: contract },
  { name: 'tenure', kind: 'numeric', values: tenure },
];

describe('crossValidateLogistic', () => {
  const fold = stratifiedFolds(y, 3, 1);
  const cv = crossValidateLogistic(columns, y, fold, { standardize: true }, { l2: 1 });

  it('reports every fold with its size, and AUC mean and SD across folds', () => {
    expect(cv.folds.map((f) => f.fold)).toEqual([0, 1, 2]);
    expect(cv.folds.reduce((s, f) => s + f.n, 0)).toBe(n);
    const mean = cv.folds.reduce((s, f) => s + f.auc, 0) / 3;
    expect(cv.auc.mean).toBeCloseTo(mean, 15);
    expect(cv.auc.sd).toBeGreaterThanOrEqual(0);
  });

  it('scores each held-out row with a model and design learnt without it', () => {
    const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => fold[i] === 0);
    const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => fold[i] !== 0);
    const recipe = fitDesign(columns, { standardize: true }, train);
    const fit = fitLogistic(
      applyDesign(recipe, columns, train),
      Float64Array.from(train, (i) => y[i]!),
      { l2: 1 },
    );
    const p = predictLogistic(fit, applyDesign(recipe, columns, test));
    test.forEach((i, r) => expect(cv.outOfFold[i]).toBe(p[r]));
  });

  it('refuses fold ids that do not fit the rows', () => {
    expect(() => crossValidateLogistic(columns, y, [0, 1])).toThrow(RangeError);
  });
});
