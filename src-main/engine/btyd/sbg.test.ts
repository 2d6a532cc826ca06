import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../model/gbt-random';
import { fitSbg, sbgDel, sbgDerl, sbgProject, sbgRetentionRate, sbgSurvival } from './sbg';
import { fitSbgLifetimes } from './sbg-lifetimes';
import { gammaDraw } from './simulate';

const params = { alpha: 0.704, beta: 1.182 };
const steady = { alpha: 3.5, beta: 8 };

/** Σ_{k≥0} S(from + k) z^k / divideBy, summing the survival curve by its retention recursion. */
function bruteForce(p: { alpha: number; beta: number }, d: number, from: number, divideBy: number): number {
  let s = sbgSurvival(p, from);
  let sum = 0;
  for (let k = 0; k < 20_000; k++) {
    sum += s / divideBy / (1 + d) ** k;
    s *= (p.beta + from + k) / (p.alpha + p.beta + from + k);
  }
  return sum;
}

describe('sBG survival and retention', () => {
  it('follows the retention-rate recursion S(t) = S(t − 1)(β + t − 1)/(α + β + t − 1)', () => {
    // By hand: S(1) = β/(α + β) = 1.182/1.886, S(2) = S(1)·2.182/2.886.
    expect(sbgSurvival(params, 0)).toBe(1);
    expect(sbgSurvival(params, 1)).toBeCloseTo(1.182 / 1.886, 14);
    expect(sbgSurvival(params, 2)).toBeCloseTo((1.182 / 1.886) * (2.182 / 2.886), 14);
    expect(sbgRetentionRate(params, 1)).toBeCloseTo(1.182 / 1.886, 14);
    expect(sbgRetentionRate(params, 5)).toBeCloseTo(5.182 / 5.886, 14);
    const projected = sbgProject(params, 12);
    expect(projected).toHaveLength(13);
    projected.forEach((s, t) => expect(s).toBeCloseTo(sbgSurvival(params, t), 14));
  });

  it('agrees between the product form and the log-gamma form', () => {
    // Whole t uses the product; t + 1e-12 goes through lnΓ.
    for (const t of [1, 7, 40, 300])
      expect(sbgSurvival(params, t + 1e-12) / sbgSurvival(params, t)).toBeCloseTo(1, 9);
  });

  it('rejects bad parameters and periods', () => {
    expect(() => sbgSurvival({ alpha: 0, beta: 1 }, 1)).toThrow(/positive/);
    expect(() => sbgSurvival(params, -1)).toThrow(/0 or more/);
    expect(() => sbgRetentionRate(params, 0)).toThrow(/period 1/);
    expect(() => sbgProject(params, 2.5)).toThrow(/whole number/);
  });
});

describe('DEL and DERL', () => {
  it('equal the brute-force discounted sums of the survival curve to 1e-9', () => {
    for (const p of [params, steady, { alpha: 0.668, beta: 3.806 }])
      for (const d of [0.1, 0.05]) {
        expect(sbgDel(p, d)).toBeCloseTo(bruteForce(p, d, 0, 1), 9);
        for (const n of [0, 1, 4])
          expect(sbgDerl(p, d, n)).toBeCloseTo(bruteForce(p, d, n + 1, sbgSurvival(p, n)), 9);
      }
  });

  it('tie a new customer to one who renewed: DEL = 1 + DERL(0)/(1 + d)', () => {
    expect(sbgDel(params, 0.1)).toBeCloseTo(1 + sbgDerl(params, 0.1, 0) / 1.1, 12);
  });

  it('have the closed forms at d = 0, infinite when α ≤ 1', () => {
    // α = 3.5, β = 8: DEL = (α + β − 1)/(α − 1) = 10.5/2.5 = 4.2; DERL(2) = (β + 2)/(α − 1) = 4.
    expect(sbgDel(steady, 0)).toBeCloseTo(4.2, 12);
    expect(sbgDerl(steady, 0, 2)).toBeCloseTo(4, 12);
    // And the discounted values approach them as d → 0.
    expect(sbgDel(steady, 1e-6)).toBeCloseTo(4.2, 4);
    expect(sbgDel(params, 0)).toBe(Infinity);
    expect(sbgDerl(params, 0, 3)).toBe(Infinity);
  });

  it('rejects a negative discount rate or renewal count', () => {
    expect(() => sbgDel(params, -0.1)).toThrow(/discount/);
    expect(() => sbgDerl(params, 0.1, -1)).toThrow(/Renewals/);
  });
});

