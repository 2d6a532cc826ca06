import { describe, expect, it } from 'vitest';
import { logGamma } from '../stats/distributions';
import { logHyp2f1 } from './hypergeometric';
import {
  fitParetoNbd,
  paretoNbdLogLikelihood,
  paretoNbdLogLikelihoodAndGradient,
  paretoNbdPredictor,
  shiftedHyp2f1Derivatives,
  simulateParetoNbd,
} from './pareto-nbd';
import { simulateBgNbd } from './simulate';
import { groupSummaries } from './summary';
import type { RepeatSummaries } from './types';

const one = (x: number, tx: number, T: number): RepeatSummaries => ({
  x: Float64Array.of(x),
  tx: Float64Array.of(tx),
  T: Float64Array.of(T),
  weight: Float64Array.of(1),
});

/**
 * The likelihood without 2F1 (Fader & Hardie 2005 note, eq. 9 before integrating):
 * L = Γ(r+x)αʳβˢ/Γ(r) [ (α+T)^−(r+x) (β+T)^−s + s ∫ₜₓᵀ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ ],
 * the integral by composite Simpson with 20,000 panels in u = ln(β + τ).
 */
function quadratureLogLikelihood(
  p: { r: number; alpha: number; s: number; beta: number },
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = p;
  // Substituting u = ln(β + τ) flattens the (β + τ)^−(s+1) peak at small β.
  const g = (u: number): number => Math.exp(-(r + x) * Math.log(alpha + Math.exp(u) - beta) - s * u);
  const [from, to] = [Math.log(beta + tx), Math.log(beta + T)];
  const n = 20_000;
  const h = (to - from) / n;
  let integral = g(from) + g(to);
  for (let i = 1; i < n; i++) integral += (i % 2 === 1 ? 4 : 2) * g(from + i * h);
  integral *= h / 3;
  const bracket = Math.exp(-(r + x) * Math.log(alpha + T) - s * Math.log(beta + T)) + s * integral;
  return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + Math.log(bracket);
}

describe('paretoNbdLogLikelihood', () => {
  const cases: [string, { r: number; alpha: number; s: number; beta: number }][] = [
    ['α > β', { r: 0.55, alpha: 10.6, s: 0.61, beta: 3.2 }],
    ['α < β', { r: 0.55, alpha: 10.6, s: 0.61, beta: 41.7 }],
    ['α = β', { r: 1.3, alpha: 8, s: 2.1, beta: 8 }],
    ['α ≫ β (2F1 argument near 1)', { r: 0.8, alpha: 400, s: 1.4, beta: 0.05 }],
  ];
  for (const [label, p] of cases)
    it(`equals the quadrature of the defining integral (${label}), 1e-8 absolute`, () => {
      for (const [x, tx, T] of [
        [0, 0, 38.86],
        [2, 30.43, 38.86],
        [7, 12.5, 52],
        [26, 30.86, 31],
      ] as const)
        expect(
          Math.abs(paretoNbdLogLikelihood(p, one(x, tx, T)) - quadratureLogLikelihood(p, x, tx, T)),
        ).toBeLessThan(1e-8);
    });

  it('stays finite for large x, large T and α = β', () => {
    for (const p of [
      { r: 0.5, alpha: 10, s: 0.6, beta: 10 },
      { r: 0.5, alpha: 1e-3, s: 0.6, beta: 1e4 },
      { r: 50, alpha: 1e4, s: 50, beta: 1e-3 },
    ])
      for (const [x, tx, T] of [
        [500, 1999, 2000],
        [3000, 5000, 1e5],
        [0, 0, 1e6],
      ] as const)
        expect(Number.isFinite(paretoNbdLogLikelihood(p, one(x, tx, T)))).toBe(true);
  });

  it('weights multiply a customer’s contribution', () => {
    const p = { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 };
    const single = paretoNbdLogLikelihood(p, one(3, 20, 38));
    expect(paretoNbdLogLikelihood(p, { ...one(3, 20, 38), weight: Float64Array.of(5) })).toBeCloseTo(
      5 * single,
      10,
    );
  });
});

