/**
 * The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive a customer buys as a Poisson
 * process with rate λ ~ Gamma(r, α) and dies after an exponential lifetime with rate μ ~ Gamma(s, β).
 *
 * Likelihood, P(alive) and the conditional expectation follow Fader & Hardie, "A Note on Deriving the
 * Pareto/NBD Model and Related Expressions" (2005), eqs. (22)–(25) and (26), (34)/(41) there:
 *   L = Γ(r+x) αʳ βˢ / Γ(r) · [ 1/((α+T)^(r+x) (β+T)ˢ) + s/(r+s+x) · A₀ ],
 * with A₀ written through 2F1 evaluated at an argument in [0, 1): for α ≥ β
 *   A₀ = F(r+s+x, s+1; r+s+x+1; (α−β)/(α+tₓ)) / (α+tₓ)^(r+s+x) − (same at T),
 * and for α < β the mirror image with (β−α)/(β+·) and second parameter r+x. Everything is summed
 * in log space (the powers overflow for large x and T; A₀ is a log-difference), so the likelihood stays
 * finite for α = β (argument 0), large x and large T.
 *
 * Fitting: maximum likelihood over θ = log(r, α, s, β) with optimize.ts's BFGS from several starts; the
 * gradient is by central differences (withNumericGradient) — four parameters, and the analytic
 * derivatives of 2F1 in its parameters are not worth their code.
 */
import { logGamma } from '../stats/distributions';
import { mulberry32 } from '../model/gbt-random';
import { logHyp2f1 } from './hypergeometric';
import { minimizeMultiStart, standardErrors, withNumericGradient, type Objective } from './optimize';
import type { BtydPredictor, FittedParameters, RepeatSummaries } from './types';

export type ParetoNbdParameter = 'r' | 'alpha' | 's' | 'beta';

const parameterNames: readonly ParetoNbdParameter[] = ['r', 'alpha', 's', 'beta'];

type Params = Record<ParetoNbdParameter, number>;

/**
 * The two log-terms of one customer's likelihood bracket: ln of 1/((α+T)^(r+x)(β+T)ˢ) (alive at T)
 * and ln of s/(r+s+x)·A₀ (died in (tₓ, T]); −∞ when tₓ = T (no room to die unobserved).
 */
function bracketTerms(p: Params, x: number, tx: number, T: number): { alive: number; died: number } {
  const { r, alpha, s, beta } = p;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (!(T > tx)) return { alive, died: -Infinity };
  const a = r + s + x;
  // The larger of α, β goes in the 2F1 argument so that it lies in [0, 1).
  const big = Math.max(alpha, beta);
  const b = alpha >= beta ? s + 1 : r + x;
  const gap = Math.abs(alpha - beta);
  const atTx = logHyp2f1(a, b, a + 1, gap / (big + tx)) - a * Math.log(big + tx);
  const atT = logHyp2f1(a, b, a + 1, gap / (big + T)) - a * Math.log(big + T);
  return { alive, died: Math.log(s / a) + logDiffExp(atTx, atT) };
}

/** ln(eᵃ − eᵇ) for a ≥ b; −∞ when they are equal (rounding can make a − b tiny or negative). */
function logDiffExp(a: number, b: number): number {
  if (!(a > b)) return -Infinity;
  return a + Math.log(-Math.expm1(b - a));
}

function logSumExp(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Σ weight × ℓᵢ over the (possibly grouped) summaries. */
export function paretoNbdLogLikelihood(params: Params, data: RepeatSummaries): number {
  const constant = params.r * Math.log(params.alpha) + params.s * Math.log(params.beta) - logGamma(params.r);
  let total = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight[i]!;
    if (w === 0) continue;
    const x = data.x[i]!;
    const { alive, died } = bracketTerms(params, x, data.tx[i]!, data.T[i]!);
    total += w * (constant + logGamma(params.r + x) + logSumExp(alive, died));
  }
  return total;
}

/**
 * Customers with the same (x, tₓ, T) contribute the same term: collapse them into one weighted row
 * (most of a real base: everyone with x = 0 and the same cohort shares a triple).
 */
