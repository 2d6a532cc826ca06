import { describe, expect, it } from 'vitest';
import {
  applyDesign,
  describeDesign,
  fitDesign,
  MISSING_LEVEL,
  termLabels,
  type FeatureColumn,
} from './design';

const contract: FeatureColumn = {
  name: 'Contract',
  kind: 'categorical',
  values: ['Two year', 'Month-to-month', 'One year', 'Month-to-month', 'Two year'],
};
const tenure: FeatureColumn = { name: 'tenure', kind: 'numeric', values: [24, 1, 12, 3, 60] };

describe('fitDesign / applyDesign', () => {
  it('one-hot codes a categorical against the first level in code-point order, named as R names terms', () => {
    const recipe = fitDesign([contract, tenure]);
    expect(recipe.terms).toEqual(['ContractOne year', 'ContractTwo year', 'tenure']);
    const c = recipe.columns[0]!;
    expect(c.kind === 'categorical' && c.reference).toBe('Month-to-month');
    const { matrix } = applyDesign(recipe, [contract, tenure]);
    expect(Array.from(matrix)).toEqual([0, 1, 24, 0, 0, 1, 1, 0, 12, 0, 0, 3, 0, 1, 60]);
  });

  it('takes a named reference level', () => {
    const recipe = fitDesign([{ ...contract, reference: 'Two year' } as FeatureColumn]);
    expect(recipe.terms).toEqual(['ContractMonth-to-month', 'ContractOne year']);
    expect(() => fitDesign([{ ...contract, reference: 'Weekly' } as FeatureColumn])).toThrow(
      /no level "Weekly"/,
    );
  });

  it('standardises with the training rows only and applies those statistics to new rows', () => {
    const training = Int32Array.from([0, 1, 2]); // tenure 24, 1, 12: mean 37/3, population SD
    const recipe = fitDesign([tenure], { standardize: true }, training);
    const mean = 37 / 3;
    const sd = Math.sqrt(((24 - mean) ** 2 + (1 - mean) ** 2 + (12 - mean) ** 2) / 3);
    const numeric = recipe.columns[0]!;
    expect(numeric.kind === 'numeric' && numeric.mean).toBeCloseTo(mean, 12);
    expect(numeric.kind === 'numeric' && numeric.scale).toBeCloseTo(sd, 12);
    const fresh = applyDesign(recipe, [tenure], Int32Array.from([3, 4]));
    expect(fresh.matrix[0]).toBeCloseTo((3 - mean) / sd, 12);
    expect(fresh.matrix[1]).toBeCloseTo((60 - mean) / sd, 12);
  });

  it('only centres a constant column', () => {
    const constant: FeatureColumn = { name: 'k', kind: 'numeric', values: [5, 5, 5] };
    const recipe = fitDesign([constant], { standardize: true });
    expect(Array.from(applyDesign(recipe, [constant]).matrix)).toEqual([0, 0, 0]);
  });

  it('adds an indicator and imputes the training mean for missing numbers', () => {
    const charges: FeatureColumn = {
      name: 'TotalCharges',
      kind: 'numeric',
      values: [10, null, 30, Number.NaN],
    };
    const recipe = fitDesign([charges]);
    expect(recipe.terms).toEqual(['TotalCharges', `TotalCharges ${MISSING_LEVEL}`]);
    expect(Array.from(applyDesign(recipe, [charges]).matrix)).toEqual([10, 0, 20, 1, 30, 0, 20, 1]);
  });

  it('keeps missing categories as a "(missing)" level, last and never the reference', () => {
    const payment: FeatureColumn = { name: 'Pay', kind: 'categorical', values: ['card', '', 'check', null] };
    const recipe = fitDesign([payment]);
    expect(recipe.terms).toEqual(['Paycheck', `Pay${MISSING_LEVEL}`]);
    const c = recipe.columns[0]!;
    expect(c.kind === 'categorical' && c.reference).toBe('card');
    expect(Array.from(applyDesign(recipe, [payment]).matrix)).toEqual([0, 0, 0, 1, 1, 0, 0, 1]);
  });

  it('counts what new rows bring that training did not have', () => {
    const recipe = fitDesign([contract, tenure], {}, Int32Array.from([0, 1, 2]));
    const fresh: FeatureColumn[] = [
      { name: 'Contract', kind: 'categorical', values: ['Weekly', null] },
      { name: 'tenure', kind: 'numeric', values: [null, 5] },
    ];
    const { matrix, unseen } = applyDesign(recipe, fresh);
    expect(unseen).toEqual([
      { column: 'Contract', unseenLevels: 1, imputedWithoutIndicator: 1 },
      { column: 'tenure', unseenLevels: 0, imputedWithoutIndicator: 1 },
    ]);
    expect(Array.from(matrix)).toEqual([0, 0, 37 / 3, 0, 0, 5]);
  });

  it('describes what it did in words', () => {
    const charges: FeatureColumn = { name: 'TotalCharges', kind: 'numeric', values: [10, null, 30, 40, 50] };
    const lines = describeDesign(fitDesign([contract, charges], { standardize: true }));
    expect(lines[0]).toMatch(/Contract: categorical, 3 levels, reference "Month-to-month" \(2 rows\)/);
    expect(lines[1]).toMatch(
      /TotalCharges: numeric, standardised .* 1 missing in training: imputed with the mean 32\.5/,
    );
    expect(lines[2]).toMatch(/learnt on 5 training rows/);
  });

  it('names each term in words: "Contract: One year", not the glued "ContractOne year"', () => {
    const charges: FeatureColumn = { name: 'TotalCharges', kind: 'numeric', values: [10, null, 30, 40, 50] };
    const recipe = fitDesign([contract, charges, tenure]);
    expect([...termLabels(recipe)]).toEqual([
      ['ContractOne year', 'Contract: One year'],
      ['ContractTwo year', 'Contract: Two year'],
      ['TotalCharges', 'TotalCharges'],
      [`TotalCharges ${MISSING_LEVEL}`, `TotalCharges ${MISSING_LEVEL}`],
      ['tenure', 'tenure'],
    ]);
  });

  it('refuses columns of different lengths or a mismatched layout', () => {
    expect(() => fitDesign([contract, { name: 'x', kind: 'numeric', values: [1] }])).toThrow(RangeError);
    const recipe = fitDesign([contract]);
    expect(() => applyDesign(recipe, [tenure])).toThrow(/expected Contract/);
  });
});
