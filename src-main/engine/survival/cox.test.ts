import { describe, expect, it } from 'vitest';
import { coxPh } from './cox';
import { buildDesign } from './design';

describe('coxPh on hand-checkable data', () => {
  // Three deaths at t = 1, 2, 3 with x = 1, 0, 1 and no ties: ℓ(β) = β − log(2e^β + 1) − log(e^β + 1).
  // ℓ'(β) = 0 ⇔ 2e^{2β} = 1, so β̂ = −ln 2 / 2; information I = 2r/(2r+1)² + r/(1+r)² with r = e^β̂.
  const r = Math.SQRT1_2;
  const information = (2 * r) / (2 * r + 1) ** 2 + r / (1 + r) ** 2;

  it('finds the closed-form estimate, its standard error and log-likelihood', () => {
    const fit = coxPh([1, 2, 3], [1, 1, 1], [[1, 0, 1]], ['x']);
    const [x] = fit.coefficients;
    expect(x!.coef).toBeCloseTo(-Math.LN2 / 2, 10);
    expect(x!.se).toBeCloseTo(1 / Math.sqrt(information), 10);
    expect(x!.hazardRatio).toBeCloseTo(r, 10);
    expect(fit.logLik).toBeCloseTo(-Math.LN2 / 2 - Math.log(2 * r + 1) - Math.log(r + 1), 12);
    expect(fit.nullLogLik).toBeCloseTo(-Math.log(6), 12);
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
  });

  it('counts concordant, discordant and tied pairs as R does', () => {
    // Linear predictors β, 0, β with β < 0: (death 1, 2) discordant, (1, 3) tied on x, (2, 3) concordant.
    const fit = coxPh([1, 2, 3], [1, 1, 1], [[1, 0, 1]], ['x']);
    expect(fit.concordanceCounts).toEqual({ concordant: 1, discordant: 1, tiedX: 1, tiedY: 0, tiedXY: 0 });
    expect(fit.concordance).toBe(0.5);
  });

  it('compares a censoring tied with an event as the longer time, and leaves tied events out', () => {
    // t = 1 (event, x 2), 1 (event, x 1), 1 (censored, x 0), 2 (event, x 0).
    const fit = coxPh([1, 1, 1, 2], [1, 1, 0, 1], [[2, 1, 0, 0]], ['x'], { maxIterations: 0 });
    // β = 0 with maxIterations 0, so every predictor ties: 4 comparable pairs, 1 pair tied on time.
    expect(fit.concordanceCounts).toEqual({ concordant: 0, discordant: 0, tiedX: 4, tiedY: 0, tiedXY: 1 });
  });

  it('handles tied deaths by Efron or Breslow (null log-likelihood by hand)', () => {
    // Deaths at 1, 1, 2, censoring at 3. At β = 0, Breslow: −2 log 4 − log 2; Efron: −log 4 − log 3 − log 2.
    const args = [[1, 1, 2, 3], [1, 1, 1, 0], [[0.5, 1.5, 2, 4]], ['x']] as const;
    const breslow = coxPh(args[0], args[1], args[2], args[3], { ties: 'breslow', maxIterations: 0 });
    const efron = coxPh(args[0], args[1], args[2], args[3], { ties: 'efron', maxIterations: 0 });
    expect(breslow.nullLogLik).toBeCloseTo(-2 * Math.log(4) - Math.log(2), 12);
    expect(efron.nullLogLik).toBeCloseTo(-Math.log(4) - Math.log(3) - Math.log(2), 12);
    expect(efron.iterations).toBe(0);
  });

  it('reads row-major matrices and column arrays alike', () => {
    const time = [5, 3, 9, 2, 7, 4, 8, 6];
    const event = [1, 1, 0, 1, 1, 0, 1, 1];
    const a = [1.2, 0.4, 2.2, 0.1, 1.9, 0.7, 1.1, 0.3];
    const b = [0, 1, 1, 0, 1, 0, 0, 1];
    const rowMajor = Float64Array.from(a.flatMap((v, i) => [v, b[i]!]));
    const byRows = coxPh(time, event, rowMajor, ['a', 'b']);
    const byColumns = coxPh(time, event, [a, b], ['a', 'b']);
    expect(byRows.coefficients).toEqual(byColumns.coefficients);
    expect(byRows.logLik).toBe(byColumns.logLik);
  });
});

