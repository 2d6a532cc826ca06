import { z } from 'zod';
import { channel, JobProgress, ProjectRef } from './channel';

/**
 * value.*: what a customer is worth. RFM segments; the "buy till you die" models (BG/NBD, Pareto/NBD)
 * with Gamma-Gamma spend and CLV for non-contractual data (transactions); the shifted-beta-geometric
 * model for subscriptions; value tiers (CLV deciles) as a segment everywhere else.
 */

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const TimeUnit = z.enum(['day', 'week', 'month']);
export type TimeUnit = z.infer<typeof TimeUnit>;

export const BtydModelKind = z.enum(['bgnbd', 'pareto']);
export type BtydModelKind = z.infer<typeof BtydModelKind>;

export const RfmSegment = z.enum([
  'Champions',
  'Loyal',
  'Potential loyalists',
  'New',
  'Promising',
  'Need attention',
  'About to sleep',
  'At risk',
  "Can't lose them",
  'Hibernating',
  'Lost',
]);
export type RfmSegment = z.infer<typeof RfmSegment>;

const Count = z.number().int().nonnegative();

export const RfmSegmentRow = z.object({
  segment: RfmSegment,
  description: z.string(),
  action: z.string(),
  /** The R×F cells of the segment, in words ("R 4–5, F 4–5"). */
  rule: z.string(),
  customers: Count,
  revenue: z.number(),
  revenueShare: z.number(),
  meanRecency: z.number().nullable(),
  meanFrequency: z.number().nullable(),
  meanMonetary: z.number().nullable(),
});
export type RfmSegmentRow = z.infer<typeof RfmSegmentRow>;

export const RfmResult = z.object({
  asOf: IsoDate,
  customers: Count,
  /** Transactions dated after as-of, left out. */
  ignoredAfterAsOf: Count,
  segments: z.array(RfmSegmentRow),
  /** The 25 cells of the recency × frequency grid. */
  grid: z.array(
    z.object({
      r: z.number().int(),
      f: z.number().int(),
      customers: Count,
      revenue: z.number(),
      segment: RfmSegment,
    }),
  ),
  /** How recency, frequency and monetary are measured and scored, in words (ties, quintiles). */
  method: z.array(z.string()),
});
export type RfmResult = z.infer<typeof RfmResult>;

const Estimate = z.object({ name: z.string(), value: z.number(), se: z.number().nullable() });

/** One maximum-likelihood fit: parameters with standard errors and how the optimiser fared. */
export const ModelFit = z.object({
  params: z.array(Estimate),
  logLik: z.number(),
  converged: z.boolean(),
  iterations: Count,
  starts: Count,
  convergedStarts: Count,
  warnings: z.array(z.string()),
});
export type ModelFit = z.infer<typeof ModelFit>;

export const ClvSettings = z.object({
  /** Margin on revenue, 0–1. */
  margin: z.number().min(0).max(1).default(0.3),
  /** Annual discount rate, 0–1. */
  discount: z.number().min(0).max(1).default(0.1),
  /** Horizon in months. */
  horizonMonths: z.number().int().min(1).max(240).default(12),
});
export type ClvSettings = z.infer<typeof ClvSettings>;

export const ClvSummary = ClvSettings.extend({
  customers: Count,
  total: z.number(),
  mean: z.number().nullable(),
  /** CLV deciles: 10 is the top 10% of customers by CLV. */
  deciles: z.array(
    z.object({
      decile: z.number().int().min(1).max(10),
      customers: Count,
      minClv: z.number(),
      maxClv: z.number(),
      total: z.number(),
    }),
  ),
});
export type ClvSummary = z.infer<typeof ClvSummary>;

export const FitRequest = z.object({
  project: ProjectRef,
  model: BtydModelKind.default('bgnbd'),
  /** End of the calibration period (inclusive). Default: half-way between the first and the last purchase. */
  calibrationEnd: IsoDate.optional(),
  unit: TimeUnit.default('week'),
  clv: ClvSettings.default({ margin: 0.3, discount: 0.1, horizonMonths: 12 }),
  /**
   * What the per-customer predictions (P(alive), expected purchases, CLV) use: the model refitted on all
   * data up to the last purchase (default: validate on the hold-out, then predict from everything), or
   * the calibration fit itself, with each customer as of the calibration end.
   */
  predictFrom: z.enum(['all-data', 'calibration']).default('all-data'),
  name: z.string().min(1).max(120).optional(),
});
export type FitRequest = z.infer<typeof FitRequest>;

