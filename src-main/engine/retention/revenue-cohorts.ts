import { dayNumber, periodComplete, periodIndex, periodLabel, type PeriodUnit } from './periods';
import type { Subscription } from './mrr-movements';

/**
 * Revenue retention by cohort, for subscriptions: customers grouped by the period of their first
 * subscription; the cohort's MRR at the end of period k (same snapshot rule as mrrMovements: subscriptions
 * active at the end of the period's last day) over its MRR at the end of period 0. Expansion can take it
 * above 1 (it is net revenue retention by cohort). Cells not fully elapsed at as-of are incomplete and
 * left out of the average, which is weighted by the cohorts' MRR at k = 0: Σ MRR at k / Σ MRR at 0.
 */

export interface RevenueCohortCell {
  k: number;
  mrr: number;
  /** mrr / the cohort's MRR at k = 0; null when that is 0. */
  share: number | null;
  complete: boolean;
}

export interface RevenueCohort {
  key: string;
  customers: number;
  startingMrr: number;
  cells: RevenueCohortCell[];
}

export interface RevenueRetention {
  period: PeriodUnit;
  asOf: string;
  weighting: 'starting-mrr';
  cohorts: RevenueCohort[];
  average: { k: number; cohorts: number; startingMrr: number; share: number | null }[];
}

export function revenueRetention(
  subscriptions: Subscription[],
  options: { asOf: string; period?: PeriodUnit },
): RevenueRetention {
  const unit = options.period ?? 'month';
  const asOfDay = dayNumber(options.asOf);
  const lastPeriod = periodIndex(asOfDay, unit);

  const byCustomer = new Map<string, { from: number; to: number; mrr: number }[]>();
  for (const subscription of subscriptions) {
    const start = dayNumber(subscription.start);
    if (start > asOfDay) continue;
    const end = subscription.end == null ? null : dayNumber(subscription.end);
    if (end != null && end < start) throw new RangeError('A subscription ends before it starts');
    const list = byCustomer.get(subscription.customer) ?? [];
    // In the snapshot at the end of period q when it started in a period ≤ q and ended in a later one.
    list.push({
      from: periodIndex(start, unit),
      to: end == null || end > asOfDay ? Number.POSITIVE_INFINITY : periodIndex(end, unit),
      mrr: subscription.mrr,
    });
    byCustomer.set(subscription.customer, list);
  }

  const cohorts = new Map<number, { customers: number; mrr: number[] }>();
  for (const list of byCustomer.values()) {
    const first = Math.min(...list.map((s) => s.from));
    const cohort = cohorts.get(first) ?? {
      customers: 0,
      mrr: new Array<number>(lastPeriod - first + 1).fill(0),
    };
    cohort.customers += 1;
    for (const s of list) {
      for (let q = s.from; q <= lastPeriod && q < s.to; q++) cohort.mrr[q - first]! += s.mrr;
    }
    cohorts.set(first, cohort);
  }

  const result: RevenueCohort[] = [...cohorts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([first, cohort]) => {
      const startingMrr = cohort.mrr[0]!;
      return {
        key: periodLabel(first, unit),
        customers: cohort.customers,
        startingMrr,
        cells: cohort.mrr.map((mrr, k) => ({
          k,
          mrr,
          share: startingMrr > 0 ? mrr / startingMrr : null,
          complete: periodComplete(first + k, unit, asOfDay),
        })),
      };
    });

  const longest = Math.max(0, ...result.map((c) => c.cells.length));
  const average = [];
  for (let k = 0; k < longest; k++) {
    const done = result.filter((c) => c.startingMrr > 0 && c.cells[k]?.complete);
    const startingMrr = done.reduce((sum, c) => sum + c.startingMrr, 0);
    const mrr = done.reduce((sum, c) => sum + c.cells[k]!.mrr, 0);
    average.push({ k, cohorts: done.length, startingMrr, share: startingMrr > 0 ? mrr / startingMrr : null });
  }
  return { period: unit, asOf: options.asOf, weighting: 'starting-mrr', cohorts: result, average };
}
