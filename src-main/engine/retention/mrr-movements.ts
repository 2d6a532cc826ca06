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
 * MRR movements per month from subscriptions. A subscription is active over the days [start, end) (end =
 * cancellation date, null = open) and contributes its monthly MRR (annual plans: the caller gives
 * annual / 12). A customer's MRR is compared at period boundaries — at the end of the last day before the
 * period and at the end of its last day (or of as-of for an incomplete period) — and the difference is
 * classified per customer:
 *  - 0 → >0: new, or reactivation when the customer had a subscription that started before the period;
 *  - >0 → 0: churned (only when the customer's last subscription has ended);
 *  - up: expansion; down: contraction (one of several subscriptions ending is a contraction).
 * A subscription that starts and ends inside one period never shows in a boundary snapshot: it moves no
 * MRR and is reported apart (joinedAndChurnedWithinPeriod).
 */

export interface Subscription {
  customer: string;
  start: string;
  end: string | null;
  mrr: number;
}

export interface MrrOptions {
  asOf: string;
  period?: PeriodUnit;
  /**
   * Reactivation window in days: MRR returning more than this many days after the customer's previous
   * subscription ended counts as new MRR. Default: any time (null).
   */
  reactivationWindowDays?: number | null;
}

export interface MrrPeriod {
  period: string;
  start: string;
  complete: boolean;
  mrrAtStart: number;
  newMrr: number;
  expansion: number;
  /** Positive amounts: the MRR lost to contraction and churn. */
  contraction: number;
  churned: number;
  reactivation: number;
  /** mrrAtStart + new + expansion − contraction − churned + reactivation. */
  mrrAtEnd: number;
  /** Subscriptions that started and ended within this period (no effect on the movements). */
  joinedAndChurnedWithinPeriod: number;
  /** Gross revenue churn = (churned + contraction) / mrrAtStart. */
  grossRevenueChurn: number | null;
  /** Net revenue churn = (churned + contraction − expansion) / mrrAtStart (reactivation not offset). */
  netRevenueChurn: number | null;
  /** GRR = (mrrAtStart − churned − contraction) / mrrAtStart = 1 − gross revenue churn. */
  grossRevenueRetention: number | null;
  /** NRR = (mrrAtStart − churned − contraction + expansion) / mrrAtStart = 1 − net revenue churn. */
  netRevenueRetention: number | null;
}

export function mrrMovements(subscriptions: Subscription[], options: MrrOptions): MrrPeriod[] {
  const unit = options.period ?? 'month';
  const asOfDay = dayNumber(options.asOf);
  const lastPeriod = periodIndex(asOfDay, unit);

  const byCustomer = new Map<string, { start: number; end: number | null; mrr: number }[]>();
  let firstPeriod = lastPeriod;
  for (const subscription of subscriptions) {
    const start = dayNumber(subscription.start);
    if (start > asOfDay) continue;
    const endDay = subscription.end == null ? null : dayNumber(subscription.end);
    const end = endDay != null && endDay > asOfDay ? null : endDay;
    if (end != null && end < start) throw new RangeError('A subscription ends before it starts');
    if (!(Number.isFinite(subscription.mrr) && subscription.mrr >= 0)) {
      throw new RangeError(`MRR must be a finite amount ≥ 0: ${subscription.mrr}`);
    }
    firstPeriod = Math.min(firstPeriod, periodIndex(start, unit));
    const list = byCustomer.get(subscription.customer) ?? [];
    list.push({ start, end, mrr: subscription.mrr });
    byCustomer.set(subscription.customer, list);
  }
  const count = lastPeriod - firstPeriod + 1;
  const zeros = () => new Float64Array(count);
  const [atStart, added, expansion, contraction, churned, reactivation, atEnd, within] = [
    zeros(),
    zeros(),
    zeros(),
    zeros(),
    zeros(),
    zeros(),
    zeros(),
    zeros(),
  ];

  const window = options.reactivationWindowDays ?? null;
  /** Whether MRR coming back in period p comes within the window after the previous subscription ended. */
  const returnedInWindow = (list: { start: number; end: number | null }[], p: number): boolean => {
    if (window == null) return true;
    const periodEnd = periodStartDay(firstPeriod + p + 1, unit);
    let returnStart = Number.POSITIVE_INFINITY;
    for (const s of list) {
      if (s.start >= periodStartDay(firstPeriod + p, unit) && (s.end == null || s.end >= periodEnd)) {
        returnStart = Math.min(returnStart, s.start);
      }
    }
    let previousEnd = Number.NEGATIVE_INFINITY;
    for (const s of list)
      if (s.end != null && s.end <= returnStart) previousEnd = Math.max(previousEnd, s.end);
    return returnStart - previousEnd <= window;
  };

  for (const list of byCustomer.values()) {
    // snapshot[b] = the customer's MRR at boundary b (b = start of period b, b = count: end of the last one).
    // A subscription is in the snapshot at b when it started in a period < b and ended in a period ≥ b.
    const snapshot = new Float64Array(count + 1);
    let firstStart = count;
    for (const s of list) {
      const from = periodIndex(s.start, unit) - firstPeriod;
      const to = s.end == null ? count : periodIndex(s.end, unit) - firstPeriod;
      firstStart = Math.min(firstStart, from);
      if (from === to) within[from]! += 1;
      for (let b = from + 1; b <= to; b++) snapshot[b]! += s.mrr;
    }
    for (let p = firstStart; p < count; p++) {
      const before = snapshot[p]!;
      const after = snapshot[p + 1]!;
      atStart[p]! += before;
      atEnd[p]! += after;
      if (before === 0 && after > 0) {
        if (p > firstStart && returnedInWindow(list, p)) reactivation[p]! += after;
        else added[p]! += after;
      } else if (before > 0 && after === 0) churned[p]! += before;
      else if (after > before) expansion[p]! += after - before;
      else if (after < before) contraction[p]! += before - after;
    }
  }

  const rows: MrrPeriod[] = [];
  for (let p = 0; p < count; p++) {
    const start = atStart[p]!;
    const lost = churned[p]! + contraction[p]!;
    const ratio = (x: number) => (start > 0 ? x / start : null);
    rows.push({
      period: periodLabel(firstPeriod + p, unit),
      start: isoFromDay(periodStartDay(firstPeriod + p, unit)),
      complete: periodComplete(firstPeriod + p, unit, asOfDay),
      mrrAtStart: start,
      newMrr: added[p]!,
      expansion: expansion[p]!,
      contraction: contraction[p]!,
      churned: churned[p]!,
      reactivation: reactivation[p]!,
      mrrAtEnd: atEnd[p]!,
      joinedAndChurnedWithinPeriod: within[p]!,
      grossRevenueChurn: ratio(lost),
      netRevenueChurn: ratio(lost - expansion[p]!),
      grossRevenueRetention: ratio(start - lost),
      netRevenueRetention: ratio(start - lost + expansion[p]!),
    });
  }
  return rows;
}

/**
 * The other convention for revenue churn: every ended subscription is churned MRR, even when the customer
 * keeps another one (mrrMovements calls that contraction). Per period aligned with mrrMovements' rows:
 * the MRR of subscriptions in the snapshot at the period's start that end within it (by as-of).
 */
export function churnedMrrPerSubscription(subscriptions: Subscription[], options: MrrOptions): number[] {
  const unit = options.period ?? 'month';
  const asOfDay = dayNumber(options.asOf);
  const lastPeriod = periodIndex(asOfDay, unit);
  const kept = subscriptions
    .map((s) => ({ start: dayNumber(s.start), end: s.end == null ? null : dayNumber(s.end), mrr: s.mrr }))
    .filter((s) => s.start <= asOfDay);
  let firstPeriod = lastPeriod;
  for (const s of kept) firstPeriod = Math.min(firstPeriod, periodIndex(s.start, unit));
  const churned = new Array<number>(lastPeriod - firstPeriod + 1).fill(0);
  for (const s of kept) {
    if (s.end == null || s.end > asOfDay) continue;
    const from = periodIndex(s.start, unit);
    const to = periodIndex(s.end, unit);
    if (from < to) churned[to - firstPeriod]! += s.mrr;
  }
  return churned;
}
