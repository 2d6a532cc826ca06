import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic, type LogisticDesign } from './logistic';

/** A design from rows of feature values. */
function designOf(rows: number[][], terms: string[]): LogisticDesign {
  return { matrix: Float64Array.from(rows.flat()), rows: rows.length, terms };
}

/** A 2×2 table expanded to rows: counts[x][y]. */
function table(counts: [[number, number], [number, number]]): { design: LogisticDesign; y: Float64Array } {
  const rows: number[][] = [];
  const y: number[] = [];
  for (const x of [0, 1])
    for (const outcome of [0, 1])
      for (let k = 0; k < counts[x]![outcome]!; k++) {
        rows.push([x]);
        y.push(outcome);
      }
  return { design: designOf(rows, ['x']), y: Float64Array.from(y) };
}

describe('fitLogistic, unpenalised', () => {
  // x = 0: 30 stay, 10 leave; x = 1: 15 stay, 25 leave. The MLE of a saturated 2×2 model is the
  // empirical log odds: intercept log(10/30), slope the log odds ratio log((25·30)/(15·10)), with the
  // Woolf standard error sqrt(1/30 + 1/10 + 1/15 + 1/25).
  const { design, y } = table([
    [30, 10],
    [15, 25],
  ]);
  const fit = fitLogistic(design, y);

  it('gives the log odds ratio and its Woolf SE for a 2×2 table', () => {
    expect(fit.converged).toBe(true);
    expect(fit.table[0]!.estimate).toBeCloseTo(Math.log(10 / 30), 10);
    expect(fit.table[1]!.estimate).toBeCloseTo(Math.log((25 * 30) / (15 * 10)), 10);
    // Woolf's SE is the SE at the exact MLE; R's summary.glm (and the engine) use the weights of the
    // last IRLS iteration, 2e-7 away: R 4.2 prints 0.48989770808990196 after 4 iterations.
    expect(fit.table[1]!.se).toBeCloseTo(Math.sqrt(1 / 30 + 1 / 10 + 1 / 15 + 1 / 25), 6);
    expect(Math.abs(fit.table[1]!.se! - 0.48989770808990196)).toBeLessThan(1e-12);
    expect(fit.iterations).toBe(4);
    expect(fit.table[1]!.oddsRatio).toBeCloseTo(5, 9);
    const se = fit.table[1]!.se!;
    expect(fit.table[1]!.lower).toBeCloseTo(5 * Math.exp(-1.959963984540054 * se), 8);
    expect(fit.table[1]!.upper).toBeCloseTo(5 * Math.exp(1.959963984540054 * se), 8);
    expect(fit.warnings).toEqual([]);
  });

  it('reports deviance, AIC and log-likelihood of the saturated fit', () => {
    // −loglik = Σ counts × −log(cell probability)
    const logLik =
      30 * Math.log(0.75) + 10 * Math.log(0.25) + 15 * Math.log(15 / 40) + 25 * Math.log(25 / 40);
    expect(fit.logLikelihood).toBeCloseTo(logLik, 8);
    expect(fit.deviance).toBeCloseTo(-2 * logLik, 8);
    expect(fit.aic).toBeCloseTo(-2 * logLik + 4, 8);
    expect(fit.nullDeviance).toBeCloseTo(-2 * (35 * Math.log(35 / 80) + 45 * Math.log(45 / 80)), 8);
  });

  it('predicts the cell proportions', () => {
    const p = predictLogistic(fit, designOf([[0], [1]], ['x']));
    expect(p[0]).toBeCloseTo(0.25, 10);
    expect(p[1]).toBeCloseTo(25 / 40, 10);
  });

  it('leaves out a column that repeats another, as R reports NA', () => {
    const rows = [
      [0, 0],
      [1, 1],
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ];
    const aliased = fitLogistic(designOf(rows, ['a', 'b']), Float64Array.from([0, 1, 1, 0, 1, 0]));
    expect(aliased.table.map((t) => t.aliased)).toEqual([false, false, true]);
    expect(aliased.table[2]!.estimate).toBeNull();
    expect(aliased.rank).toBe(2);
    expect(aliased.warnings.map((w) => w.code)).toContain('aliased');
  });

  it('says so when the outcome is perfectly separated, and returns finite numbers', () => {
    const rows = [[1], [2], [3], [4], [5], [6]];
    const separated = fitLogistic(designOf(rows, ['x']), Float64Array.from([0, 0, 0, 1, 1, 1]));
    const codes = separated.warnings.map((w) => w.code);
    expect(codes).toContain('fitted-0-or-1');
    expect(codes).toContain('separation');
    for (const t of separated.table) expect(Number.isFinite(t.estimate!)).toBe(true);
    expect(separated.fitted.every((p) => Number.isFinite(p))).toBe(true);
  });

  it('rejects outcomes that are not 0/1 or have one class', () => {
    expect(() => fitLogistic(designOf([[1], [2]], ['x']), Float64Array.from([0, 2]))).toThrow(RangeError);
    expect(() => fitLogistic(designOf([[1], [2]], ['x']), Float64Array.from([1, 1]))).toThrow(RangeError);
  });
});

