import { describe, expect, it } from 'vitest';
import { independentColumns, solveSpd } from './linear-algebra';

describe('solveSpd', () => {
  it('solves a 2×2 system and inverts it', () => {
    // [[4, 2], [2, 3]] x = [2, 1]: x = [0.5, 0]; inverse = [[3, −2], [−2, 4]] / 8
    const result = solveSpd(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2, true)!;
    expect(result.x[0]).toBeCloseTo(0.5, 15);
    expect(result.x[1]).toBeCloseTo(0, 15);
    expect(Array.from(result.inverse!).map((v) => v * 8)).toEqual(
      [3, -2, -2, 4].map((v) => expect.closeTo(v, 12)),
    );
  });

  it('returns null for a singular matrix', () => {
    expect(solveSpd(Float64Array.from([1, 1, 1, 1]), Float64Array.from([1, 1]), 2, false)).toBeNull();
  });
});

describe('independentColumns', () => {
  it('sets aside a column that is a combination of earlier ones, and an all-zero column', () => {
    // columns: 1, a, b, a + 2b, 0
    const rows = [
      [1, 1, 0, 1, 0],
      [1, 0, 1, 2, 0],
      [1, 2, 1, 4, 0],
      [1, 3, 5, 13, 0],
    ];
    expect(independentColumns(Float64Array.from(rows.flat()), 4, 5)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
