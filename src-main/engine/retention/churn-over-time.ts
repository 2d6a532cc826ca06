import {
  dayNumber,
  isoFromDay,
  periodComplete,
  periodIndex,
  periodLabel,
  periodStartDay,
  type PeriodUnit,
} from './periods';

/**
 * Customer churn over time: per period, customers at start, new, churned, reactivated, at end, and the
 * churn rates. A customer is active over spans [start, end): active from the start date, churned on the
 * end date (null = still active). The event of a date falls in the period containing that date, so a
 * customer is "at start" of a period when they started before it and had not churned before it.
 */

export interface ActiveSpan {
  start: string;
  /** Churn date of this span; null while active. */
  end: string | null;
}

export interface CustomerLifetime {
  start: string;
  churn: string | null;
  /**
   * Active spans when the customer left and came back (the first span starts at `start`, the last ends at
   * `churn`). Overlapping or touching spans are merged: churning and returning on the same day is no churn.
   */
  activeSpans?: ActiveSpan[];
}

/**
 * A span that starts and ends in the same period (a customer who joins or returns and churns within it):
 *  - 'counted': in new (or reactivated) and in churned — the churn rate may then exceed what the
 *    customers at start could produce;
 *  - 'excluded-from-churned': in new (or reactivated), not in churned; shown as joinedAndChurned;
 *  - 'ignored': in neither, as if the span did not exist (still shown as joinedAndChurned).
 */
export type SamePeriodChurnConvention = 'counted' | 'excluded-from-churned' | 'ignored';

export interface ChurnOverTimeOptions {
  period: PeriodUnit;
  /** Analysis date: events after it are not known yet; its period is incomplete unless as-of is its last day. */
  asOf: string;
  samePeriodChurn?: SamePeriodChurnConvention;
  /**
   * Reactivation window in days: a return more than this many days after the churn counts as a new
   * customer rather than a reactivation. Default: any time (null).
   */
  reactivationWindowDays?: number | null;
}

export interface ChurnPeriod {
  period: string;
  /** First day of the period (ISO). */
  start: string;
  /** False for the last period when as-of falls before its last day. */
  complete: boolean;
  customersAtStart: number;
  /** First arrivals (and, with a reactivation window, returns after it). */
  newCustomers: number;
  /** Returns after a churn (within the reactivation window when one is set). */
  reactivated: number;
  churned: number;
  /** Spans starting and ending in this period, whatever the convention (for reconciliation). */
  joinedAndChurned: number;
  /**
   * Customers active at the end of the period (or at as-of for an incomplete one). Always
   * customersAtStart + newCustomers + reactivated − churned − (joinedAndChurned under 'excluded-from-churned').
   */
  customersAtEnd: number;
  /** Churn rate: churned / customersAtStart (null when there were none at start). */
  churnRate: number | null;
  /** Average-customers churn rate: churned / ((customersAtStart + customersAtEnd) / 2). */
  averageCustomersChurnRate: number | null;
  /** Retention rate: 1 − churnRate. */
  retentionRate: number | null;
  /**
   * Daily-sum variant Σ(1 − end/start) over the period's days up to as-of: per day, the customers active at
   * the start of that day who churned on it, over those active at its start (days with nobody active add 0);
   * null when nobody was active at the start of any of its days. Under 'ignored' a same-period span counts
   * in neither; under 'excluded-from-churned' it is active but its churn is not counted.
   */
  dailySumChurnRate: number | null;
}

export interface ChurnOverTime {
  period: PeriodUnit;
  asOf: string;
  samePeriodChurn: SamePeriodChurnConvention;
  reactivationWindowDays: number | null;
  periods: ChurnPeriod[];
}

interface DaySpan {
  start: number;
  end: number | null;
}

