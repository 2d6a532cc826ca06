/**
 * The shifted-beta-geometric (sBG) retention model for contractual settings (Fader & Hardie 2007,
 * "How to project customer retention", J. Interactive Marketing 21(1)): each customer renews at the end
 * of every period with a constant probability 1 − θ, and θ varies across customers as Beta(α, β).
 *   P(T = t) = B(α + 1, β + t − 1) / B(α, β)            (eq. 3; churn in period t)
 *   S(t)     = B(α, β + t) / B(α, β)                    (eq. 4; still active after t periods)
 *   r_t      = S(t)/S(t − 1) = (β + t − 1)/(α + β + t − 1)   (eq. 5; rises with t: the sorting effect)
 * Fitted to one cohort's survivor series by maximum likelihood (eq. 6: the churned in each period, and
 * the survivors of the last period right-censored), through the lifetimes likelihood of sbg-lifetimes.ts.
 *
 * Value of a customer (Fader & Hardie 2010, "Customer-base valuation in a contractual setting: the perils
 * of ignoring heterogeneity", Marketing Science 29(1)), with payments at the start of every period and
 * discount rate d per period:
 *   DEL  = Σ_{t≥0} S(t)/(1 + d)^t = 2F1(1, β; α + β; 1/(1 + d))                         (new customer)
 *   DERL = Σ_{k≥0} S(n + 1 + k)/S(n) /(1 + d)^k
 *        = (β + n)/(α + β + n) · 2F1(1, β + n + 1; α + β + n + 1; 1/(1 + d))
 * for a customer who has made n renewals, valued just before the next renewal decision (the payment it
 * would bring counts undiscounted). The paper writes the same formula for "n − 1 renewals" as
 * B(α, β + n)/B(α, β + n − 1) · 2F1(1, β + n; α + β + n; 1/(1 + d)); here n counts renewals made.
 * At d = 0 the sums have closed forms: DEL = (α + β − 1)/(α − 1), DERL = (β + n)/(α − 1), both
 * infinite when α ≤ 1 (the undiscounted expected lifetime of a Beta mixture of geometrics).
 */
import { logGamma } from '../stats/distributions';
import { hyp2f1 } from './hypergeometric';
import { fitSbgLifetimes, lifetimesFromSurvivors } from './sbg-lifetimes';
import type { FittedParameters } from './types';

export interface SbgParameters {
  alpha: number;
  beta: number;
}

/**
 * Fit α, β to a survivor series: survivors[0] = cohort size, survivors[t] = still active at the end of
 * period t (counts or percentages). Fitted on periods 1..n, n = survivors.length − 1.
 */
export function fitSbg(
  survivors: readonly number[],
): FittedParameters<'alpha' | 'beta'> & { periods: number } {
  const periods = survivors.length - 1;
  if (periods < 2)
    throw new Error(
      `The sBG model needs the cohort size and at least 2 periods of survivors (got ${survivors.length} values).`,
    );
  survivors.forEach((n, t) => {
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`Survivors must be non-negative numbers (period ${t}: ${n}).`);
    if (t > 0 && n > survivors[t - 1]!)
      throw new Error(
        `Survivors cannot increase: period ${t} has ${n}, more than the ${survivors[t - 1]} of period ${t - 1}.`,
      );
  });
  if (survivors[0]! === 0) throw new Error('The cohort is empty: survivors[0] (the cohort size) is 0.');
  if (survivors[periods]! === survivors[0]!)
    throw new Error('Nobody churned in the periods given: the sBG model cannot estimate a churn rate.');
  return { ...fitSbgLifetimes(lifetimesFromSurvivors(survivors)), periods };
}

/** S(t): the share of a cohort still active after t periods (t ≥ 0, whole or not). */
export function sbgSurvival(params: SbgParameters, t: number): number {
  checkParameters(params);
  if (!(t >= 0)) throw new Error(`The period must be 0 or more (got ${t}).`);
  const { alpha, beta } = params;
  if (Number.isInteger(t) && t <= 10_000) {
    // The product of retention rates: exact to rounding, where lnΓ differences would lose digits.
    let s = 1;
    for (let j = 0; j < t; j++) s *= (beta + j) / (alpha + beta + j);
    return s;
  }
  return Math.exp(logGamma(beta + t) - logGamma(beta) + logGamma(alpha + beta) - logGamma(alpha + beta + t));
}

/** r_t: the share of those active at the end of period t − 1 who renew at the end of period t (t ≥ 1). */
export function sbgRetentionRate(params: SbgParameters, t: number): number {
  checkParameters(params);
  if (!(t >= 1)) throw new Error(`Retention rates start at period 1 (got ${t}).`);
  return (params.beta + t - 1) / (params.alpha + params.beta + t - 1);
}

/** S(0), S(1), …, S(periods). */
export function sbgProject(params: SbgParameters, periods: number): number[] {
  checkParameters(params);
  if (!Number.isInteger(periods) || periods < 0)
    throw new Error(`The number of periods must be a whole number, 0 or more (got ${periods}).`);
  const out = [1];
  for (let t = 1; t <= periods; t++) out.push(out[t - 1]! * sbgRetentionRate(params, t));
  return out;
}

/**
 * Discounted expected residual lifetime, in payments, of a customer who has made `renewalsMade`
 * renewals, valued just before the next renewal decision (see the module comment).
 */
export function sbgDerl(params: SbgParameters, discountRate: number, renewalsMade: number): number {
  checkParameters(params);
  checkDiscount(discountRate);
  if (!Number.isInteger(renewalsMade) || renewalsMade < 0)
    throw new Error(`Renewals made must be a whole number, 0 or more (got ${renewalsMade}).`);
  const { alpha, beta } = params;
  const n = renewalsMade;
  const renewal = (beta + n) / (alpha + beta + n);
  if (discountRate === 0) return alpha > 1 ? (beta + n) / (alpha - 1) : Infinity;
  return renewal * hyp2f1(1, beta + n + 1, alpha + beta + n + 1, 1 / (1 + discountRate));
}

/** Discounted expected lifetime, in payments, of a customer just acquired (the first payment included). */
export function sbgDel(params: SbgParameters, discountRate: number): number {
  checkParameters(params);
  checkDiscount(discountRate);
  const { alpha, beta } = params;
  if (discountRate === 0) return alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : Infinity;
  return hyp2f1(1, beta, alpha + beta, 1 / (1 + discountRate));
}

function checkParameters({ alpha, beta }: SbgParameters): void {
  if (!(alpha > 0 && beta > 0 && Number.isFinite(alpha) && Number.isFinite(beta)))
    throw new Error(`sBG parameters must be positive numbers (α = ${alpha}, β = ${beta}).`);
}

function checkDiscount(d: number): void {
  if (!(d >= 0 && Number.isFinite(d)))
    throw new Error(`The discount rate per period must be 0 or more (got ${d}).`);
}
