import { z } from 'zod';
import { channel, JobProgress, ProjectRef } from './channel';
import { SegmentFilters } from './customers';

/**
 * Churn-risk prediction (issue 5): which customers are likely to leave, why, and in which risk tier.
 * A model is trained with honest (cross-validated) metrics, saved in the project, then used to score
 * every active customer. The schemas here are the only definition of these shapes.
 */

export const RiskModelKind = z.enum(['logistic', 'gbt']);
export type RiskModelKind = z.infer<typeof RiskModelKind>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/**
 * What is predicted:
 * - `flag`: the customer view's churned flag, for a snapshot table (the telco data): every customer with a
 *   known flag is a row, features are read as they are in the view.
 * - `horizon`: churn within the next `horizonDays` after a cut-off date, for data with dates. Rows are the
 *   customers active at the cut-off (first activity on or before it, not churned by it); features are
 *   computed as of the cut-off only; label = churn date in (cut-off, cut-off + horizonDays]. The cut-off
 *   defaults to the latest date whose outcome is fully observed: the as-of date minus the horizon, minus
 *   the churn definition's delay in seeing a churn (inactivity window + 1 day for an order log, grace
 *   days for subscriptions).
 */
export const RiskTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('flag') }),
  z.object({
    kind: z.literal('horizon'),
    cutoff: IsoDate.optional(),
    horizonDays: z.number().int().min(1).max(3650),
  }),
]);
export type RiskTarget = z.infer<typeof RiskTarget>;

/** Penalty of the logistic model (scikit-learn's C = 1 / weight); none = R's glm, with SEs and p-values. */
export const LogisticPenalty = z.object({
  l2: z.number().nonnegative().optional(),
  l1: z.number().nonnegative().optional(),
});

/**
 * Parameters of the gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier names and
 * defaults; early stopping 'auto' is on above 10,000 training rows, on a seeded 10% validation split).
 */
export const GbtParams = z.object({
  learningRate: z.number().positive().max(1).default(0.1),
  maxLeafNodes: z.number().int().min(2).max(1024).default(31),
  minSamplesLeaf: z.number().int().min(1).default(20),
  maxIter: z.number().int().min(1).max(10_000).default(100),
  l2Regularization: z.number().nonnegative().default(0),
  earlyStopping: z.union([z.boolean(), z.literal('auto')]).default('auto'),
});

/** A candidate feature: a column of the customer view, or one computed as of the cut-off (horizon). */
export const RiskFeature = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  /** How it is read, e.g. "attribute", "the tenure column", "orders before the cut-off". */
  source: z.string(),
});
export type RiskFeature = z.infer<typeof RiskFeature>;

export const ExcludedFeature = z.object({
  key: z.string(),
  name: z.string(),
  /** Why the leakage guard (or the model) leaves it out, in words. */
  reason: z.string(),
});

/** The target in words and in numbers. */
export const TargetDescription = z.object({
  kind: z.enum(['flag', 'horizon']),
  /** One or two sentences: which target, why, what a row and a label are. */
  description: z.string(),
  cutoff: z.string().nullable(),
  horizonDays: z.number().nullable(),
  asOf: z.string().nullable(),
  /** Rows (customers) with a label, and how many are positive (churned / churn within the horizon). */
  rows: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
  /** Customers not used: unknown churn, not active at the cut-off, missing from the given folds. */
  leftOut: z.array(z.object({ reason: z.string(), customers: z.number().int().nonnegative() })),
});
export type TargetDescription = z.infer<typeof TargetDescription>;

export const RiskFeatures = z.object({
  target: TargetDescription,
  /** The features a model may use; the default choice is all of them. */
  features: z.array(RiskFeature),
  excluded: z.array(ExcludedFeature),
});
export type RiskFeatures = z.infer<typeof RiskFeatures>;

/** A curve thinned to at most a few hundred points (every k-th of sklearn's, plus both ends). */
const RocPoint = z.object({ threshold: z.number().nullable(), fpr: z.number(), tpr: z.number() });
const PrPoint = z.object({ threshold: z.number().nullable(), precision: z.number(), recall: z.number() });
const GainsPoint = z.object({
  targeted: z.number(),
  customers: z.number().int().nonnegative(),
  captured: z.number().nullable(),
  lift: z.number().nullable(),
});
const CalibrationPoint = z.object({
  predicted: z.number(),
  observed: z.number(),
  count: z.number().int().nonnegative(),
});

export const RiskCoefficient = z.object({
  term: z.string(),
  /** The term in words ("Contract: One year"); `term` is R's name ("ContractOne year"). */
  label: z.string().optional(),
  /** Per original unit of a numeric column (the fit is on standardised columns, re-expressed). */
  coef: z.number().nullable(),
  se: z.number().nullable(),
  oddsRatio: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  p: z.number().nullable(),
});

