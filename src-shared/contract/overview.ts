import { z } from 'zod';
import { channel, ProjectRef } from './channel';
import { AppliedChurnDefinition } from '../domain/churn-definition';
import { ColumnType, TenureUnit } from '../domain/columns';

export const Overview = z.object({
  /** Every customer id found in any dataset. */
  customers: z.number().int().nonnegative(),
  /** Null when no churn definition applies to the data. */
  churned: z.number().int().nonnegative().nullable(),
  churnShare: z.number().min(0).max(1).nullable(),
  /** Where "churned" comes from, in words the UI shows beside the number (the definition's summary). */
  churnBasis: z.string().nullable(),
  /**
   * The churn definition and as-of date the figures were computed under; null when none applies.
   * (The default only lets older fakes omit it; the service always sets it.)
   */
  definition: AppliedChurnDefinition.nullable().default(null),
  tenure: z
    .object({
      median: z.number(),
      unit: TenureUnit,
      /** How tenure was measured, e.g. "tenure column" or "first activity to churn date (or as-of date)". */
      basis: z.string(),
      customers: z.number().int().nonnegative(),
    })
    .nullable(),
  /** The analysis date (the definition's as-of: set by the user or the latest date in the data). */
  asOf: z.string().nullable(),
  /** Attributes one can break churn down by: the customer file's, then the derived ones. */
  attributes: z.array(z.object({ key: z.string(), name: z.string(), type: ColumnType })),
});
export type Overview = z.infer<typeof Overview>;

export const ChurnGroup = z.object({
  label: z.string(),
  customers: z.number().int().nonnegative(),
  churned: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
});

export const ChurnByAttribute = z.object({
  key: z.string(),
  name: z.string(),
  type: ColumnType,
  /** How numbers or many categories were grouped, in words. */
  grouping: z.string(),
  groups: z.array(ChurnGroup),
  baseRate: z.number().min(0).max(1),
  /** The churn definition the shares were computed under (the service always sets it). */
  definition: AppliedChurnDefinition.nullable().default(null),
});
export type ChurnByAttribute = z.infer<typeof ChurnByAttribute>;

export const overviewChannels = {
  get: channel({
    summary: 'Headline figures of a project: customers, churned, churn share, median tenure.',
    request: z.object({ project: ProjectRef }),
    response: Overview,
  }),
  churnBy: channel({
    summary: 'Churn share per value (or bin) of one attribute, under the applied churn definition.',
    request: z.object({
      project: ProjectRef,
      key: z.string(),
      /** Categories beyond this many are pooled into "Other"; numbers are cut into this many bins at most. */
      maxGroups: z.number().int().min(2).max(50).default(12),
    }),
    response: ChurnByAttribute,
  }),
};
