import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../model/gbt-random';
import { logGamma } from '../stats/distributions';
import { fitGammaGamma, gammaGammaExpectedSpend, spendFrequencyCorrelation } from './gamma-gamma';
import { gammaDraw } from './simulate';

/** Customers with 1–10 transactions, each Gamma(p, ν), ν ~ Gamma(q, γ): the model's own story. */
function simulateSpend(truth: { p: number; q: number; gamma: number }, customers: number, seed: number) {
  const random = mulberry32(seed);
  const x = new Float64Array(customers);
  const zbar = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const nu = gammaDraw(truth.q, random) / truth.gamma;
    x[i] = 1 + Math.floor(random() * 10);
    // The sum of x Gamma(p, ν) transactions is Gamma(px, ν).
    zbar[i] = gammaDraw(truth.p * x[i]!, random) / nu / x[i]!;
  }
  return { x, zbar };
}

describe('fitGammaGamma', () => {
  for (const [truth, seed] of [
    [{ p: 6, q: 3.7, gamma: 15 }, 3],
    [{ p: 1.5, q: 8, gamma: 200 }, 5],
  ] as const)
    it(`recovers p = ${truth.p}, q = ${truth.q}, γ = ${truth.gamma} from 10,000 customers within 3 SE`, () => {
      const fit = fitGammaGamma(simulateSpend(truth, 10_000, seed));
      expect(fit.converged).toBe(true);
      expect(fit.warnings).toEqual([]);
      for (const name of ['p', 'q', 'gamma'] as const)
        expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * fit.se[name]!);
    });

  it('maximises the density it states (analytic gradient ≈ 0 at the optimum: no better neighbour)', () => {
    const data = simulateSpend({ p: 4, q: 3, gamma: 20 }, 500, 9);
    const fit = fitGammaGamma(data);
    const logLik = (p: number, q: number, gamma: number): number => {
      let total = 0;
      for (let i = 0; i < data.x.length; i++) {
        const [x, z] = [data.x[i]!, data.zbar[i]!];
        total +=
          logGamma(p * x + q) -
          logGamma(p * x) -
          logGamma(q) +
          q * Math.log(gamma) +
          p * x * Math.log(x) +
          (p * x - 1) * Math.log(z) -
          (p * x + q) * Math.log(gamma + x * z);
      }
      return total;
    };
    const { p, q, gamma } = fit.params;
    expect(fit.logLik).toBeCloseTo(logLik(p, q, gamma), 8);
    for (const [dp, dq, dg] of [
      [1.001, 1, 1],
      [1, 1.001, 1],
      [1, 1, 1.001],
      [0.999, 0.999, 1],
    ])
      expect(logLik(p * dp!, q * dq!, gamma * dg!)).toBeLessThan(fit.logLik);
  });

  it('leaves out customers without repeat spend, and throws when none is left', () => {
    const data = simulateSpend({ p: 6, q: 3.7, gamma: 15 }, 300, 1);
    const padded = {
      x: Float64Array.from([...data.x, 0, 0, 3]),
      zbar: Float64Array.from([...data.zbar, 0, 0, 0]),
    };
    expect(fitGammaGamma(padded).logLik).toBeCloseTo(fitGammaGamma(data).logLik, 8);
    expect(() => fitGammaGamma({ x: Float64Array.of(0, 2), zbar: Float64Array.of(0, 0) })).toThrow(
      /no customer/,
    );
  });

  it('warns when q ≤ 1 (infinite mean spend)', () => {
    // Heavy-tailed spend: ν ~ Gamma(0.8, ·) makes E[1/ν] infinite.
    const fit = fitGammaGamma(simulateSpend({ p: 3, q: 0.8, gamma: 10 }, 3000, 4));
    expect(fit.params.q).toBeLessThan(1);
    expect(fit.warnings.join(' ')).toMatch(/infinite/);
  });
});

describe('gammaGammaExpectedSpend', () => {
  const params = { p: 6.25, q: 3.74, gamma: 15.44 };
  const populationMean = (15.44 * 6.25) / 2.74;
  it('is the population mean γp/(q − 1) for x = 0 and moves towards z̄ as x grows', () => {
    expect(gammaGammaExpectedSpend(params, 0, 0)).toBeCloseTo(populationMean, 12);
    // x = 1, z̄ = 100: weight px/(px + q − 1) = 6.25/8.99 on the customer's own mean.
    expect(gammaGammaExpectedSpend(params, 1, 100)).toBeCloseTo(
      (2.74 / 8.99) * populationMean + (6.25 / 8.99) * 100,
      10,
    );
    expect(gammaGammaExpectedSpend(params, 50, 100)).toBeGreaterThan(gammaGammaExpectedSpend(params, 1, 100));
    expect(gammaGammaExpectedSpend({ ...params, q: 0.9 }, 0, 0)).toBe(Infinity);
  });
});

describe('spendFrequencyCorrelation', () => {
  it('is Pearson r over repeat buyers, warning above |r| = 0.3', () => {
    // x = 1..5 with z̄ = 2x + noise-free: r = 1; zeros are ignored.
    const strong = spendFrequencyCorrelation(
      Float64Array.of(0, 1, 2, 3, 4, 5),
      Float64Array.of(0, 2, 4, 6, 8, 10),
    );
    expect(strong.n).toBe(5);
    expect(strong.pearson).toBeCloseTo(1, 12);
    expect(strong.warning).toMatch(/correlated/);
    // Each frequency has mean spend 5 (x = 2 spreads 4 and 6 symmetrically): covariance 0, r = 0.
    const weak = spendFrequencyCorrelation(
      Float64Array.of(1, 2, 3, 1, 2, 3),
      Float64Array.of(5, 4, 5, 5, 6, 5),
    );
    expect(weak.pearson).toBeCloseTo(0, 12);
    expect(weak.warning).toBeNull();
  });
});
