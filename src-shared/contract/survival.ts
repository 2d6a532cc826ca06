import { z } from 'zod';
import { channel, ProjectRef } from './channel';
import { SegmentFilters } from './customers';
import { AppliedChurnDefinition } from '../domain/churn-definition';

/** Unit of the survival time: tenure in days, or in months of 365.25 / 12 days. */
export const SurvivalUnit = z.enum(['days', 'months']);
export type SurvivalUnit = z.infer<typeof SurvivalUnit>;

/**
 * A number that may be missing: R's NA (a confidence limit where the transform is undefined) and R's
 * Inf (the standard error once the curve reaches 0) both become null, since JSON has neither.
 */
const MaybeNumber = z.number().nullable();

export const SurvivalPoint = z.object({
  time: z.number(),
  atRisk: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  censored: z.number().int().nonnegative(),
  survival: z.number(),
  /** Greenwood standard error of the cumulative hazard (R's fit$std.err); null where R has Inf. */
  stdErr: MaybeNumber,
  lower: MaybeNumber,
  upper: MaybeNumber,
});

export const SurvivalGroup = z.object({
  /** The group's value ("Month-to-month"), "All customers" without groupBy, "(missing)" for no value. */
  key: z.string(),
  n: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  /** One entry per distinct time (event or censoring). */
  points: z.array(SurvivalPoint),
  /** Median lifetime and its confidence interval (R's quantile(fit, 0.5)); null where not reached. */
  median: z.object({ value: MaybeNumber, lower: MaybeNumber, upper: MaybeNumber }),
  survivalAt: z.array(
    z.object({ time: z.number(), survival: z.number(), lower: MaybeNumber, upper: MaybeNumber }),
  ),
  /** Restricted mean survival time up to tau (R's summary(fit, rmean = tau)). */
  rmst: z.object({ tau: z.number(), value: z.number(), stdErr: z.number() }).nullable(),
});

export const SurvivalExcluded = z.object({
  /** Customers left out of the analysis, for either reason below. */
  customers: z.number().int().nonnegative(),
  /** Churned or not is unknown. */
  unknownChurn: z.number().int().nonnegative(),
  /** Tenure is unknown (or negative: a churn date before the first activity). */
  unknownTenure: z.number().int().nonnegative(),
});

export const SurvivalCurves = z.object({
  groups: z.array(SurvivalGroup),
  /** Log-rank test between the groups (R's survdiff); null with fewer than two groups. */
  logRank: z.object({ chisq: z.number(), df: z.number().int().nonnegative(), p: z.number() }).nullable(),
  /** The churn definition's one-sentence summary. */
  definition: z.string().nullable(),
  /** The applied churn definition in full. */
  churnDefinition: AppliedChurnDefinition.nullable(),
  asOf: z.string().nullable(),
  unit: SurvivalUnit,
  conf: z.enum(['log', 'log-log', 'plain']),
  /** What groupBy was and how its values were grouped. */
  groupBy: z.object({ key: z.string(), name: z.string(), grouping: z.string() }).nullable(),
  excluded: SurvivalExcluded,
});
export type SurvivalCurves = z.infer<typeof SurvivalCurves>;

export const CoxCoefficient = z.object({
  term: z.string(),
  /** null where the term is collinear with the others (R's NA). */
  coef: MaybeNumber,
  se: MaybeNumber,
  hazardRatio: MaybeNumber,
  lower: MaybeNumber,
  upper: MaybeNumber,
  z: MaybeNumber,
  p: MaybeNumber,
});

export const CoxModel = z.object({
  coefficients: z.array(CoxCoefficient),
  logLik: z.number(),
  nullLogLik: z.number(),
  likelihoodRatio: z.object({ chisq: z.number(), df: z.number(), p: z.number() }),
  concordance: z.number(),
  n: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  /** Customers left out: unknown churn or tenure, or a covariate missing. */
  dropped: z.number().int().nonnegative(),
  /** The reference level of each categorical covariate, by its name. */
  references: z.record(z.string(), z.string()),
  ties: z.enum(['efron', 'breslow']),
  converged: z.boolean(),
  warnings: z.array(z.string()),
  definition: z.string().nullable(),
  churnDefinition: AppliedChurnDefinition.nullable(),
  asOf: z.string().nullable(),
  unit: SurvivalUnit,
});
export type CoxModel = z.infer<typeof CoxModel>;

export const survivalChannels = {
  km: channel({
    summary: 'Kaplan–Meier curves of tenure until churn (by an attribute), medians, RMST, log-rank.',
    request: z.object({
      project: ProjectRef,
      /** Attribute key to draw one curve per value (or bin) of. */
      groupBy: z.string().optional(),
      conf: z.enum(['log', 'log-log', 'plain']).default('log'),
      unit: SurvivalUnit.default('months'),
      /** Survival at these times (in `unit`); default 3, 6, 12 and 24 months. */
      times: z.array(z.number().nonnegative()).max(100).optional(),
      /** Horizon of the restricted mean (in `unit`); default the longest tenure of any customer. */
      tau: z.number().positive().optional(),
      /** Categories beyond this many are pooled into "Other"; numbers are cut into this many bins at most. */
      maxGroups: z.number().int().min(2).max(50).default(12),
      filters: SegmentFilters,
    }),
    response: SurvivalCurves,
  }),
  cox: channel({
    summary: 'Cox proportional hazards model of churn on chosen attributes (hazard ratios, CI, p).',
    request: z.object({
      project: ProjectRef,
      covariates: z.array(z.string()).min(1).max(50),
      /** Reference level per categorical covariate key (default: the first level, as R). */
      references: z.record(z.string(), z.string()).optional(),
      ties: z.enum(['efron', 'breslow']).default('efron'),
      unit: SurvivalUnit.default('months'),
      filters: SegmentFilters,
    }),
    response: CoxModel,
  }),
};
