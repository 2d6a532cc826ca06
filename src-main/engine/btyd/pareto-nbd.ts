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
 * Fitting: maximum likelihood over θ = log(r, α, s, β) with optimize.ts's BFGS from several starts and
 * the analytic gradient. The 2F1 of A₀ is 2F1(a, b; a+1; z); its derivatives in a, b and z come from one
 * pass over the Euler-transformed series (A&S 15.3.3), whose terms' log-derivatives are running sums
 * (shiftedHyp2f1Derivatives). A triple enters A₀ only through its two ends (x, tₓ) and (x, T), which
 * many triples share, so each end is evaluated once per likelihood evaluation. Together about 9× less
 * work per gradient than central differences (8 extra likelihoods per step), same optimum.
 */
import { logGamma } from '../stats/distributions';
import { mulberry32 } from '../model/gbt-random';
import { logHyp2f1 } from './hypergeometric';
import {
  fittedParameters,
  minimizeMultiStart,
  observed,
  standardErrors,
  type FitOptions,
  type Objective,
} from './optimize';
import { digamma } from './special';
import { gammaDraw } from './simulate';
import type { BtydPredictor, FittedParameters, RepeatSummaries } from './types';

export type ParetoNbdParameter = 'r' | 'alpha' | 's' | 'beta';

const parameterNames: readonly ParetoNbdParameter[] = ['r', 'alpha', 's', 'beta'];

type Params = Record<ParetoNbdParameter, number>;

const toParams = (theta: Float64Array): Params => ({
  r: Math.exp(theta[0]!),
  alpha: Math.exp(theta[1]!),
  s: Math.exp(theta[2]!),
  beta: Math.exp(theta[3]!),
});

/**
 * The two log-terms of one customer's likelihood bracket: ln of 1/((α+T)^(r+x)(β+T)ˢ) (alive at T)
 * and ln of s/(r+s+x)·A₀ (died in (tₓ, T]); −∞ when tₓ = T (no room to die unobserved).
 */
function bracketTerms(p: Params, x: number, tx: number, T: number): { alive: number; died: number } {
  const { r, s } = p;
  const alive = -(r + x) * Math.log(p.alpha + T) - s * Math.log(p.beta + T);
  if (!(T > tx)) return { alive, died: -Infinity };
  const a = r + s + x;
  return { alive, died: Math.log(s / a) + logDiffExp(endpointTerm(p, x, tx), endpointTerm(p, x, T)) };
}

/**
 * G(t) = ln 2F1(a, b; a+1; z) − a ln(big + t), a = r + s + x, the A₀ term at one end of (tₓ, T]. The
 * larger of α, β goes in the 2F1 argument z = |α − β|/(big + t) so that it lies in [0, 1), with
 * b = s + 1 when α ≥ β, else r + x.
 */
function endpointTerm(p: Params, x: number, t: number): number {
  const { r, alpha, s, beta } = p;
  const a = r + s + x;
  const big = Math.max(alpha, beta);
  const b = alpha >= beta ? s + 1 : r + x;
  return logHyp2f1(a, b, a + 1, Math.abs(alpha - beta) / (big + t)) - a * Math.log(big + t);
}

/**
 * d/d(r, α, s, β) of endpointTerm's G(t), written to out[at..at+3]: 2F1's own derivatives in (a, b, z)
 * by the chain rule through a = r + s + x, b (s + 1 when α ≥ β, else r + x) and z = |α − β|/(big + t).
 */
function endpointGradient(p: Params, x: number, t: number, out: Float64Array, at: number): void {
  const { r, alpha, s, beta } = p;
  const a = r + s + x;
  const b = alpha >= beta ? s + 1 : r + x;
  if (alpha >= beta) {
    const z = (alpha - beta) / (alpha + t);
    const [fa, fb, fz] = shiftedHyp2f1Derivatives(a, b, z);
    const logBig = Math.log(alpha + t);
    out[at] = fa - logBig;
    out[at + 1] = (fz * (beta + t)) / ((alpha + t) * (alpha + t)) - a / (alpha + t);
    out[at + 2] = fa + fb - logBig;
    out[at + 3] = -fz / (alpha + t);
  } else {
    const z = (beta - alpha) / (beta + t);
    const [fa, fb, fz] = shiftedHyp2f1Derivatives(a, b, z);
    const logBig = Math.log(beta + t);
    out[at] = fa + fb - logBig;
    out[at + 1] = -fz / (beta + t);
    out[at + 2] = fa - logBig;
    out[at + 3] = (fz * (alpha + t)) / ((beta + t) * (beta + t)) - a / (beta + t);
  }
}