function collapseTriples(data: RepeatSummaries): RepeatSummaries {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    const key = `${data.x[i]!},${data.tx[i]!},${data.T[i]!}`;
    const at = index.get(key);
    if (at !== undefined) weight[at] = weight[at]! + data.weight[i]!;
    else {
      index.set(key, x.length);
      x.push(data.x[i]!);
      tx.push(data.tx[i]!);
      T.push(data.T[i]!);
      weight.push(data.weight[i]!);
    }
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
  };
}

const toParams = (theta: Float64Array): Params => ({
  r: Math.exp(theta[0]!),
  alpha: Math.exp(theta[1]!),
  s: Math.exp(theta[2]!),
  beta: Math.exp(theta[3]!),
});

/**
 * Maximum-likelihood fit. Default starts put r/α at the observed repeat rate Σx/ΣT and the mean
 * lifetime β/s at one to two calibration periods, with shapes r, s of 0.5, 1 and 2: the surface is
 * ridged along s/β (the mean drop-out rate) when few customers visibly lapse, so one start is not enough.
 */
export function fitParetoNbd(
  summaries: RepeatSummaries,
  options: { starts?: Params[] } = {},
): FittedParameters<ParetoNbdParameter> {
  const data = collapseTriples(summaries);
  let customers = 0;
  let repeaters = 0;
  let weightedX = 0;
  let weightedT = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight[i]!;
    customers += w;
    if (data.x[i]! > 0) repeaters += w;
    weightedX += w * data.x[i]!;
    weightedT += w * data.T[i]!;
  }
  if (repeaters === 0)
    throw new Error(
      'The Pareto/NBD model cannot be fitted: no customer made a repeat purchase in the calibration period, so there is nothing to estimate purchase rates from.',
    );
  const meanT = weightedT / customers;
  const meanRate = weightedX / weightedT;
  const starts = options.starts ?? [
    { r: 1, alpha: 1 / meanRate, s: 1, beta: meanT },
    { r: 0.5, alpha: 0.5 / meanRate, s: 0.5, beta: meanT },
    { r: 2, alpha: 2 / meanRate, s: 2, beta: 4 * meanT },
  ];
  const negativeLogLikelihood = (theta: Float64Array): number => {
    const value = -paretoNbdLogLikelihood(toParams(theta), data);
    return Number.isFinite(value) ? value : Infinity;
  };
  const objective = withNumericGradient(negativeLogLikelihood);
  const result = minimizeMultiStart(
    objective,
    starts.map((s) => Float64Array.from(parameterNames.map((name) => Math.log(s[name])))),
    // The numeric gradient is accurate to ~1e-6 relative; ask no more of it.
    { gradientTolerance: 1e-4, valueTolerance: 1e-12 },
  );
  const params = toParams(result.theta);
  const { se } = standardErrors(coarseGradient(negativeLogLikelihood), result.theta);
  const seRecord = Object.fromEntries(parameterNames.map((name, i) => [name, se[i] ?? null])) as Record<
    ParetoNbdParameter,
    number | null
  >;
  return {
    params,
    se: seRecord,
    logLik: -result.value,
    converged: result.converged,
    iterations: result.iterations,
    starts: result.starts,
    convergedStarts: result.convergedStarts,
    warnings: paretoNbdWarnings(params, seRecord, result.converged, repeaters),
  };
}

/**
 * Central differences with step 1e-4 in θ, for the standard errors only: the Hessian is a difference
 * of gradients, and withNumericGradient's 1e-6 step leaves ~1e-6 rounding noise in each gradient
 * (a few percent in the SEs); 1e-4 brings rounding and truncation error both to ~1e-8.
 */
function coarseGradient(value: (theta: Float64Array) => number): Objective {
  return (theta) => {
    const gradient = new Float64Array(theta.length);
    for (let i = 0; i < theta.length; i++) {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[i] = theta[i]! + 1e-4;
      down[i] = theta[i]! - 1e-4;
      gradient[i] = (value(up) - value(down)) / 2e-4;
    }
    return { value: value(theta), gradient };
  };
}

