/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the easy way:
 * an alternative to the Pareto/NBD model", Marketing Science 24(2), 275–284): while alive a customer
 * buys as a Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase they drop out with
 * probability p ~ Beta(a, b).
 *
 * - Likelihood: eq. 6, written as ℓ = A₁ + A₂ + ln(e^A₃ + δ(x>0) e^A₄) (Fader, Hardie & Lee, "Implementing
 *   the BG/NBD model for customer base analysis in Excel", 2005) and evaluated in log space (log-sum-exp)
 *   so it cannot overflow on large x or T. x is an integer, so the Γ-ratios Γ(r+x)/Γ(r) etc. and the
 *   matching digamma differences are running sums over k < x, computed once per evaluation for every
 *   x up to the largest: exact, and the per-row work is a few logs and exps.
 * - Gradient: analytic, with respect to θ = log(params) (the optimizer's space).
 * - P(alive): eq. 11 / Hardie's note "Computing P(alive) using the BG/NBD model".
 * - E[X(t)]: eq. 9; E[Y(t) | x, t_x, T]: eq. 10. The 2F1 in both is taken through Euler's
 *   transformation (A&S 15.3.3): (1−z)^(r+x) 2F1(r+x, b+x; a+b+x−1; z) = (1−z)^(a−1) 2F1(a+b−1−r, a−1;
 *   a+b+x−1; z), which removes the large power (α+T)/(α+T+t))^(r+x) from the difference 1 − (…).
 *   E[X(t)] is the conditional expectation of a customer just acquired (x = t_x = T = 0).
 */
import { hyp2f1 } from './hypergeometric';
import {
  fittedParameters,
  minimizeMultiStart,
  observed,
  standardErrors,
  type FitOptions,
  type Objective,
} from './optimize';
import type { BtydPredictor, FittedParameters, RepeatSummaries } from './types';

export type BgNbdParameter = 'r' | 'alpha' | 'a' | 'b';
type BgNbdParams = Record<BgNbdParameter, number>;

const parameterNames: readonly BgNbdParameter[] = ['r', 'alpha', 'a', 'b'];

/** Below this many repeat buyers the estimates are too uncertain to act on. */
const fewRepeatBuyers = 30;
/** An estimate beyond these bounds means the likelihood is flat towards 0 or ∞ in that parameter. */
const parameterEdge = { low: 1e-6, high: 1e6 };

/** Cumulative Σ_{k<x} f(k) for x = 0..maxX: the log-Γ ratio ln Γ(c+x)/Γ(c) and the digamma difference. */
function risingSums(c: number, maxX: number): { logRatio: Float64Array; digammaDiff: Float64Array } {
  const logRatio = new Float64Array(maxX + 1);
  const digammaDiff = new Float64Array(maxX + 1);
  for (let k = 0; k < maxX; k++) {
    logRatio[k + 1] = logRatio[k]! + Math.log(c + k);
    digammaDiff[k + 1] = digammaDiff[k]! + 1 / (c + k);
  }
  return { logRatio, digammaDiff };
}

function checkData(data: RepeatSummaries): number {
  let maxX = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i]!;
    if (!(Number.isInteger(x) && x >= 0))
      throw new Error(`Repeat purchase counts must be whole numbers ≥ 0 (row ${i} has x = ${x}).`);
    if (!(data.T[i]! >= 0) || (x > 0 && !(data.tx[i]! >= 0 && data.tx[i]! <= data.T[i]!)))
      throw new Error(`Row ${i} needs 0 ≤ t_x ≤ T (t_x = ${data.tx[i]}, T = ${data.T[i]}).`);
    if (x > maxX) maxX = x;
  }
  return maxX;
}

/**
 * Σ weight × ℓ_i and, when asked, its gradient with respect to (ln r, ln α, ln a, ln b). Assumes
 * checked data (whole x ≥ 0, 0 ≤ t_x ≤ T) and the largest x.
 */
