/**
 * The Gamma-Gamma model of monetary value (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis", JMR 42(4), §"Adding monetary value"; Hardie, "The Gamma-Gamma
 * Model of Monetary Value", 2013). A customer's transactions are Gamma(p, ν) with ν ~ Gamma(q, γ)
 * across customers, so the mean z̄ of x transactions has density (note eq. 3)
 *   f(z̄ | x) = Γ(px+q) / (Γ(px)Γ(q)) · γ^q x^(px) z̄^(px−1) / (γ + x z̄)^(px+q),
 * and E[Z | x, z̄] is a weighted mean of the population mean γp/(q−1) and the customer's z̄ (eq. 5).
 * Fitted by maximum likelihood over θ = log(p, q, γ) with the analytic gradient (digamma only).
 * The model assumes spend is independent of purchase frequency; spendFrequencyCorrelation checks that.
 */
import { logGamma } from '../stats/distributions';
import {
  fittedParameters,
  minimizeMultiStart,
  observed,
  standardErrors,
  type FitOptions,
  type Objective,
} from './optimize';
import { digamma } from './special';
import type { FittedParameters } from './types';

export type GammaGammaParameter = 'p' | 'q' | 'gamma';

type Params = Record<GammaGammaParameter, number>;

const parameterNames: readonly GammaGammaParameter[] = ['p', 'q', 'gamma'];

/**
 * |Pearson r| above which the independence of spend and frequency is called into question. 0.3 is
 * Cohen's conventional "medium" correlation: below it frequency explains under 10% of the variance of
 * average spend, about what Fader, Hardie & Lee accepted for CDNOW (r = 0.11); above it the spend
 * forecasts of frequent and infrequent buyers are biased in opposite directions.
 */
export const materialCorrelation = 0.3;

/** Negative log-likelihood and its θ-gradient over customers with x > 0 and z̄ > 0 (x, z̄ aligned). */
function negativeLogLikelihood(x: Float64Array, zbar: Float64Array): Objective {
  return (theta) => {
    const p = Math.exp(theta[0]!);
    const q = Math.exp(theta[1]!);
    const gamma = Math.exp(theta[2]!);
    const logGammaQ = logGamma(q);
    const digammaQ = digamma(q);
    const logGammaParam = Math.log(gamma);
    let value = 0;
    let dp = 0;
    let dq = 0;
    let dgamma = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const zi = zbar[i]!;
      const px = p * xi;
      const logDenominator = Math.log(gamma + xi * zi);
      const psiSum = digamma(px + q);
      value +=
        logGamma(px + q) -
        logGamma(px) -
        logGammaQ +
        q * logGammaParam +
        px * Math.log(xi) +
        (px - 1) * Math.log(zi) -
        (px + q) * logDenominator;
      dp += xi * (psiSum - digamma(px) + Math.log(xi) + Math.log(zi) - logDenominator);
      dq += psiSum - digammaQ + logGammaParam - logDenominator;
      dgamma += q / gamma - (px + q) / (gamma + xi * zi);
    }
    // Chain rule to θ = log(parameter), and the sign for minimisation.
    return { value: -value, gradient: Float64Array.of(-dp * p, -dq * q, -dgamma * gamma) };
  };
}

/**
 * Maximum-likelihood fit of (p, q, γ). Only customers with at least one repeat transaction (x > 0) and
 * positive average spend (z̄ > 0) enter: the others carry no information about spend per transaction.
 */
