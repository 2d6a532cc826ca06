import { z } from 'zod';
import { channel, JobProgress, ProjectRef } from './channel';
import { AppliedChurnDefinition, ChurnSetting } from '../domain/churn-definition';

/** Whether a definition can be used with the data the project holds, and why not. */
export const DefinitionOption = z.object({
  kind: z.enum(['flag', 'contractual', 'non-contractual']),
  available: z.boolean(),
  /** What it needs or why it is unavailable, in words ("needs a subscriptions dataset"). */
  note: z.string(),
});

/** Inter-purchase times, for choosing (and showing the choice of) the non-contractual inactivity window. */
export const InterPurchaseTimes = z.object({
  /** Gaps between consecutive orders of the same customer. */
  gaps: z.number().int().nonnegative(),
  customersWithRepeatOrders: z.number().int().nonnegative(),
  median: z.number().nullable(),
  p75: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  /** Histogram of gaps in days: [from, to) and count. */
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int().nonnegative() })),
});
export type InterPurchaseTimes = z.infer<typeof InterPurchaseTimes>;

export const ChurnDefinitionState = z.object({
  setting: ChurnSetting,
  /** The definition in force (the setting, or the default for the data); null when no data can say churn. */
  applied: AppliedChurnDefinition.nullable(),
  options: z.array(DefinitionOption),
  interPurchase: InterPurchaseTimes.nullable(),
  /** Customers the view holds and how many are churned under the applied definition. */
  customers: z.number().int().nonnegative(),
  churned: z.number().int().nonnegative().nullable(),
});
export type ChurnDefinitionState = z.infer<typeof ChurnDefinitionState>;

export const churnChannels = {
  definition: channel({
    summary: "The project's churn definition, the alternatives the data allows, and the as-of date.",
    request: z.object({ project: ProjectRef }),
    response: ChurnDefinitionState,
  }),
  setDefinition: channel({
    summary: 'Change the churn definition or as-of date; the customer view is recomputed.',
    request: z.object({ project: ProjectRef, setting: ChurnSetting }),
    response: ChurnDefinitionState,
    progress: JobProgress,
  }),
};
