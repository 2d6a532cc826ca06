import { describe, expect, it } from 'vitest';
import { columnMeans, linearContributions, topPositive } from './reasons';

describe('linear contributions', () => {
  it('sum per row to η − η(mean row); by hand on 3 rows, 2 features (a numeric, a 2-dummy category)', () => {
    // terms: x (feature 0), B, C (feature 1: dummies of a category with reference A)
    const matrix = Float64Array.from([1, 0, 0, 3, 1, 0, 2, 0, 1]);
    const means = columnMeans(matrix, 3, 3);
    expect(Array.from(means)).toEqual([2, 1 / 3, 1 / 3]);
    const slopes = [0.5, 1, -2];
    const c = linearContributions(
      { slopes, termMeans: means, featureOfTerm: [0, 1, 1], features: 2 },
      matrix,
      3,
    );
    // row 0: x: 0.5 (1 − 2) = −0.5; category A: 1 (0 − 1/3) − 2 (0 − 1/3) = 1/3
    expect(c[0]).toBeCloseTo(-0.5, 12);
    expect(c[1]).toBeCloseTo(1 / 3, 12);
    // row 1: x: 0.5; B: 1 (1 − 1/3) − 2 (0 − 1/3) = 4/3
    expect(c[2]).toBeCloseTo(0.5, 12);
    expect(c[3]).toBeCloseTo(4 / 3, 12);
    expect(topPositive(c, 2, 1, 3)).toEqual([1, 0]);
    expect(topPositive(c, 2, 0, 3)).toEqual([1]);
  });
});
