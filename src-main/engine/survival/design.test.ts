import { describe, expect, it } from 'vitest';
import { buildDesign, pickRows } from './design';

const contract = [
  'Two year',
  'Month-to-month',
  'One year',
  'Month-to-month',
  null,
  'Month-to-month',
  'One year',
];
const charges = [20, 70.5, 55, Number.NaN, 80, 99.9, 30];

describe('buildDesign', () => {
  it('makes treatment-contrast columns named as R names them, numeric columns as they are', () => {
    const design = buildDesign([
      { name: 'Contract', kind: 'categorical', values: contract },
      { name: 'MonthlyCharges', kind: 'numeric', values: charges },
    ]);
    expect(design.terms).toEqual(['ContractOne year', 'ContractTwo year', 'MonthlyCharges']);
    expect(Array.from(design.rows)).toEqual([0, 1, 2, 5, 6]);
    expect(Array.from(design.matrix)).toEqual([0, 1, 20, 0, 0, 70.5, 1, 0, 55, 0, 0, 99.9, 1, 0, 30]);
  });

  it('drops rows with a missing value and counts them per covariate', () => {
    const design = buildDesign([
      { name: 'Contract', kind: 'categorical', values: contract },
      { name: 'MonthlyCharges', kind: 'numeric', values: charges },
      { name: 'Region', kind: 'categorical', values: ['n', 's', '', 'n', 's', 'n', undefined] },
    ]);
    expect(design.droppedRows).toBe(4);
    expect(design.missing).toEqual([
      { covariate: 'Contract', rows: 1 },
      { covariate: 'MonthlyCharges', rows: 1 },
      { covariate: 'Region', rows: 2 },
    ]);
    expect(Array.from(design.rows)).toEqual([0, 1, 5]);
  });

  it('takes the first level in code-point order as reference by default (R), or the most frequent, or a named one', () => {
    const values = ['b', 'c', 'c', 'a', 'c', 'B'];
    const first = buildDesign([{ name: 'g', kind: 'categorical', values }]);
    expect(first.categories[0]).toMatchObject({ reference: 'B', referenceRows: 1 });
    expect(first.terms).toEqual(['ga', 'gb', 'gc']);

    const frequent = buildDesign([{ name: 'g', kind: 'categorical', values }], {
      defaultReference: 'mostFrequent',
    });
    expect(frequent.categories[0]).toMatchObject({ reference: 'c', referenceRows: 3 });
    expect(frequent.terms).toEqual(['gB', 'ga', 'gb']);

    const named = buildDesign([{ name: 'g', kind: 'categorical', values, reference: { level: 'a' } }]);
    expect(named.terms).toEqual(['gB', 'gb', 'gc']);
    expect(named.categories[0]!.levels).toEqual([
      { level: 'B', column: 0, rows: 1 },
      { level: 'b', column: 1, rows: 1 },
      { level: 'c', column: 2, rows: 3 },
    ]);
    expect(() =>
      buildDesign([{ name: 'g', kind: 'categorical', values, reference: { level: 'z' } }]),
    ).toThrow(/no level "z"/);
  });

  it('numbers the columns of each category after the columns before it', () => {
    const design = buildDesign([
      { name: 'age', kind: 'numeric', values: [30, 40, 50] },
      { name: 'plan', kind: 'categorical', values: ['pro', 'basic', 'team'] },
    ]);
    expect(design.categories[0]!.levels.map((l) => l.column)).toEqual([1, 2]);
    expect(Array.from(design.matrix)).toEqual([30, 1, 0, 40, 0, 0, 50, 0, 1]);
  });

  it('picks the kept rows of time and event', () => {
    expect(Array.from(pickRows([5, 6, 7, 8], Int32Array.from([0, 2, 3])))).toEqual([5, 7, 8]);
  });
});