/**
 * Beyond this many series terms (z close to 1) the 2F1 derivatives are taken by differences of
 * logHyp2f1, whose connection formula costs a few dozen terms there: summing up to 20,000 terms per
 * endpoint made one evaluation take ~2 s on the s, β → ∞ ridge (Tenure issue 6, fits that stall).
 */
const derivativeSeriesTerms = 2_000;

/**
 * ∂/∂a, ∂/∂b, ∂/∂z of ln 2F1(a, b; a+1; z) for 0 ≤ z < 1 and a + 1 − b > 0 (so for both cases of A₀),
 * from Euler's form (A&S 15.3.3) 2F1(a, b; a+1; z) = (1−z)^(1−b) Σₙ tₙ with
 * tₙ = Π_{k<n} (a+1−b+k)/(a+1+k) · zⁿ: every term is positive and below the one before, and
 * ∂ ln tₙ/∂a, ∂ ln tₙ/∂b are running sums, so one pass gives all three derivatives (the value itself
 * stays with logHyp2f1). When z is so close to 1 that the series would be long, central differences of
 * logHyp2f1 instead.
 */
export function shiftedHyp2f1Derivatives(a: number, b: number, z: number): [number, number, number] {
  const e = a + 1 - b;
  if (z > 0 && 45 / -Math.log(z) > derivativeSeriesTerms)
    return connectedHyp2f1Derivatives(a, b, z) ?? differencedHyp2f1Derivatives(a, b, z);
  const tailFactor = 1 / (1 - z);
  let term = 1;
  let sum = 1;
  let sumA = 0;
  let sumB = 0;
  let sumZ = 0;
  let logTermA = 0;
  let logTermB = 0;
  for (let n = 0; n < derivativeSeriesTerms; n++) {
    const ratio = (e + n) / (a + 1 + n);
    // ∂tₙ₊₁/∂z = (n+1) tₙ₊₁ / z = (n+1) tₙ · ratio, written without dividing by z (z may be 0).
    sumZ += (n + 1) * term * ratio;
    logTermA += 1 / (e + n) - 1 / (a + 1 + n);
    logTermB -= 1 / (e + n);
    term *= ratio * z;
    sum += term;
    sumA += term * logTermA;
    sumB += term * logTermB;
    // Later terms fall at least as fast as zⁿ: the tails of Σ tₙ and Σ n tₙ/z are below this.
    if (term * (n + 2 + tailFactor) * tailFactor <= 1e-17 * sum) break;
  }
  return [sumA / sum, -Math.log1p(-z) + sumB / sum, (b - 1) * tailFactor + sumZ / sum];
}

/**
 * Near z = 1, one pass: for c = a + 1 the connection formula A&S 15.3.6 collapses (its first 2F1 is
 * 2F1(a, b; b; w) = z^(−a), w = 1 − z) to
 *   2F1(a, b; a+1; z) = P₁ + P₂,  P₁ = Γ(a+1)Γ(1−b)/Γ(a+1−b) · z^(−a),
 *   P₂ = a/(b−1) · w^(1−b) · H,  H = 2F1(1, a+1−b; 2−b; w) = Σₙ Πₖ<ₙ (a+1−b+k)/(2−b+k) · wⁿ,
 * whose log-derivatives are closed forms (digamma) and running sums over H's terms, as in the series
 * above. Null (so differences of logHyp2f1 instead) when b is within 1e-3 of an integer (Γ(1−b) and
 * H have poles there, the pieces cancel), when H needs more than derivativeSeriesTerms terms or its
 * terms cancel to below 1e-5 of the largest, or when P₁ and P₂ cancel to below 1e-6 of the larger or
 * so far that fewer than ~10 digits of F survive the rounding of their Γ terms.
 */
