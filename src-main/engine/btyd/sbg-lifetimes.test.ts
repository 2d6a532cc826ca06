import { describe, expect, it } from 'vitest';
import { fitSbgLifetimes, lifetimesFromSurvivors, sbgLifetimesLogLikelihood } from './sbg-lifetimes';

/** Fader & Hardie (2007), Table 1 / Figure 1: survivors of 1,000 customers, years 0–7, and their fits. */
const regular = [1000, 631, 468, 382, 326, 289, 262, 241];
const highEnd = [1000, 869, 743, 653, 593, 551, 517, 491];

const threeSignificant = (v: number) => Number(v.toPrecision(3));

describe('sBG fitted to lifetimes', () => {
  it('reproduces the published fits of one cohort (Fader & Hardie 2007: α, β to 3 s.f.)', () => {
    const r = fitSbgLifetimes(lifetimesFromSurvivors(regular));
    expect([threeSignificant(r.params.alpha), threeSignificant(r.params.beta)]).toEqual([0.704, 1.18]);
    expect(r.params.beta).toBeCloseTo(1.182, 3);
    const h = fitSbgLifetimes(lifetimesFromSurvivors(highEnd));
    expect([threeSignificant(h.params.alpha), threeSignificant(h.params.beta)]).toEqual([0.668, 3.81]);
    expect(h.params.beta).toBeCloseTo(3.806, 3);
    expect(r.converged && h.converged).toBe(true);
    expect(r.se.alpha).toBeGreaterThan(0);
  });

  it('pools cohorts observed for different lengths: the joint optimum beats each cohort’s parameters', () => {
    const young = lifetimesFromSurvivors(regular.slice(0, 4));
    const old = lifetimesFromSurvivors(regular);
    const pooled = {
      churnedIn: old.churnedIn.map((n, t) => n + (young.churnedIn[t] ?? 0)),
      survivedTo: old.survivedTo.map((n, t) => n + (young.survivedTo[t] ?? 0)),
    };
    const fit = fitSbgLifetimes(pooled);
    // Both cohorts come from the same process, so the pooled fit stays near the one-cohort fit.
    expect(fit.params.alpha).toBeCloseTo(0.704, 1);
    const ll = sbgLifetimesLogLikelihood(fit.params.alpha, fit.params.beta, pooled);
    expect(ll).toBeCloseTo(fit.logLik, 8);
    expect(ll).toBeGreaterThan(sbgLifetimesLogLikelihood(fit.params.alpha * 1.05, fit.params.beta, pooled));
    expect(ll).toBeGreaterThan(sbgLifetimesLogLikelihood(fit.params.alpha, fit.params.beta * 0.95, pooled));
  });

  it('refuses data without churn', () => {
    expect(() => fitSbgLifetimes({ churnedIn: [0, 0], survivedTo: [0, 50] })).toThrow(/no customer churned/);
  });
});