function paretoNbdWarnings(
  params: Params,
  se: Record<ParetoNbdParameter, number | null>,
  converged: boolean,
  repeaters: number,
): string[] {
  const warnings: string[] = [];
  if (!converged)
    warnings.push(
      'The Pareto/NBD fit did not converge: the estimates may not be the best fit, so treat its predictions with caution.',
    );
  const atEdge = (name: ParetoNbdParameter): boolean =>
    params[name] < 1e-4 || params[name] > 1e4 || se[name] === null;
  if (atEdge('s') || atEdge('beta'))
    warnings.push(
      `The data cannot pin down s and β: the fitted values (s = ${format(params.s)}, β = ${format(params.beta)}) run towards the edge, which usually means too few customers have visibly stopped buying. Only their ratio s/β (the average drop-out rate, ${format(params.s / params.beta)} per period) is meaningful; P(alive) figures are unreliable.`,
    );
  if (atEdge('r') || atEdge('alpha'))
    warnings.push(
      `The data cannot pin down r and α: the fitted values (r = ${format(params.r)}, α = ${format(params.alpha)}) run towards the edge. Only their ratio r/α (the average purchase rate, ${format(params.r / params.alpha)} per period) is meaningful.`,
    );
  if (repeaters < 30)
    warnings.push(
      `Only ${repeaters} customers made a repeat purchase: the Pareto/NBD estimates rest on very little information.`,
    );
  return warnings;
}

const format = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v));

/** [1 − u^(s−1)]/(s−1) for 0 < u ≤ 1, with its s → 1 limit −ln u. */
function powerDifference(u: number, s: number): number {
  const logU = Math.log(u);
  if (Math.abs(s - 1) < 1e-10) return -logU;
  return -Math.expm1((s - 1) * logU) / (s - 1);
}

/** P(alive), conditional and unconditional expected purchases (Fader & Hardie 2005 note, eqs. 18, 28, 34). */
export function paretoNbdPredictor(params: Params): BtydPredictor {
  const { r, alpha, s, beta } = params;
  const pAlive = (x: number, tx: number, T: number): number => {
    const { alive, died } = bracketTerms(params, x, tx, T);
    return Math.exp(alive - logSumExp(alive, died));
  };
  return {
    pAlive,
    conditionalExpected: (t, x, tx, T) =>
      (((r + x) * (beta + T)) / (alpha + T)) *
      powerDifference((beta + T) / (beta + T + t), s) *
      pAlive(x, tx, T),
    unconditionalExpected: (t) => ((r * beta) / alpha) * powerDifference(beta / (beta + t), s),
  };
}

/** A Gamma(shape, rate) variate (Marsaglia & Tsang 2000; shape < 1 by the U^(1/shape) boost). */
export function gammaVariate(shape: number, rate: number, random: () => number): number {
  if (shape < 1) return gammaVariate(shape + 1, rate, random) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      // Box–Muller normal; 1 − random() keeps the logarithm's argument in (0, 1].
      z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/**
 * Simulated calibration summaries from the Pareto/NBD's own story, for parameter-recovery tests: every
 * customer makes the first purchase at 0 and is observed for T periods (x, tₓ as in types.ts).
 */
export function simulateParetoNbd(
  params: Params,
  customers: number,
  T: number,
  seed: number,
): RepeatSummaries {
  const random = mulberry32(seed);
  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  const observed = new Float64Array(customers).fill(T);
  const weight = new Float64Array(customers).fill(1);
  for (let i = 0; i < customers; i++) {
    const lambda = gammaVariate(params.r, params.alpha, random);
    const mu = gammaVariate(params.s, params.beta, random);
    const death = -Math.log(1 - random()) / mu;
    const end = Math.min(death, T);
    let time = 0;
    for (;;) {
      time += -Math.log(1 - random()) / lambda;
      if (time > end) break;
      x[i] = x[i]! + 1;
      tx[i] = time;
    }
  }
  return { x, tx, T: observed, weight };
}