/**
 * The inputs of the expected value of a retention campaign: contacting a customer costs `contactCost`;
 * a churner reached is kept with probability `successRate` and is then worth `valueSaved` (in the
 * project's currency). value = TP × valueSaved × successRate − (TP + FP) × contactCost.
 */
export const CampaignCosts = z.object({
  contactCost: z.number().nonnegative().default(10),
  valueSaved: z.number().nonnegative().default(200),
  successRate: z.number().min(0).max(1).default(0.2),
});
export type CampaignCosts = z.output<typeof CampaignCosts>;

/** Confusion counts and the campaign's expected value when every score ≥ threshold is contacted. */
export const ThresholdRow = z.object({
  threshold: z.number(),
  truePositives: z.number().int().nonnegative(),
  falsePositives: z.number().int().nonnegative(),
  trueNegatives: z.number().int().nonnegative(),
  falseNegatives: z.number().int().nonnegative(),
  targeted: z.number().int().nonnegative(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  expectedValue: z.number(),
});
export type ThresholdRow = z.infer<typeof ThresholdRow>;

/** Metrics of the final model on the held-out customers (never seen by cross-validation or the fit). */
export const HoldoutMetrics = z.object({
  fraction: z.number(),
  n: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
  auc: z.number().nullable(),
  prAuc: z.number().nullable(),
  logLoss: z.number(),
  brier: z.number(),
});
export type HoldoutMetrics = z.infer<typeof HoldoutMetrics>;

export const RiskMetrics = z.object({
  model: RiskModelKind,
  /** Held-out folds: AUC, size and positives of each (stratified k-fold, or the given folds). */
  folds: z.array(
    z.object({
      fold: z.number().int().nonnegative(),
      auc: z.number().nullable(),
      n: z.number().int().nonnegative(),
      positives: z.number().int().nonnegative(),
    }),
  ),
  /** Mean and sample SD of the fold AUCs, and a normal 95% interval of the mean (mean ± 1.96 sd/√k). */
  auc: z.object({
    mean: z.number().nullable(),
    sd: z.number().nullable(),
    lower: z.number().nullable(),
    upper: z.number().nullable(),
  }),
  /** Of the pooled out-of-fold predictions. */
  prAuc: z.number().nullable(),
  logLoss: z.number(),
  brier: z.number(),
  baseRate: z.number(),
  coefficients: z.array(RiskCoefficient).optional(),
  /**
   * Trees: per feature, value = mean |SHAP| (exact TreeSHAP, log-odds) over the training rows, and the
   * permutation importance: the drop in training AUC when the feature is shuffled (5 repeats, the seed).
   */
  importance: z
    .array(
      z.object({
        feature: z.string(),
        value: z.number(),
        permutation: z.object({ mean: z.number(), sd: z.number() }).optional(),
      }),
    )
    .optional(),
  /** From the out-of-fold predictions. */
  curves: z.object({
    roc: z.array(RocPoint),
    pr: z.array(PrPoint),
    /** Cumulative gains and lift by decile of predicted risk. */
    gains: z.array(GainsPoint),
    /** Ten equal-width bins of predicted probability (sklearn's calibration_curve, uniform). */
    calibration: z.array(CalibrationPoint),
  }),
  /** What was done to each feature (reference levels, standardisation, missing values). */
  design: z.array(z.string()),
  target: TargetDescription,
  features: z.array(z.string()),
  excluded: z.array(ExcludedFeature),
  warnings: z.array(z.string()),
  seed: z.number().int(),
  foldsSource: z.enum(['stratified', 'given']),
  /** With a hold-out: the final model on it (CV and the fit used the other customers only). */
  holdout: HoldoutMetrics.optional(),
  /** The campaign inputs of `thresholds` and `bestThreshold`. */
  campaign: z.object({ contactCost: z.number(), valueSaved: z.number(), successRate: z.number() }).optional(),
  /** From the out-of-fold predictions: thresholds 0.05, 0.10, …, 0.95. */
  thresholds: z.array(ThresholdRow).optional(),
  /** The threshold of highest expected value over every distinct out-of-fold score (1 = nobody). */
  bestThreshold: ThresholdRow.optional(),
});
export type RiskMetrics = z.infer<typeof RiskMetrics>;

export const TrainResult = RiskMetrics.extend({
  modelId: z.number().int().positive(),
  name: z.string(),
});
export type TrainResult = z.infer<typeof TrainResult>;

export const TrainRequest = z.object({
  project: ProjectRef,
  model: RiskModelKind,
  target: RiskTarget.default({ kind: 'flag' }),
  /** Feature keys (risk.features); default all allowed. An excluded key is refused. */
  features: z.array(z.string()).min(1).max(500).optional(),
  folds: z.number().int().min(2).max(20).default(5),
  seed: z.number().int().default(0),
  /** A reference's folds (ids 0..k−1); customers without one are left out of training and said so. */
  foldsFrom: z
    .array(z.object({ customerId: z.string(), fold: z.number().int().min(0).max(99) }))
    .max(10_000_000)
    .optional(),
  penalty: LogisticPenalty.optional(),
  gbt: GbtParams.optional(),
  /** Unique in the project; default "<model> <n>". */
  name: z.string().min(1).max(200).optional(),
  /** Replace a saved model of the same name (otherwise ALREADY_EXISTS). */
  replace: z.boolean().default(false),
  filters: SegmentFilters,
  /**
   * Share of the customers held out (stratified by the label, drawn with the seed) before anything is
   * learnt: cross-validation and the final fit use the rest, and the final model is measured on them.
   * Not given: no hold-out (every customer in the cross-validation).
   */
  holdout: z.number().min(0.05).max(0.5).optional(),
  /** Inputs of the expected-value table (defaults: contact 10, value saved 200, success rate 0.2). */
  campaign: CampaignCosts.optional(),
});
export type TrainRequest = z.infer<typeof TrainRequest>;

export const RiskModelSummary = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  kind: RiskModelKind,
  createdAt: z.string(),
  features: z.array(z.string()),
  target: RiskTarget,
  /** The request's parameters (folds, seed, penalty, gbt). */
  params: z.record(z.string(), z.unknown()),
  metrics: z.object({
    auc: z.number().nullable(),
    aucSd: z.number().nullable(),
    prAuc: z.number().nullable(),
    logLoss: z.number(),
    brier: z.number(),
    rows: z.number().int().nonnegative(),
  }),
  /** False when an import, undo or churn-definition change came after training: retrain to use it. */
  current: z.boolean(),
  scoredAt: z.string().nullable(),
  scoredCustomers: z.number().int().nonnegative(),
});
export type RiskModelSummary = z.infer<typeof RiskModelSummary>;