export const FitResult = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  model: BtydModelKind,
  createdAt: z.string(),
  unit: TimeUnit,
  unitDays: z.number(),
  firstPurchase: IsoDate,
  calibrationEnd: IsoDate,
  holdoutEnd: IsoDate,
  predictFrom: z.enum(['all-data', 'calibration']),
  /** The date the per-customer predictions are as of. */
  predictedAt: IsoDate,
  /** Hold-out length in units (0 when calibration runs to the last purchase). */
  holdoutLength: z.number(),
  /** How the per-customer summary was built, in words (same-day orders merged, unit, split). */
  summaryNotes: z.array(z.string()),
  customers: Count,
  repeatBuyers: Count,
  excludedLateCustomers: Count,
  mergedSameDayRows: Count,
  /** The purchase model fitted on the calibration period (what the hold-out check tests). */
  fit: ModelFit,
  /** Predicted vs actual mean hold-out repeat purchases by calibration frequency (x; the last bucket is "7+"). */
  holdoutByFrequency: z.array(
    z.object({ x: Count, label: z.string(), customers: Count, actual: z.number(), predicted: z.number() }),
  ),
  /** Cumulative repeat purchases per unit period from the first purchase in the log: actual vs the model. */
  tracking: z.array(
    z.object({ period: Count, actual: z.number(), predicted: z.number(), calibration: z.boolean() }),
  ),
  /** P(alive) and expected purchases (next `horizon` units) over frequency × recency, at T = the typical customer age. */
  grid: z.object({
    T: z.number(),
    horizon: z.number(),
    x: z.array(z.number()),
    tx: z.array(z.number()),
    pAlive: z.array(z.array(z.number())),
    expected: z.array(z.array(z.number())),
  }),
  /** The purchase model the customer predictions use: refitted on all data, or the calibration fit itself. */
  scoringFit: ModelFit,
  /** Gamma-Gamma spend model, fitted on the calibration period's repeat buyers. */
  spend: ModelFit.extend({
    customers: Count,
    populationMean: z.number().nullable(),
    correlation: z.object({ pearson: z.number().nullable(), n: Count, warning: z.string().nullable() }),
  }).nullable(),
  clv: ClvSummary,
  warnings: z.array(z.string()),
});
export type FitResult = z.infer<typeof FitResult>;

export const ValueModelSummary = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  model: BtydModelKind,
  createdAt: z.string(),
  unit: TimeUnit,
  calibrationEnd: IsoDate,
  customers: Count,
  logLik: z.number(),
  clv: ClvSettings,
  /** False when an import or undo came after the fit: refit to use it. */
  current: z.boolean(),
});
export type ValueModelSummary = z.infer<typeof ValueModelSummary>;

export const ValueCustomer = z.object({
  customerId: z.string(),
  x: Count,
  tx: z.number(),
  T: z.number(),
  zbar: z.number(),
  pAlive: z.number(),
  /** Expected purchases over the CLV horizon. */
  expectedPurchases: z.number(),
  expectedSpend: z.number().nullable(),
  clv: z.number().nullable(),
  decile: z.number().int().min(1).max(10).nullable(),
  rfmSegment: RfmSegment.nullable(),
  riskTier: z.enum(['low', 'medium', 'high']).nullable(),
});
export type ValueCustomer = z.infer<typeof ValueCustomer>;

const ModelRef = z.union([z.number().int().positive(), z.string().min(1)]);

