import { normalCdf } from '../stats/distributions';

/**
 * Wilcoxon rank-sum (Mann–Whitney) test of a numeric attribute between retained and churned
 * customers, as R's wilcox.test(value ~ churned, exact = FALSE, correct = TRUE): the formula method
 * puts the first factor level (churned = FALSE, the retained customers) first, so
 *   W = #{(retained r, churned c): r > c} + ½ #{r = c},
 * the normal approximation uses the tie-corrected variance
 *   σ² = n₁n₂/12 · ((n₁ + n₂ + 1) − Σ(t³ − t) / ((n₁ + n₂)(n₁ + n₂ − 1)))
 * and a continuity correction of ½ towards the mean n₁n₂/2 (stats:::wilcox.test.default).
 *
 * W is counted exactly (pairs and half pairs, all below 2^53) by merging the two sorted samples, so
 * it costs two typed-array sorts and one pass.
 */
export interface MannWhitneyResult {
  /** R's W: retained-above-churned pairs (ties ½). */
  w: number;
  retained: number;
  churned: number;
  /** Continuity-corrected z of W. */
  z: number;
  p: number;
  /**
   * AUC of the attribute for churn: P(churned value > retained value) + ½ P(tie) = 1 − W / (n₁n₂).
   * 0.5 = no separation; above 0.5 churners have higher values.
   */
  auc: number;
  /** Rank-biserial correlation 2·AUC − 1, in [−1, 1], positive when churners have higher values. */
  rankBiserial: number;
}

/** Null when a group is empty or all values are equal (no variance: R reports NaN). */
export function mannWhitney(
  retainedValues: ArrayLike<number>,
  churnedValues: ArrayLike<number>,
): MannWhitneyResult | null {
  const x = Float64Array.from(retainedValues).sort();
  const y = Float64Array.from(churnedValues).sort();
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return null;
  if (x.some(Number.isNaN) || y.some(Number.isNaN)) throw new Error('mannWhitney needs values without NaN');
  let w = 0;
  let tieTerm = 0;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const value = Math.min(i < n1 ? (x[i] as number) : Infinity, j < n2 ? (y[j] as number) : Infinity);
    const yBelow = j;
    let a = 0;
    while (i < n1 && x[i] === value) {
      i++;
      a++;
    }
    let b = 0;
    while (j < n2 && y[j] === value) {
      j++;
      b++;
    }
    w += a * yBelow + 0.5 * a * b;
    const t = a + b;
    tieTerm += t * t * t - t;
  }
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return null;
  const centred = w - (n1 * n2) / 2;
  const z = (centred - Math.sign(centred) * 0.5) / sigma;
  // R: 2 * min(pnorm(z), pnorm(z, lower.tail = FALSE)).
  const p = Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z)));
  const auc = 1 - w / (n1 * n2);
  return { w, retained: n1, churned: n2, z, p, auc, rankBiserial: 2 * auc - 1 };
}
