import { describe, expect, it } from 'vitest';
import { mannWhitney } from './mann-whitney';

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));

describe('Mann–Whitney / Wilcoxon rank-sum', () => {
  const retained = [1, 2, 2, 3, 5, 8];
  const churned = [2, 4, 5, 5, 9, 10, 12];

  it('W counted by hand with ties, p as R (normal approximation, tie and continuity correction)', () => {
    // Pairs retained > churned (ties ½): 1 → 0, 2 → ½ each (×2), 3 → 1, 5 → 2 + 2·½, 8 → 4: W = 9.
    // R: wilcox.test(c(1,2,2,3,5,8), c(2,4,5,5,9,10,12), exact = FALSE)  →  W = 9, p = 0.096670543406700921
    // (the same as wilcox.test(value ~ churned) with churned = FALSE for the first sample).
    const result = mannWhitney(retained, churned)!;
    expect(result.w).toBe(9);
    expect([result.retained, result.churned]).toEqual([6, 7]);
    close(result.p, 0.096670543406700921);
    close(result.auc, 1 - 9 / 42);
    close(result.rankBiserial, 2 * (1 - 9 / 42) - 1);
    expect(result.z).toBeLessThan(0);
  });

  it('is symmetric: swapping the samples gives W′ = n₁n₂ − W and the same p', () => {
    const swapped = mannWhitney(churned, retained)!;
    expect(swapped.w).toBe(42 - 9);
    close(swapped.p, 0.096670543406700921);
  });

  it('does not depend on input order and accepts typed arrays', () => {
    const result = mannWhitney(Float64Array.from([8, 5, 3, 2, 2, 1]), [12, 10, 9, 5, 5, 4, 2])!;
    expect(result.w).toBe(9);
  });

  it('is undefined for an empty group or no variance', () => {
    expect(mannWhitney([], [1, 2])).toBeNull();
    expect(mannWhitney([3, 3], [3, 3, 3])).toBeNull();
    expect(() => mannWhitney([Number.NaN], [1])).toThrow();
  });
});
