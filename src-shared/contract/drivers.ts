import { z } from 'zod';
import { channel, ProjectRef } from './channel';
import { SegmentFilters } from './customers';
import { AppliedChurnDefinition } from '../domain/churn-definition';
import { ColumnType } from '../domain/columns';

export const DriverGroup = z.object({
  label: z.string(),
  customers: z.number().int().nonnegative(),
  churned: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
  /** Wilson 95% interval of the share (R: prop.test(churned, customers, correct = FALSE)$conf.int). */
  lower: z.number().min(0).max(1),
  upper: z.number().min(0).max(1),
  /** share / the attribute's base rate (1 = like everybody). */
  lift: z.number().nullable(),
});

export const DriverTest = z.object({
  /** 'chi-square' for categories; 'mann-whitney' for numbers (rank-sum on the raw values). */
  method: z.enum(['chi-square', 'mann-whitney']),
  /** Chi-square: X²; Mann–Whitney: W as R's wilcox.test(x ~ churned) reports it. */
  statistic: z.number(),
  /** Degrees of freedom (chi-square); null for Mann–Whitney. */
  df: z.number().int().nullable(),
  p: z.number().min(0).max(1),
});

export const Driver = z.object({
  key: z.string(),
  name: z.string(),
  type: ColumnType,
  kind: z.enum(['categorical', 'numeric']),
  /** How values were grouped, in words. */
  grouping: z.string(),
  /** Customers with a value and a known churn state, and how many of them churned. */
  customers: z.number().int().nonnegative(),
  churned: z.number().int().nonnegative(),
  /** Customers without a value (numbers: left out; categories: a "(missing)" group). */
  missing: z.number().int().nonnegative(),
  groups: z.array(DriverGroup),
  /** The primary test: chi-square for categories, Mann–Whitney for numbers. */
  test: DriverTest.nullable(),
  /** Numbers: chi-square on the binned table (the one Cramér's V and IV are computed from). */
  binnedChiSquare: DriverTest.nullable(),
  cramersV: z.number().nullable(),
  informationValue: z.number().nullable(),
  /** 1 = strongest association (Cramér's V, then information value). */
  rank: z.number().int().positive(),
});
export type Driver = z.infer<typeof Driver>;

export const DriversResponse = z.object({
  drivers: z.array(Driver),
  /** Attributes left out, each with why (id-like, constant, derived from the churn date, …). */
  skipped: z.array(z.object({ key: z.string(), name: z.string(), reason: z.string() })),
  /** Churn share over every customer whose churn state is known. */
  baseRate: z.number().min(0).max(1),
  customers: z.number().int().nonnegative(),
  churned: z.number().int().nonnegative(),
  definition: AppliedChurnDefinition,
  asOf: z.string().nullable(),
});
export type DriversResponse = z.infer<typeof DriversResponse>;

export const driversChannels = {
  list: channel({
    summary: "Churn drivers: every attribute ranked by association with churn (Cramér's V, IV, tests).",
    request: z.object({
      project: ProjectRef,
      /** Categories beyond this many are pooled into "Other"; numbers are cut into this many bins at most. */
      maxGroups: z.number().int().min(2).max(50).default(10),
      filters: SegmentFilters,
    }),
    response: DriversResponse,
  }),
};
