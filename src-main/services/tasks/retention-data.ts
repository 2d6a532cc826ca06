import type { AppliedChurnDefinition } from '@shared/domain/churn-definition';
import { monthsPerBillingInterval, type BillingInterval } from '@shared/domain/datasets';
import { AppError } from '@shared/errors';
import type { ActiveSpan, CustomerLifetime } from '../../engine/retention/churn-over-time';
import type { Subscription } from '../../engine/retention/mrr-movements';
import { dayNumber } from '../../engine/retention/periods';
import type { Db } from '../../store/database';
import type { SegmentCondition } from '../../store/segment';

/**
 * What the retention tasks read from the store: customer lifetimes (with the spans of customers who left
 * and came back), subscriptions with their MRR, and activity per customer, always cut to a segment. The
 * segment conditions come from store/segment.ts: `v` for the customer view, the plain id for datasets.
 */

export const noDates = () =>
  new AppError(
    'NOT_AVAILABLE',
    'Churn over time and cohorts need dates: import start dates, subscriptions or transactions.',
  );

/** An empty segment is not a lack of dates: say which it is. */
export const emptySegment = () =>
  new AppError('NOT_AVAILABLE', 'No customer of this segment has a start date and a known churn state.');

export type AnnualPlans = 'normalised' | 'as-imported';

export interface Lifetimes {
  lifetimes: CustomerLifetime[];
  /** Customers with a known churn state (the base of the table), and those without any date. */
  customers: number;
  withoutStart: number;
  /** Whether some lifetimes were read as several spans from the subscriptions. */
  fromSubscriptions: boolean;
}

interface SpanRow {
  start: string;
  end: string | null;
}

/**
 * Union of a customer's subscription intervals, up to as-of (later ends are still open). A gap longer than
 * the grace period is a churn and a return: the same rule the customer view applies at as-of (churned
 * once nothing is open and `graceDays` have passed since the last end), applied at every gap.
 */
export function subscriptionSpans(rows: readonly SpanRow[], asOf: string, graceDays: number): ActiveSpan[] {
  const sorted = rows.filter((row) => row.start <= asOf).sort((a, b) => (a.start < b.start ? -1 : 1));
  const spans: ActiveSpan[] = [];
  for (const row of sorted) {
    const end = row.end !== null && row.end <= asOf ? row.end : null;
    const last = spans[spans.length - 1];
    // Churned on day d when nothing has been open since e and d − e ≥ grace: a return on s is a new span
    // when the day before it already counted as churned, i.e. s − 1 − e ≥ grace.
    if (last && (last.end === null || dayNumber(row.start) - dayNumber(last.end) <= graceDays)) {
      if (last.end !== null) last.end = end === null || end > last.end ? end : last.end;
      continue;
    }
    spans.push({ start: row.start, end });
  }
  return spans;
}

/**
 * One lifetime per customer of the view with a known churn state: from the first activity to the churn
 * date. Under a contractual definition a customer's subscriptions give the spans in between, so leaving
 * and coming back shows as churned and reactivated; the last span ends at the view's churn date (open
 * when the view says the customer has not churned, e.g. within the grace period).
 */