export function fitGammaGamma(
  data: { x: Float64Array; zbar: Float64Array },
  options: FitOptions<GammaGammaParameter> = {},
): FittedParameters<GammaGammaParameter> {
  const xs: number[] = [];
  const zs: number[] = [];
  for (let i = 0; i < data.x.length; i++)
    if (data.x[i]! > 0 && data.zbar[i]! > 0) {
      xs.push(data.x[i]!);
      zs.push(data.zbar[i]!);
    }
  if (xs.length === 0)
    throw new Error(
      'The Gamma-Gamma spend model cannot be fitted: no customer has a repeat purchase with a positive amount.',
    );
  const x = Float64Array.from(xs);
  const zbar = Float64Array.from(zs);
  const meanSpend = zs.reduce((a, b) => a + b, 0) / zs.length;
  // Starts that all put the population mean γp/(q − 1) at the observed mean, with varied shapes.
  const starts = options.starts ?? [
    { p: 1, q: 2, gamma: meanSpend },
    { p: 5, q: 3, gamma: (2 * meanSpend) / 5 },
    { p: 0.5, q: 5, gamma: 8 * meanSpend },
  ];
  const objective = observed(negativeLogLikelihood(x, zbar), options.onEvaluation);
  const result = minimizeMultiStart(
    objective,
    starts.map((s) => Float64Array.from(parameterNames.map((name) => Math.log(s[name])))),
  );
  const params: Params = {
    p: Math.exp(result.theta[0]!),
    q: Math.exp(result.theta[1]!),
    gamma: Math.exp(result.theta[2]!),
  };
  const { se } = standardErrors(objective, result.theta);
  const seRecord: Record<GammaGammaParameter, number | null> = {
    p: se[0] ?? null,
    q: se[1] ?? null,
    gamma: se[2] ?? null,
  };
  const warnings: string[] = [];
  if (!result.converged)
    warnings.push('The spend model fit did not converge: treat its spend forecasts with caution.');
  if (params.q <= 1)
    warnings.push(
      `The spend model's q is ${format(params.q)} (≤ 1): under the fitted model the average spend per transaction is infinite, so spend forecasts are not meaningful. A few very large orders usually cause this.`,
    );
  else if (params.q < 1.5)
    warnings.push(
      `The spend model's q is ${format(params.q)}, close to 1: the population's average spend rests on a very heavy tail and the spend forecasts are unstable.`,
    );
  for (const name of parameterNames)
    if (params[name] < 1e-4 || params[name] > 1e4 || seRecord[name] === null) {
      warnings.push(
        `The data cannot pin down the spend model's ${name === 'gamma' ? 'γ' : name} (fitted ${format(params[name])}); the spend forecasts may be unreliable.`,
      );
      break;
    }
  if (x.length < 30)
    warnings.push(
      `Only ${x.length} customers have repeat purchases with spend: the spend model rests on very little information.`,
    );
  return fittedParameters(parameterNames, result, se, warnings);
}

const format = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v));

/**
 * E[Z | x, z̄] = (q − 1)/(px + q − 1) · γp/(q − 1) + px/(px + q − 1) · z̄ (Hardie 2013 note, eq. 5); for
 * x = 0 the population mean γp/(q − 1). Infinite when q ≤ 1 (the fit warns).
 */
export function gammaGammaExpectedSpend(params: Params, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  const populationMean = q > 1 ? (gamma * p) / (q - 1) : Infinity;
  if (x <= 0) return populationMean;
  if (q <= 1) return Infinity;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * zbar;
}

/**
 * The independence check behind the Gamma-Gamma model: Pearson correlation of x and z̄ over customers
 * with x > 0 (z̄ is undefined without a repeat purchase). Warns when |r| > materialCorrelation.
 */
export function spendFrequencyCorrelation(
  x: Float64Array,
  zbar: Float64Array,
): { pearson: number; n: number; warning: string | null } {
  let n = 0;
  let sx = 0;
  let sz = 0;
  for (let i = 0; i < x.length; i++)
    if (x[i]! > 0) {
      n++;
      sx += x[i]!;
      sz += zbar[i]!;
    }
  if (n < 3)
    return {
      pearson: NaN,
      n,
      warning: 'Too few repeat buyers to check whether spend depends on purchase frequency.',
    };
  const mx = sx / n;
  const mz = sz / n;
  let cxx = 0;
  let czz = 0;
  let cxz = 0;
  for (let i = 0; i < x.length; i++)
    if (x[i]! > 0) {
      const dx = x[i]! - mx;
      const dz = zbar[i]! - mz;
      cxx += dx * dx;
      czz += dz * dz;
      cxz += dx * dz;
    }
  const pearson = cxx > 0 && czz > 0 ? cxz / Math.sqrt(cxx * czz) : NaN;
  let warning: string | null = null;
  if (Number.isNaN(pearson))
    warning = 'Purchase frequency or average spend does not vary, so their independence cannot be checked.';
  else if (Math.abs(pearson) > materialCorrelation)
    warning = `Average spend and purchase frequency are correlated (r = ${pearson.toFixed(2)}); the spend model assumes they are independent, so its spend forecasts for frequent and infrequent buyers are biased.`;
  return { pearson, n, warning };
}