export const ValueCustomersRequest = z.object({
  project: ProjectRef,
  model: ModelRef,
  sort: z.enum(['clv', 'pAlive', 'expectedPurchases', 'expectedSpend', 'x', 'customerId']).default('clv'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  rfmSegment: RfmSegment.optional(),
  decile: z.number().int().min(1).max(10).optional(),
  riskTier: z.enum(['low', 'medium', 'high']).optional(),
  offset: Count.default(0),
  limit: z.number().int().min(1).max(5000).default(100),
});

export const ValueTiersResult = z.object({
  modelId: z.number().int().positive(),
  /** The risk model whose tiers cross the value tiers, when a scored one exists. */
  riskModel: z.string().nullable(),
  cells: z.array(
    z.object({
      decile: z.number().int().min(1).max(10),
      riskTier: z.enum(['low', 'medium', 'high', 'unscored']),
      customers: Count,
      clv: z.number(),
    }),
  ),
});
export type ValueTiersResult = z.infer<typeof ValueTiersResult>;

export const SbgResult = z.object({
  source: z.string(),
  survivors: z.array(z.number()),
  alpha: z.number(),
  beta: z.number(),
  se: z.object({ alpha: z.number().nullable(), beta: z.number().nullable() }),
  logLik: z.number(),
  converged: z.boolean(),
  warnings: z.array(z.string()),
  /** S(t) for t = 0 … periods fitted + projection, and the actual share where observed. */
  projected: z.array(
    z.object({
      period: Count,
      survival: z.number(),
      actual: z.number().nullable(),
      retention: z.number().nullable(),
    }),
  ),
  periodLabel: z.string(),
  /** Discounted expected lifetime of a new customer, in payments, at `discount` per period. */
  del: z.number(),
  /** Discounted expected residual lifetime of a customer who has just made their first renewal. */
  derl: z.number(),
  /** The discount rate per period used (for a project: the annual rate compounded down to a month or a year). */
  discount: z.number(),
  /** The annual rate asked for, when the periods are months or years of a project; null for a survivor series. */
  annualDiscount: z.number().nullable(),
  /** Value with the recurring revenue per period, when known: DEL × ARPU × margin. */
  valuePerCustomer: z.number().nullable(),
  /** The naive formula ARPU × margin / churn rate, for comparison (labelled as such). */
  naive: z
    .object({
      arpu: z.number(),
      churnRate: z.number(),
      margin: z.number(),
      clv: z.number().nullable(),
      note: z.string(),
    })
    .nullable(),
});
export type SbgResult = z.infer<typeof SbgResult>;

export const valueChannels = {
  rfm: channel({
    summary:
      'RFM scores and segments of every customer with transactions, as of a date; stored for drill-down.',
    request: z.object({ project: ProjectRef, asOf: IsoDate.optional() }),
    response: RfmResult,
    progress: JobProgress,
  }),
  fit: channel({
    summary:
      'Fit BG/NBD or Pareto/NBD with Gamma-Gamma spend on the transactions: hold-out check, P(alive), CLV; saved.',
    request: FitRequest,
    response: FitResult,
    progress: JobProgress,
  }),
  models: channel({
    summary: 'The saved customer-value fits of the project.',
    request: z.object({ project: ProjectRef }),
    response: z.object({ models: z.array(ValueModelSummary) }),
  }),
  model: channel({
    summary: 'A saved customer-value fit, in full.',
    request: z.object({ project: ProjectRef, model: ModelRef }),
    response: FitResult,
  }),
  deleteModel: channel({
    summary: 'Delete a saved customer-value fit and its per-customer values.',
    request: z.object({ project: ProjectRef, model: ModelRef }),
    response: z.object({ models: z.array(ValueModelSummary) }),
  }),
  clv: channel({
    summary: 'Recompute CLV of a saved fit for a new margin, discount rate or horizon (no refit).',
    request: z.object({ project: ProjectRef, model: ModelRef, clv: ClvSettings }),
    response: ClvSummary,
  }),
  customers: channel({
    summary:
      'A page of a fit’s customers: P(alive), expected purchases and spend, CLV, RFM segment, risk tier.',
    request: ValueCustomersRequest,
    response: z.object({ total: Count, offset: Count, customers: z.array(ValueCustomer) }),
  }),
  tiers: channel({
    summary: 'Value tiers (CLV deciles) crossed with the churn-risk tiers of the latest scored risk model.',
    request: z.object({ project: ProjectRef, model: ModelRef }),
    response: ValueTiersResult,
  }),
  sbg: channel({
    summary:
      'Shifted-beta-geometric retention model: from a survivor series, or from the project’s subscription cohorts.',
    request: z.union([
      z.object({
        survivors: z.array(z.number().nonnegative()).min(3),
        discount: z.number().min(0).max(1).default(0.1),
        projectPeriods: z.number().int().min(0).max(60).default(5),
      }),
      z.object({
        project: ProjectRef,
        period: z.enum(['month', 'year']).default('month'),
        /** Annual discount rate; converted to the period's rate by compounding. */
        discount: z.number().min(0).max(1).default(0.1),
        margin: z.number().min(0).max(1).default(0.3),
        projectPeriods: z.number().int().min(0).max(60).default(12),
      }),
    ]),
    response: SbgResult,
  }),
};
