import type { CustomerColumn } from '@shared/contract/customers';
import type { CoxModel } from '@shared/contract/survival';

/** A column the Cox model can take: an attribute that is a number, yes/no or a category (not a date). */
export function coxCandidates(columns: readonly CustomerColumn[]): CustomerColumn[] {
  return columns.filter(
    (column) => (column.role === 'attribute' || column.role === 'derived') && column.type !== 'date',
  );
}

/** Numbers and yes/no enter as one term; categories as one term per level against a reference. */
export function isCategorical(column: CustomerColumn): boolean {
  return column.type === 'category' || column.type === 'text';
}

export interface ForestRow {
  /** "Contract: One year", "MonthlyCharges". */
  label: string;
  covariate: string;
  /** The level within a categorical covariate ("One year"), null for numbers. */
  level: string | null;
  reference: boolean;
  coefficient: CoxModel['coefficients'][number] | null;
}

/**
 * The model's terms in words and in the order chosen, each categorical covariate headed by its reference
 * level (hazard ratio 1 by definition). Terms are R's names: the covariate's name, then the level
 * ("ContractOne year"); the longest covariate name that starts a term owns it.
 */
export function forestRows(model: CoxModel, covariateNames: readonly string[]): ForestRow[] {
  const byLength = [...covariateNames].sort((a, b) => b.length - a.length);
  const owned = new Map<string, ForestRow[]>();
  const unowned: ForestRow[] = [];
  for (const coefficient of model.coefficients) {
    const covariate = byLength.find((name) => coefficient.term.startsWith(name));
    if (covariate === undefined) {
      unowned.push({
        label: coefficient.term,
        covariate: coefficient.term,
        level: null,
        reference: false,
        coefficient,
      });
      continue;
    }
    const level = coefficient.term === covariate ? null : coefficient.term.slice(covariate.length);
    const rows = owned.get(covariate) ?? [];
    rows.push({
      label: level === null ? covariate : `${covariate}: ${level}`,
      covariate,
      level,
      reference: false,
      coefficient,
    });
    owned.set(covariate, rows);
  }
  const rows: ForestRow[] = [];
  for (const name of covariateNames) {
    const reference = model.references[name];
    if (reference !== undefined) {
      rows.push({
        label: `${name}: ${reference}`,
        covariate: name,
        level: reference,
        reference: true,
        coefficient: null,
      });
    }
    rows.push(...(owned.get(name) ?? []));
  }
  return [...rows, ...unowned];
}

/** A log axis's ends: the powers of ten around every interval (and 1). */
export function logAxisRange(rows: readonly ForestRow[]): { min: number; max: number } {
  const values = [1];
  for (const row of rows) {
    const c = row.coefficient;
    if (!c) continue;
    for (const value of [c.lower, c.upper, c.hazardRatio]) {
      if (value !== null && Number.isFinite(value) && value > 0) values.push(value);
    }
  }
  const low = Math.min(...values);
  const high = Math.max(...values);
  return { min: 10 ** Math.floor(Math.log10(low) + 1e-9), max: 10 ** Math.ceil(Math.log10(high) - 1e-9) };
}