function logLikelihoodAndGradient(
  p: BgNbdParams,
  data: RepeatSummaries,
  maxX: number,
  withGradient: boolean,
): { value: number; gradient: Float64Array } {
  const { r, alpha, a, b } = p;
  const gR = risingSums(r, maxX);
  const gB = risingSums(b, maxX);
  const gAB = risingSums(a + b, maxX);
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  let value = 0;
  let dr = 0;
  let dAlpha = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight[i]!;
    if (w === 0) continue;
    const x = data.x[i]!;
    const logAlphaT = Math.log(alpha + data.T[i]!);
    // A₁ + A₂: ln[Γ(r+x) α^r / Γ(r)] + ln[B(a, b+x) / B(a, b)].
    const a12 = gR.logRatio[x]! + r * logAlpha + gB.logRatio[x]! - gAB.logRatio[x]!;
    const a3 = -(r + x) * logAlphaT;
    let logTail = a3;
    // Weights of the two terms of the sum inside the log (w₃ + w₄ = 1).
    let w3 = 1;
    let w4 = 0;
    let logAlphaTx = 0;
    if (x > 0) {
      logAlphaTx = Math.log(alpha + data.tx[i]!);
      const a4 = logA - Math.log(b + x - 1) - (r + x) * logAlphaTx;
      const top = Math.max(a3, a4);
      const e3 = Math.exp(a3 - top);
      const e4 = Math.exp(a4 - top);
      logTail = top + Math.log(e3 + e4);
      w3 = e3 / (e3 + e4);
      w4 = e4 / (e3 + e4);
    }
    value += w * (a12 + logTail);
    if (!withGradient) continue;
    dr += w * (gR.digammaDiff[x]! + logAlpha - w3 * logAlphaT - w4 * logAlphaTx);
    dAlpha +=
      w *
      (r / alpha -
        w3 * ((r + x) / (alpha + data.T[i]!)) -
        (x > 0 ? w4 * ((r + x) / (alpha + data.tx[i]!)) : 0));
    // ∂/∂a of ln B(a, b+x)/B(a, b) = ψ(a+b) − ψ(a+b+x); of A₄: 1/a.
    da += w * (-gAB.digammaDiff[x]! + w4 / a);
    // ∂/∂b: ψ(b+x) − ψ(b) − [ψ(a+b+x) − ψ(a+b)]; of A₄: −1/(b+x−1).
    db += w * (gB.digammaDiff[x]! - gAB.digammaDiff[x]! - (x > 0 ? w4 / (b + x - 1) : 0));
  }
  // Chain rule to θ = ln p: ∂/∂θ = p ∂/∂p.
  return { value, gradient: Float64Array.from([r * dr, alpha * dAlpha, a * da, b * db]) };
}

/** Σ weight × ln L_i (Fader, Hardie & Lee 2005, eq. 6). */
export function bgnbdLogLikelihood(params: BgNbdParams, data: RepeatSummaries): number {
  return logLikelihoodAndGradient(params, data, checkData(data), false).value;
}

/**
 * The negative log-likelihood and its analytic gradient as a function of θ = (ln r, ln α, ln a, ln b),
 * the optimizer's objective.
 */
export function bgnbdObjective(data: RepeatSummaries): Objective {
  const maxX = checkData(data);
  return (theta) => {
    const { value, gradient } = logLikelihoodAndGradient(paramsOf(theta), data, maxX, true);
    return { value: -value, gradient: gradient.map((g) => -g) };
  };
}

function paramsOf(theta: Float64Array): BgNbdParams {
  return {
    r: Math.exp(theta[0]!),
    alpha: Math.exp(theta[1]!),
    a: Math.exp(theta[2]!),
    b: Math.exp(theta[3]!),
  };
}

/** All ones, a moment-style guess (α from the mean purchase rate) and a spread around it. */
function defaultStarts(data: RepeatSummaries): BgNbdParams[] {
  let purchases = 0;
  let exposure = 0;
  for (let i = 0; i < data.x.length; i++) {
    purchases += data.weight[i]! * data.x[i]!;
    exposure += data.weight[i]! * data.T[i]!;
  }
  // With r = 1, E[λ] = 1/α: match the pooled purchase rate.
  const alpha = Math.min(Math.max(exposure / Math.max(purchases, 1e-9), 1e-3), 1e6);
  return [
    { r: 1, alpha: 1, a: 1, b: 1 },
    { r: 1, alpha, a: 1, b: 3 },
    { r: 0.3, alpha: alpha * 0.3, a: 0.5, b: 2 },
    { r: 3, alpha: alpha * 3, a: 2, b: 10 },
  ];
}

/**
 * Maximum-likelihood BG/NBD fit: BFGS in log-parameter space with the analytic gradient, from several
 * starts (or the given ones); standard errors from the observed information.
 */
