/**
 * metrics.ts against scikit-learn 1.2 on fixed predictions (tests/golden/model/sklearn.py →
 * sklearn.json "metrics"): attrition's out-of-fold probabilities rounded to two decimals (many ties,
 * exact zeros that log_loss clips) and an 8-row hand case. Exact to 1e-12.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  brierScore,
  calibrationBins,
  logLoss,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
} from '../../../src-main/engine/model/metrics';

interface Block {
  labels: number[];
  scores: number[];
  rocAuc: number;
  averagePrecision: number;
  logLoss: number;
  brier: number;
  rocCurve: { fpr: number[]; tpr: number[]; thresholds: number[] };
  prCurve: { precision: number[]; recall: number[]; thresholds: number[] };
  calibrationUniform10: { probTrue: number[]; probPred: number[] };
  calibrationQuantile5: { probTrue: number[]; probPred: number[] };
}
const golden = JSON.parse(readFileSync(resolve('tests/golden/model/sklearn.json'), 'utf8')) as {
  metrics: Record<string, Block>;
};

const close = (actual: number[], expected: number[]): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!), `index ${i}`).toBeLessThan(1e-12));
};

describe.each(Object.keys(golden.metrics))('metrics on %s as scikit-learn', (name) => {
  const block = golden.metrics[name]!;
  const y = Float64Array.from(block.labels);
  const p = Float64Array.from(block.scores);

  it('roc_auc_score, average_precision_score, log_loss, brier_score_loss', () => {
    expect(Math.abs(rocAuc(y, p) - block.rocAuc)).toBeLessThan(1e-12);
    expect(Math.abs(averagePrecision(y, p) - block.averagePrecision)).toBeLessThan(1e-12);
    expect(Math.abs(logLoss(y, p) - block.logLoss)).toBeLessThan(1e-12);
    expect(Math.abs(brierScore(y, p) - block.brier)).toBeLessThan(1e-12);
  });

  it('roc_curve(drop_intermediate=False)', () => {
    const points = rocCurve(y, p);
    close(
      points.map((q) => q.falsePositiveRate),
      block.rocCurve.fpr,
    );
    close(
      points.map((q) => q.truePositiveRate),
      block.rocCurve.tpr,
    );
    // sklearn 1.2 writes max + 1 for the first threshold; the engine writes +Infinity.
    close(
      points.slice(1).map((q) => q.threshold),
      block.rocCurve.thresholds.slice(1),
    );
  });

  it('precision_recall_curve (reversed: the engine lists the highest threshold first)', () => {
    const points = precisionRecallCurve(y, p);
    close(
      points.map((q) => q.precision),
      [...block.prCurve.precision].reverse(),
    );
    close(
      points.map((q) => q.recall),
      [...block.prCurve.recall].reverse(),
    );
    close(
      points.slice(1).map((q) => q.threshold),
      [...block.prCurve.thresholds].reverse(),
    );
  });

  it('calibration_curve, uniform 10 and quantile 5', () => {
    const uniform = calibrationBins(y, p, 10, 'uniform');
    close(
      uniform.map((b) => b.observed),
      block.calibrationUniform10.probTrue,
    );
    close(
      uniform.map((b) => b.predicted),
      block.calibrationUniform10.probPred,
    );
    const quantile = calibrationBins(y, p, 5, 'quantile');
    close(
      quantile.map((b) => b.observed),
      block.calibrationQuantile5.probTrue,
    );
    close(
      quantile.map((b) => b.predicted),
      block.calibrationQuantile5.probPred,
    );
  });
});
