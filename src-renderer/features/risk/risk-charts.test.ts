import { describe, expect, it } from 'vitest';
import {
  calibrationOption,
  expectedValueOption,
  gainsOption,
  importanceOption,
  prOption,
  rocOption,
} from './risk-charts';

interface Series {
  name: string;
  data: unknown[];
}

const seriesOf = (option: Record<string, unknown>) => option.series as Series[];

describe('risk charts', () => {
  it('draws one ROC curve per model plus the chance line', () => {
    const option = rocOption(
      [
        {
          name: 'A',
          auc: 0.8,
          roc: [
            { threshold: null, fpr: 0, tpr: 0 },
            { threshold: 0.5, fpr: 0.2, tpr: 0.7 },
          ],
        },
        { name: 'B', auc: null, roc: [] },
      ],
      'ROC',
      'sub',
    ) as Record<string, unknown>;
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['A (AUC 0.800)', 'B (AUC —)', 'Chance']);
    expect(series[0]?.data[1]).toEqual([0.2, 0.7, 0.5]);
  });

  it('puts the base rate as the PR reference and gains from the origin', () => {
    const pr = prOption([{ threshold: 0.3, precision: 0.6, recall: 0.5 }], 0.265, 'PR', 's') as Record<
      string,
      unknown
    >;
    expect(seriesOf(pr)[1]?.data).toEqual([
      [0, 0.265],
      [1, 0.265],
    ]);
    const gains = gainsOption(
      [{ targeted: 0.1, customers: 704, captured: 0.3, lift: 3 }],
      'Gains',
      's',
    ) as Record<string, unknown>;
    expect(seriesOf(gains)[0]?.data).toEqual([
      [0, 0],
      [0.1, 0.3],
    ]);
  });

  it('keeps calibration counts and sorts importance largest first', () => {
    const calibration = calibrationOption(
      [{ predicted: 0.05, observed: 0.04, count: 1200 }],
      'C',
      's',
    ) as Record<string, unknown>;
    expect(seriesOf(calibration)[0]?.data).toEqual([[0.05, 0.04, 1200]]);
    const importance = importanceOption(
      [
        { label: 'tenure', value: 0.5 },
        { label: 'Contract', value: 0.9, permutation: { mean: 0.1, sd: 0.01 } },
      ],
      'I',
      's',
      'Mean |SHAP|',
    ) as Record<string, unknown>;
    expect((importance.yAxis as { data: string[] }).data).toEqual(['Contract', 'tenure']);
    expect(seriesOf(importance)).toHaveLength(2);
  });

  it('marks the best threshold of the expected value', () => {
    const row = (threshold: number, expectedValue: number) => ({
      threshold,
      truePositives: 1,
      falsePositives: 1,
      trueNegatives: 1,
      falseNegatives: 1,
      targeted: 2,
      precision: 0.5,
      recall: 0.5,
      expectedValue,
    });
    const option = expectedValueOption([row(0.1, 5), row(0.2, 9)], row(0.17, 10), 'EV', 's') as Record<
      string,
      unknown
    >;
    const series = seriesOf(option);
    expect(series[0]?.data).toEqual([
      [0.1, 5],
      [0.2, 9],
    ]);
    expect(series[1]?.name).toBe('Best: 0.170 (10)');
    expect(expectedValueOption([row(0.1, 5)], undefined, 'EV', 's')).toHaveProperty('series.length', 1);
  });
});
