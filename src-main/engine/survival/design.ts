/**
 * The numeric design matrix of a regression (Cox here) from the user's covariates, as R's
 * model.matrix with treatment contrasts: a numeric covariate is one column as it is; a categorical one
 * becomes one 0/1 column per level other than the reference, named as R names them — covariate name
 * then level, "ContractOne year". Rows with a missing value in any covariate are dropped (R's
 * na.omit) and counted.
 *
 * Reference level: by default the first level in code-point order, which is R's default in the C
 * locale (factor levels sorted, the first one the baseline), so the table reads like R's summary. The
 * caller may name a level, or ask for the most frequent one ('mostFrequent': the best-estimated
 * baseline, ties broken by the same order). Levels are those of the kept rows; the non-reference
 * ones follow in code-point order.
 */
import type { CoxCategory } from './cox';

export type ReferenceRule = 'first' | 'mostFrequent';

export type CovariateInput =
  | { name: string; kind: 'numeric'; values: ArrayLike<number | null | undefined> }
  | {
      name: string;
      kind: 'categorical';
      values: ArrayLike<string | null | undefined>;
      /** A level of this covariate, or a rule; default: the design's defaultReference. */
      reference?: ReferenceRule | { level: string };
    };

export interface DesignOptions {
  /** Rule for categorical covariates without their own reference: 'first' (R's default). */
  defaultReference?: ReferenceRule;
}

export interface DesignCategory extends CoxCategory {
  levels: Array<{ level: string; column: number; rows: number }>;
  referenceRows: number;
}

export interface Design {
  /** Row-major rows.length × terms.length. */
  matrix: Float64Array;
  terms: string[];
  /** Indices of the input rows kept, ascending. */
  rows: Int32Array;
  /** Input rows dropped because a covariate was missing. */
  droppedRows: number;
  /** Missing values per covariate (a row missing two covariates counts in both). */
  missing: Array<{ covariate: string; rows: number }>;
  categories: DesignCategory[];
}

/** null, undefined, NaN (numbers) and the empty string (categories) are missing. */
function isMissing(value: unknown): boolean {
  return value == null || value === '' || (typeof value === 'number' && Number.isNaN(value));
}

const codePointOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildDesign(covariates: readonly CovariateInput[], options: DesignOptions = {}): Design {
  if (covariates.length === 0) throw new RangeError('buildDesign needs at least one covariate');
  const n = covariates[0]!.values.length;
  for (const covariate of covariates)
    if (covariate.values.length !== n) throw new RangeError(`${covariate.name}: values differ in length`);

  const keep = new Uint8Array(n).fill(1);
  const missing = covariates.map((covariate) => {
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = covariate.values[i];
      if (isMissing(v) || (covariate.kind === 'numeric' && !Number.isFinite(v as number))) {
        keep[i] = 0;
        count++;
      }
    }
    return { covariate: covariate.name, rows: count };
  });
  const rowList: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) rowList.push(i);
  const rows = Int32Array.from(rowList);

  // Lay out the columns first: numeric → 1, categorical → levels − 1.
  interface Plan {
    covariate: CovariateInput;
    firstColumn: number;
    levelIndex?: Map<string, number>; // level → column offset, reference absent
  }
  const terms: string[] = [];
  const plans: Plan[] = [];
  const categories: DesignCategory[] = [];
  for (const covariate of covariates) {
    const plan: Plan = { covariate, firstColumn: terms.length };
    if (covariate.kind === 'numeric') terms.push(covariate.name);
    else {
      const counts = new Map<string, number>();
      for (const i of rows) {
        const level = covariate.values[i] as string;
        counts.set(level, (counts.get(level) ?? 0) + 1);
      }
      const levels = [...counts.keys()].sort(codePointOrder);
      const reference = chooseReference(
        covariate.name,
        levels,
        counts,
        covariate.reference ?? options.defaultReference ?? 'first',
      );
      const category: DesignCategory = {
        covariate: covariate.name,
        reference,
        referenceRows: counts.get(reference) ?? 0,
        levels: [],
      };
      plan.levelIndex = new Map();
      for (const level of levels) {
        if (level === reference) continue;
        plan.levelIndex.set(level, category.levels.length);
        category.levels.push({ level, column: terms.length, rows: counts.get(level)! });
        terms.push(`${covariate.name}${level}`);
      }
      categories.push(category);
    }
    plans.push(plan);
  }

  const p = terms.length;
  const matrix = new Float64Array(rows.length * p);
  rows.forEach((i, r) => {
    for (const { covariate, firstColumn, levelIndex } of plans) {
      if (covariate.kind === 'numeric') matrix[r * p + firstColumn] = covariate.values[i] as number;
      else {
        const offset = levelIndex!.get(covariate.values[i] as string);
        if (offset !== undefined) matrix[r * p + firstColumn + offset] = 1;
      }
    }
  });

  return { matrix, terms, rows, droppedRows: n - rows.length, missing, categories };
}

function chooseReference(
  name: string,
  levels: string[],
  counts: Map<string, number>,
  rule: ReferenceRule | { level: string },
): string {
  if (levels.length === 0) throw new RangeError(`${name} has no values outside the dropped rows`);
  if (rule === 'first') return levels[0]!;
  if (rule === 'mostFrequent') {
    let best = levels[0]!;
    for (const level of levels) if (counts.get(level)! > counts.get(best)!) best = level;
    return best;
  }
  if (!counts.has(rule.level))
    throw new RangeError(`${name} has no level "${rule.level}" to use as the reference`);
  return rule.level;
}

/** The kept rows of a per-row array (time, event) in the design's order. */
export function pickRows(values: ArrayLike<number>, rows: Int32Array): Float64Array {
  const picked = new Float64Array(rows.length);
  rows.forEach((i, r) => (picked[r] = values[i] as number));
  return picked;
}
