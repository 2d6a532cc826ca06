import { z } from 'zod';
import { channel, ProjectRef } from './channel';
import { AppliedChurnDefinition } from '../domain/churn-definition';

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
});

export const ChurnKpi = z.object({
  latest: z.object({ period: z.string(), value: z.number() }).nullable(),
  previous: z.object({ period: z.string(), value: z.number() }).nullable(),
  change: z.number().nullable(),
  trailing12Average: z.number().nullable(),
  trailingPeriods: z.number().int().nonnegative(),
});

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
  definition: AppliedChurnDefinition,
  asOf: z.string(),
});
export type ChurnOverTimeResponse = z.infer<typeof ChurnOverTimeResponse>;

export const CohortDefinition = z.enum(['active-in-period', 'active-in-period-or-later']);

export const CohortCell = z.object({
  k: z.number().int().nonnegative(),
  /** Customers retained at period k under the chosen definition, and that share of the cohort. */
  retained: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
  /** False when period k has not fully elapsed at as-of: left out of the average. */
  complete: z.boolean(),
});

export const CohortsResponse = z.object({
  period: PeriodUnit,
  definition: CohortDefinition,
  /** The definition in words, as the view names it. */
  definitionText: z.string(),
  /** Where activity came from: order dates, or (without them) the churn date. */
  activity: z.enum(['transactions', 'churn-date']),
  cohorts: z.array(
    z.object({ key: z.string(), size: z.number().int().positive(), cells: z.array(CohortCell) }),
  ),
  /** Cohort-size-weighted mean share at each k over the cohorts whose cell k is complete. */
  average: z.array(
    z.object({
      k: z.number().int().nonnegative(),
      cohorts: z.number().int().nonnegative(),
      customers: z.number().int().nonnegative(),
      share: z.number().nullable(),
    }),
  ),
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
      samePeriodChurn: SamePeriodChurn.default('counted'),
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
    }),
    response: CohortsResponse,
  }),
};
