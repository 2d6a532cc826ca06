/**
 * Validation metrics of a binary risk score, each defined as scikit-learn 1.2 defines it so the
 * golden comparison (tests/golden/model/sklearn.json) is exact; and the stratified k-fold split.
 * `labels` are 0/1; `scores` are probabilities (or any score where larger = more likely positive,
 * for the rank-based metrics).
 */

import { mulberry32, shuffleInPlace } from './gbt-random';

function checkPair(labels: ArrayLike<number>, scores: ArrayLike<number>): { positives: number; n: number } {
  const n = labels.length;
  if (scores.length !== n) throw new RangeError(`${n} labels but ${scores.length} scores`);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (y !== 0 && y !== 1) throw new RangeError(`labels must be 0 or 1 (row ${i} is ${y})`);
    if (!Number.isFinite(scores[i]!)) throw new RangeError(`score of row ${i} is not a finite number`);
    positives += y;
  }
  return { positives, n };
}

/** Indices sorted by score, descending; ties by index so every ordering below is deterministic. */
function byScoreDescending(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

/**
 * ROC AUC as the Mann–Whitney statistic: the chance a random positive scores above a random
 * negative, ties counting one half — what sklearn.metrics.roc_auc_score's trapezoids add up to.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { positives, n } = checkPair(labels, scores);
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const order = byScoreDescending(scores);
  // Walk groups of tied scores from the top: each negative in a group beats the positives below it.
  let positivesAbove = 0;
  let wins = 0; // pairs (positive, negative) with the positive higher, ties as 1/2
  for (let start = 0; start < n;) {
    let end = start;
    let groupPositives = 0;
    const value = scores[order[start]!]!;
    while (end < n && scores[order[end]!]! === value) groupPositives += labels[order[end++]!]!;
    const groupNegatives = end - start - groupPositives;
    wins += groupNegatives * (positivesAbove + groupPositives / 2);
    positivesAbove += groupPositives;
    start = end;
  }
  return wins / (positives * negatives);
}

/** Thresholds from the highest score down with cumulative true and false positives (sklearn's _binary_clf_curve). */
function cumulativeCounts(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): {
  thresholds: number[];
  tp: number[];
  fp: number[];
} {
  const order = byScoreDescending(scores);
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i] === 1) truePositives++;
    else falsePositives++;
    const next = k + 1 < order.length ? scores[order[k + 1]!]! : Number.NaN;
    if (next !== scores[i]) {
      thresholds.push(scores[i]!);
      tp.push(truePositives);
      fp.push(falsePositives);
    }
  }
  return { thresholds, tp, fp };
}

/**
 * Average precision, sklearn.metrics.average_precision_score: Σ_k (R_k − R_{k−1}) P_k over the
 * distinct thresholds from the top (no interpolation).
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { positives } = checkPair(labels, scores);
  if (positives === 0) return Number.NaN;
  const { tp, fp } = cumulativeCounts(labels, scores);
  let ap = 0;
  let previousRecall = 0;
  for (let k = 0; k < tp.length; k++) {
    const recall = tp[k]! / positives;
    const precision = tp[k]! / (tp[k]! + fp[k]!);
    ap += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return ap;
}

/**
 * Mean log-loss, sklearn 1.2 log_loss: probabilities clipped to [eps, 1 − eps] with eps the float64
 * machine epsilon (eps='auto'), then −mean(y log p + (1 − y) log(1 − p)).
 */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  const { n } = checkPair(labels, probabilities);
  const eps = 2.220446049250313e-16;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(probabilities[i]!, eps), 1 - eps);
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}

/** Brier score, sklearn.metrics.brier_score_loss: mean squared difference of probability and outcome. */
export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  const { n } = checkPair(labels, probabilities);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / n;
}

export interface RocPoint {
  threshold: number;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/**
 * ROC curve at every distinct score, from (0, 0) (threshold +Infinity) down, as sklearn's
 * roc_curve(drop_intermediate=False) (which, in 1.2, writes max + 1 for the first threshold).
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocPoint[] {
  const { positives, n } = checkPair(labels, scores);
  const negatives = n - positives;
  const { thresholds, tp, fp } = cumulativeCounts(labels, scores);
  const points: RocPoint[] = [
    { threshold: Number.POSITIVE_INFINITY, falsePositiveRate: 0, truePositiveRate: 0 },
  ];
  thresholds.forEach((threshold, k) =>
    points.push({ threshold, falsePositiveRate: fp[k]! / negatives, truePositiveRate: tp[k]! / positives }),
  );
  return points;
}

export interface PrecisionRecallPoint {
  threshold: number;
  precision: number;
  recall: number;
}

/**
 * Precision–recall curve at every distinct score, highest first, after the point (recall 0,
 * precision 1) at threshold +Infinity — sklearn 1.2's precision_recall_curve in reverse order.
 */
export function precisionRecallCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): PrecisionRecallPoint[] {
  const { positives } = checkPair(labels, scores);
  const { thresholds, tp, fp } = cumulativeCounts(labels, scores);
  const points: PrecisionRecallPoint[] = [{ threshold: Number.POSITIVE_INFINITY, precision: 1, recall: 0 }];
  thresholds.forEach((threshold, k) =>
    points.push({ threshold, precision: tp[k]! / (tp[k]! + fp[k]!), recall: tp[k]! / positives }),
  );
  return points;
}

