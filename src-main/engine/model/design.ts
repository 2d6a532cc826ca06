/**
 * The design matrix of a predictive model from the user's feature columns, learnt on training rows and
 * applied unchanged to new rows (validation folds, customers to score).
 *
 * - Categorical → one 0/1 column per level other than the reference, named as R's model.matrix names
 *   them ("ContractOne year"). Reference: the first level in code-point order by default, which is R's
 *   factor default in the C locale and the level scikit-learn's OneHotEncoder(drop='first') drops.
 * - Numeric → one column; with `standardize`, centred and divided by the training rows' mean and
 *   population SD (divide by n, as scikit-learn's StandardScaler), so a penalty treats features alike.
 *   A constant column (SD 0) is only centred.
 * - Missing values (null, undefined, NaN, '', and the string 'NA' in categoricals is NOT special: the
 *   caller decides what is missing): a numeric column with missing training values gets an indicator
 *   column "<name> (missing)" and its missing values are imputed with the training mean; a categorical
 *   column's missing values become the level "(missing)", never the reference.
 * - New rows: a level not seen in training counts as the reference (all zeros) and a missing numeric
 *   without an indicator is imputed; both are counted in `unseen` so the caller can say so.
 *
 * `fitDesign` learns the recipe (levels, means, SDs); `applyDesign` builds the matrix, row-major
 * rows × terms, without an intercept column (the model adds one).
 */

export const MISSING_LEVEL = '(missing)';

export type FeatureColumn =
  | { name: string; kind: 'numeric'; values: ArrayLike<number | null | undefined> }
  | {
      name: string;
      kind: 'categorical';
      values: ArrayLike<string | null | undefined>;
      /** A level to use as the reference instead of the first in sorted order. */
      reference?: string;
    };

export interface DesignOptions {
  /** Centre and scale numeric columns by the training rows' mean and population SD. Default false. */
  standardize?: boolean;
}

export interface NumericRecipe {
  kind: 'numeric';
  name: string;
  /** Mean of the observed training values: the centre when standardising and the imputed value. */
  mean: number;
  /** Population SD of the observed training values; 1 when not standardising or constant. */
  scale: number;
  standardized: boolean;
  column: number;
  /** Column of the missing indicator, when training rows had missing values. */
  missingColumn: number | null;
  missingRows: number;
}

export interface CategoricalRecipe {
  kind: 'categorical';
  name: string;
  reference: string;
  referenceRows: number;
  /** Non-reference levels in column order; "(missing)" last when present. */
  levels: Array<{ level: string; column: number; rows: number }>;
  missingRows: number;
}

export type ColumnRecipe = NumericRecipe | CategoricalRecipe;

export interface DesignRecipe {
  terms: string[];
  columns: ColumnRecipe[];
  trainingRows: number;
  standardize: boolean;
}

export interface DesignMatrix {
  /** Row-major rows × terms. */
  matrix: Float64Array;
  rows: number;
  terms: string[];
  /** Per column, values the recipe had no place for (unseen levels, missing without an indicator). */
  unseen: Array<{ column: string; unseenLevels: number; imputedWithoutIndicator: number }>;
}

/** null, undefined, NaN and ±Infinity are missing numbers. */
function missingNumber(value: number | null | undefined): boolean {
  return value == null || !Number.isFinite(value);
}

/** null, undefined and the empty string are missing categories. */
function missingCategory(value: string | null | undefined): boolean {
  return value == null || value === '';
}

const codePointOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/**
 * Learn the recipe from the training rows (`rows`: indices into the columns; default all rows).
 */
export function fitDesign(
  columns: readonly FeatureColumn[],
  options: DesignOptions = {},
  rows?: Int32Array,
): DesignRecipe {
  if (columns.length === 0) throw new RangeError('a design needs at least one column');
  const n = columns[0]!.values.length;
  for (const column of columns)
    if (column.values.length !== n) throw new RangeError(`${column.name}: values differ in length`);
  const training = rows ?? allRows(n);
  if (training.length === 0) throw new RangeError('a design needs at least one training row');
  const standardize = options.standardize ?? false;

  const terms: string[] = [];
  const recipes: ColumnRecipe[] = columns.map((column) => {
    if (column.kind === 'numeric') {
      // Two passes (mean, then squared deviations) for an SD accurate on large values.
      let count = 0;
      let sum = 0;
      for (const i of training) {
        const v = column.values[i];
        if (!missingNumber(v)) {
          count++;
          sum += v as number;
        }
      }
      const missingRows = training.length - count;
      if (count === 0) throw new RangeError(`${column.name} has no values in the training rows`);
      const mean = sum / count;
      let squares = 0;
      for (const i of training) {
        const v = column.values[i];
        if (!missingNumber(v)) squares += ((v as number) - mean) ** 2;
      }
      const sd = Math.sqrt(squares / count);
      const recipe: NumericRecipe = {
        kind: 'numeric',
        name: column.name,
        mean,
        scale: standardize && sd > 0 ? sd : 1,
        standardized: standardize,
        column: terms.length,
        missingColumn: null,
        missingRows,
      };
      terms.push(column.name);
      if (missingRows > 0) {
        recipe.missingColumn = terms.length;
        terms.push(`${column.name} ${MISSING_LEVEL}`);
      }
      return recipe;
    }

    const counts = new Map<string, number>();
    let missingRows = 0;
    for (const i of training) {
      const v = column.values[i];
      if (missingCategory(v)) missingRows++;
      else counts.set(v as string, (counts.get(v as string) ?? 0) + 1);
    }
    const levels = [...counts.keys()].sort(codePointOrder);
    if (levels.length === 0) throw new RangeError(`${column.name} has no values in the training rows`);
    let reference = levels[0]!;
    if (column.reference !== undefined) {
      if (!counts.has(column.reference))
        throw new RangeError(`${column.name} has no level "${column.reference}" to use as the reference`);
      reference = column.reference;
    }
    const recipe: CategoricalRecipe = {
      kind: 'categorical',
      name: column.name,
      reference,
      referenceRows: counts.get(reference)!,
      levels: [],
      missingRows,
    };
    const ordered = levels.filter((level) => level !== reference);
    if (missingRows > 0) ordered.push(MISSING_LEVEL);
    for (const level of ordered) {
      recipe.levels.push({
        level,
        column: terms.length,
        rows: level === MISSING_LEVEL ? missingRows : counts.get(level)!,
      });
      terms.push(`${column.name}${level}`);
    }
    return recipe;
  });

  return { terms, columns: recipes, trainingRows: training.length, standardize };
}