export const RiskTier = z.enum(['low', 'medium', 'high']);
export type RiskTier = z.infer<typeof RiskTier>;

/**
 * A saved model's full result: what risk.train answered when it was trained (metrics, curves,
 * coefficients or importance, the expected-value table), with when and whether it is still current.
 */
export const SavedModelResult = TrainResult.extend({
  createdAt: z.string(),
  /** False when an import, undo or churn-definition change came after training. */
  current: z.boolean(),
});
export type SavedModelResult = z.infer<typeof SavedModelResult>;

/** A saved model, by id or by name. */
const ModelRef = z.union([z.number().int().positive(), z.string().min(1)]);

export const ScoreResult = z.object({
  modelId: z.number().int().positive(),
  name: z.string(),
  scoredAt: z.string(),
  customers: z.number().int().nonnegative(),
  /** Score cut points: medium from `medium`, high from `high` (probabilities). */
  thresholds: z.object({ medium: z.number(), high: z.number(), from: z.enum(['quantiles', 'given']) }),
  /** What `value` is: the current MRR (subscriptions), total revenue (transactions), or none. */
  valueBasis: z.enum(['current_mrr', 'total_revenue', 'none']),
  /** Who was scored: the active customers (flag: not churned; horizon: active at the as-of date). */
  population: z.string(),
  warnings: z.array(z.string()),
});
export type ScoreResult = z.infer<typeof ScoreResult>;

export const ScoredCustomer = z.object({
  customerId: z.string(),
  score: z.number(),
  tier: RiskTier,
  value: z.number().nullable(),
  /** The largest contributions to this customer's risk, in words ("Contract = Month-to-month +0.80"). */
  reasons: z.array(
    z.object({ feature: z.string(), value: z.string(), contribution: z.number(), text: z.string() }),
  ),
});
export type ScoredCustomer = z.infer<typeof ScoredCustomer>;

export const TierSummary = z.object({
  tier: RiskTier,
  customers: z.number().int().nonnegative(),
  meanScore: z.number().nullable(),
  /** Σ value over the tier's customers. */
  value: z.number().nullable(),
  /** Σ score × value: the value expected to leave. */
  revenueAtRisk: z.number().nullable(),
});

/** One model of a comparison. */
export const ComparedModel = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  kind: RiskModelKind,
  auc: z.number().nullable(),
  aucSd: z.number().nullable(),
  prAuc: z.number().nullable(),
  logLoss: z.number(),
  brier: z.number(),
  folds: z.array(z.object({ fold: z.number().int().nonnegative(), auc: z.number().nullable() })),
  holdout: HoldoutMetrics.nullable(),
  bestThreshold: ThresholdRow.nullable(),
});

