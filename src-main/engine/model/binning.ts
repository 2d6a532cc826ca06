/**
 * Feature binning for the histogram gradient-boosted trees (gbt.ts), as scikit-learn 1.2's
 * ensemble/_hist_gradient_boosting/binning.py (_BinMapper) does it:
 * - numeric: at most `maxBins` (≤ 255) bins from the TRAINING rows. With ≤ maxBins distinct values
 *   the thresholds are the midpoints between consecutive distinct values; otherwise they are
 *   np.percentile(values, linspace(0, 100, maxBins + 1)[1:-1], method='midpoint'). A value x goes to
 *   bin i when threshold[i−1] < x ≤ threshold[i] (binary search, as _binning.pyx).
 * - categorical: one bin per training category, in sorted (code-point) order — the bin sklearn gives
 *   an OrdinalEncoder code. More than maxBins categories: the maxBins most frequent keep a bin and
 *   the rest are treated as missing (sklearn refuses such columns; an app should not).
 * - missing values (null, undefined, NaN) and categories unseen in training go to bin MISSING_BIN.
 * The binned matrix is column-major (feature f, row i at f·n + i) in a Uint8Array.
 */
import type { FeatureColumn } from './design';
import { mulberry32, shuffleInPlace } from './gbt-random';

/** The bin of missing values and unseen categories (sklearn's missing_values_bin_idx = n_bins − 1). */
export const MISSING_BIN = 255;
export const MAX_BINS = 255;

export type FeatureBins =
  | {
      kind: 'numeric';
      name: string;
      /** Increasing bin edges: x ≤ thresholds[b] and x > thresholds[b − 1] ⇒ bin b. */
      thresholds: Float64Array;
      /** Number of non-missing bins (thresholds.length + 1, or 0 with no observed value). */
      nBins: number;
      /** Whether training rows had missing values (the split then learns where missing goes). */
      hasMissing: boolean;
    }
  | {
      kind: 'categorical';
      name: string;
      /** categories[b] is the category of bin b. */
      categories: string[];
      nBins: number;
      hasMissing: boolean;
    };

export interface BinMapper {
  features: FeatureBins[];
}

export interface BinnedMatrix {
  /** Column-major bins: feature f of row i at f·n + i. */
  bins: Uint8Array;
  n: number;
  p: number;
}

export interface BinningOptions {
  /** Bins for non-missing values, 2..255. Default 255. */
  maxBins?: number;
  /**
   * Numeric edges come from at most this many training rows (a seeded sample), as sklearn's
   * _BinMapper(subsample=2e5): quantiles of 200,000 rows are as good and sorting 1M per column is not
   * free. Categories and the has-missing flag always use every training row. Default 200,000.
   */
  subsample?: number;
  /** Seed of that sample. Default 0. */
  seed?: number;
}

const isMissingNumber = (v: number | null | undefined): boolean =>
  v === null || v === undefined || Number.isNaN(v);

/**
 * np.percentile(sorted, q, method='midpoint') for the maxBins − 1 inner percentiles of
 * np.linspace(0, 100, maxBins + 1): the virtual index (n − 1)·q is averaged between its floor and
 * ceiling, and numpy's lerp at t = 0.5 is b − (b − a)·0.5. The floating steps follow numpy 1.24 so the
 * thresholds are the same doubles.
 */
function midpointPercentiles(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const step = 100 / maxBins;
  const out = new Float64Array(maxBins - 1);
  for (let k = 1; k < maxBins; k++) {
    const q = (k * step) / 100;
    const virtual = (n - 1) * q;
    const lo = Math.floor(virtual);
    const hi = Math.ceil(virtual);
    const a = sorted[lo]!;
    const b = sorted[hi]!;
    out[k - 1] = lo === hi ? a : b - (b - a) * 0.5;
  }
  return out;
}

function numericBins(
  name: string,
  values: ArrayLike<number | null | undefined>,
  rows: Int32Array,
  sample: Int32Array,
  maxBins: number,
): FeatureBins {
  let hasMissing = false;
  for (let k = 0; k < rows.length && !hasMissing; k++) hasMissing = isMissingNumber(values[rows[k]!]);
  const observed: number[] = [];
  for (let k = 0; k < sample.length; k++) {
    const v = values[sample[k]!];
    if (!isMissingNumber(v)) observed.push(v as number);
  }
  const sorted = Float64Array.from(observed).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  let thresholds: Float64Array;
  if (distinct.length <= maxBins) {
    thresholds = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i + 1 < distinct.length; i++) thresholds[i] = (distinct[i]! + distinct[i + 1]!) * 0.5;
  } else {
    // np.unique is not applied to the percentiles in sklearn 1.2: repeated thresholds leave empty bins,
    // which the split search simply never chooses.
    thresholds = midpointPercentiles(sorted, maxBins);
  }
  // sklearn clips +inf thresholds to ALMOST_INF so only missing values sit above the last edge.
  for (let i = 0; i < thresholds.length; i++)
    if (thresholds[i] === Infinity) thresholds[i] = Number.MAX_VALUE;
  return {
    kind: 'numeric',
    name,
    thresholds,
    nBins: distinct.length === 0 ? 0 : thresholds.length + 1,
    hasMissing,
  };
}

