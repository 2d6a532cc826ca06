import { chiSquareSurvival } from '../stats/distributions';

/**
 * Pearson's chi-square test of independence between churn (churned / retained) and a grouping of the
 * customers (a category, or the bins of a number), on the k × 2 table of counts. The same statistic,
 * df and p-value as R's chisq.test(table, correct = FALSE) (no Yates correction, which R applies only
 * to 2 × 2 tables and which we leave off so that 2-level and k-level attributes are treated alike).
 */
export interface GroupCount {
  label: string;
  customers: number;
  churned: number;
}

export interface ChiSquareResult {
  statistic: number;
  df: number;
  p: number;
  /** Cramér's V = √(X² / (n (min(k, 2) − 1))): 0 = no association, 1 = the group decides churn. */
  cramersV: number;
  /** Smallest expected count; R warns "Chi-squared approximation may be incorrect" when it is < 5. */
  minExpected: number;
  /** Number of cells (group × churned/retained) with an expected count below 5. */
  cellsExpectedBelow5: number;
  /** True when R's chisq.test would warn, i.e. the p-value may be off (merge small groups). */
  approximationWarning: boolean;
}

/**
 * Null when the test is undefined: fewer than two non-empty groups, or nobody (or everybody) churned.
 * Groups with no customers are left out (R would give NaN for them).
 */
export function chiSquareIndependence(groups: readonly GroupCount[]): ChiSquareResult | null {
  const rows = groups.filter((group) => group.customers > 0);
  if (rows.length < 2) return null;
  let n = 0;
  let churned = 0;
  for (const row of rows) {
    if (row.churned < 0 || row.churned > row.customers) throw new Error(`bad counts in group ${row.label}`);
    n += row.customers;
    churned += row.churned;
  }
  const retained = n - churned;
  if (churned === 0 || retained === 0) return null;
  let statistic = 0;
  let minExpected = Infinity;
  let cellsExpectedBelow5 = 0;
  for (const row of rows) {
    // E = row total × column total / n, as R's outer(sr, sc) / n.
    const expectedChurned = (row.customers * churned) / n;
    const expectedRetained = (row.customers * retained) / n;
    const observedRetained = row.customers - row.churned;
    statistic += (row.churned - expectedChurned) ** 2 / expectedChurned;
    statistic += (observedRetained - expectedRetained) ** 2 / expectedRetained;
    for (const expected of [expectedChurned, expectedRetained]) {
      minExpected = Math.min(minExpected, expected);
      if (expected < 5) cellsExpectedBelow5++;
    }
  }
  const df = rows.length - 1;
  // min(rows, columns) − 1 = 1 for a k × 2 table with k ≥ 2.
  const cramersV = Math.sqrt(statistic / n);
  return {
    statistic,
    df,
    p: chiSquareSurvival(statistic, df),
    cramersV,
    minExpected,
    cellsExpectedBelow5,
    approximationWarning: minExpected < 5,
  };
}
