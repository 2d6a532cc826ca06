import { z } from 'zod';
import { channel, ProjectRef } from './channel';
import { AppliedChurnDefinition } from '../domain/churn-definition';
import { SegmentFilters } from './customers';

export const PeriodUnit = z.enum(['month', 'week', 'quarter']);

/** Customers who join and churn in the same period: counted in both, left out of churned, or left out of both. */
export const SamePeriodChurn = z.enum(['counted', 'excluded-from-churned', 'ignored']);

export const ChurnPeriod = z.object({
  period: z.string(),
  /** First day of the period (ISO). */
  start: z.string(),
  /** False for the last period when as-of falls before its last day. */
  complete: z.boolean(),
  customersAtStart: z.number().int().nonnegative(),
  newCustomers: z.number().int().nonnegative(),
  reactivated: z.number().int().nonnegative(),
  churned: z.number().int().nonnegative(),
  /** Customers who joined and churned within the period, whatever the convention (for reconciliation). */
  joinedAndChurned: z.number().int().nonnegative(),
  customersAtEnd: z.number().int().nonnegative(),
  /** churned / customers at start (null without customers at start). */
  churnRate: z.number().nullable(),
  /** churned / ((at start + at end) / 2). */
  averageCustomersChurnRate: z.number().nullable(),
  retentionRate: z.number().nullable(),
  /** Daily-sum variant: Σ over the period's days of churned that day / active at the start of that day. */
  dailySumChurnRate: z.number().nullable(),
  /**
   * False when some churn dated in this period cannot be known yet at as-of: churn is dated at the last
   * order (or the subscription's end) but only counts once the inactivity window (or grace period) has
   * passed. Such periods read too low; they are left out of the KPI header and the averages.
   */
  churnObservable: z.boolean(),
});

export const ChurnKpi = z.object({
  latest: z.object({ period: z.string(), value: z.number() }).nullable(),
  previous: z.object({ period: z.string(), value: z.number() }).nullable(),
  change: z.number().nullable(),
  trailing12Average: z.number().nullable(),
  trailingPeriods: z.number().int().nonnegative(),
});

/** MRR movements of one period (subscriptions); amounts in the subscriptions' currency, losses positive. */
export const MrrPeriod = z.object({
  period: z.string(),
  start: z.string(),
  complete: z.boolean(),
  mrrAtStart: z.number(),
  newMrr: z.number(),
  expansion: z.number(),
  contraction: z.number(),
  churned: z.number(),
  reactivation: z.number(),
  mrrAtEnd: z.number(),
  /** Subscriptions that started and ended within the period (they move no MRR). */
  joinedAndChurnedWithinPeriod: z.number().int().nonnegative(),
  grossRevenueChurn: z.number().nullable(),
  netRevenueChurn: z.number().nullable(),
  grossRevenueRetention: z.number().nullable(),
  netRevenueRetention: z.number().nullable(),
});
export type MrrPeriod = z.infer<typeof MrrPeriod>;

export const MrrMovements = z.object({
  periods: z.array(MrrPeriod),
  /** The subscriptions' currency; null when none is given. Mixed currencies are refused (NOT_AVAILABLE). */
  currency: z.string().nullable(),
  /** KPI headers over complete periods. */
  kpi: z.object({ grossRevenueChurn: ChurnKpi, netRevenueRetention: ChurnKpi }),
  /** Subscriptions read, and those on an annual interval whose amount was divided by 12 (or not). */
  subscriptions: z.number().int().nonnegative(),
  annualSubscriptions: z.number().int().nonnegative(),
  annualPlans: z.enum(['normalised', 'as-imported']),
  reactivationWindowDays: z.number().int().positive().nullable(),
  /** The conventions used, in words (churn only when the last subscription ends, …). */
  conventions: z.array(z.string()),
});
export type MrrMovements = z.infer<typeof MrrMovements>;

/**
 * One row of the reconciliation table: the same measure under one convention, per period (aligned with
 * `periods`, or `mrr.periods` for revenue measures) and summarised like the KPI header.
 */
export const ReconciliationRow = z.object({
  id: z.string(),
  measure: z.enum(['customer-churn', 'revenue-churn']),
  label: z.string(),
  /** How this variant counts, in one sentence. */
  description: z.string(),
  /** True for the variant the charts and KPI header use. */
  current: z.boolean(),
  perPeriod: z.array(z.number().nullable()),
  kpi: ChurnKpi,
});
export type ReconciliationRow = z.infer<typeof ReconciliationRow>;

