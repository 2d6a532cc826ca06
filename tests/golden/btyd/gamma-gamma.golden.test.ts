/**
 * Gamma-Gamma spend model on the published CDNOW calibration summary against Hardie, "The Gamma-Gamma
 * Model of Monetary Value" (2013) / Fader, Hardie & Lee (2005, JMR 42(4)): 946 repeat buyers,
 * p = 6.25, q = 3.74, γ = 15.44; the correlation of x and z̄ among repeat buyers is 0.11.
 */
import { describe, expect, it } from 'vitest';
import { publishedRepeatSummaries } from './cdnow-sample';
import {
  fitGammaGamma,
  gammaGammaExpectedSpend,
  spendFrequencyCorrelation,
} from '../../../src-main/engine/btyd/gamma-gamma';

const threeSignificant = (v: number): number => Number(v.toPrecision(3));

describe('Gamma-Gamma on the published CDNOW summary', () => {
  const data = publishedRepeatSummaries();
  const fit = fitGammaGamma(data);

  it('reproduces the published estimates to 3 significant figures', () => {
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect(threeSignificant(fit.params.p)).toBe(6.25);
    expect(threeSignificant(fit.params.q)).toBe(3.74);
    expect(threeSignificant(fit.params.gamma)).toBe(threeSignificant(15.44));
  });

  it('finds the published 946 repeat buyers and their x–z̄ correlation 0.11 (2 decimals), no warning', () => {
    const check = spendFrequencyCorrelation(data.x, data.zbar);
    expect(check.n).toBe(946);
    expect(check.pearson.toFixed(2)).toBe('0.11');
    expect(check.warning).toBeNull();
  });

  it('shrinks a customer’s z̄ towards the population mean γp/(q − 1)', () => {
    const { p, q, gamma } = fit.params;
    const mean = (gamma * p) / (q - 1);
    expect(gammaGammaExpectedSpend(fit.params, 0, 0)).toBeCloseTo(mean, 10);
    const oneBuy = gammaGammaExpectedSpend(fit.params, 1, 100);
    expect(oneBuy).toBeGreaterThan(mean);
    expect(oneBuy).toBeLessThan(100);
  });
});