describe('fitLogistic, penalised', () => {
  // 40 rows, two features; y depends on both.
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 40; i++) {
    const a = Math.sin(i * 1.3);
    const b = Math.cos(i * 0.7);
    rows.push([a, b]);
    y.push(a + 0.5 * b + 0.6 * Math.sin(i * 5.1) > 0 ? 1 : 0);
  }
  const design = designOf(rows, ['a', 'b']);
  const outcome = Float64Array.from(y);

  /** ∂(−loglik)/∂β_j = Σ (p_i − y_i) x_ij */
  function gradient(fit: ReturnType<typeof fitLogistic>): number[] {
    const g = [0, 0, 0];
    rows.forEach((row, i) => {
      const r = fit.fitted[i]! - y[i]!;
      g[0]! += r;
      g[1]! += r * row[0]!;
      g[2]! += r * row[1]!;
    });
    return g;
  }

  it('L2: the gradient of the loss equals −l2 β for the slopes and 0 for the intercept', () => {
    const fit = fitLogistic(design, outcome, { l2: 2 });
    const g = gradient(fit);
    expect(Math.abs(g[0]!)).toBeLessThan(1e-7);
    expect(g[1]! + 2 * fit.coefficients[1]!).toBeCloseTo(0, 7);
    expect(g[2]! + 2 * fit.coefficients[2]!).toBeCloseTo(0, 7);
    expect(fit.table[1]!.se).toBeNull();
    expect(fit.aic).toBeNull();
    expect(fit.notes[0]).toMatch(/not reported/);
  });

  it('L1: the optimality conditions hold (|gradient| ≤ l1, = l1 where a slope is non-zero)', () => {
    const l1 = 2;
    const fit = fitLogistic(design, outcome, { l1 });
    const g = gradient(fit);
    expect(Math.abs(g[0]!)).toBeLessThan(1e-8);
    for (const j of [1, 2]) {
      const b = fit.coefficients[j]!;
      if (b === 0) expect(Math.abs(g[j]!)).toBeLessThanOrEqual(l1 + 1e-8);
      else expect(g[j]! + l1 * Math.sign(b)).toBeCloseTo(0, 7);
    }
  });

  it('L1 strong enough sets every slope to exactly 0 and the intercept to the log odds', () => {
    const fit = fitLogistic(design, outcome, { l1: 1000 });
    expect(fit.coefficients[1]).toBe(0);
    expect(fit.coefficients[2]).toBe(0);
    const ones = y.reduce((s, v) => s + v, 0);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(ones / (40 - ones)), 8);
  });

  it('stays finite on separated data (the penalty keeps the estimates bounded)', () => {
    const fit = fitLogistic(
      designOf([[1], [2], [3], [4], [5], [6]], ['x']),
      Float64Array.from([0, 0, 0, 1, 1, 1]),
      {
        l2: 0.1,
      },
    );
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.coefficients[1]!)).toBe(true);
  });
});
