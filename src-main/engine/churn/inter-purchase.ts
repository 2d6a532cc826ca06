import { niceBins } from '../describe/nice-bins';

/**
 * Inter-purchase times: the gaps, in days, between consecutive distinct order days of the same customer
 * (several orders on one day are one purchase, as in the BTYD literature, e.g. Fader, Hardie & Lee 2005
 * on the CDNOW data). They arrive as a frequency table (gap → how many), which SQLite builds in one pass.
 */
export interface GapCount {
  days: number;
  count: number;
}

export interface InterPurchaseSummary {
  gaps: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
  p95: number | null;
  histogram: { from: number; to: number; count: number }[];
}

/**
 * The p-quantile of the multiset given as a frequency table, by R's default rule (type 7, also numpy's
 * default "linear"): h = (n − 1)·p, then linear interpolation between the order statistics x[⌊h⌋] and
 * x[⌊h⌋ + 1] (0-based). Values need not be sorted; counts of zero are ignored. Null for an empty table.
 */
export function quantileOfCounts(table: readonly GapCount[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new Error('quantile needs 0 ≤ p ≤ 1');
  const sorted = table.filter((entry) => entry.count > 0).sort((a, b) => a.days - b.days);
  const n = sorted.reduce((sum, entry) => sum + entry.count, 0);
  if (n === 0) return null;
  const h = (n - 1) * p;
  const low = Math.floor(h);
  const lowValue = orderStatistic(sorted, low);
  if (h === low) return lowValue;
  const highValue = orderStatistic(sorted, low + 1);
  return lowValue + (h - low) * (highValue - lowValue);
}

/** The k-th smallest value (0-based) of a sorted frequency table. */
function orderStatistic(sorted: readonly GapCount[], k: number): number {
  let seen = 0;
  for (const entry of sorted) {
    seen += entry.count;
    if (k < seen) return entry.days;
  }
  return (sorted[sorted.length - 1] as GapCount).days;
}

/** Count, quartile-style summary and a histogram with nice edges (at most `maxBins` bins of whole days). */
export function summariseInterPurchase(table: readonly GapCount[], maxBins = 20): InterPurchaseSummary {
  const present = table.filter((entry) => entry.count > 0);
  const gaps = present.reduce((sum, entry) => sum + entry.count, 0);
  let histogram: InterPurchaseSummary['histogram'] = [];
  if (gaps > 0) {
    const min = Math.min(...present.map((entry) => entry.days));
    const max = Math.max(...present.map((entry) => entry.days));
    const bins = niceBins(min, max, maxBins, true);
    histogram = Array.from({ length: bins.count }, (_, index) => ({
      from: bins.start + index * bins.step,
      to: bins.start + (index + 1) * bins.step,
      count: 0,
    }));
    for (const entry of present) {
      const index = Math.min(Math.floor((entry.days - bins.start) / bins.step), bins.count - 1);
      (histogram[index] as { count: number }).count += entry.count;
    }
  }
  return {
    gaps,
    median: quantileOfCounts(present, 0.5),
    p75: quantileOfCounts(present, 0.75),
    p90: quantileOfCounts(present, 0.9),
    p95: quantileOfCounts(present, 0.95),
    histogram,
  };
}

/**
 * The automatic inactivity window of the non-contractual definition: the 90th percentile of the
 * inter-purchase times, rounded up to a whole week.
 *
 * Why this rule: a customer of a shop never says they have left; the data's own buying rhythm is the
 * only yardstick. If 90% of repeat purchases came within N days of the previous one, a customer silent
 * for longer than N is unlikely to be merely between two purchases. The 90th rather than the 95th
 * percentile because the top tail is the least reliable part: gaps still open at the as-of date are not
 * observed at all (right-censoring), so the longest gaps are under-represented, and the last 5% rest on
 * few customers. The price is stated with the number: about one repeat purchase in ten comes after a
 * longer silence, so some customers counted as churned will come back. Whole weeks because buying has
 * a weekly rhythm and "29 weeks" reads better than "200 days"; rounding up never makes the window
 * shorter than the percentile. At least `minimumGaps` gaps are needed: below that the percentile is
 * one or two customers' habits, and the user should choose the number of days.
 */
export const automaticWindowPercentile = 0.9;
export const minimumGapsForAutomaticWindow = 20;

export type AutomaticWindow =
  | { ok: true; days: number; percentileDays: number; gaps: number }
  | { ok: false; gaps: number; reason: string };

export function automaticInactivityWindow(table: readonly GapCount[]): AutomaticWindow {
  const gaps = table.reduce((sum, entry) => sum + Math.max(0, entry.count), 0);
  if (gaps < minimumGapsForAutomaticWindow) {
    return {
      ok: false,
      gaps,
      reason:
        gaps === 0
          ? 'no customer ordered on two different days, so the data shows no buying rhythm to choose a window from'
          : `only ${gaps} repeat purchase${gaps === 1 ? '' : 's'} (at least ${minimumGapsForAutomaticWindow} are needed to choose a window from the data)`,
    };
  }
  const percentileDays = quantileOfCounts(table, automaticWindowPercentile) as number;
  const days = Math.max(7, Math.ceil(percentileDays / 7 - 1e-9) * 7);
  return { ok: true, days, percentileDays, gaps };
}
