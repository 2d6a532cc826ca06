import { solveSpd } from '../model/linear-algebra';
import type { FittedParameters } from './types';

/**
 * Maximum-likelihood machinery shared by the customer-value models (BG/NBD, Pareto/NBD, Gamma-Gamma,
 * sBG). Every parameter of those models is positive, so the search runs over θ = log(parameter):
 * unconstrained, and a step can never leave the domain. BFGS with a backtracking (Armijo) line search
 * from several starting points; the best converged optimum wins. Every search is bounded: by
 * maxIterations, by maxEvaluations (objective calls, line-search trials included: a slow likelihood
 * cannot make a fit run for minutes) and by the model's own stopEarly test (e.g. Pareto/NBD giving up a
 * start that runs off along its s, β ridge); each result says why it ended. Standard errors come from the
 * Hessian of the negative log-likelihood in the models' own parameters (what R's optim(hessian =
 * TRUE) and the published tables report), taken by central differences of the gradient.
 */

/** Negative log-likelihood and its gradient with respect to θ = log(parameters). */
export type Objective = (theta: Float64Array) => { value: number; gradient: Float64Array };

export interface MinimizeOptions {
  /** Stop when the largest |gradient component| falls below this (θ space). Default 1e-7. */
  gradientTolerance?: number;
  /** Stop when the objective changes by less than this relative amount. Default 1e-13. */
  valueTolerance?: number;
  maxIterations?: number;
  /**
   * Safety net: stop (not converged) once the objective has been evaluated this many times, line-search
   * trials included, so that a slow objective cannot make a fit run for minutes. Default 5,000.
   */
  maxEvaluations?: number;
  /**
   * Called after every accepted step with the new and previous θ and the start; true stops the search
   * (not converged, stopReason 'stopEarly'). For a model to give up on a start that runs off along a
   * ridge to infinity, where every further step costs time and changes nothing that matters.
   */
  stopEarly?: (theta: Float64Array, previous: Float64Array, start: Float64Array) => boolean;
}

/** Why the search ended. 'stalled': no step along the search direction lowered the objective. */
export type StopReason =
  'converged' | 'stalled' | 'maxIterations' | 'maxEvaluations' | 'stopEarly' | 'notFinite';

export interface MinimizeResult {
  theta: Float64Array;
  value: number;
  gradientNorm: number;
  iterations: number;
  converged: boolean;
  stopReason: StopReason;
}

/** BFGS on an unconstrained objective. Non-finite values are treated as +∞ (the line search backs off). */
export function minimizeBfgs(
  objective: Objective,
  start: Float64Array,
  options: MinimizeOptions = {},
): MinimizeResult {
  const gradientTolerance = options.gradientTolerance ?? 1e-7;
  const valueTolerance = options.valueTolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 500;
  const maxEvaluations = options.maxEvaluations ?? 5000;
  const k = start.length;
  let theta = Float64Array.from(start);
  let evaluations = 1;
  let current = objective(theta);
  if (!Number.isFinite(current.value) || !current.gradient.every(Number.isFinite))
    return {
      theta,
      value: Infinity,
      gradientNorm: Infinity,
      iterations: 0,
      converged: false,
      stopReason: 'notFinite',
    };
  // Inverse-Hessian approximation, row-major k×k, starting at the identity.
  let h = identity(k);
  let iterations = 0;
  let converged = false;
  let stopReason: StopReason = 'maxIterations';
  for (; iterations < maxIterations; iterations++) {
    const g = current.gradient;
    if (maxAbs(g) < gradientTolerance) {
      converged = true;
      stopReason = 'converged';
      break;
    }
    let direction = multiply(h, g, k).map((v) => -v);
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Not a descent direction (a poor curvature estimate): restart from steepest descent.
      h = identity(k);
      direction = g.map((v) => -v);
      slope = dot(direction, g);
    }
    // Keep the first trial step moderate in θ (a factor e² per parameter at most).
    let step = Math.min(1, 2 / Math.max(maxAbs(direction), 1e-300));
    let next: { value: number; gradient: Float64Array } | null = null;
    let trial = theta;
    for (let halvings = 0; halvings < 60 && evaluations < maxEvaluations; halvings++) {
      trial = theta.map((v, i) => v + step * direction[i]!);
      evaluations++;
      const candidate = objective(trial);
      if (
        Number.isFinite(candidate.value) &&
        candidate.gradient.every(Number.isFinite) &&
        candidate.value <= current.value + 1e-4 * step * slope
      ) {
        next = candidate;
        break;
      }
      step /= 2;
    }
    if (next === null) {
      if (evaluations >= maxEvaluations) {
        stopReason = 'maxEvaluations';
        break;
      }
      // No decrease along any step: we are at the optimum to machine precision (or stuck).
      converged = maxAbs(g) < gradientTolerance * 1e3;
      stopReason = converged ? 'converged' : 'stalled';
      break;
    }
    const s = trial.map((v, i) => v - theta[i]!);
    const y = next.gradient.map((v, i) => v - g[i]!);
    const sy = dot(s, y);
    const change = Math.abs(current.value - next.value);
    const scale = Math.max(Math.abs(current.value), Math.abs(next.value), 1);
    const previous = theta;
    theta = trial;
    current = next;
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) h = bfgsUpdate(h, s, y, sy, k);
    if (change <= valueTolerance * scale && maxAbs(current.gradient) < Math.sqrt(gradientTolerance)) {
      converged = true;
      stopReason = 'converged';
      iterations++;
      break;
    }
    if (options.stopEarly?.(theta, previous, start)) {
      stopReason = 'stopEarly';
      iterations++;
      break;
    }
    if (evaluations >= maxEvaluations) {
      stopReason = 'maxEvaluations';
      iterations++;
      break;
    }
  }
  return {
    theta,
    value: current.value,
    gradientNorm: maxAbs(current.gradient),
    iterations,
    converged,
    stopReason,
  };
}