export const CompareResult = z.object({
  models: z.tuple([ComparedModel, ComparedModel]),
  /** Same customers, folds (seed and k, or the given ones), target, segment and data. */
  comparable: z.boolean(),
  /** Why not, in words, when not comparable. */
  reasons: z.array(z.string()),
  /**
   * Paired over the shared folds: AUC of the first model minus the second, per fold, with the mean and
   * sample SD of those differences. Null when not comparable.
   */
  difference: z
    .object({
      folds: z.array(z.object({ fold: z.number().int().nonnegative(), difference: z.number() })),
      mean: z.number(),
      sd: z.number().nullable(),
    })
    .nullable(),
  /**
   * The simpler model (logistic) when |mean| ≤ SD of the differences ("within noise"), else the one of
   * higher AUC. Null when not comparable.
   */
  recommendation: z
    .object({
      modelId: z.number().int().positive(),
      name: z.string(),
      withinNoise: z.boolean(),
      reason: z.string(),
    })
    .nullable(),
});
export type CompareResult = z.infer<typeof CompareResult>;

export const riskChannels = {
  features: channel({
    summary: 'Candidate features of a churn-risk model, with the leakage guard’s exclusions and the target.',
    request: z.object({
      project: ProjectRef,
      target: RiskTarget.default({ kind: 'flag' }),
      filters: SegmentFilters,
    }),
    response: RiskFeatures,
  }),
  train: channel({
    summary: 'Train a churn-risk model: cross-validated metrics, curves, explanations; saved in the project.',
    request: TrainRequest,
    response: TrainResult,
    progress: JobProgress,
  }),
  models: channel({
    summary: 'The saved churn-risk models of the project.',
    request: z.object({ project: ProjectRef }),
    response: z.object({ models: z.array(RiskModelSummary) }),
  }),
  model: channel({
    summary:
      'A saved churn-risk model’s full result: cross-validated metrics, curves, explanations, expected-value table.',
    request: z.object({ project: ProjectRef, model: ModelRef }),
    response: SavedModelResult,
  }),
  deleteModel: channel({
    summary: 'Delete a saved churn-risk model and its scores.',
    request: z.object({ project: ProjectRef, model: ModelRef }),
    response: z.object({ models: z.array(RiskModelSummary) }),
  }),
  score: channel({
    summary:
      'Score every active customer with a saved model: risk, tier, top reasons; stored in the project.',
    request: z.object({
      project: ProjectRef,
      model: ModelRef,
      /** Cut points as probabilities (medium ≤ high); default the 50% and 80% quantiles of the scores. */
      thresholds: z.object({ medium: z.number().min(0).max(1), high: z.number().min(0).max(1) }).optional(),
      /** Reasons kept per customer. */
      reasons: z.number().int().min(0).max(10).default(3),
    }),
    response: ScoreResult,
    progress: JobProgress,
  }),
  scores: channel({
    summary: 'A page of the scored customers of a model, sorted by risk or value, optionally one tier.',
    request: z.object({
      project: ProjectRef,
      model: ModelRef,
      tier: RiskTier.optional(),
      sort: z.enum(['risk', 'value']).default('risk'),
      direction: z.enum(['asc', 'desc']).default('desc'),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(5000).default(100),
    }),
    response: z.object({
      total: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative(),
      customers: z.array(ScoredCustomer),
    }),
  }),
  exportScores: channel({
    summary:
      'The scored customers of a model as an XLSX workbook (base64), in the list’s order, optionally one tier.',
    request: z.object({
      project: ProjectRef,
      model: ModelRef,
      tier: RiskTier.optional(),
      sort: z.enum(['risk', 'value']).default('risk'),
      direction: z.enum(['asc', 'desc']).default('desc'),
      /** Reason columns written (reason_1…). */
      reasons: z.number().int().min(0).max(10).default(3),
    }),
    response: z.object({
      fileName: z.string(),
      rows: z.number().int().nonnegative(),
      /** The .xlsx file's bytes, base64: text cells are shared strings, never formulas. */
      base64: z.string(),
    }),
  }),
  compare: channel({
    summary:
      'Compare two saved models on the same folds: metrics side by side, the paired AUC difference, a recommendation.',
    request: z.object({ project: ProjectRef, models: z.tuple([ModelRef, ModelRef]) }),
    response: CompareResult,
  }),
  tiers: channel({
    summary: 'Risk tiers of a scored model: customers, mean score, value and revenue at risk per tier.',
    request: z.object({ project: ProjectRef, model: ModelRef }),
    response: z.object({
      modelId: z.number().int().positive(),
      scoredAt: z.string(),
      thresholds: ScoreResult.shape.thresholds,
      valueBasis: ScoreResult.shape.valueBasis,
      tiers: z.array(TierSummary),
      total: TierSummary.omit({ tier: true }),
    }),
  }),
};
