import { describe, expect, it } from 'vitest';
import { expectedValueTable, thresholdGrid } from './expected-value';

/**
 * Counted by hand. Ten customers, riskiest first, churners marked *:
 *   score  .9* .8* .7 .6* .5 .4 .3 .2* .1 .05
 * Costs: contact 10, value saved 100, success rate 0.5 — a reached churner is worth 50, a contact −10,
 * so value = 50 TP − 10 (TP + FP). Contacting from each score down:
 *   .9: TP 1, 1 contacted → 40     .8: 2, 2 → 80     .7: 2, 3 → 70     .6: 3, 4 → 110
 *   .5: 3, 5 → 100   .4: 3, 6 → 90   .3: 3, 7 → 80   .2: 4, 8 → 120   .1: 4, 9 → 110   .05: 4, 10 → 100
 * Best: from .2 (value 120, TP 4, FP 4, TN 2, FN 0, precision 0.5, recall 1).
 */
const labels = [1, 1, 0, 1, 0, 0, 0, 1, 0, 0];
const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
const costs = { contactCost: 10, valueSaved: 100, successRate: 0.5 };

describe('expectedValueTable', () => {
  it('counts the grid 0.05…0.95 and finds the best threshold', () => {
    expect(thresholdGrid).toHaveLength(19);
    expect(thresholdGrid[2]).toBe(0.15);
    const { rows, best } = expectedValueTable(labels, scores, costs);
    const at = (t: number) => rows.find((r) => r.threshold === t)!;
    // ≥ 0.05: everyone.
    expect(at(0.05)).toEqual({
      threshold: 0.05,
      truePositives: 4,
      falsePositives: 6,
      trueNegatives: 0,
      falseNegatives: 0,
      targeted: 10,
      precision: 0.4,
      recall: 1,
      expectedValue: 100,
    });
    // ≥ 0.25: .9 .8 .7 .6 .5 .4 .3 → TP 3, FP 4.
    expect(at(0.25)).toMatchObject({
      truePositives: 3,
      falsePositives: 4,
      trueNegatives: 2,
      falseNegatives: 1,
    });
    expect(at(0.25).expectedValue).toBe(80);
    expect(at(0.25).recall).toBe(0.75);
    // ≥ 0.6 includes the score 0.6 itself: TP 3 of 4 contacted.
    expect(at(0.6)).toMatchObject({
      truePositives: 3,
      falsePositives: 1,
      expectedValue: 110,
      precision: 0.75,
    });
    // ≥ 0.95: nobody; precision undefined.
    expect(at(0.95)).toMatchObject({ targeted: 0, precision: null, recall: 0, expectedValue: 0 });
    expect(best).toEqual({
      threshold: 0.2,
      truePositives: 4,
      falsePositives: 4,
      trueNegatives: 2,
      falseNegatives: 0,
      targeted: 8,
      precision: 0.5,
      recall: 1,
      expectedValue: 120,
    });
  });

  it('contacts nobody when no campaign pays, and prefers fewer contacts on ties', () => {
    // A contact costs more than a saved churner brings: the best is 1 (nobody), value 0.
    const none = expectedValueTable(labels, scores, { contactCost: 60, valueSaved: 100, successRate: 0.5 });
    expect(none.best).toMatchObject({ threshold: 1, targeted: 0, expectedValue: 0 });
    // Value 50 TP − 25 contacted: .9 → 25, .8 → 50, .7 → 25, .6 → 50, .5 → 25, lower ≤ 0. A tie at 50
    // between .8 (2 contacted) and .6 (4 contacted): the higher threshold wins.
    const tie = expectedValueTable(labels, scores, { contactCost: 25, valueSaved: 100, successRate: 0.5 });
    expect(tie.best).toMatchObject({ threshold: 0.8, targeted: 2, expectedValue: 50 });
  });

  it('treats equal scores as one cut', () => {
    const { best, rows } = expectedValueTable([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.1], costs);
    // ≥ 0.5: TP 2, FP 1 → 100 − 30 = 70; ≥ 0.1: 100 − 40 = 60.
    expect(best).toMatchObject({ threshold: 0.5, truePositives: 2, falsePositives: 1, expectedValue: 70 });
    expect(rows.find((r) => r.threshold === 0.5)).toMatchObject({ truePositives: 2, falsePositives: 1 });
  });

  it('refuses bad inputs', () => {
    expect(() => expectedValueTable([1], [0.5, 0.2], costs)).toThrow(RangeError);
    expect(() => expectedValueTable([2], [0.5], costs)).toThrow(RangeError);
    expect(() => expectedValueTable([1], [0.5], { ...costs, successRate: 1.5 })).toThrow(RangeError);
    expect(() => expectedValueTable([1], [0.5], { ...costs, contactCost: -1 })).toThrow(RangeError);
  });
});
