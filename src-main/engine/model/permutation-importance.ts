/**
 * Permutation importance (Breiman 2001; as sklearn.inspection.permutation_importance): the drop in a
 * score when one feature's column is shuffled across the rows, breaking its link with the outcome
 * while keeping its distribution, averaged over nRepeats shuffles. Model-agnostic: the caller scores
 * a column-major binned matrix; gbtPermutationImportance wires it to the boosted trees (re-running
 * only the trees that split on the shuffled feature). Shuffles come from one seeded stream, so a seed
 * reproduces the result exactly.
 */
import type { BinnedMatrix } from './binning';
import { meanLogLoss, predictGbtRawBinned, type GbtModel } from './gbt';
import { mulberry32, shuffleInPlace } from './gbt-random';
import { addTreeOutput, type Tree } from './tree';
import { rocAuc } from './metrics';

export type ImportanceMetric = 'auc' | 'logLoss';

export interface PermutationOptions {
  nRepeats?: number; // 5
  seed?: number; // 0
  /** 'auc' (default): drop in ROC AUC; 'logLoss': rise in mean log-loss. Either way larger = more important. */
  metric?: ImportanceMetric;
}

export interface FeatureImportance {
  feature: number;
  /** Mean over repeats of (baseline score − permuted score), oriented so larger = more important. */
  mean: number;
  /** Population SD over repeats (sklearn's importances_std). */
  sd: number;
  repeats: number[];
}

export interface PermutationImportance {
  baseline: number;
  metric: ImportanceMetric;
  features: FeatureImportance[];
}

/**
 * `score(matrix, permuted)` returns the metric for a matrix whose column `permuted` (null: none) is
 * shuffled, higher = better. The matrix passed is a working copy: one column at a time is shuffled,
 * then restored; features are visited in order 0..p−1.
 */
export function permutationImportance(
  binned: BinnedMatrix,
  score: (matrix: BinnedMatrix, permuted: number | null) => number,
  options: PermutationOptions = {},
): { baseline: number; features: FeatureImportance[] } {
  const nRepeats = options.nRepeats ?? 5;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new RangeError('nRepeats must be an integer ≥ 1');
  const random = mulberry32(options.seed ?? 0);
  const { n, p } = binned;
  const work: BinnedMatrix = { bins: binned.bins.slice(), n, p };
  const baseline = score(work, null);
  const order = new Int32Array(n);
  const features: FeatureImportance[] = [];
  for (let f = 0; f < p; f++) {
    const original = binned.bins.subarray(f * n, (f + 1) * n);
    const column = work.bins.subarray(f * n, (f + 1) * n);
    const repeats: number[] = [];
    for (let r = 0; r < nRepeats; r++) {
      for (let i = 0; i < n; i++) order[i] = i;
      shuffleInPlace(order, random);
      for (let i = 0; i < n; i++) column[i] = original[order[i]!]!;
      repeats.push(baseline - score(work, f));
    }
    column.set(original);
    const mean = repeats.reduce((s, v) => s + v, 0) / nRepeats;
    const sd = Math.sqrt(repeats.reduce((s, v) => s + (v - mean) ** 2, 0) / nRepeats);
    features.push({ feature: f, mean, sd, repeats });
  }
  return { baseline, features };
}

/** Permutation importance of the boosted trees on labelled rows binned with the model's mapper. */
export function gbtPermutationImportance(
  model: GbtModel,
  binned: BinnedMatrix,
  y: ArrayLike<number>,
  options: PermutationOptions = {},
): PermutationImportance {
  const metric = options.metric ?? 'auc';
  if (y.length !== binned.n) throw new RangeError(`${y.length} outcomes for ${binned.n} rows`);
  const { n } = binned;
  const usesFeature = (tree: Tree, f: number): boolean => tree.feature.some((v) => v === f);
  // Trees that never split on the permuted feature score every row as before: their sum is computed
  // once per feature and only the trees using the feature are re-run for each shuffle.
  let current = -1;
  let fixed = new Float64Array(n);
  let using: Tree[] = [];
  const score = (matrix: BinnedMatrix, permuted: number | null): number => {
    let raw: Float64Array;
    if (permuted === null) raw = predictGbtRawBinned(model, matrix);
    else {
      if (permuted !== current) {
        current = permuted;
        using = model.trees.filter((t) => usesFeature(t, permuted));
        fixed = new Float64Array(n).fill(model.baseline);
        for (const t of model.trees) if (!usesFeature(t, permuted)) addTreeOutput(t, binned.bins, n, fixed);
      }
      raw = fixed.slice();
      for (const t of using) addTreeOutput(t, matrix.bins, n, raw);
    }
    if (metric === 'auc') return rocAuc(y, raw); // rank-based: raw scores rank as probabilities do
    return -meanLogLoss(y, raw);
  };
  const { baseline, features } = permutationImportance(binned, score, options);
  return { baseline: metric === 'auc' ? baseline : -baseline, metric, features };
}