describe('the analytic gradient', () => {
  const many: RepeatSummaries = {
    x: Float64Array.of(0, 0, 1, 2, 7, 26, 3, 40),
    tx: Float64Array.of(0, 0, 0.43, 30.43, 12.5, 30.86, 52, 20),
    T: Float64Array.of(38.86, 12, 5, 38.86, 52, 31, 52, 70),
    weight: Float64Array.of(120, 40, 3, 1, 2, 1, 1, 1),
  };
  const cases = [
    { r: 0.55, alpha: 10.6, s: 0.61, beta: 3.2 },
    { r: 0.55, alpha: 10.6, s: 0.61, beta: 41.7 },
    { r: 1.3, alpha: 8, s: 2.1, beta: 8.0001 },
    { r: 0.8, alpha: 400, s: 1.4, beta: 0.05 },
    { r: 2.5, alpha: 0.3, s: 0.2, beta: 0.01 },
  ];
  for (const p of cases)
    it(`matches central differences of the log-likelihood in θ = log(p) (${JSON.stringify(p)}), 1e-7 relative`, () => {
      const { value, gradient } = paretoNbdLogLikelihoodAndGradient(p, many);
      expect(value).toBe(paretoNbdLogLikelihood(p, many));
      const names = ['r', 'alpha', 's', 'beta'] as const;
      names.forEach((name, k) => {
        // Five-point central difference, h = 1e-3: truncation O(h⁴) ≈ 1e-12, and a step large enough
        // that the connection formulas' rounding near z = 1 (~1e-12) stays out of the way.
        const h = 1e-3;
        const at = (shift: number) =>
          paretoNbdLogLikelihood({ ...p, [name]: p[name] * Math.exp(shift) }, many);
        const numeric = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
        expect(Math.abs(gradient[k]! - numeric)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
      });
    });

  it('takes the 2F1 derivatives from the series as central differences of logHyp2f1 do, 1e-7 relative', () => {
    for (const [a, b, z] of [
      [3.2, 1.6, 0.3],
      [30, 1.2, 0.9],
      [0.9, 0.4, 0.6],
      [5, 2, 0],
      [2.2, 1.4, 0.9995],
    ] as const) {
      const f = (aa: number, bb: number, zz: number): number => logHyp2f1(aa, bb, aa + 1, zz);
      const h = 1e-6;
      const numeric = [
        (f(a + h, b, z) - f(a - h, b, z)) / (2 * h),
        (f(a, b + h, z) - f(a, b - h, z)) / (2 * h),
        z === 0 ? (a * b) / (a + 1) : (f(a, b, z + h / 10) - f(a, b, z - h / 10)) / (h / 5),
      ];
      shiftedHyp2f1Derivatives(a, b, z).forEach((d, k) =>
        expect(Math.abs(d - numeric[k]!)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric[k]!))),
      );
    }
  });
});

describe('shiftedHyp2f1Derivatives near z = 1 (the s, β ridge)', () => {
  it('matches five-point differences of logHyp2f1 where the closed connection form applies, 1e-6 relative', () => {
    // Large a with z within 0.001–0.005 of 1: the series would need 10,000+ terms.
    for (const [a, b, z] of [
      [301.91, 1.91, 0.9976],
      [302.91, 2.91, 0.99907],
      [42.3, 40.4, 0.998],
      [152.4, 151.5, 0.999],
      [1001.9, 1.9, 0.99928],
    ] as const) {
      const f = (aa: number, bb: number, zz: number): number => logHyp2f1(aa, bb, aa + 1, zz);
      const fivePoint = (g: (h: number) => number, h: number): number =>
        (8 * (g(h) - g(-h)) - (g(2 * h) - g(-2 * h))) / (12 * h);
      const numeric = [
        fivePoint((h) => f(a + h, b, z), 1e-5 * a),
        fivePoint((h) => f(a, b + h, z), 1e-5 * b),
        fivePoint((h) => f(a, b, z + h), 1e-4 * (1 - z)),
      ];
      shiftedHyp2f1Derivatives(a, b, z).forEach((d, k) =>
        expect(Math.abs(d - numeric[k]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric[k]!))),
      );
    }
  });
});

