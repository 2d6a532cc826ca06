/**
 * Expected value of a retention campaign at a score threshold (issue 5): every customer whose predicted
 * risk is at or above the threshold is contacted (sklearn's convention: score ≥ threshold flags).
 *
 *   value = TP × valueSaved × successRate − (TP + FP) × contactCost
 *
 * A true positive is a churner reached: the campaign keeps `successRate` of them, each worth
 * `valueSaved`; every contact, churner or not, costs `contactCost`. False negatives and true negatives
 * cost nothing beyond what happens without a campaign, so contacting nobody is worth 0.
 */

export interface CampaignCosts {
  /** Cost of contacting one customer (an offer, a call). */
  contactCost: number;
  /** Value kept when a churner is saved (e.g. a year of revenue). */
  valueSaved: number;
  /** Share of the contacted churners the campaign keeps (0..1). */
  successRate: number;
}

export interface ThresholdRow {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** Customers contacted: TP + FP. */
  targeted: number;
  /** TP / (TP + FP); null when nobody is targeted. */
  precision: number | null;
  /** TP / (TP + FN); null without churners. */
  recall: number | null;
  expectedValue: number;
}

/** 0.05, 0.10, …, 0.95 (rounded to two decimals, so 0.15 is 0.15). */
export const thresholdGrid: readonly number[] = Array.from({ length: 19 }, (_, k) =>
  Number(((k + 1) * 0.05).toFixed(2)),
);

function row(
  threshold: number,
  tp: number,
  fp: number,
  positives: number,
  negatives: number,
  costs: CampaignCosts,
): ThresholdRow {
  const targeted = tp + fp;
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: negatives - fp,
    falseNegatives: positives - tp,
    targeted,
    precision: targeted > 0 ? tp / targeted : null,
    recall: positives > 0 ? tp / positives : null,
    expectedValue: tp * costs.valueSaved * costs.successRate - targeted * costs.contactCost,
  };
}

function checkInputs(labels: ArrayLike<number>, scores: ArrayLike<number>, costs: CampaignCosts): void {
  if (labels.length !== scores.length) throw new RangeError('labels and scores differ in length');
  for (const [name, value] of Object.entries(costs))
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0`);
  if (costs.successRate > 1) throw new RangeError('successRate must be at most 1');
}

/**
 * Confusion counts, precision, recall and expected value at each threshold of `grid`, and the best
 * threshold: the one of highest value among every distinct score (each a different set of contacted
 * customers) and 1 (nobody but scores of 1). Ties go to the higher threshold: fewer contacts for the same
 * value. Labels are 0/1.
 */
export function expectedValueTable(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  costs: CampaignCosts,
  grid: readonly number[] = thresholdGrid,
): { rows: ThresholdRow[]; best: ThresholdRow } {
  checkInputs(labels, scores, costs);
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (y !== 0 && y !== 1) throw new RangeError(`labels must be 0 or 1 (row ${i} is ${y})`);
    positives += y;
  }
  const negatives = n - positives;

  // Rows by score, highest first; the cumulative counts at the end of each run of equal scores are
  // the counts of "score ≥ that score".
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const cutScores: number[] = [];
  const cutTp: number[] = [];
  const cutFp: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[r + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      cutScores.push(scores[i]!);
      cutTp.push(tp);
      cutFp.push(fp);
    }
  }
  // Counts at any threshold t: the last cut (lowest score so far) with score ≥ t.
  const countsAt = (t: number): { tp: number; fp: number } => {
    let lo = 0;
    let hi = cutScores.length; // first cut with score < t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cutScores[mid]! >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? { tp: 0, fp: 0 } : { tp: cutTp[lo - 1]!, fp: cutFp[lo - 1]! };
  };

  const rows = grid.map((t) => {
    const c = countsAt(t);
    return row(t, c.tp, c.fp, positives, negatives, costs);
  });
  const nobody = countsAt(1);
  let best = row(1, nobody.tp, nobody.fp, positives, negatives, costs);
  for (let k = 0; k < cutScores.length; k++) {
    if (cutScores[k]! >= 1) continue;
    const candidate = row(cutScores[k]!, cutTp[k]!, cutFp[k]!, positives, negatives, costs);
    if (candidate.expectedValue > best.expectedValue) best = candidate;
  }
  return { rows, best };
}
