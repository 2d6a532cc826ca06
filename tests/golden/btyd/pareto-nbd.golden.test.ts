/**
 * Pareto/NBD on the published CDNOW calibration summary (2,357 customers, weeks) against the published
 * fit as published by Fader, Hardie & Lee ("Counting Your Customers the Easy Way", Marketing Science 24(2),
 * 2005, Pareto/NBD comparison) and Fader & Hardie's Pareto/NBD implementation notes: r = 0.553,
 * α = 10.58, s = 0.606, β = 11.66, LL = −9595.0. The surface is flat along β (SE ≈ 6), so β is
 * compared at 3 significant figures only.
 */
import { describe, expect, it } from 'vitest';
import { publishedRepeatSummaries } from './cdnow-sample';
import { fitParetoNbd, paretoNbdPredictor } from '../../../src-main/engine/btyd/pareto-nbd';

const threeSignificant = (v: number): number => Number(v.toPrecision(3));

describe('Pareto/NBD on the published CDNOW summary', () => {
  const data = publishedRepeatSummaries();
  const fit = fitParetoNbd(data);

  it('has the 2,357 customers of the sample', () => expect(data.x.length).toBe(2357));

  it('reproduces the published estimates to 3 significant figures', () => {
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect(threeSignificant(fit.params.r)).toBe(0.553);
    expect(threeSignificant(fit.params.alpha)).toBe(10.6);
    expect(threeSignificant(fit.params.s)).toBe(0.606);
    expect(threeSignificant(fit.params.beta)).toBe(threeSignificant(11.66));
  });

  it('reaches the published log-likelihood −9595.0 (±0.05)', () => {
    expect(Math.abs(fit.logLik - -9595.0)).toBeLessThan(0.05);
  });

  it('gives a consistent customer view for the sample’s most frequent buyer (x = 26, tₓ = 30.86, T = 31)', () => {
    const model = paretoNbdPredictor(fit.params);
    const alive = model.pAlive(26, 30.86, 31);
    expect(alive).toBeGreaterThan(0.99);
    expect(alive).toBeLessThanOrEqual(1);
    // Alive with near certainty, so the next 39 weeks ≈ (r + x)/(α + T) per week, discounted for future drop-out.
    const expected = model.conditionalExpected(39, 26, 30.86, 31);
    expect(expected).toBeGreaterThan(15);
    expect(expected).toBeLessThan((39 * (fit.params.r + 26)) / (fit.params.alpha + 31));
  });
});