export function readLifetimes(
  db: Db,
  applied: AppliedChurnDefinition,
  asOf: string,
  segment: SegmentCondition,
  datasetSegment: SegmentCondition,
): Lifetimes {
  const rows = db
    .prepare(
      `SELECT v.customer_id, substr(v.first_activity, 1, 10), v.churned, substr(v.churn_date, 1, 10)
       FROM customer_view v WHERE v.churned IS NOT NULL AND ${segment.sql}`,
    )
    .raw()
    .all(...segment.params) as [string, string | null, number, string | null][];
  const spansOf = new Map<string, SpanRow[]>();
  const contractual = applied.definition.kind === 'contractual';
  if (contractual) {
    const spanRows = db
      .prepare(
        `SELECT customer_id, substr(start_date, 1, 10), substr(end_date, 1, 10) FROM subscriptions
         WHERE substr(start_date, 1, 10) <= ? AND ${datasetSegment.sql}`,
      )
      .raw()
      .all(asOf, ...datasetSegment.params) as [string, string, string | null][];
    for (const [id, start, end] of spanRows) {
      if (end !== null && end < start) continue;
      const list = spansOf.get(id) ?? [];
      list.push({ start, end });
      spansOf.set(id, list);
    }
  }
  const lifetimes: CustomerLifetime[] = [];
  let withoutStart = 0;
  let fromSubscriptions = false;
  for (const [id, start, churned, churnDate] of rows) {
    if (start === null) {
      withoutStart++;
      continue;
    }
    // A churned customer without a churn date cannot be placed in a period: treated as still active.
    const churn = churned === 1 && churnDate !== null && churnDate >= start ? churnDate : null;
    const own = spansOf.get(id);
    const spans = own ? subscriptionSpans(own, asOf, applied.graceDays ?? 0) : [];
    if (spans.length > 1) {
      fromSubscriptions = true;
      const first = spans[0]!;
      if (start < first.start) first.start = start;
      const last = spans[spans.length - 1]!;
      last.end = churn !== null && churn >= last.start ? churn : null;
      lifetimes.push({ start, churn, activeSpans: spans });
    } else {
      lifetimes.push({ start, churn });
    }
  }
  return { lifetimes, customers: rows.length, withoutStart, fromSubscriptions };
}

export interface SubscriptionSet {
  /** MRR per subscription with annual (and quarterly) plans normalised to a month. */
  normalised: Subscription[];
  /** The same subscriptions with the MRR column as imported. */
  asImported: Subscription[];
  /** Subscriptions on an annual interval. */
  annual: number;
  currency: string | null;
}

/**
 * Subscriptions with an MRR amount of the segment's customers (null when there are none). Mixed
 * currencies cannot be added up: refused, naming them.
 */
export function readSubscriptions(db: Db, asOf: string, segment: SegmentCondition): SubscriptionSet | null {
  const rows = db
    .prepare(
      `SELECT customer_id, substr(start_date, 1, 10), substr(end_date, 1, 10), mrr, currency, billing_interval
       FROM subscriptions
       WHERE mrr IS NOT NULL AND substr(start_date, 1, 10) <= ? AND ${segment.sql}
         AND (end_date IS NULL OR substr(end_date, 1, 10) >= substr(start_date, 1, 10))`,
    )
    .raw()
    .all(asOf, ...segment.params) as [
    string,
    string,
    string | null,
    number,
    string | null,
    BillingInterval | null,
  ][];
  if (rows.length === 0) return null;
  const currencies = [...new Set(rows.map((row) => row[4]).filter((c): c is string => c !== null))].sort();
  if (currencies.length > 1) {
    throw new AppError(
      'NOT_AVAILABLE',
      `The subscriptions are in several currencies (${currencies.join(', ')}); MRR can only be added up in one.`,
      { currencies },
    );
  }
  const normalised: Subscription[] = [];
  const asImported: Subscription[] = [];
  let annual = 0;
  for (const [customer, start, end, mrr, , billing] of rows) {
    const months = billing === null ? 1 : monthsPerBillingInterval[billing];
    if (billing === 'year') annual++;
    // A negative amount (a credit note imported as a subscription) is no recurring revenue.
    normalised.push({ customer, start, end, mrr: Math.max(0, mrr) / months });
    asImported.push({ customer, start, end, mrr: Math.max(0, mrr) });
  }
  return { normalised, asImported, annual, currency: currencies[0] ?? null };
}

/** Customers of the view in the segment. */
export function segmentSize(db: Db, segment: SegmentCondition): number {
  return db
    .prepare(`SELECT COUNT(*) FROM customer_view v WHERE ${segment.sql}`)
    .pluck()
    .get(...segment.params) as number;
}
