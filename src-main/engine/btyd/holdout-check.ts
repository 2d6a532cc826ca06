/**
 * Model-agnostic checks of a fitted "buy till you die" model against what customers really did, the two
 * validation plots of Fader, Hardie & Lee (2005), Marketing Science 24(2): conditional expectations by
 * calibration frequency (their Figure 4) and cumulative repeat purchases week by week (Figure 3).
 */
import type { BtydPredictor, RepeatSummary } from './types';

export interface FrequencyBucket {
  /** Calibration repeat purchases; the last bucket means "≥ x". */
  x: number;
  label: string;
  customers: number;
  /** Mean hold-out repeat purchases of the bucket's customers. */
  actual: number;
  /** Mean of E[Y(holdoutLength) | x, t_x, T] over the bucket's customers. */
  predicted: number;
}

/**
 * Actual and predicted mean hold-out repeat purchases, grouped by calibration frequency 0, 1, …,
 * maxBucket−1 and "maxBucket+". Buckets without customers are left out.
 */
export function holdoutByFrequency(
  predictor: BtydPredictor,
  customers: readonly (RepeatSummary & { holdoutX: number })[],
  holdoutLength: number,
  maxBucket = 7,
): FrequencyBucket[] {
  const count = new Array<number>(maxBucket + 1).fill(0);
  const actual = new Array<number>(maxBucket + 1).fill(0);
  const predicted = new Array<number>(maxBucket + 1).fill(0);
  for (const c of customers) {
    const k = Math.min(c.x, maxBucket);
    count[k]!++;
    actual[k]! += c.holdoutX;
    predicted[k]! += predictor.conditionalExpected(holdoutLength, c.x, c.tx, c.T);
  }
  const buckets: FrequencyBucket[] = [];
  for (let k = 0; k <= maxBucket; k++) {
    if (count[k] === 0) continue;
    buckets.push({
      x: k,
      label: k === maxBucket ? `${k}+` : `${k}`,
      customers: count[k]!,
      actual: actual[k]! / count[k]!,
      predicted: predicted[k]! / count[k]!,
    });
  }
  return buckets;
}

export interface TrackingPoint {
  /** Whole periods since the log start (period k ends at time k). */
  period: number;
  /** Cumulative repeat purchases up to the end of the period. */
  actual: number;
  predicted: number;
  /** Whether the period ends within calibration. */
  calibration: boolean;
}

/**
 * Cumulative repeat purchases, actual and expected: at the end of period k the prediction is
 * Σ_i E[X(k − s_i)] over the customers acquired before k, s_i being customer i's first purchase time
 * in units since the log start. Customers with the same s_i share one evaluation (day-resolution first
 * purchases make that a few hundred distinct values at most), so the cost does not grow with customers.
 */
export function cumulativeTracking(
  predictor: BtydPredictor,
  firstPeriods: readonly number[],
  actualRepeatsByPeriod: readonly number[],
  calibrationLength: number,
): TrackingPoint[] {
  const cohortSizes = new Map<number, number>();
  for (const s of firstPeriods) cohortSizes.set(s, (cohortSizes.get(s) ?? 0) + 1);
  const points: TrackingPoint[] = [];
  let actual = 0;
  for (let k = 1; k <= actualRepeatsByPeriod.length; k++) {
    actual += actualRepeatsByPeriod[k - 1]!;
    let predicted = 0;
    for (const [s, size] of cohortSizes)
      if (k > s) predicted += size * predictor.unconditionalExpected(k - s);
    points.push({ period: k, actual, predicted, calibration: k <= calibrationLength });
  }
  return points;
}