function connectedHyp2f1Derivatives(a: number, b: number, z: number): [number, number, number] | null {
  if (Math.abs(b - Math.round(b)) < 1e-3) return null;
  const w = 1 - z;
  const e = a + 1 - b;
  const c = 2 - b;
  // H and its derivatives in e, in c and in w, summed together (terms may change sign while c + n < 0).
  let term = 1;
  let h = 1;
  let hE = 0;
  let hC = 0;
  let hW = 0;
  let logTermE = 0;
  let logTermC = 0;
  let largestTerm = 1;
  let converged = false;
  for (let n = 0; n < derivativeSeriesTerms; n++) {
    const ratio = ((e + n) / (c + n)) * w;
    // ∂tₙ₊₁/∂w = (n+1) tₙ₊₁ / w = (n+1) tₙ (e+n)/(c+n).
    hW += (n + 1) * term * ((e + n) / (c + n));
    logTermE += 1 / (e + n);
    logTermC -= 1 / (c + n);
    term *= ratio;
    h += term;
    hE += term * logTermE;
    hC += term * logTermC;
    largestTerm = Math.max(largestTerm, Math.abs(term));
    const r = Math.abs(ratio);
    if (c + n > 0 && r < 1 && Math.abs(term) * (n + 2 + 1 / (1 - r)) <= 1e-17 * (1 - r) * Math.abs(h)) {
      converged = true;
      break;
    }
  }
  // While c + n < 0 the terms alternate; with a large a·w they grow far above H before they cancel.
  if (!converged || !(Math.abs(h) > 1e-5 * largestTerm)) return null;
  const log1 = logGamma(a + 1) + logAbsGamma(1 - b) - logGamma(e) - a * Math.log(z);
  const sign1 = gammaSign(1 - b);
  const log2 = Math.log(a / Math.abs(b - 1)) + (1 - b) * Math.log(w) + Math.log(Math.abs(h));
  const sign2 = Math.sign(b - 1) * Math.sign(h);
  const largest = Math.max(log1, log2);
  const p1 = sign1 * Math.exp(log1 - largest);
  const p2 = sign2 * Math.exp(log2 - largest);
  const total = p1 + p2;
  // ln Γ(a+1) − ln Γ(a+1−b) carries rounding in proportion to their size (~37,600 at a = 5000), which
  // cancellation between P₁ and P₂ magnifies: give up unless F keeps ~10 digits.
  const logSize = logGamma(a + 1) + Math.abs(logGamma(e)) + Math.abs(log2) + 10;
  const rounding = 2.2e-16 * logSize * (Math.abs(p1) + Math.abs(p2));
  if (
    !(Math.abs(total) >= 1e-6 * Math.max(Math.abs(p1), Math.abs(p2))) ||
    !(rounding <= 1e-10 * Math.abs(total))
  )
    return null;
  const psiE = digamma(e);
  // d ln P / d(a, b, z) for each piece; e = a + 1 − b, c = 2 − b.
  const d1 = [digamma(a + 1) - psiE - Math.log(z), psiE - digamma(1 - b), -a / z];
  const d2 = [1 / a + hE / h, -1 / (b - 1) - Math.log(w) - hE / h - hC / h, (b - 1) / w - hW / h];
  return [0, 1, 2].map((k) => (p1 * d1[k]! + p2 * d2[k]!) / total) as [number, number, number];
}

/** ln|Γ(x)| for real non-pole x (reflection Γ(x)Γ(1 − x) = π / sin(πx) below 0). */
function logAbsGamma(x: number): number {
  if (x > 0) return logGamma(x);
  return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
}

/** The sign of Γ(x) for real non-pole x: positive above 0, alternating between the negative poles. */
function gammaSign(x: number): number {
  if (x > 0) return 1;
  return Math.sign(Math.sin(Math.PI * x));
}

/**
 * Near z = 1, when the closed form above does not apply: ∂/∂a, ∂/∂b by central differences of logHyp2f1 (its connection formulas are smooth in the
 * parameters), ∂/∂z exactly from d/dz 2F1(a, b; c; z) = (ab/c) 2F1(a+1, b+1; c+1; z) (A&S 15.2.1): a
 * difference in z would divide the connection formula's rounding by a step below 1 − z.
 */
