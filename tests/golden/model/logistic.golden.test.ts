/**
 * The logistic engine against R's glm (glm.R → glm.json) and scikit-learn (sklearn.py → sklearn.json).
 * Tolerances: glm coefficients and SEs 1e-5 relative (the bar); fold AUCs within 0.005 of
 * scikit-learn's (the bar; in practice they agree far closer, see the printed maxima).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDesign, fitDesign } from '../../../src-main/engine/model/design';
import { crossValidateLogistic } from '../../../src-main/engine/model/cross-validate';
import { fitLogistic } from '../../../src-main/engine/model/logistic';
import { attrition, telco, telcoAllRows, type GoldenData } from './golden-data';

interface GlmFit {
  dataset: string;
  n: number;
  terms: string[];
  coefficients: Array<number | null>;
  se: Array<number | null>;
  z: Array<number | null>;
  p: Array<number | null>;
  aliased: boolean[];
  deviance: number;
  nullDeviance: number;
  aic: number;
  logLik: number;
  iterations: number;
  rank: number;
}
interface SklearnSet {
  dataset: string;
  folds: Record<'none' | 'l2', Array<{ fold: number; n: number; auc: number }>>;
  full: Partial<
    Record<
      'l2' | 'l1',
      { C: number; terms: string[]; intercept: number; coefficients: number[]; objective: number }
    >
  >;
}
const glm = JSON.parse(readFileSync(resolve('tests/golden/model/glm.json'), 'utf8')) as { fits: GlmFit[] };
const sk = JSON.parse(readFileSync(resolve('tests/golden/model/sklearn.json'), 'utf8')) as {
  datasets: SklearnSet[];
};
const loaders: Record<string, () => GoldenData> = { telco, attrition, 'telco-imputed': telcoAllRows };

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe.each(['telco', 'attrition', 'telco-imputed'])('%s against R glm(family = binomial)', (name) => {
  const reference = glm.fits.find((f) => f.dataset === name)!;
  const data = loaders[name]!();
  const recipe = fitDesign(data.columns);
  const design = applyDesign(recipe, data.columns);
  const fit = fitLogistic(design, data.y);

  it("has R's terms, aliasing, deviance, AIC and iterations", () => {
    expect(fit.n).toBe(reference.n);
    expect(fit.terms).toEqual(reference.terms.map((t) => t.replace(/`/g, ''))); // R quotes non-syntactic names
    expect(fit.table.map((t) => t.aliased)).toEqual(reference.aliased);
    expect(fit.rank).toBe(reference.rank);
    expect(fit.iterations).toBe(reference.iterations);
    expect(relative(fit.deviance, reference.deviance)).toBeLessThan(1e-10);
    expect(relative(fit.aic!, reference.aic)).toBeLessThan(1e-10);
    expect(relative(fit.nullDeviance, reference.nullDeviance)).toBeLessThan(1e-10);
    expect(relative(fit.logLikelihood, reference.logLik)).toBeLessThan(1e-10);
  });

  it('matches coefficients, SEs, z and p to 1e-5 relative', () => {
    let worst = { coef: 0, se: 0, z: 0, p: 0 };
    reference.terms.forEach((_, j) => {
      const row = fit.table[j]!;
      if (reference.coefficients[j] === null) return;
      worst = {
        coef: Math.max(worst.coef, relative(row.estimate!, reference.coefficients[j]!)),
        se: Math.max(worst.se, relative(row.se!, reference.se[j]!)),
        z: Math.max(worst.z, relative(row.z!, reference.z[j]!)),
        p: Math.max(worst.p, relative(row.p!, reference.p[j]!)),
      };
    });
    console.log(`${name} vs glm, max relative differences`, worst);
    expect(worst.coef).toBeLessThan(1e-5);
    expect(worst.se).toBeLessThan(1e-5);
    expect(worst.z).toBeLessThan(1e-5);
    expect(worst.p).toBeLessThan(1e-5);
  });

  // Quasi-separated terms, which R fits silently: attrition's Department/JobRole; the missing-TotalCharges
  // indicator (all 11 customers stayed). Plain telco has none.
  const separatedTerms: Record<string, string[]> = {
    telco: [],
    attrition: ['DepartmentResearch_Development', 'DepartmentSales', 'JobRoleHuman_Resources'],
    'telco-imputed': ['TotalCharges (missing)'],
  };
  it('warns about exactly the quasi-separated terms', () => {
    const warning = fit.warnings.find((w) => w.code === 'separation');
    const expected = separatedTerms[name]!;
    if (expected.length === 0) expect(warning).toBeUndefined();
    else for (const term of expected) expect(warning?.message).toContain(term);
  });
});

describe.each(['telco', 'attrition'])('%s cross-validated AUC against scikit-learn', (name) => {
  const reference = sk.datasets.find((d) => d.dataset === name)!;
  const data = loaders[name]!();
  const c = 0.1;

  it.each([
    ['none', {}],
    ['l2', { l2: 1 / c }],
  ] as const)('%s: every fold within 0.005', (kind, penalty) => {
    const cv = crossValidateLogistic(data.columns, data.y, data.fold, { standardize: true }, penalty);
    let worst = 0;
    for (const { fold, auc } of reference.folds[kind])
      worst = Math.max(worst, Math.abs(cv.folds.find((r) => r.fold === fold)!.auc - auc));
    console.log(`${name} ${kind}: max |AUC − sklearn| over folds = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(0.005);
  });

  // Only the penalties sklearn.py fitted on all rows for this data set (L1 on attrition only).
  const fullKinds = (['l2', 'l1'] as const).filter((kind) => reference.full[kind]);
  it.each(fullKinds)('%s on all rows: objective and coefficients as scikit-learn', (kind) => {
    const ref = reference.full[kind]!;
    const recipe = fitDesign(data.columns, { standardize: true });
    const fit = fitLogistic(
      applyDesign(recipe, data.columns),
      data.y,
      kind === 'l2' ? { l2: 1 / ref.C } : { l1: 1 / ref.C },
    );
    // sklearn's names: "num__tenure", "cat__ContractOne year" → the engine's "tenure", "ContractOne year"
    const names = ref.terms.map((t) => {
      const bare = t.replace(/^num__|^cat__/, '');
      const category = data.columns.find(
        (col) => col.kind === 'categorical' && bare.startsWith(`${col.name}_`),
      );
      return category ? `${category.name}${bare.slice(category.name.length + 1)}` : bare;
    });
    let worst = Math.abs(fit.coefficients[0]! - ref.intercept);
    names.forEach((term, j) => {
      const at = fit.terms.indexOf(term);
      expect(at, term).toBeGreaterThan(0);
      worst = Math.max(worst, Math.abs(fit.coefficients[at]! - ref.coefficients[j]!));
    });
    console.log(
      `${name} ${kind} full fit: objective engine ${fit.objective} sklearn ${ref.objective}; max |coef diff| ${worst.toExponential(2)}`,
    );
    // The engine's Newton iterate is at least as good as the solver's stopping point.
    expect(fit.objective).toBeLessThanOrEqual(ref.objective + 1e-6 * Math.abs(ref.objective));
    // lbfgs stops earlier than Newton where the penalty is all that pins collinear dummies (telco's
    // "No internet service" columns): the engine's objective is lower there, the coefficients within 2e-3.
    expect(worst).toBeLessThan(2e-3);
  });
});