describe('paretoNbdPredictor', () => {
  const p = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.66 };
  const model = paretoNbdPredictor(p);

  it('a brand-new customer (x = tₓ = T = 0) is alive and expects the unconditional E[X(t)]', () => {
    expect(model.pAlive(0, 0, 0)).toBe(1);
    for (const t of [1, 39, 78])
      expect(model.conditionalExpected(t, 0, 0, 0)).toBeCloseTo(model.unconditionalExpected(t), 12);
  });

  it('P(alive) lies in (0, 1] and rises with the recency tₓ', () => {
    let previous = 0;
    for (const tx of [1, 5, 10, 20, 30, 38]) {
      const alive = model.pAlive(4, tx, 39);
      expect(alive).toBeGreaterThan(previous);
      expect(alive).toBeLessThanOrEqual(1);
      previous = alive;
    }
    expect(model.pAlive(4, 39, 39)).toBe(1);
  });

  it('E[X(t)] at s = 1 is the limit of s → 1 (rβ/α · ln(1 + t/β))', () => {
    const at = (s: number): number => paretoNbdPredictor({ ...p, s }).unconditionalExpected(39);
    const limit = ((p.r * p.beta) / p.alpha) * Math.log(1 + 39 / p.beta);
    expect(at(1)).toBeCloseTo(limit, 12);
    expect(Math.abs(at(1 + 1e-7) - limit)).toBeLessThan(1e-6);
  });

  it('E[X(t)] matches the mean of simulated customers (20,000, 3 standard errors)', () => {
    const sim = simulateParetoNbd(p, 20_000, 39, 7);
    let sum = 0;
    let squares = 0;
    for (const x of sim.x) {
      sum += x;
      squares += x * x;
    }
    const mean = sum / sim.x.length;
    const se = Math.sqrt((squares / sim.x.length - mean * mean) / sim.x.length);
    expect(Math.abs(mean - model.unconditionalExpected(39))).toBeLessThan(3 * se);
  });
});

describe('fitParetoNbd', () => {
  it('throws a clear error when nobody made a repeat purchase', () => {
    expect(() => fitParetoNbd({ ...one(0, 0, 30), weight: Float64Array.of(100) })).toThrow(
      /no customer made a repeat purchase/,
    );
  });

  // Two parameter sets × 10,000 simulated customers: each estimate within 3 standard errors of the truth.
  const truths = [
    { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7, T: 39, seed: 11 },
    { r: 1.5, alpha: 6, s: 1.2, beta: 25, T: 52, seed: 29 },
  ];
  for (const { T, seed, ...truth } of truths)
    it(`recovers r = ${truth.r}, α = ${truth.alpha}, s = ${truth.s}, β = ${truth.beta} within 3 SE`, () => {
      const fit = fitParetoNbd(simulateParetoNbd(truth, 10_000, T, seed), {
        starts: [{ r: 1, alpha: 10, s: 1, beta: 20 }],
      });
      expect(fit.converged).toBe(true);
      for (const name of ['r', 'alpha', 's', 'beta'] as const) {
        const se = fit.se[name];
        expect(se).not.toBeNull();
        expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * se!);
      }
    });

  // Tenure issue 6 (fits that stall): BG/NBD data (r = 1.5, α = 6, a = 0.5, b = 5) put the Pareto/NBD
  // optimum at s, β → ∞ with s/β ≈ 0.0157. Before the fix a default fit of these 2,000 customers did not
  // return within 200 s (the 2F1 near z = 1 summed up to 50,000 terms per endpoint and evaluation).
  it('returns on the s, β ridge with the "cannot pin down s and β" warning', () => {
    const n = 2000;
    const Ts = Array.from({ length: n }, (_, i) => 26 + (i % 13) + (i % 7) / 7);
    const data = groupSummaries(simulateBgNbd({ r: 1.5, alpha: 6, a: 0.5, b: 5 }, n, Ts, 7));
    let sumX = 0;
    let sumT = 0;
    for (let i = 0; i < data.x.length; i++) {
      sumX += data.weight[i]! * data.x[i]!;
      sumT += data.weight[i]! * data.T[i]!;
    }
    // The default fit's third start (shapes 2), the quickest of the three here.
    const start = { r: 2, alpha: (2 * sumT) / sumX, s: 2, beta: (4 * sumT) / n };
    const fit = fitParetoNbd(data, { starts: [start] });
    expect(fit.warnings.some((w) => w.includes('cannot pin down s and β'))).toBe(true);
    expect(fit.params.s).toBeGreaterThan(1e3);
    // Only the ratio is identified: within 2% of the ridge's s/β, and at least as likely as a fixed
    // point on the ridge (s = 100, β = 6370).
    expect(Math.abs(fit.params.s / fit.params.beta / 0.0157 - 1)).toBeLessThan(0.02);
    const reference = paretoNbdLogLikelihood({ r: 1.98, alpha: 8.6, s: 100, beta: 6370 }, data);
    expect(Number.isFinite(fit.logLik)).toBe(true);
    expect(fit.logLik).toBeGreaterThanOrEqual(reference);
  });
});