function categoricalBins(
  name: string,
  values: ArrayLike<string | null | undefined>,
  rows: Int32Array,
  maxBins: number,
): FeatureBins {
  const counts = new Map<string, number>();
  let hasMissing = false;
  for (let k = 0; k < rows.length; k++) {
    const v = values[rows[k]!];
    if (v === null || v === undefined) hasMissing = true;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let categories = [...counts.keys()];
  if (categories.length > maxBins) {
    // Keep the most frequent (ties by code-point order); the rest read as missing.
    categories.sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
    categories = categories.slice(0, maxBins);
    hasMissing = true;
  }
  categories.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { kind: 'categorical', name, categories, nBins: categories.length, hasMissing };
}

const allRows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** Learns the bins of every column from the training rows (all rows when `rows` is omitted). */
export function fitBins(
  columns: readonly FeatureColumn[],
  options: BinningOptions = {},
  rows?: Int32Array,
): BinMapper {
  const maxBins = options.maxBins ?? MAX_BINS;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS)
    throw new RangeError(`maxBins must be an integer in 2..${MAX_BINS}`);
  const n = columns[0]?.values.length ?? 0;
  const training = rows ?? allRows(n);
  const subsample = options.subsample ?? 200_000;
  let sample = training;
  if (training.length > subsample) {
    const shuffled = training.slice();
    shuffleInPlace(shuffled, mulberry32(options.seed ?? 0));
    sample = shuffled.subarray(0, subsample);
  }
  return {
    features: columns.map((c) =>
      c.kind === 'numeric'
        ? numericBins(c.name, c.values, training, sample, maxBins)
        : categoricalBins(c.name, c.values, training, maxBins),
    ),
  };
}

/** Number of thresholds < x: sklearn's _map_num_col_to_bins binary search (x ≤ edge goes left). */
export function numericBin(thresholds: Float64Array, x: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= thresholds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// One small function per kind keeps each loop monomorphic for V8 (binning 10⁶ rows is part of scoring).
function binNumeric(
  values: ArrayLike<number | null | undefined>,
  selected: Int32Array,
  thresholds: Float64Array,
  out: Uint8Array,
): void {
  for (let k = 0; k < selected.length; k++) {
    const v = values[selected[k]!];
    out[k] = isMissingNumber(v) ? MISSING_BIN : numericBin(thresholds, v as number);
  }
}

function binCategorical(
  values: ArrayLike<string | null | undefined>,
  selected: Int32Array,
  categories: string[],
  out: Uint8Array,
): void {
  const index = new Map(categories.map((c, b) => [c, b]));
  let last: string | null | undefined = undefined;
  let lastBin = MISSING_BIN;
  for (let k = 0; k < selected.length; k++) {
    const v = values[selected[k]!];
    if (v !== last) {
      last = v;
      lastBin = v === null || v === undefined ? MISSING_BIN : (index.get(v) ?? MISSING_BIN);
    }
    out[k] = lastBin;
  }
}

/** Bins the given rows (all when omitted) with the mapper's TRAINING edges and categories. */
export function applyBins(
  mapper: BinMapper,
  columns: readonly FeatureColumn[],
  rows?: Int32Array,
): BinnedMatrix {
  const p = mapper.features.length;
  if (columns.length !== p) throw new RangeError(`${columns.length} columns for a mapper of ${p} features`);
  const total = columns[0]?.values.length ?? 0;
  const selected = rows ?? allRows(total);
  const n = selected.length;
  const bins = new Uint8Array(n * p);
  mapper.features.forEach((feature, f) => {
    const column = columns[f]!;
    if (column.kind !== feature.kind)
      throw new TypeError(`column ${column.name} is ${column.kind}, was ${feature.kind}`);
    const out = bins.subarray(f * n, (f + 1) * n);
    if (feature.kind === 'numeric')
      binNumeric(column.values as ArrayLike<number | null | undefined>, selected, feature.thresholds, out);
    else
      binCategorical(
        column.values as ArrayLike<string | null | undefined>,
        selected,
        feature.categories,
        out,
      );
  });
  return { bins, n, p };
}
