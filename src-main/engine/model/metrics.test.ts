import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  brierScore,
  calibrationBins,
  confusionAt,
  cumulativeGains,
  logLoss,
  rocAuc,
  rocCurve,
  stratifiedFolds,
} from './metrics';

// scikit-learn's documentation example: roc_auc_score 0.75, average_precision_score 0.8333…
const y = [0, 0, 1, 1];
const scores = [0.1, 0.4, 0.35, 0.8];

describe('metrics', () => {
  it('ROC AUC and average precision of the scikit-learn documentation example', () => {
    expect(rocAuc(y, scores)).toBe(0.75);
    expect(averagePrecision(y, scores)).toBeCloseTo(5 / 6, 15);
  });

  it('counts a tie between a positive and a negative as one half', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 1, 0, 1], [0.2, 0.2, 0.1, 0.9])).toBe((1 + 1 + 0.5 + 1) / 4);
  });

  it('log-loss clips probabilities at the float64 epsilon, as sklearn 1.2', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(2.220446049250313e-16), 12);
    expect(logLoss([0, 1], [0.2, 0.6])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
  });

  it('Brier score is the mean squared error of the probabilities', () => {
    expect(brierScore([0, 1], [0.2, 0.6])).toBeCloseTo((0.04 + 0.16) / 2, 15);
  });

  it('ROC curve starts at (0, 0) and has a point per distinct score', () => {
    const points = rocCurve([0, 1, 0, 1], [0.2, 0.2, 0.1, 0.9]);
    expect(points.map((p) => [p.falsePositiveRate, p.truePositiveRate])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });

  it('confusion counts call a score equal to the threshold a churner', () => {
    expect(confusionAt(y, scores, 0.4)).toEqual({
      threshold: 0.4,
      truePositives: 1,
      falsePositives: 1,
      trueNegatives: 1,
      falseNegatives: 1,
    });
  });

  it('cumulative gains and lift by slices of the ranked list', () => {
    // 10 customers, 4 churners ranked 1st, 2nd, 4th and 9th.
    const labels = [1, 1, 0, 1, 0, 0, 0, 0, 1, 0];
    const ranked = labels.map((_, i) => 1 - i / 10);
    const gains = cumulativeGains(labels, ranked, 5);
    expect(gains.map((g) => g.customers)).toEqual([2, 4, 6, 8, 10]);
    expect(gains.map((g) => g.captured)).toEqual([0.5, 0.75, 0.75, 0.75, 1]);
    expect(gains[0]!.lift).toBe(2.5);
    expect(gains[4]!.lift).toBe(1);
  });

  it('calibration bins put a probability on an edge into the lower bin and skip empty bins', () => {
    const bins = calibrationBins([0, 1, 1, 0], [0.1, 0.15, 0.9, 0.05], 10);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 1]);
    expect(bins[0]!.predicted).toBeCloseTo(0.075, 15);
    expect(bins[0]!.observed).toBe(0);
  });
});

describe('stratifiedFolds', () => {
  const labels = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));

  it('is deterministic for a seed and differs between seeds', () => {
    expect(Array.from(stratifiedFolds(labels, 5, 7))).toEqual(Array.from(stratifiedFolds(labels, 5, 7)));
    expect(Array.from(stratifiedFolds(labels, 5, 7))).not.toEqual(Array.from(stratifiedFolds(labels, 5, 8)));
  });

  it('balances every class across folds to within one row', () => {
    const fold = stratifiedFolds(labels, 5, 0);
    for (const cls of [0, 1]) {
      const counts = [0, 0, 0, 0, 0];
      labels.forEach((l, i) => l === cls && counts[fold[i]!]!++);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    const sizes = [0, 0, 0, 0, 0];
    fold.forEach((f) => sizes[f]!++);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});