function differencedHyp2f1Derivatives(a: number, b: number, z: number): [number, number, number] {
  const f = (aa: number, bb: number): number => logHyp2f1(aa, bb, aa + 1, z);
  const ha = 1e-6 * Math.max(1, a);
  const hb = 1e-6 * Math.max(1, b);
  const logValue = f(a, b);
  const logSlope = Math.log((a * b) / (a + 1)) + logHyp2f1(a + 1, b + 1, a + 2, z);
  return [
    (f(a + ha, b) - f(a - ha, b)) / (2 * ha),
    (f(a, b + hb) - f(a, b - hb)) / (2 * hb),
    Math.exp(logSlope - logValue),
  ];
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
 * The distinct (x, t) ends of the triples' (tₓ, T] intervals: G depends on a triple only through
 * (x, tₓ) and (x, T), and a customer base has far fewer of those pairs than triples (every cohort's
 * T is shared by all its x), so each G and its gradient is computed once per evaluation.
 */
interface Endpoints {
  x: Float64Array;
  t: Float64Array;
  /** Per triple, the rows of (x, tₓ) and (x, T); −1 when tₓ = T (no died term). */
  atTx: Int32Array;
  atT: Int32Array;
}

function indexEndpoints(data: RepeatSummaries): Endpoints {
  const rows = new Map<number, Map<number, number>>();
  const x: number[] = [];
  const t: number[] = [];
  const rowOf = (xi: number, ti: number): number => {
    let byT = rows.get(xi);
    if (byT === undefined) rows.set(xi, (byT = new Map()));
    let row = byT.get(ti);
    if (row === undefined) {
      row = x.length;
      byT.set(ti, row);
      x.push(xi);
      t.push(ti);
    }
    return row;
  };
  const n = data.x.length;
  const atTx = new Int32Array(n).fill(-1);
  const atT = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (data.weight[i] === 0 || !(data.T[i]! > data.tx[i]!)) continue;
    atTx[i] = rowOf(data.x[i]!, data.tx[i]!);
    atT[i] = rowOf(data.x[i]!, data.T[i]!);
  }
  return { x: Float64Array.from(x), t: Float64Array.from(t), atTx, atT };
}

/**
 * Σ weight × ℓᵢ and its gradient with respect to θ = log(r, α, s, β): the same value as
 * paretoNbdLogLikelihood, term by term, and
 *   ∂ℓ/∂p = ∂[r ln α + s ln β − ln Γ(r) + ln Γ(r+x)]/∂p + π_alive ∂alive/∂p + π_died ∂died/∂p,
 * π the two terms' shares of the bracket, ∂died/∂p through ln(e^G(tₓ) − e^G(T)).
 */
export function paretoNbdLogLikelihoodAndGradient(
  params: Params,
  data: RepeatSummaries,
  endpoints: Endpoints = indexEndpoints(data),
): { value: number; gradient: Float64Array } {
  const { r, alpha, s, beta } = params;
  const m = endpoints.x.length;
  const G = new Float64Array(m);
  const dG = new Float64Array(4 * m);
  for (let j = 0; j < m; j++) {
    G[j] = endpointTerm(params, endpoints.x[j]!, endpoints.t[j]!);
    endpointGradient(params, endpoints.x[j]!, endpoints.t[j]!, dG, 4 * j);
  }
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const constant = r * logAlpha + s * logBeta - logGamma(r);
  const digammaR = digamma(r);
  const died = new Float64Array(4);
  let total = 0;
  let dr = 0;
  let dAlpha = 0;
  let ds = 0;
  let dBeta = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight[i]!;
    if (w === 0) continue;
    const x = data.x[i]!;
    const T = data.T[i]!;
    const logAlphaT = Math.log(alpha + T);
    const logBetaT = Math.log(beta + T);
    const alive = -(r + x) * logAlphaT - s * logBetaT;
    let diedTerm = -Infinity;
    const j1 = endpoints.atTx[i]!;
    if (j1 >= 0) {
      const j2 = endpoints.atT[i]!;
      const a = r + s + x;
      diedTerm = Math.log(s / a) + logDiffExp(G[j1]!, G[j2]!);
      if (Number.isFinite(diedTerm)) {
        // d ln(e^G₁ − e^G₂) = w₁ dG₁ − w₂ dG₂ with w₂ = 1/(e^(G₁−G₂) − 1), w₁ = 1 + w₂; then ln(s/a).
        const w2 = 1 / Math.expm1(G[j1]! - G[j2]!);
        for (let k = 0; k < 4; k++) died[k] = (1 + w2) * dG[4 * j1 + k]! - w2 * dG[4 * j2 + k]!;
        died[0] = died[0]! - 1 / a;
        died[2] = died[2]! + 1 / s - 1 / a;
      }
    }
    const bracket = logSumExp(alive, diedTerm);
    total += w * (constant + logGamma(r + x) + bracket);
    const shareAlive = Math.exp(alive - bracket);
    const shareDied = Number.isFinite(diedTerm) ? Math.exp(diedTerm - bracket) : 0;
    dr += w * (logAlpha - digammaR + digamma(r + x) - shareAlive * logAlphaT + shareDied * died[0]!);
    dAlpha += w * (r / alpha - (shareAlive * (r + x)) / (alpha + T) + shareDied * died[1]!);
    ds += w * (logBeta - shareAlive * logBetaT + shareDied * died[2]!);
    dBeta += w * (s / beta - (shareAlive * s) / (beta + T) + shareDied * died[3]!);
  }
  // Chain rule to θ = ln p.
  return { value: total, gradient: Float64Array.of(r * dr, alpha * dAlpha, s * ds, beta * dBeta) };
}

