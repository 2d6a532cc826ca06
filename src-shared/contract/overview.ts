import { z } from 'zod';
import { channel, ProjectRef } from './channel';
import { ColumnType, TenureUnit } from '../domain/columns';

export const Overview = z.object({
  customers: z.number().int().nonnegative(),
  /** Null when the project has no churn information (no churned flag and no end dates). */
  churned: z.number().int().nonnegative().nullable(),
  churnShare: z.number().min(0).max(1).nullable(),
  /** Where "churned" comes from, in words the UI shows beside the number. */
  churnBasis: z.string().nullable(),
  tenure: z
    .object({
      median: z.number(),
      unit: TenureUnit,
      /** How tenure was measured, e.g. "tenure column" or "start date to end date (or as-of date)". */
      basis: z.string(),
      customers: z.number().int().nonnegative(),
    })
    .nullable(),
  /** The date the data describes (the latest date in it), when it has dates. */
  asOf: z.string().nullable(),
  /** Attributes one can break churn down by. */
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
});
export type ChurnByAttribute = z.infer<typeof ChurnByAttribute>;

export const overviewChannels = {
  get: channel({
    summary: 'Headline figures of a project: customers, churned, churn share, median tenure.',
    request: z.object({ project: ProjectRef }),
    response: Overview,
  }),
  churnBy: channel({
    summary: 'Churn share per value (or bin) of one attribute.',
    request: z.object({
      project: ProjectRef,
      key: z.string(),
      /** Categories beyond this many are pooled into "Other"; numbers are cut into this many bins at most. */
      maxGroups: z.number().int().min(2).max(50).default(12),
    }),
    response: ChurnByAttribute,
  }),
};