describe('fitSbg', () => {
  it('recovers the parameters of an exact expected survivor curve', () => {
    const truth = { alpha: 1.3, beta: 2.4 };
    const survivors = sbgProject(truth, 10).map((s) => 100_000 * s);
    const fit = fitSbg(survivors);
    expect(fit.periods).toBe(10);
    expect(fit.converged).toBe(true);
    expect(fit.params.alpha).toBeCloseTo(1.3, 4);
    expect(fit.params.beta).toBeCloseTo(2.4, 4);
  });

  it('explains what is wrong with the series', () => {
    expect(() => fitSbg([1000, 600])).toThrow(/at least 2 periods/);
    expect(() => fitSbg([1000, 600, 700])).toThrow(/cannot increase/);
    expect(() => fitSbg([0, 0, 0])).toThrow(/empty/);
    expect(() => fitSbg([100, 100, 100])).toThrow(/Nobody churned/);
    expect(() => fitSbg([100, -1, -2])).toThrow(/non-negative/);
  });
});

/**
 * The sBG story itself: each customer draws a churn probability θ ~ Beta(α, β) (as G₁/(G₁ + G₂) of two
 * Gamma draws) and churns in period t with probability θ(1 − θ)^(t−1) (a geometric lifetime, by
 * inversion), observed for `observed(i)` periods; lifetimes beyond that are right-censored.
 */
function simulateSbg(
  truth: { alpha: number; beta: number },
  customers: number,
  observed: (i: number) => number,
  seed: number,
): { churnedIn: number[]; survivedTo: number[] } {
  const random = mulberry32(seed);
  const churnedIn = new Array<number>(13).fill(0);
  const survivedTo = new Array<number>(13).fill(0);
  for (let i = 0; i < customers; i++) {
    const g = gammaDraw(truth.alpha, random);
    const theta = g / (g + gammaDraw(truth.beta, random));
    const lifetime = Math.max(1, Math.ceil(Math.log(1 - random()) / Math.log1p(-theta)));
    const periods = observed(i);
    if (lifetime <= periods) churnedIn[lifetime]!++;
    else survivedTo[periods]!++;
  }
  return { churnedIn, survivedTo };
}

describe('sBG parameter recovery from simulated customers (10,000 each, within 3 standard errors)', () => {
  const truths = [
    { alpha: 0.704, beta: 1.182, seed: 3 },
    { alpha: 3.5, beta: 8, seed: 17 },
    { alpha: 1.3, beta: 2.4, seed: 41 },
  ];
  for (const { seed, ...truth } of truths) {
    it(`fitSbgLifetimes recovers α = ${truth.alpha}, β = ${truth.beta} from customers observed 8–12 periods`, () => {
      // Five monthly cohorts observed for 12, 11, 10, 9 and 8 periods.
      const fit = fitSbgLifetimes(simulateSbg(truth, 10_000, (i) => 8 + (i % 5), seed));
      expect(fit.converged).toBe(true);
      for (const name of ['alpha', 'beta'] as const) {
        expect(fit.se[name]).not.toBeNull();
        expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * fit.se[name]!);
      }
    });

    it(`fitSbg recovers α = ${truth.alpha}, β = ${truth.beta} from one cohort's 12-period survivor series`, () => {
      const { churnedIn } = simulateSbg(truth, 10_000, () => 12, seed + 1);
      const survivors = [10_000];
      for (let t = 1; t <= 12; t++) survivors.push(survivors[t - 1]! - churnedIn[t]!);
      const fit = fitSbg(survivors);
      expect(fit.converged).toBe(true);
      for (const name of ['alpha', 'beta'] as const) {
        expect(fit.se[name]).not.toBeNull();
        expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * fit.se[name]!);
      }
    });
  }
});
