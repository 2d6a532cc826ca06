import { describe, expect, it } from 'vitest';
import { cumulativeTracking, holdoutByFrequency } from './holdout-check';
import type { BtydPredictor } from './types';

/** A hand-checkable model: P(alive) = 1, E[Y(t) | x] = (x + 1) t / 10, E[X(t)] = t / 10. */
const linear: BtydPredictor = {
  pAlive: () => 1,
  conditionalExpected: (t, x) => ((x + 1) * t) / 10,
  unconditionalExpected: (t) => t / 10,
};

describe('holdoutByFrequency', () => {
  it('averages actual and predicted hold-out purchases per calibration frequency, pooling the top', () => {
    const customers = [
      { x: 0, tx: 0, T: 30, holdoutX: 0 },
      { x: 0, tx: 0, T: 20, holdoutX: 2 },
      { x: 1, tx: 5, T: 30, holdoutX: 1 },
      { x: 3, tx: 9, T: 30, holdoutX: 4 },
      { x: 5, tx: 9, T: 30, holdoutX: 6 },
    ];
    expect(holdoutByFrequency(linear, customers, 10, 3)).toEqual([
      { x: 0, label: '0', customers: 2, actual: 1, predicted: 1 },
      { x: 1, label: '1', customers: 1, actual: 1, predicted: 2 },
      // x = 3 and x = 5: predicted (4 + 6) / 2; bucket x = 2 is empty and left out.
      { x: 3, label: '3+', customers: 2, actual: 5, predicted: 5 },
    ]);
  });
});

describe('cumulativeTracking', () => {
  it('sums E[X(k − s_i)] over customers acquired before the end of period k', () => {
    // Customers acquired at 0, 0 and 1.5; repeat purchases per period 1, 0, 2, 1.
    const points = cumulativeTracking(linear, [0, 0, 1.5], [1, 0, 2, 1], 2);
    expect(points.map((p) => p.actual)).toEqual([1, 1, 3, 4]);
    expect(points.map((p) => p.calibration)).toEqual([true, true, false, false]);
    const expected = [2 * 0.1, 2 * 0.2 + 0.05, 2 * 0.3 + 0.15, 2 * 0.4 + 0.25];
    points.forEach((p, i) => {
      expect(p.period).toBe(i + 1);
      expect(p.predicted).toBeCloseTo(expected[i]!, 12);
    });
  });
});
