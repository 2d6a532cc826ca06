import { describe, expect, it } from 'vitest';
import { applyDesign, fitDesign, type FeatureColumn } from './design';
import { fitLogistic } from './logistic';
import { inOriginalUnits } from './original-units';

// The same model fitted on raw and on standardised tenure must give the same per-unit table.
const n = 50;
const tenure = Array.from({ length: n }, (_, i) => (i * 13) % 71);
const plan = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'annual' : 'monthly'));
const y = Float64Array.from({ length: n }, (_, i) =>
  (35 - tenure[i]!) / 12 + Math.sin(i * 2.3) > 0 ? 1 : 0,
);
const columns: FeatureColumn[] = [
  { name: 'tenure', kind: 'numeric', values: tenure },
  { name: 'plan', kind: 'categorical', values: plan },
];

describe('inOriginalUnits', () => {
  it('turns a standardised fit into the raw fit: estimates, SEs, z, p and intervals', () => {
    const raw = fitLogistic(applyDesign(fitDesign(columns), columns), y);
    const recipe = fitDesign(columns, { standardize: true });
    const standardised = fitLogistic(applyDesign(recipe, columns), y);
    const converted = inOriginalUnits(standardised, recipe);
    converted.forEach((t, j) => {
      const r = raw.table[j]!;
      expect(t.term).toBe(r.term);
      expect(t.estimate).toBeCloseTo(r.estimate!, 6);
      expect(t.se).toBeCloseTo(r.se!, 6);
      expect(t.z).toBeCloseTo(r.z!, 5);
      expect(t.lower).toBeCloseTo(r.lower!, 6);
    });
    // A slope's z does not depend on the units.
    expect(converted[1]!.z).toBeCloseTo(standardised.table[1]!.z!, 10);
  });

  it('gives estimates only for a penalised fit', () => {
    const recipe = fitDesign(columns, { standardize: true });
    const fit = fitLogistic(applyDesign(recipe, columns), y, { l2: 1 });
    const converted = inOriginalUnits(fit, recipe);
    const tenureColumn = recipe.columns[0]!;
    const scale = tenureColumn.kind === 'numeric' ? tenureColumn.scale : Number.NaN;
    expect(converted[1]!.estimate).toBeCloseTo(fit.coefficients[1]! / scale, 12);
    expect(converted[1]!.se).toBeNull();
  });
});
