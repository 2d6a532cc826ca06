import { logGamma } from '../stats/distributions';
import { digamma } from './special';
import { fittedParameters, minimizeMultiStart, standardErrors, type Objective } from './optimize';
import type { FittedParameters } from './types';

/**
 * The shifted-beta-geometric model (Fader & Hardie 2007, "How to project customer retention", J.
 * Interactive Marketing 21(1)) fitted to individual lifetimes instead of one cohort's survivor series:
 * customers who joined at different times are observed for different numbers of periods, so each
 * contributes P(T = t) = B(α + 1, β + t − 1) / B(α, β) when it churned in period t, or
 * S(c) = B(α, β + c) / B(α, β) when it was still active after c whole periods (right-censored).
 * One cohort's survivor series is the special case where every censored customer has the same c.
 */

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/** Counts per period: churnedIn[t] churned in period t (t ≥ 1); survivedTo[c] censored after c periods. */
export interface DiscreteLifetimes {
  churnedIn: readonly number[];
  survivedTo: readonly number[];
}

export function sbgLifetimesLogLikelihood(alpha: number, beta: number, data: DiscreteLifetimes): number {
  const base = logBeta(alpha, beta);
  let ll = 0;
  data.churnedIn.forEach((count, t) => {
    if (count > 0 && t >= 1) ll += count * (logBeta(alpha + 1, beta + t - 1) - base);
  });
  data.survivedTo.forEach((count, c) => {
    if (count > 0) ll += count * (logBeta(alpha, beta + c) - base);
  });
  return ll;
}

/** Negative log-likelihood in θ = (log α, log β) with its analytic gradient (digamma differences). */
function objective(data: DiscreteLifetimes): Objective {
  return (theta) => {
    const alpha = Math.exp(theta[0]!);
    const beta = Math.exp(theta[1]!);
    const psiAB = digamma(alpha + beta);
    const dBase = [digamma(alpha) - psiAB, digamma(beta) - psiAB];
    let ll = 0;
    let ga = 0;
    let gb = 0;
    const base = logBeta(alpha, beta);
    data.churnedIn.forEach((count, t) => {
      if (!(count > 0) || t < 1) return;
      ll += count * (logBeta(alpha + 1, beta + t - 1) - base);
      const psiSum = digamma(alpha + beta + t);
      ga += count * (digamma(alpha + 1) - psiSum - dBase[0]!);
      gb += count * (digamma(beta + t - 1) - psiSum - dBase[1]!);
    });
    data.survivedTo.forEach((count, c) => {
      if (!(count > 0)) return;
      ll += count * (logBeta(alpha, beta + c) - base);
      const psiSum = digamma(alpha + beta + c);
      ga += count * (digamma(alpha) - psiSum - dBase[0]!);
      gb += count * (digamma(beta + c) - psiSum - dBase[1]!);
    });
    // d/dθ = parameter × d/dparameter; negated for minimisation.
    return { value: -ll, gradient: Float64Array.from([-alpha * ga, -beta * gb]) };
  };
}

export function fitSbgLifetimes(data: DiscreteLifetimes): FittedParameters<'alpha' | 'beta'> {
  const churned = data.churnedIn.reduce((a, b, t) => a + (t >= 1 ? b : 0), 0);
  const censored = data.survivedTo.reduce((a, b) => a + b, 0);
  if (churned === 0)
    throw new Error('The sBG model needs churn: no customer churned in the periods observed.');
  if (churned + censored < 10)
    throw new Error(`The sBG model needs more customers: only ${churned + censored} lifetimes.`);
  const f = objective(data);
  const starts = [
    [0, 0],
    [-1, 0.5],
    [1, 2],
    [-2, -1],
  ].map((s) => Float64Array.from(s));
  const best = minimizeMultiStart(f, starts, { gradientTolerance: 1e-9 });
  const { se } = standardErrors(f, best.theta);
  const alpha = Math.exp(best.theta[0]!);
  const beta = Math.exp(best.theta[1]!);
  const warnings: string[] = [];
  if (!best.converged) warnings.push('The sBG fit did not converge: treat its parameters with caution.');
  if (alpha > 1e4 || beta > 1e4)
    warnings.push(
      'The churn probability hardly varies between customers here (α and β very large): the sBG model reduces to a constant churn rate.',
    );
  return fittedParameters(['alpha', 'beta'] as const, best, se, warnings);
}

/** One cohort's survivor series (survivors[0] = cohort size) as discrete lifetimes. */
export function lifetimesFromSurvivors(survivors: readonly number[]): DiscreteLifetimes {
  const churnedIn = survivors.map((n, t) => (t === 0 ? 0 : survivors[t - 1]! - n));
  const survivedTo = survivors.map((n, t) => (t === survivors.length - 1 ? n : 0));
  return { churnedIn, survivedTo };
}