describe('coxPh warnings', () => {
  it('names a category level without events, and its diverging coefficient', () => {
    const group = ['a', 'b', 'a', 'b', 'a', 'c', 'c', 'a', 'c', 'b'];
    const time = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const event = [1, 0, 1, 0, 0, 1, 0, 1, 1, 0]; // no event in level b
    const design = buildDesign([{ name: 'group', kind: 'categorical', values: group }]);
    const fit = coxPh(time, event, design.matrix, design.terms, { categories: design.categories });
    expect(fit.warnings.map((w) => [w.code, w.term])).toEqual([
      ['infiniteCoefficient', 'groupb'],
      ['levelWithoutEvents', 'groupb'],
    ]);
    // R 4.2.2, survival 3.5.3: coxph(Surv(t, e) ~ g) gives gb −21.74604869037766 after 20 iterations, gc
    // −1.36698587757667, loglik −7.78322401633604, −5.04882331151396, and the same warning.
    expect(fit.coefficients[0]!.coef).toBeCloseTo(-21.74604869037766, 8);
    expect(fit.coefficients[1]!.coef).toBeCloseTo(-1.36698587757667, 10);
    expect(fit.iterations).toBe(20);
    expect(fit.logLik).toBeCloseTo(-5.04882331151396, 12);
  });

  it('warns when the reference level has no events', () => {
    const design = buildDesign([
      { name: 'plan', kind: 'categorical', values: ['basic', 'pro', 'pro', 'basic', 'pro'] },
    ]);
    const fit = coxPh([1, 2, 3, 4, 5], [0, 1, 1, 0, 0], design.matrix, design.terms, {
      categories: design.categories,
    });
    expect(
      fit.warnings.some(
        (w) => w.code === 'levelWithoutEvents' && /reference level plan = basic/.test(w.message),
      ),
    ).toBe(true);
  });

  it('gives a collinear column no coefficient', () => {
    const x = [1.2, 0.4, 2.2, 0.1, 1.9, 0.7, 1.1, 0.3];
    const fit = coxPh(
      [5, 3, 9, 2, 7, 4, 8, 6],
      [1, 1, 0, 1, 1, 0, 1, 1],
      [x, x.map((v) => 2 * v)],
      ['x', 'twice'],
    );
    expect(fit.coefficients[1]).toMatchObject({ term: 'twice', coef: null, se: null });
    // R: coef(x) −1.61512572877059, se 0.887879930304679, twice NA.
    expect(fit.coefficients[0]!.coef).toBeCloseTo(-1.61512572877059, 12);
    expect(fit.coefficients[0]!.se).toBeCloseTo(0.887879930304679, 12);
    expect(fit.warnings.map((w) => w.code)).toEqual(['collinear']);
    expect(fit.likelihoodRatio.df).toBe(1);
  });

  // R stays silent when iter.max ≤ 1; here the user is told the numbers are not a finished fit.
  it('says when the iterations ran out', () => {
    const time = [5, 3, 9, 2, 7, 4, 8, 6];
    const fit = coxPh(time, [1, 1, 0, 1, 1, 0, 1, 1], [[1.2, 0.4, 2.2, 0.1, 1.9, 0.7, 1.1, 0.3]], ['x'], {
      maxIterations: 1,
    });
    expect(fit.converged).toBe(false);
    expect(fit.warnings[0]!.code).toBe('notConverged');
  });

  it('refuses data without events or with mismatched lengths', () => {
    expect(() => coxPh([1, 2], [0, 0], [[1, 2]], ['x'])).toThrow(/no events/);
    expect(() => coxPh([1, 2], [1], [[1, 2]], ['x'])).toThrow(/length/);
    expect(() => coxPh([1, 2], [1, 1], [[1, Number.NaN]], ['x'])).toThrow(/not a finite number/);
  });
});