/** The fit's objective: −Σ weight × ℓᵢ and its θ-gradient (+∞ where the likelihood is not finite). */
export function paretoNbdObjective(data: RepeatSummaries): Objective {
  const endpoints = indexEndpoints(data);
  return (theta) => {
    const { value, gradient } = paretoNbdLogLikelihoodAndGradient(toParams(theta), data, endpoints);
    if (!Number.isFinite(value)) return { value: Infinity, gradient };
    return { value: -value, gradient: gradient.map((g) => -g) };
  };
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

/**
 * Maximum-likelihood fit. Default starts put r/α at the observed repeat rate Σx/ΣT and the mean
 * lifetime β/s at one to two calibration periods, with shapes r, s of 0.5, 1 and 2: the surface is
 * ridged along s/β (the mean drop-out rate) when few customers visibly lapse, so one start is not enough.
 */
export function fitParetoNbd(
  summaries: RepeatSummaries,
  options: FitOptions<ParetoNbdParameter> = {},
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
  const objective = observed(paretoNbdObjective(data), options.onEvaluation);
  const result = minimizeMultiStart(
    objective,
    starts.map((s) => Float64Array.from(parameterNames.map((name) => Math.log(s[name])))),
    { gradientTolerance: 1e-4, valueTolerance: 1e-12, maxEvaluations, stopEarly: runsAlongRidge },
  );
  const onRidge = result.stopReason === 'stopEarly';
  const params = toParams(result.theta);
  const { se } = standardErrors(objective, result.theta);
  const seRecord = Object.fromEntries(parameterNames.map((name, i) => [name, se[i] ?? null])) as Record<
    ParetoNbdParameter,
    number | null
  >;
  return fittedParameters(
    parameterNames,
    result,
    se,
    paretoNbdWarnings(params, seRecord, result.converged, onRidge, repeaters),
  );
}

/**
 * Each start's budget of likelihood evaluations (line-search trials included): a safety net far above
 * what a fit needs (typically 30–150), so that no data set can make a start run for minutes.
 */
const maxEvaluations = 400;

/** How far past its start (a factor in both s and β) a start may run along the ridge. */
const ridgeFactor = Math.log(1e4);

/**
 * Stop a start running off to s, β → ∞ with s/β fixed: when few customers visibly lapse the likelihood
 * keeps rising (by ever smaller amounts) along that ridge, every step there costs a full evaluation,
 * and nothing that matters (s/β, r, α) changes any more. Stops once s and β are both 10⁴ times their
 * starting values and the last step moved ln(s/β) by less than 0.01.
 */
function runsAlongRidge(theta: Float64Array, previous: Float64Array, start: Float64Array): boolean {
  const sIndex = 2;
  const betaIndex = 3;
  return (
    theta[sIndex]! - start[sIndex]! > ridgeFactor &&
    theta[betaIndex]! - start[betaIndex]! > ridgeFactor &&
    Math.abs(theta[sIndex]! - theta[betaIndex]! - (previous[sIndex]! - previous[betaIndex]!)) < 0.01
  );
}

function paretoNbdWarnings(
  params: Params,
  se: Record<ParetoNbdParameter, number | null>,
  converged: boolean,
  onRidge: boolean,
  repeaters: number,
): string[] {
  const warnings: string[] = [];
  // A start stopped on the s, β ridge is explained by the warning below, not a failure to converge.
  if (!converged && !onRidge)
    warnings.push(
      'The Pareto/NBD fit did not converge: the estimates may not be the best fit, so treat its predictions with caution.',
    );
  const atEdge = (name: ParetoNbdParameter): boolean =>
    params[name] < 1e-4 || params[name] > 1e4 || se[name] === null;
  if (onRidge || atEdge('s') || atEdge('beta'))
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
    const lambda = gammaDraw(params.r, random) / params.alpha;
    const mu = gammaDraw(params.s, random) / params.beta;
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
