import { describe, expect, it } from 'vitest';
import { fitSbg, sbgDel } from '../../../src-main/engine/btyd/sbg';

// Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1): the two
// cohorts of their Table 1 (survivors at the start and the end of years 1–7, 1000 at the start) and the
// maximum-likelihood estimates they report from those 7 years: "regular" α = 0.704, β = 1.182;
// "high end" α = 0.668, β = 3.806. Compared to the 3 decimals published (|difference| ≤ 0.0005).
const cohorts = [
  { name: 'regular', survivors: [1000, 631, 468, 382, 326, 289, 262, 241], alpha: 0.704, beta: 1.182 },
  { name: 'high end', survivors: [1000, 869, 743, 653, 593, 551, 517, 491], alpha: 0.668, beta: 3.806 },
];

/** Equal to `published` when rounded to its 3 decimals. */
function expectThreeDecimals(value: number, published: number): void {
  expect(Math.abs(value - published)).toBeLessThanOrEqual(0.0005);
}

describe('sBG against Fader & Hardie (2007)', () => {
  for (const cohort of cohorts)
    it(`fits the ${cohort.name} cohort`, () => {
      const fit = fitSbg(cohort.survivors);
      expect(fit.converged).toBe(true);
      expect(fit.periods).toBe(7);
      expectThreeDecimals(fit.params.alpha, cohort.alpha);
      expectThreeDecimals(fit.params.beta, cohort.beta);
      expect(fit.warnings).toEqual([]);
    });

  it('gives DEL equal to the brute-force discounted sum Σ S(t)/(1 + d)^t to 1e-9', () => {
    for (const cohort of cohorts) {
      const fit = fitSbg(cohort.survivors);
      const { alpha, beta } = fit.params;
      let sum = 0;
      let s = 1; // S(t), by the retention recursion
      for (let t = 0; t < 20_000; t++) {
        sum += s / 1.1 ** t;
        s *= (beta + t) / (alpha + beta + t);
      }
      expect(Math.abs(sbgDel(fit.params, 0.1) - sum)).toBeLessThan(1e-9);
    }
  });
});
