import { describe, expect, it } from 'vitest';
import type { CoxModel } from '@shared/contract/survival';
import { forestRows, logAxisRange } from './cox-model';

function coefficient(term: string, hazardRatio: number, lower: number, upper: number) {
  return { term, coef: Math.log(hazardRatio), se: 0.1, hazardRatio, lower, upper, z: 1, p: 0.5 };
}

/** The shape of R's coxph(Surv(tenure, churn) ~ Contract + MonthlyCharges) on the telco data. */
const model = {
  coefficients: [
    coefficient('ContractOne year', 0.1119, 0.095, 0.1319),
    coefficient('ContractTwo year', 0.01467, 0.01079, 0.01995),
    coefficient('MonthlyCharges', 1.0002, 0.9984, 1.002),
  ],
  references: { Contract: 'Month-to-month' },
} as unknown as CoxModel;

describe('forestRows', () => {
  it('names the terms, in the chosen order, each category headed by its reference', () => {
    const rows = forestRows(model, ['Contract', 'MonthlyCharges']);
    expect(rows.map((row) => [row.label, row.reference, row.level])).toEqual([
      ['Contract: Month-to-month', true, 'Month-to-month'],
      ['Contract: One year', false, 'One year'],
      ['Contract: Two year', false, 'Two year'],
      ['MonthlyCharges', false, null],
    ]);
  });

  it('gives a term to the longest covariate name that starts it', () => {
    const nested = {
      coefficients: [coefficient('PlanBasic', 2, 1, 3), coefficient('PlanTypeBasic', 3, 2, 4)],
      references: { Plan: 'Pro', PlanType: 'Pro' },
    } as unknown as CoxModel;
    expect(forestRows(nested, ['Plan', 'PlanType']).map((row) => row.label)).toEqual([
      'Plan: Pro',
      'Plan: Basic',
      'PlanType: Pro',
      'PlanType: Basic',
    ]);
  });
});

describe('logAxisRange', () => {
  it('spans powers of ten around every interval and 1', () => {
    expect(logAxisRange(forestRows(model, ['Contract', 'MonthlyCharges']))).toEqual({ min: 0.01, max: 10 });
    expect(logAxisRange([])).toEqual({ min: 1, max: 1 });
  });
});