/** Run BFGS from each start; return the best result (converged ones preferred) and how many converged. */
export function minimizeMultiStart(
  objective: Objective,
  starts: readonly Float64Array[],
  options: MinimizeOptions = {},
): MinimizeResult & { starts: number; convergedStarts: number } {
  let best: MinimizeResult | null = null;
  let convergedStarts = 0;
  for (const start of starts) {
    const result = minimizeBfgs(objective, start, options);
    if (result.converged) convergedStarts++;
    if (
      best === null ||
      (result.converged && !best.converged) ||
      (result.converged === best.converged && result.value < best.value)
    )
      best = result;
  }
  if (best === null) throw new Error('minimizeMultiStart needs at least one start');
  return { ...best, starts: starts.length, convergedStarts };
}

/**
 * Standard errors of positive parameters p = exp(θ) at the optimum, from the observed information
 * (Hessian of the negative log-likelihood with respect to p). The Hessian in p follows from the θ
 * gradient by the chain rule: ∂f/∂p = (∂f/∂θ)/p, differentiated by central differences in p.
 * Returns null entries when the Hessian is not positive definite (the data cannot pin the parameter).
 */
export function standardErrors(
  objective: Objective,
  theta: Float64Array,
): {
  se: (number | null)[];
  covariance: Float64Array | null;
} {
  const k = theta.length;
  const p = theta.map(Math.exp);
  const gradientInP = (q: Float64Array): Float64Array => {
    const { gradient } = objective(q.map(Math.log));
    return gradient.map((g, i) => g / q[i]!);
  };
  const hessian = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const step = 1e-5 * p[j]!;
    const up = Float64Array.from(p);
    const down = Float64Array.from(p);
    up[j] = p[j]! + step;
    down[j] = p[j]! - step;
    const gu = gradientInP(up);
    const gd = gradientInP(down);
    for (let i = 0; i < k; i++) hessian[i * k + j] = (gu[i]! - gd[i]!) / (2 * step);
  }
  // Symmetrise away the finite-difference noise.
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) {
      const v = (hessian[i * k + j]! + hessian[j * k + i]!) / 2;
      hessian[i * k + j] = v;
      hessian[j * k + i] = v;
    }
  const solved = solveSpd(hessian, new Float64Array(k), k, true);
  if (solved === null || solved.inverse === null)
    return { se: new Array<null>(k).fill(null), covariance: null };
  const covariance = solved.inverse;
  const se = Array.from({ length: k }, (_, i) => {
    const v = covariance[i * k + i]!;
    return v > 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
  });
  return { se, covariance };
}

/**
 * A θ-space objective from a negative log-likelihood in θ alone, with the gradient by central
 * differences; for models whose analytic gradient is not worth its code (few parameters, cheap value).
 */
export function withNumericGradient(value: (theta: Float64Array) => number): Objective {
  return (theta) => {
    const f = value(theta);
    const gradient = new Float64Array(theta.length);
    for (let i = 0; i < theta.length; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(theta[i]!));
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[i] = theta[i]! + h;
      down[i] = theta[i]! - h;
      gradient[i] = (value(up) - value(down)) / (2 * h);
    }
    return { value: f, gradient };
  };
}

function identity(k: number): Float64Array {
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) m[i * k + i] = 1;
  return m;
}

function multiply(m: Float64Array, v: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += m[i * k + j]! * v[j]!;
    out[i] = sum;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs). */
function bfgsUpdate(h: Float64Array, s: Float64Array, y: Float64Array, sy: number, k: number): Float64Array {
  const rho = 1 / sy;
  const hy = multiply(h, y, k);
  const yhy = dot(y, hy);
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      out[i * k + j] =
        h[i * k + j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!;
  return out;
}

/**
 * The models' fit result from a multi-start optimum over θ = log(parameters): parameters by name,
 * their standard errors, the log-likelihood (default −value; a per-customer objective passes its own)
 * and how the search went.
 */
export function fittedParameters<P extends string>(
  names: readonly P[],
  best: MinimizeResult & { starts: number; convergedStarts: number },
  se: readonly (number | null)[],
  warnings: string[],
  logLik: number = -best.value,
): FittedParameters<P> {
  const byName = <T>(value: (i: number) => T) =>
    Object.fromEntries(names.map((name, i) => [name, value(i)])) as Record<P, T>;
  return {
    params: byName((i) => Math.exp(best.theta[i]!)),
    se: byName((i) => se[i] ?? null),
    logLik,
    converged: best.converged,
    iterations: best.iterations,
    starts: best.starts,
    convergedStarts: best.convergedStarts,
    warnings,
  };
}

/** What every model's fit takes besides its data: starting points, and a hook run before each evaluation. */
export interface FitOptions<P extends string> {
  starts?: Record<P, number>[];
  /** Called before every likelihood evaluation: a worker passes its cancel check here (it may throw). */
  onEvaluation?: () => void;
}

/** The objective with the fit's hook run before every evaluation (unchanged without one). */
export function observed(objective: Objective, onEvaluation: (() => void) | undefined): Objective {
  if (!onEvaluation) return objective;
  return (theta) => {
    onEvaluation();
    return objective(theta);
  };
}