export function fitBgNbd(
  data: RepeatSummaries,
  options: FitOptions<BgNbdParameter> = {},
): FittedParameters<BgNbdParameter> {
  checkData(data);
  let customers = 0;
  let repeatBuyers = 0;
  for (let i = 0; i < data.x.length; i++) {
    customers += data.weight[i]!;
    if (data.x[i]! > 0) repeatBuyers += data.weight[i]!;
  }
  if (repeatBuyers === 0)
    throw new Error(
      `The BG/NBD model needs customers with repeat purchases: none of the ${customers} customers bought twice in the calibration period.`,
    );
  const negative = observed(bgnbdObjective(data), options.onEvaluation);
  // The search runs on the per-customer mean so the gradient tolerance means the same at any sample size.
  const perCustomer: Objective = (theta) => {
    const { value, gradient } = negative(theta);
    return { value: value / customers, gradient: gradient.map((g) => g / customers) };
  };
  const starts = (options.starts ?? defaultStarts(data)).map((s) =>
    Float64Array.from(parameterNames.map((name) => Math.log(s[name]))),
  );
  const best = minimizeMultiStart(perCustomer, starts, { maxIterations: 1000 });
  const params = paramsOf(best.theta);
  const { se } = standardErrors(negative, best.theta);

  const warnings: string[] = [];
  if (!best.converged)
    warnings.push(
      'The BG/NBD fit did not converge: the estimates may not be the best the data allow. Check the data (enough repeat buyers, a long enough calibration period).',
    );
  if (repeatBuyers < fewRepeatBuyers)
    warnings.push(
      `Only ${repeatBuyers} of the ${customers} customers bought again in the calibration period; the BG/NBD estimates rest on very little information.`,
    );
  for (const name of parameterNames) {
    const v = params[name];
    if (v > parameterEdge.high || v < parameterEdge.low)
      warnings.push(
        `The BG/NBD parameter ${name} went to ${v > 1 ? 'infinity' : 'zero'} (${v.toPrecision(3)}): the data cannot pin it down, so predictions that depend on it are unreliable.`,
      );
  }
  if (se.some((s) => s === null))
    warnings.push(
      'Standard errors could not be computed: the likelihood is flat in some direction at the estimate.',
    );
  return fittedParameters(parameterNames, best, se, warnings, -best.value * customers);
}

/**
 * (1 − (1−z)^(a−1) 2F1(a+b−1−r, a−1; a+b+x−1; z)) / (a − 1), the bracket of eq. 10 divided by (a − 1),
 * with z = t/(α+T+t). At a = 1 numerator and denominator both vanish: near it the value is interpolated
 * linearly between a = 1 ± 1e-4 (smooth in a, so off by O(1e-8) relative).
 */
function bracketOverAMinusOne(p: BgNbdParams, x: number, z: number): number {
  const gap = 1e-4;
  if (Math.abs(p.a - 1) < gap) {
    const below = bracketAwayFromOne({ ...p, a: 1 - gap }, x, z);
    const above = bracketAwayFromOne({ ...p, a: 1 + gap }, x, z);
    return below + ((p.a - (1 - gap)) / (2 * gap)) * (above - below);
  }
  return bracketAwayFromOne(p, x, z);
}

function bracketAwayFromOne(p: BgNbdParams, x: number, z: number): number {
  const { r, a, b } = p;
  const product = Math.exp((a - 1) * Math.log1p(-z)) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return (1 - product) / (a - 1);
}

/** P(alive), E[Y(t) | x, t_x, T] and E[X(t)] of a fitted BG/NBD model. */
export function bgnbdPredictor(params: BgNbdParams): BtydPredictor {
  const { r, alpha, a, b } = params;
  // 1 / P(alive) − 1 = δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)  (eq. 11), in logs.
  const deadOdds = (x: number, tx: number, T: number): number =>
    x > 0 ? Math.exp(Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx))) : 0;
  const conditionalExpected = (t: number, x: number, tx: number, T: number): number => {
    if (t <= 0) return 0;
    const z = t / (alpha + T + t);
    return ((a + b + x - 1) * bracketOverAMinusOne(params, x, z)) / (1 + deadOdds(x, tx, T));
  };
  return {
    pAlive: (x, tx, T) => 1 / (1 + deadOdds(x, tx, T)),
    conditionalExpected,
    unconditionalExpected: (t) => conditionalExpected(t, 0, 0, 0),
  };
}
