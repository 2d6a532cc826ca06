/**
 * Per-customer explanations of a linear model (logistic regression on a design matrix): each feature's
 * contribution to the log-odds relative to the average training customer,
 *     c_if = Σ_{j ∈ terms of f} β_j (x_ij − m_j),
 * where m_j is the training mean of design column j. The contributions of a row sum to η_i − η̄, the
 * row's log-odds minus the log-odds at the mean design row, so "Contract = Month-to-month +0.80" reads
 * as "this contract raises the log-odds by 0.8 over an average customer's". For a categorical feature
 * the terms are its dummies, so its contribution compares the customer's level with the average mix.
 */

export interface LinearExplainer {
  /** Slopes of the design's terms (no intercept), aliased ones as 0. */
  slopes: ArrayLike<number>;
  /** Training mean of each design column. */
  termMeans: ArrayLike<number>;
  /** Feature index of each design column. */
  featureOfTerm: ArrayLike<number>;
  features: number;
}

/** Means of the columns of a row-major rows × terms matrix. */
export function columnMeans(matrix: Float64Array, rows: number, terms: number): Float64Array {
  const means = new Float64Array(terms);
  if (rows === 0) return means;
  for (let i = 0; i < rows; i++) for (let j = 0; j < terms; j++) means[j]! += matrix[i * terms + j]!;
  for (let j = 0; j < terms; j++) means[j]! /= rows;
  return means;
}

/** Row-major rows × features contributions to the log-odds. */
export function linearContributions(
  explainer: LinearExplainer,
  matrix: Float64Array,
  rows: number,
): Float64Array {
  const p = explainer.slopes.length;
  if (explainer.termMeans.length !== p || explainer.featureOfTerm.length !== p)
    throw new RangeError('slopes, means and feature indices differ in length');
  if (matrix.length !== rows * p) throw new RangeError(`matrix is not ${rows} × ${p}`);
  const k = explainer.features;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < p; j++) {
      const beta = explainer.slopes[j]!;
      if (beta === 0) continue;
      out[i * k + explainer.featureOfTerm[j]!]! += beta * (matrix[i * p + j]! - explainer.termMeans[j]!);
    }
  return out;
}

/** Indices of the `top` largest positive values of row i (those that raise the risk), largest first. */
export function topPositive(contributions: Float64Array, features: number, i: number, top: number): number[] {
  const picked: number[] = [];
  for (let f = 0; f < features; f++) if (contributions[i * features + f]! > 0) picked.push(f);
  picked.sort((a, b) => contributions[i * features + b]! - contributions[i * features + a]! || a - b);
  return picked.slice(0, top);
}
