import { z } from 'zod';

/**
 * What "churned" means in a project. A project setting the user sees and changes; every analysis
 * states the definition it used and the analysis date ("as of").
 * - flag: the customer table's churned column says so (churn date = its end date, when mapped); without a
 *   churned column, a customer with an end date in the customer table is churned.
 * - contractual: every subscription has ended and none started again within `graceDays` of the last end.
 * - non-contractual: no order for `inactivityDays` up to the as-of date (null: chosen from the data's
 *   inter-purchase times, with the reasoning shown).
 */
export const ChurnDefinition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('flag') }),
  z.object({ kind: z.literal('contractual'), graceDays: z.number().int().min(0).max(3650).default(30) }),
  z.object({
    kind: z.literal('non-contractual'),
    inactivityDays: z.number().int().min(1).max(3650).nullable().default(null),
  }),
]);
export type ChurnDefinition = z.infer<typeof ChurnDefinition>;

/** The project's churn setting: the definition, and the as-of date (null: the latest date in the data). */
export const ChurnSetting = z.object({
  definition: ChurnDefinition.nullable(),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
});
export type ChurnSetting = z.infer<typeof ChurnSetting>;

/** The definition as applied: what every analysis shows beside its numbers. */
export const AppliedChurnDefinition = z.object({
  definition: ChurnDefinition,
  /** Resolved parameters (e.g. the inactivity days chosen from the data). */
  graceDays: z.number().int().nullable(),
  inactivityDays: z.number().int().nullable(),
  /** Null only when the data has no dates at all (a customer table with a flag and a tenure column). */
  asOf: z.string().nullable(),
  /** Whether asOf was set by the user, is the latest date in the data, or there is none. */
  asOfSource: z.enum(['user', 'data', 'none']),
  /** One sentence: "Churned = no order for 180 days before 1998-06-30." */
  summary: z.string(),
  /** A plain-language paragraph: how it is computed and, when chosen automatically, why. */
  explanation: z.string(),
});
export type AppliedChurnDefinition = z.infer<typeof AppliedChurnDefinition>;