export interface Confusion {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

/** Counts when every score ≥ threshold is called a churner (sklearn's convention for thresholds). */
export function confusionAt(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): Confusion {
  const { n } = checkPair(labels, scores);
  const c: Confusion = {
    threshold,
    truePositives: 0,
    falsePositives: 0,
    trueNegatives: 0,
    falseNegatives: 0,
  };
  for (let i = 0; i < n; i++) {
    const flagged = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (flagged) c.truePositives++;
      else c.falseNegatives++;
    } else if (flagged) c.falsePositives++;
    else c.trueNegatives++;
  }
  return c;
}

export interface GainsRow {
  /** Share of customers targeted, highest scores first. */
  targeted: number;
  customers: number;
  /** Share of all positives among them (cumulative gains). */
  captured: number;
  positives: number;
  /** captured / targeted: how many times better than picking at random. */
  lift: number;
}

/**
 * Cumulative gains and lift at `bins` equal slices of the ranked customers (deciles by default).
 * Customers are ranked by score, descending, ties by input order, and slice k ends at
 * round(k n / bins) — so tied scores straddling a boundary split by order, as any fixed list would.
 */
export function cumulativeGains(labels: ArrayLike<number>, scores: ArrayLike<number>, bins = 10): GainsRow[] {
  const { positives, n } = checkPair(labels, scores);
  const order = byScoreDescending(scores);
  const rows: GainsRow[] = [];
  let found = 0;
  let taken = 0;
  for (let k = 1; k <= bins; k++) {
    const end = Math.round((k * n) / bins);
    for (; taken < end; taken++) found += labels[order[taken]!]!;
    const targeted = taken / n;
    const captured = positives > 0 ? found / positives : Number.NaN;
    rows.push({ targeted, customers: taken, captured, positives: found, lift: captured / targeted });
  }
  return rows;
}

export interface CalibrationBin {
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Observed share of positives in the bin. */
  observed: number;
  count: number;
  lower: number;
  upper: number;
}

/**
 * Calibration bins as sklearn.calibration.calibration_curve: 'uniform' cuts [0, 1] into equal
 * widths, 'quantile' at the scores' percentiles (numpy's linear interpolation); a probability on an
 * inner edge goes to the lower bin (np.searchsorted, side='left'); empty bins are left out.
 */
export function calibrationBins(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  bins = 10,
  strategy: 'uniform' | 'quantile' = 'uniform',
): CalibrationBin[] {
  const { n } = checkPair(labels, probabilities);
  const edges: number[] = [];
  if (strategy === 'uniform') for (let k = 0; k <= bins; k++) edges.push(k / bins);
  else {
    const sorted = Float64Array.from(probabilities).sort();
    for (let k = 0; k <= bins; k++) edges.push(percentileLinear(sorted, k / bins));
  }
  const sums = new Float64Array(bins);
  const trues = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    // searchsorted(edges[1:-1], p, 'left'): the number of inner edges strictly below p.
    let bin = 0;
    while (bin < bins - 1 && edges[bin + 1]! < p) bin++;
    sums[bin] = sums[bin]! + p;
    trues[bin] = trues[bin]! + labels[i]!;
    counts[bin] = counts[bin]! + 1;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++)
    if (counts[b]! > 0)
      out.push({
        predicted: sums[b]! / counts[b]!,
        observed: trues[b]! / counts[b]!,
        count: counts[b]!,
        lower: edges[b]!,
        upper: edges[b + 1]!,
      });
  return out;
}

/** The q-quantile of ascending values by linear interpolation (numpy's default, R's type 7); NaN if empty. */
export function percentileLinear(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const fraction = position - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * fraction;
}

/**
 * Stratified k-fold assignment (fold ids 0..k−1 per row), deterministic for a seed. Algorithm: the
 * rows of each class (0 first, then 1) are shuffled by Fisher–Yates with mulberry32(seed), laid one
 * class after the other, and dealt round-robin: the m-th row of that list goes to fold m mod k. Each
 * fold then holds ⌊n_c / k⌋ or ⌈n_c / k⌉ rows of every class c and the fold sizes differ by at most
 * one. Not scikit-learn's StratifiedKFold draw (the goldens carry sklearn's fold ids instead).
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  const n = labels.length;
  if (!Number.isInteger(k) || k < 2) throw new RangeError('k must be an integer ≥ 2');
  const random = mulberry32(seed);
  const fold = new Int32Array(n);
  let dealt = 0;
  for (const cls of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) {
      const y = labels[i]!;
      if (y !== 0 && y !== 1) throw new RangeError(`labels must be 0 or 1 (row ${i} is ${y})`);
      if (y === cls) members.push(i);
    }
    shuffleInPlace(members, random);
    for (const i of members) fold[i] = dealt++ % k;
  }
  return fold;
}
