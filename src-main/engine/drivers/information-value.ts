import type { GroupCount } from './chi-square';

/**
 * Weight of evidence per group and the information value of the grouping (Siddiqi, "Credit Risk
 * Scorecards", 2006, ch. 6), with churned customers as the "events":
 *   WoE_i = ln(churnedShare_i / retainedShare_i),  IV = Σ (churnedShare_i − retainedShare_i) · WoE_i,
 * where churnedShare_i = churned_i / Σ churned. A positive WoE marks a group where churners are
 * over-represented. (Credit scoring writes ln(good/bad), the opposite sign; IV is the same.)
 *
 * Zero-count adjustment: a group with no churned or no retained customers would give WoE = ±∞, so
 * 0.5 is added to each empty cell (only to empty cells), and the column totals used for the shares
 * include those additions so that each column's shares still sum to 1.
 * Rule of thumb (Siddiqi): IV < 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, > 0.3 strong.
 */
export interface WeightOfEvidence {
  label: string;
  woe: number;
  /** This group's term of the IV sum. */
  iv: number;
}

export interface InformationValueResult {
  groups: WeightOfEvidence[];
  informationValue: number;
}

export const emptyCellAdjustment = 0.5;

/** Null when nobody or everybody churned (no events or no non-events: WoE is undefined). */
export function informationValue(groups: readonly GroupCount[]): InformationValueResult | null {
  const rows = groups.filter((group) => group.customers > 0);
  const cells = rows.map((row) => ({
    label: row.label,
    churned: row.churned === 0 ? emptyCellAdjustment : row.churned,
    retained: row.customers - row.churned === 0 ? emptyCellAdjustment : row.customers - row.churned,
  }));
  const rawChurned = rows.reduce((sum, row) => sum + row.churned, 0);
  const rawRetained = rows.reduce((sum, row) => sum + row.customers - row.churned, 0);
  if (rawChurned === 0 || rawRetained === 0) return null;
  const totalChurned = cells.reduce((sum, cell) => sum + cell.churned, 0);
  const totalRetained = cells.reduce((sum, cell) => sum + cell.retained, 0);
  let total = 0;
  const result = cells.map((cell) => {
    const churnedShare = cell.churned / totalChurned;
    const retainedShare = cell.retained / totalRetained;
    const woe = Math.log(churnedShare / retainedShare);
    const iv = (churnedShare - retainedShare) * woe;
    total += iv;
    return { label: cell.label, woe, iv };
  });
  return { groups: result, informationValue: total };
}