export const ChurnOverTimeResponse = z.object({
  period: PeriodUnit,
  samePeriodChurn: SamePeriodChurn,
  periods: z.array(ChurnPeriod),
  /** KPI header on the churn rate (churned / customers at start) over complete periods. */
  kpi: ChurnKpi,
  /** Customers in the table, and those left out because they have no first activity date. */
  customers: z.number().int().nonnegative(),
  withoutStart: z.number().int().nonnegative(),
  /** How the lifetimes were read, in words. */
  basis: z.string(),
  /** The last day whose churn is fully known at as-of (as-of − window); null when all of it is. */
  churnKnownUntil: z.string().nullable(),
  reactivationWindowDays: z.number().int().positive().nullable(),
  /** MRR movements when the project has subscriptions with MRR; null otherwise. */
  mrr: MrrMovements.nullable(),
  /** The conventions side by side (same-period churn, average customers, daily sum, MRR variants). */
  reconciliation: z.array(ReconciliationRow),
  /** Customers in the segment (all customers without filters). */
  segmentCustomers: z.number().int().nonnegative(),
  definition: AppliedChurnDefinition,
  asOf: z.string(),
});
export type ChurnOverTimeResponse = z.infer<typeof ChurnOverTimeResponse>;

export const CohortDefinition = z.enum([
  'active-in-period',
  'active-in-period-or-later',
  'active-in-bracket',
]);
/** Customers retained, or (subscriptions) the cohort's MRR retained — net revenue retention by cohort. */
export const CohortMeasure = z.enum(['customers', 'revenue']);
/** Default brackets of the bracket view, in periods after the start period. */
export const defaultBrackets: [number, number][] = [
  [1, 1],
  [2, 3],
  [4, 6],
  [7, 12],
  [13, 24],
];

export const CohortCell = z.object({
  k: z.number().int().nonnegative(),
  /** Last period of the cell: k itself, or the bracket's end in the bracket view. */
  kTo: z.number().int().nonnegative(),
  /**
   * Customers retained at period k under the chosen definition (measure 'revenue': the cohort's MRR), and
   * that share of the cohort (revenue: of its MRR at k = 0, may exceed 1; null when that is 0).
   */
  retained: z.number().nonnegative(),
  share: z.number().nonnegative().nullable(),
  /** False when period k has not fully elapsed at as-of: left out of the average. */
  complete: z.boolean(),
});

export const CohortsResponse = z.object({
  period: PeriodUnit,
  definition: CohortDefinition,
  /** The definition in words, as the view names it. */
  definitionText: z.string(),
  measure: CohortMeasure,
  /** The attribute the cohorts are cut by (k counted from each customer's own start); null = start period. */
  by: z.object({ key: z.string(), name: z.string(), grouping: z.string() }).nullable(),
  /** Where activity came from: order dates, subscriptions, or (without them) the churn date. */
  activity: z.enum(['transactions', 'subscriptions', 'churn-date']),
  cohorts: z.array(
    z.object({
      key: z.string(),
      size: z.number().int().positive(),
      /** Measure 'revenue': the cohort's MRR at k = 0 (the base of its shares). */
      startingMrr: z.number().nullable(),
      cells: z.array(CohortCell),
    }),
  ),
  /**
   * Mean share at each k over the cohorts whose cell k is complete, weighted by cohort size (revenue: by
   * starting MRR): Σ retained / Σ base.
   */
  average: z.array(
    z.object({
      k: z.number().int().nonnegative(),
      kTo: z.number().int().nonnegative(),
      cohorts: z.number().int().nonnegative(),
      customers: z.number().int().nonnegative(),
      share: z.number().nullable(),
    }),
  ),
  currency: z.string().nullable(),
  churnDefinition: AppliedChurnDefinition.nullable(),
  asOf: z.string(),
});
export type CohortsResponse = z.infer<typeof CohortsResponse>;

export const retentionChannels = {
  churnOverTime: channel({
    summary: 'Churn per month, week or quarter: customers at start, new, churned, at end, rates, KPI header.',
    request: z.object({
      project: ProjectRef,
      period: PeriodUnit.default('month'),
      // Default: a customer who joins and leaves within a period is new but not churned, so the rate is
      // the share of the customers at the start who left and never exceeds 100%.
      samePeriodChurn: SamePeriodChurn.default('excluded-from-churned'),
      /** A return within this many days of the churn is a reactivation, later a new customer; null = any time. */
      reactivationWindowDays: z.number().int().positive().max(3650).nullable().default(null),
      /** Subscriptions on an annual interval: amount / 12 (normalised) or taken as monthly as imported. */
      annualPlans: z.enum(['normalised', 'as-imported']).default('normalised'),
      filters: SegmentFilters,
    }),
    response: ChurnOverTimeResponse,
  }),
  cohorts: channel({
    summary:
      'Cohort retention: share of each start-period cohort retained k periods later, and the average curve.',
    request: z.object({
      project: ProjectRef,
      period: PeriodUnit.default('month'),
      definition: CohortDefinition.default('active-in-period'),
      measure: CohortMeasure.default('customers'),
      /** Attribute key to cut cohorts by instead of the start period. */
      by: z.string().optional(),
      /** Brackets of k for 'active-in-bracket' (inclusive, increasing, not overlapping). */
      brackets: z
        .array(z.tuple([z.number().int().positive(), z.number().int().positive()]))
        .min(1)
        .max(24)
        .optional(),
      filters: SegmentFilters,
    }),
    response: CohortsResponse,
  }),
};