/**
 * Build the matrix for `rows` (default all) of columns laid out as at fit time (same names, same
 * order), using only the recipe's training statistics.
 */
export function applyDesign(
  recipe: DesignRecipe,
  columns: readonly FeatureColumn[],
  rows?: Int32Array,
): DesignMatrix {
  if (columns.length !== recipe.columns.length)
    throw new RangeError(`expected ${recipe.columns.length} columns, got ${columns.length}`);
  const n = columns[0]!.values.length;
  const picked = rows ?? allRows(n);
  const p = recipe.terms.length;
  const matrix = new Float64Array(picked.length * p);
  const unseen: DesignMatrix['unseen'] = [];

  recipe.columns.forEach((columnRecipe, c) => {
    const column = columns[c]!;
    if (column.name !== columnRecipe.name || column.kind !== columnRecipe.kind)
      throw new RangeError(`column ${c} is ${column.name} (${column.kind}), expected ${columnRecipe.name}`);
    let unseenLevels = 0;
    let imputedWithoutIndicator = 0;
    if (columnRecipe.kind === 'numeric') {
      const values = column.values as ArrayLike<number | null | undefined>;
      const { mean, scale, standardized, column: j, missingColumn } = columnRecipe;
      const centre = standardized ? mean : 0;
      for (let r = 0; r < picked.length; r++) {
        const v = values[picked[r]!];
        if (missingNumber(v)) {
          matrix[r * p + j] = (mean - centre) / scale;
          if (missingColumn !== null) matrix[r * p + missingColumn] = 1;
          else imputedWithoutIndicator++;
        } else matrix[r * p + j] = ((v as number) - centre) / scale;
      }
    } else {
      const values = column.values as ArrayLike<string | null | undefined>;
      const index = new Map<string, number>();
      for (const { level, column: j } of columnRecipe.levels) index.set(level, j);
      for (let r = 0; r < picked.length; r++) {
        const v = values[picked[r]!];
        const level = missingCategory(v) ? MISSING_LEVEL : (v as string);
        if (level === columnRecipe.reference) continue;
        const j = index.get(level);
        if (j !== undefined) matrix[r * p + j] = 1;
        else if (level === MISSING_LEVEL) imputedWithoutIndicator++;
        else unseenLevels++;
      }
    }
    if (unseenLevels > 0 || imputedWithoutIndicator > 0)
      unseen.push({ column: columnRecipe.name, unseenLevels, imputedWithoutIndicator });
  });

  return { matrix, rows: picked.length, terms: recipe.terms, unseen };
}

const formatNumber = (x: number): string => Number(x.toPrecision(4)).toString();

/** Sentences a UI can print: what was done to each column. */
export function describeDesign(recipe: DesignRecipe): string[] {
  const lines = recipe.columns.map((column) => {
    if (column.kind === 'numeric') {
      let line = column.standardized
        ? `${column.name}: numeric, standardised with the training mean ${formatNumber(column.mean)} and SD ${formatNumber(column.scale)} (coefficient per SD)`
        : `${column.name}: numeric, as is (coefficient per unit)`;
      if (column.missingRows > 0)
        line += `; ${column.missingRows} missing in training: imputed with the mean ${formatNumber(column.mean)}, plus an indicator column "${recipe.terms[column.missingColumn!]}"`;
      return line;
    }
    const levels = column.levels.length + 1;
    let line = `${column.name}: categorical, ${levels} levels, reference "${column.reference}" (${column.referenceRows} rows); each other level compared with it`;
    if (column.missingRows > 0)
      line += `; ${column.missingRows} missing in training: kept as the level "${MISSING_LEVEL}"`;
    return line;
  });
  lines.push(
    `${recipe.terms.length} columns from ${recipe.columns.length} features, learnt on ${recipe.trainingRows} training rows; new rows use the same levels, means and SDs (an unseen level counts as the reference).`,
  );
  return lines;
}

/**
 * Each term in words, for people: a level as "Contract: One year" (R's name "ContractOne year" glues
 * them), a missing indicator as "TotalCharges (missing)", a number as its column name.
 */
export function termLabels(recipe: DesignRecipe): Map<string, string> {
  const labels = new Map<string, string>();
  for (const column of recipe.columns) {
    if (column.kind === 'numeric') {
      labels.set(recipe.terms[column.column]!, column.name);
      if (column.missingColumn !== null) {
        labels.set(recipe.terms[column.missingColumn]!, `${column.name} ${MISSING_LEVEL}`);
      }
    } else {
      for (const level of column.levels)
        labels.set(recipe.terms[level.column]!, `${column.name}: ${level.level}`);
    }
  }
  return labels;
}
