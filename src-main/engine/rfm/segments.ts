/**
 * The customer segments of RFM analysis: the R×F grid that practitioners use to name groups of
 * customers (the widely copied regex map of the "RFM segmentation" notebooks, keyed on the recency
 * and frequency scores as two digits), with one change: that map has no "Lost", so R1 F1 is "Lost"
 * and the rest of its R1–2 × F1–2 block stays "Hibernating". Monetary does not move a customer between
 * segments (it is reported beside them), as in that map.
 *
 *            F1              F2              F3              F4       F5
 *   R5   New             Potential loyal. Potential loyal. Champions Champions
 *   R4   Promising       Potential loyal. Potential loyal. Loyal     Loyal
 *   R3   About to sleep  About to sleep   Need attention   Loyal     Loyal
 *   R2   Hibernating     Hibernating      At risk          At risk   Can't lose them
 *   R1   Lost            Hibernating      At risk          At risk   Can't lose them
 */
import type { RfmCustomer } from './rfm';

export type RfmSegment =
  | 'Champions'
  | 'Loyal'
  | 'Potential loyalists'
  | 'New'
  | 'Promising'
  | 'Need attention'
  | 'About to sleep'
  | 'At risk'
  | "Can't lose them"
  | 'Hibernating'
  | 'Lost';

export interface RfmSegmentInfo {
  segment: RfmSegment;
  description: string;
  /** The recommended retention action, in one sentence. */
  action: string;
  /** Which R and F scores fall in the segment. */
  rule: string;
}

/** Every segment, best first; summaries and tables list them in this order. */
export const rfmSegments: readonly RfmSegmentInfo[] = [
  {
    segment: 'Champions',
    description: 'Bought recently, buy often and spend the most.',
    action: 'Reward them and ask for reviews and referrals; they respond to early access, not discounts.',
    rule: 'R 5, F 4–5',
  },
  {
    segment: 'Loyal',
    description: 'Buy regularly and respond to promotions.',
    action: 'Offer loyalty-programme benefits and upsell higher-value products.',
    rule: 'R 3–4, F 4–5',
  },
  {
    segment: 'Potential loyalists',
    description: 'Recent customers who have bought more than once.',
    action: 'Offer a membership or loyalty programme and personalised recommendations.',
    rule: 'R 4–5, F 2–3',
  },
  {
    segment: 'New',
    description: 'Bought very recently, but only rarely so far.',
    action: 'Give them a smooth onboarding and an early reason to make a second purchase.',
    rule: 'R 5, F 1',
  },
  {
    segment: 'Promising',
    description: 'Fairly recent buyers who have not bought often.',
    action: 'Build brand awareness and offer a free trial or a small incentive to come back.',
    rule: 'R 4, F 1',
  },
  {
    segment: 'Need attention',
    description: 'Average recency and frequency; may be starting to drift.',
    action: 'Send a limited-time offer and recommendations based on their past purchases.',
    rule: 'R 3, F 3',
  },
  {
    segment: 'About to sleep',
    description: 'Below-average recency and frequency; will be lost without a nudge.',
    action: 'Reconnect with popular products and a discount before they go quiet for good.',
    rule: 'R 3, F 1–2',
  },
  {
    segment: 'At risk',
    description: 'Bought often, but not for a long time.',
    action: 'Send personalised win-back messages and offers to reconnect.',
    rule: 'R 1–2, F 3–4',
  },
  {
    segment: "Can't lose them",
    description: 'Used to buy the most often, but have not come back for a long time.',
    action: 'Win them back with a personal contact or a strong offer, and ask what went wrong.',
    rule: 'R 1–2, F 5',
  },
  {
    segment: 'Hibernating',
    description: 'Last bought long ago and bought rarely.',
    action: 'Offer relevant products and special discounts, but keep the spend per contact low.',
    rule: 'R 1–2, F 1–2 except R 1 F 1',
  },
  {
    segment: 'Lost',
    description: 'Lowest recency and frequency scores.',
    action: 'Try one low-cost reactivation campaign, then stop spending on them.',
    rule: 'R 1, F 1',
  },
];

/** The segment of an R×F cell (scores 1–5; see the grid at the top). */
export function rfmSegmentOf(r: number, f: number): RfmSegment {
  if (!Number.isInteger(r) || !Number.isInteger(f) || r < 1 || r > 5 || f < 1 || f > 5)
    throw new Error(`RFM scores must be whole numbers from 1 to 5 (got R ${r}, F ${f})`);
  if (r <= 2) {
    if (f === 5) return "Can't lose them";
    if (f >= 3) return 'At risk';
    return r === 1 && f === 1 ? 'Lost' : 'Hibernating';
  }
  if (r === 3) {
    if (f <= 2) return 'About to sleep';
    return f === 3 ? 'Need attention' : 'Loyal';
  }
  if (f >= 4) return r === 5 ? 'Champions' : 'Loyal';
  if (f >= 2) return 'Potential loyalists';
  return r === 5 ? 'New' : 'Promising';
}

export interface RfmSegmentSummary {
  segment: RfmSegment;
  customers: number;
  revenue: number;
  /** revenue / total revenue of all customers (0 when the total is 0). */
  revenueShare: number;
  /** Means over the segment's customers; 0 when the segment is empty (customers = 0 says so). */
  meanRecency: number;
  meanFrequency: number;
  meanMonetary: number;
}

/** One row per segment, all 11 in `rfmSegments` order, empty segments included. */
export function summarizeSegments(customers: readonly RfmCustomer[]): RfmSegmentSummary[] {
  const totals = new Map<RfmSegment, { n: number; revenue: number; recency: number; frequency: number }>();
  for (const { segment } of rfmSegments) totals.set(segment, { n: 0, revenue: 0, recency: 0, frequency: 0 });
  let totalRevenue = 0;
  for (const c of customers) {
    const t = totals.get(c.segment)!;
    t.n++;
    t.revenue += c.monetary;
    t.recency += c.recencyDays;
    t.frequency += c.frequency;
    totalRevenue += c.monetary;
  }
  return rfmSegments.map(({ segment }) => {
    const t = totals.get(segment)!;
    const mean = (sum: number): number => (t.n === 0 ? 0 : sum / t.n);
    return {
      segment,
      customers: t.n,
      revenue: t.revenue,
      revenueShare: totalRevenue === 0 ? 0 : t.revenue / totalRevenue,
      meanRecency: mean(t.recency),
      meanFrequency: mean(t.frequency),
      meanMonetary: mean(t.revenue),
    };
  });
}

export interface RfmGridCell {
  r: number;
  f: number;
  customers: number;
  revenue: number;
  segment: RfmSegment;
}

/** The 25 cells of the R×F grid, R 5 down to 1, F 1 up to 5 within each R (empty cells included). */
export function rfmGrid(customers: readonly RfmCustomer[]): RfmGridCell[] {
  const count = new Float64Array(25);
  const revenue = new Float64Array(25);
  for (const c of customers) {
    const cell = (c.r - 1) * 5 + (c.f - 1);
    count[cell] = count[cell]! + 1;
    revenue[cell] = revenue[cell]! + c.monetary;
  }
  const cells: RfmGridCell[] = [];
  for (let r = 5; r >= 1; r--)
    for (let f = 1; f <= 5; f++) {
      const cell = (r - 1) * 5 + (f - 1);
      cells.push({ r, f, customers: count[cell]!, revenue: revenue[cell]!, segment: rfmSegmentOf(r, f) });
    }
  return cells;
}
