import { describe, expect, it } from 'vitest';
import {
  minimizeBfgs,
  minimizeMultiStart,
  standardErrors,
  withNumericGradient,
  type Objective,
} from './optimize';

/** Rosenbrock in θ, with its analytic gradient: minimum 0 at θ = (1, 1). */
const rosenbrock: Objective = (t) => {
  const [x, y] = [t[0]!, t[1]!];
  return {
    value: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    gradient: Float64Array.from([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]),
  };
};

/**
 * Exponential sample with rate λ: −log L(λ) = −n log λ + λ Σx. MLE λ̂ = n/Σx, observed information
 * n/λ̂², so SE(λ̂) = λ̂/√n, exactly.
 */
function exponentialNll(sample: number[]): Objective {
  const n = sample.length;
  const sum = sample.reduce((a, b) => a + b, 0);
  return (theta) => {
    const lambda = Math.exp(theta[0]!);
    // d/dθ = λ d/dλ = λ(−n/λ + Σx)
    return { value: -n * Math.log(lambda) + lambda * sum, gradient: Float64Array.from([-n + lambda * sum]) };
  };
}

describe('minimizeBfgs', () => {
  it('finds the Rosenbrock minimum from the classic start', () => {
    const result = minimizeBfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIterations: 2000 });
    expect(result.converged).toBe(true);
    expect(result.theta[0]).toBeCloseTo(1, 6);
    expect(result.theta[1]).toBeCloseTo(1, 6);
  });

  it('reports non-convergence when the start is not finite', () => {
    const result = minimizeBfgs(
      () => ({ value: NaN, gradient: Float64Array.from([0]) }),
      Float64Array.from([0]),
    );
    expect(result.converged).toBe(false);
    expect(result.value).toBe(Infinity);
  });

  it('backs off steps that leave the objective finite region', () => {
    // f = e^θ − 2θ is +∞ (NaN here) beyond θ = 3: the search must stay inside and reach θ = ln 2.
    const objective: Objective = (t) =>
      t[0]! > 3
        ? { value: NaN, gradient: Float64Array.from([NaN]) }
        : { value: Math.exp(t[0]!) - 2 * t[0]!, gradient: Float64Array.from([Math.exp(t[0]!) - 2]) };
    const result = minimizeBfgs(objective, Float64Array.from([-5]));
    expect(result.theta[0]).toBeCloseTo(Math.log(2), 8);
  });
});

describe('minimizeMultiStart and standardErrors', () => {
  const sample = [0.5, 1.2, 0.3, 2.2, 0.9, 1.7, 0.1, 0.8];
  const lambdaHat = sample.length / sample.reduce((a, b) => a + b, 0);

  it('returns the MLE and the exact SE of an exponential rate', () => {
    const objective = exponentialNll(sample);
    const fit = minimizeMultiStart(objective, [Float64Array.from([-3]), Float64Array.from([3])]);
    expect(fit.convergedStarts).toBe(2);
    expect(Math.exp(fit.theta[0]!)).toBeCloseTo(lambdaHat, 7);
    const { se } = standardErrors(objective, fit.theta);
    expect(se[0]).toBeCloseTo(lambdaHat / Math.sqrt(sample.length), 7);
  });

  it('gives the same optimum with a numeric gradient', () => {
    const exact = exponentialNll(sample);
    const numeric = withNumericGradient((t) => exact(t).value);
    const fit = minimizeBfgs(numeric, Float64Array.from([0]));
    expect(Math.exp(fit.theta[0]!)).toBeCloseTo(lambdaHat, 6);
  });

  it('returns null SEs where the likelihood is flat in a parameter', () => {
    const flat: Objective = (t) => ({
      value: (t[0]! - 1) ** 2,
      gradient: Float64Array.from([2 * (t[0]! - 1), 0]),
    });
    expect(standardErrors(flat, Float64Array.from([1, 0])).se).toEqual([null, null]);
  });
});

describe('minimizeBfgs safety nets', () => {
  // f(θ) = e^(−θ₀) + (θ₀ − θ₁)²: the minimum runs off to θ₀ = θ₁ → ∞ (a ridge, as Pareto/NBD's s, β).
  const ridge: Objective = (theta) => {
    const [u, v] = [theta[0]!, theta[1]!];
    return {
      value: Math.exp(-u) + (u - v) ** 2,
      gradient: Float64Array.of(-Math.exp(-u) + 2 * (u - v), -2 * (u - v)),
    };
  };
  it('stops after maxEvaluations objective calls, not converged', () => {
    let calls = 0;
    const counted: Objective = (theta) => {
      calls++;
      return rosenbrock(theta);
    };
    const result = minimizeBfgs(counted, Float64Array.from([-1.2, 1]), { maxEvaluations: 10 });
    expect(calls).toBeLessThanOrEqual(10);
    expect(result.converged).toBe(false);
    expect(result.stopReason).toBe('maxEvaluations');
    expect(Number.isFinite(result.value)).toBe(true);
  });
  it('stops when stopEarly says so, with the θ reached', () => {
    const result = minimizeBfgs(ridge, Float64Array.from([0, 0]), {
      gradientTolerance: 1e-12,
      valueTolerance: 0,
      stopEarly: (theta, previous, start) => theta[0]! - start[0]! > 3 && previous.length === 2,
    });
    expect(result.stopReason).toBe('stopEarly');
    expect(result.converged).toBe(false);
    expect(result.theta[0]!).toBeGreaterThan(3);
    // On the ridge θ₀ ≈ θ₁ (the valley floor is θ₁ = θ₀ − e^(−θ₀)/2).
    expect(Math.abs(result.theta[0]! - result.theta[1]!)).toBeLessThan(0.05);
  });
  it('reports converged as the stop reason at a minimum', () => {
    expect(minimizeBfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIterations: 2000 }).stopReason).toBe(
      'converged',
    );
  });
});
