import { describe, expect, it } from 'vitest';
import type { FeatureColumn } from './design';
import { fitGbt, predictGbtProba, predictGbtRaw, rowLogLoss, sigmoid } from './gbt';
import { crossValidateGbt } from './gbt-cross-validate';
import { mulberry32 } from './gbt-random';
import { stratifiedFolds } from './metrics';

function synthetic(n: number, seed: number): { columns: FeatureColumn[]; y: number[] } {
  const random = mulberry32(seed);
  const age = Array.from({ length: n }, () => (random() < 0.05 ? null : 18 + random() * 60));
  const plan = Array.from({ length: n }, () => ['basic', 'plus', 'pro', 'team'][Math.floor(random() * 4)]!);
  const y = age.map((a, i) => {
    const logit =
      -1 + (a === null ? 1.5 : (40 - a) / 15) + (plan[i] === 'basic' ? 1 : plan[i] === 'team' ? -1 : 0);
    return random() < sigmoid(logit) ? 1 : 0;
  });
  return {
    columns: [
      { name: 'age', kind: 'numeric', values: age },
      { name: 'plan', kind: 'categorical', values: plan },
    ],
    y,
  };
}

describe('fitGbt', () => {
  const { columns, y } = synthetic(3000, 1);

  it('starts from the log-odds of the base rate and lowers the training loss every iteration', () => {
    const model = fitGbt(columns, y, { maxIter: 30, earlyStopping: false });
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    expect(model.baseline).toBeCloseTo(Math.log(rate / (1 - rate)), 14);
    expect(model.nIter).toBe(30);
    expect(model.trainLoss).toHaveLength(31);
    expect(model.trainLoss[0]).toBeCloseTo(-(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate)), 12);
    for (let i = 1; i < model.trainLoss.length; i++)
      expect(model.trainLoss[i]).toBeLessThan(model.trainLoss[i - 1]!);
    expect(model.validationLoss).toBeNull();
    for (const tree of model.trees) expect((tree.nodeCount + 1) / 2).toBeLessThanOrEqual(31);
  });

  it('is deterministic for a seed; early stopping holds out a stratified validation split', () => {
    const a = fitGbt(columns, y, { earlyStopping: true, maxIter: 300, seed: 5 });
    const b = fitGbt(columns, y, { earlyStopping: true, maxIter: 300, seed: 5 });
    expect(b).toEqual(a);
    expect(a.nValidation).toBe(300);
    expect(a.nTrain).toBe(2700);
    expect(a.nIter).toBeLessThan(300);
    const v = a.validationLoss!;
    expect(v).toHaveLength(a.nIter + 1);
    // Stopped because none of the last 10 iterations beat the loss 11 iterations back by more than tol.
    const reference = v[v.length - 11]!;
    expect(v.slice(-10).every((l) => l >= reference - 1e-7)).toBe(true);
    const c = fitGbt(columns, y, { earlyStopping: true, maxIter: 300, seed: 6 });
    expect(c.validationLoss).not.toEqual(a.validationLoss);
  });

  it('predicts new rows with the training bins: out-of-range values, missing and unseen categories', () => {
    const model = fitGbt(columns, y, { maxIter: 20, earlyStopping: false });
    const probe: FeatureColumn[] = [
      { name: 'age', kind: 'numeric', values: [200, 77.9, null, Number.NaN, 30] },
      { name: 'plan', kind: 'categorical', values: ['basic', 'basic', 'pro', 'pro', 'enterprise'] },
    ];
    const raw = predictGbtRaw(model, probe);
    // Beyond the last training edge is the last bin: same as the oldest training ages.
    expect(raw[0]).toBe(raw[1]);
    expect(raw[2]).toBe(raw[3]);
    // An unseen plan is treated like a missing plan: identical to null.
    const asMissing = predictGbtRaw(model, [
      probe[0]!,
      { name: 'plan', kind: 'categorical', values: [null, null, null, null, null] },
    ]);
    expect(raw[4]).toBe(asMissing[4]);
    const p = predictGbtProba(model, probe);
    p.forEach((v, i) => expect(v).toBeCloseTo(1 / (1 + Math.exp(-raw[i]!)), 15));
  });

  it('honours maxDepth and minSamplesLeaf', () => {
    const model = fitGbt(columns, y, { maxIter: 5, maxDepth: 2, minSamplesLeaf: 100, earlyStopping: false });
    for (const tree of model.trees) {
      expect(Math.max(...tree.depth)).toBeLessThanOrEqual(2);
      for (let i = 0; i < tree.nodeCount; i++)
        if (tree.left[i]! < 0) expect(tree.count[i]).toBeGreaterThanOrEqual(100);
    }
  });

  it('rejects bad inputs', () => {
    expect(() =>
      fitGbt(
        columns,
        y.map(() => 2),
      ),
    ).toThrow(RangeError);
    expect(() => fitGbt(columns, y, { learningRate: 0 })).toThrow(RangeError);
    expect(() => fitGbt(columns, y, { maxLeafNodes: 1 })).toThrow(RangeError);
    expect(() => fitGbt([], [])).toThrow(RangeError);
  });

  it('rowLogLoss is stable for large scores', () => {
    expect(rowLogLoss(1, 800)).toBe(0);
    expect(rowLogLoss(0, 800)).toBe(800);
    expect(rowLogLoss(1, -800)).toBe(800);
    expect(rowLogLoss(0, 0)).toBeCloseTo(Math.LN2, 15);
  });
});

describe('crossValidateGbt', () => {
  it('scores each fold with a model that never saw it', () => {
    const { columns, y } = synthetic(1500, 2);
    const fold = stratifiedFolds(y, 5, 0);
    const cv = crossValidateGbt(columns, y, fold, { maxIter: 20, earlyStopping: false });
    expect(cv.folds).toHaveLength(5);
    expect(cv.folds.reduce((s, f) => s + f.n, 0)).toBe(1500);
    expect(cv.auc.mean).toBeGreaterThan(0.6);
    const train = Int32Array.from({ length: 1500 }, (_, i) => i).filter((i) => fold[i] !== 0);
    const test = Int32Array.from({ length: 1500 }, (_, i) => i).filter((i) => fold[i] === 0);
    const p = predictGbtProba(
      fitGbt(columns, y, { maxIter: 20, earlyStopping: false }, train),
      columns,
      test,
    );
    test.forEach((i, r) => expect(cv.outOfFold[i]).toBe(p[r]));
  });
});