/** A customer's spans as day numbers, cut at as-of (later starts dropped, later ends still active), merged. */
function customerSpans(customer: CustomerLifetime, asOfDay: number): DaySpan[] {
  const given = customer.activeSpans ?? [{ start: customer.start, end: customer.churn }];
  const spans = given
    .map((span) => ({ start: dayNumber(span.start), end: span.end == null ? null : dayNumber(span.end) }))
    .filter((span) => span.start <= asOfDay)
    .map((span) => ({ start: span.start, end: span.end != null && span.end > asOfDay ? null : span.end }))
    .sort((a, b) => a.start - b.start);
  const merged: DaySpan[] = [];
  for (const span of spans) {
    if (span.end != null && span.end < span.start) throw new RangeError('A span ends before it starts');
    const last = merged[merged.length - 1];
    if (last && (last.end == null || span.start <= last.end)) {
      last.end = last.end == null || span.end == null ? null : Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

export function churnOverTime(customers: CustomerLifetime[], options: ChurnOverTimeOptions): ChurnOverTime {
  const unit = options.period;
  const convention = options.samePeriodChurn ?? 'counted';
  const window = options.reactivationWindowDays ?? null;
  const asOfDay = dayNumber(options.asOf);
  const lastPeriod = periodIndex(asOfDay, unit);

  const all = customers.map((customer) => customerSpans(customer, asOfDay)).filter((s) => s.length > 0);
  let firstPeriod = lastPeriod;
  for (const spans of all) firstPeriod = Math.min(firstPeriod, periodIndex(spans[0]!.start, unit));
  const count = lastPeriod - firstPeriod + 1;

  const newCustomers = new Float64Array(count);
  const reactivated = new Float64Array(count);
  const churned = new Float64Array(count);
  const joinedAndChurned = new Float64Array(count);
  // Active at the end of period p ⇔ started in a period ≤ p and not churned in a period ≤ p.
  const activeDelta = new Float64Array(count + 1);
  // Per day from the first period's first day to as-of: the change in customers active at the start of
  // the day (a span [start, end) is so on the days start + 1 … end), and the churns of such customers.
  const firstDay = periodStartDay(firstPeriod, unit);
  const days = asOfDay - firstDay + 1;
  const dailyDelta = new Float64Array(days + 1);
  const dailyChurned = new Float64Array(days + 1);

  for (const spans of all) {
    spans.forEach((span, i) => {
      const from = periodIndex(span.start, unit) - firstPeriod;
      const to = span.end == null ? count : periodIndex(span.end, unit) - firstPeriod;
      activeDelta[from]! += 1;
      activeDelta[to]! -= 1;
      const previousEnd = i === 0 ? null : spans[i - 1]!.end;
      const returned = previousEnd != null && (window == null || span.start - previousEnd <= window);
      const arrivals = returned ? reactivated : newCustomers;
      const within = from === to;
      if (within && convention === 'ignored') {
        joinedAndChurned[from]! += 1;
        return;
      }
      const end = span.end == null ? asOfDay + 1 : span.end;
      if (end > span.start) {
        dailyDelta[span.start + 1 - firstDay]! += 1;
        dailyDelta[Math.min(end, asOfDay) + 1 - firstDay]! -= 1;
        if (span.end != null && !(within && convention === 'excluded-from-churned')) {
          dailyChurned[span.end - firstDay]! += 1;
        }
      }
      if (within) {
        joinedAndChurned[from]! += 1;
        arrivals[from]! += 1;
        if (convention === 'counted') churned[to]! += 1;
        return;
      }
      arrivals[from]! += 1;
      if (to < count) churned[to]! += 1;
    });
  }

  // Daily-sum rate per period: Σ churned that day / active at its start, over the days up to as-of.
  const dailySum = new Float64Array(count);
  const dailyActiveDays = new Float64Array(count);
  let activeAtDayStart = 0;
  let dayPeriod = 0;
  for (let d = 0; d < days; d++) {
    activeAtDayStart += dailyDelta[d]!;
    while (periodStartDay(firstPeriod + dayPeriod + 1, unit) <= firstDay + d) dayPeriod++;
    if (activeAtDayStart > 0) {
      dailySum[dayPeriod]! += dailyChurned[d]! / activeAtDayStart;
      dailyActiveDays[dayPeriod]! += 1;
    }
  }

  const periods: ChurnPeriod[] = [];
  let atStart = 0;
  let active = 0;
  for (let p = 0; p < count; p++) {
    active += activeDelta[p]!;
    const churnedHere = churned[p]!;
    const churnRate = ratio(churnedHere, atStart);
    periods.push({
      period: periodLabel(firstPeriod + p, unit),
      start: isoFromDay(periodStartDay(firstPeriod + p, unit)),
      complete: periodComplete(firstPeriod + p, unit, asOfDay),
      customersAtStart: atStart,
      newCustomers: newCustomers[p]!,
      reactivated: reactivated[p]!,
      churned: churnedHere,
      joinedAndChurned: joinedAndChurned[p]!,
      customersAtEnd: active,
      churnRate,
      averageCustomersChurnRate: ratio(churnedHere, (atStart + active) / 2),
      retentionRate: churnRate == null ? null : 1 - churnRate,
      dailySumChurnRate: dailyActiveDays[p]! > 0 ? dailySum[p]! : null,
    });
    atStart = active;
  }
  return {
    period: unit,
    asOf: options.asOf,
    samePeriodChurn: convention,
    reactivationWindowDays: window,
    periods,
  };
}

export interface ChurnKpi {
  /** The latest complete period and its value (null when no complete period has a value). */
  latest: { period: string; value: number } | null;
  previous: { period: string; value: number } | null;
  /** latest − previous. */
  change: number | null;
  /** Unweighted mean of the value over the last (up to) 12 complete periods that have one. */
  trailing12Average: number | null;
  trailingPeriods: number;
}

/** A period's value of some rate, as the KPI header reads it. */
export interface KpiPoint {
  period: string;
  complete: boolean;
  value: number | null;
}

/** KPI header of any per-period rate: latest complete period vs the one before, and the trailing-12 average. */
export function kpiOf(points: readonly KpiPoint[]): ChurnKpi {
  const complete = points
    .filter((p) => p.complete && p.value != null)
    .map((p) => ({ period: p.period, value: p.value as number }));
  const latest = complete[complete.length - 1] ?? null;
  const previous = complete[complete.length - 2] ?? null;
  const trailing = complete.slice(-12);
  return {
    latest,
    previous,
    change: latest && previous ? latest.value - previous.value : null,
    trailing12Average: trailing.length
      ? trailing.reduce((sum, p) => sum + p.value, 0) / trailing.length
      : null,
    trailingPeriods: trailing.length,
  };
}

/** KPI header of one rate of the churn table (or, for MRR rows, any of their rates). */
export function churnKpi<Row extends { period: string; complete: boolean }>(
  periods: readonly Row[],
  metric: { [K in keyof Row]: Row[K] extends number | null ? K : never }[keyof Row],
): ChurnKpi {
  return kpiOf(
    periods.map((p) => ({ period: p.period, complete: p.complete, value: p[metric] as number | null })),
  );
}
