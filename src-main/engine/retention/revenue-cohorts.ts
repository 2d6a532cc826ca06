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

export interface RevenueRetentionOptions {
  asOf: string;
  period?: PeriodUnit;
  /**
   * Cohort of a customer (e.g. an attribute's value); default: the label of the period of their first
   * subscription. k always counts from the customer's own first period.
   */
  cohortOf?: (customer: string) => string;
}

export function revenueRetention(
  subscriptions: Subscription[],
  options: RevenueRetentionOptions,
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

  // Per cohort: MRR at the end of each customer's own period k, and the latest first period among its
  // members (the cell k is complete once that member's period k has ended).
  const cohorts = new Map<string, { customers: number; earliest: number; latest: number; mrr: number[] }>();
  for (const [customer, list] of byCustomer) {
    const first = Math.min(...list.map((s) => s.from));
    const key = options.cohortOf ? options.cohortOf(customer) : periodLabel(first, unit);
    const cohort = cohorts.get(key) ?? { customers: 0, earliest: first, latest: first, mrr: [] };
    cohort.customers += 1;
    cohort.earliest = Math.min(cohort.earliest, first);
    cohort.latest = Math.max(cohort.latest, first);
    while (cohort.mrr.length < lastPeriod - first + 1) cohort.mrr.push(0);
    for (const s of list) {
      for (let q = s.from; q <= lastPeriod && q < s.to; q++) cohort.mrr[q - first]! += s.mrr;
    }
    cohorts.set(key, cohort);
  }

  const result: RevenueCohort[] = [...cohorts.entries()]
    .sort((a, b) => a[1].earliest - b[1].earliest || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([key, cohort]) => {
      const startingMrr = cohort.mrr[0]!;
      return {
        key,
        customers: cohort.customers,
        startingMrr,
        cells: cohort.mrr.map((mrr, k) => ({
          k,
          mrr,
          share: startingMrr > 0 ? mrr / startingMrr : null,
          complete: periodComplete(cohort.latest + k, unit, asOfDay),
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
