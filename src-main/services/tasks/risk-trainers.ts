import { z } from 'zod';
import type { GbtParams, LogisticPenalty, RiskMetrics, RiskModelKind } from '@shared/contract/risk';
import { AppError } from '@shared/errors';
import {
  applyDesign,
  describeDesign,
  fitDesign,
  termLabels,
  type DesignRecipe,
  type FeatureColumn,
} from '../../engine/model/design';
import { fitLogistic, type LogisticFit } from '../../engine/model/logistic';
import { inOriginalUnits } from '../../engine/model/original-units';
import { columnMeans, linearContributions, topPositive } from '../../engine/model/reasons';
import { applyBins } from '../../engine/model/binning';
import { fitGbt, predictGbtProba, type GbtModel } from '../../engine/model/gbt';
import { gbtPermutationImportance } from '../../engine/model/permutation-importance';
import { gbtShap, meanAbsoluteShap } from '../../engine/model/tree-shap';

/**
 * One trainer per model kind: fit on some rows, predict any rows, explain globally and per row, and
 * (de)serialise for risk_models. The cross-validation, metrics, storage and scoring around it are the
 * same for every kind (risk-train.ts, risk-score.ts), so a model kind is one Trainer.
 */
export interface TrainerParams {
  penalty?: z.output<typeof LogisticPenalty> | undefined;
  gbt?: z.output<typeof GbtParams> | undefined;
  seed: number;
}

export interface Reason {
  feature: string;
  value: string;
  contribution: number;
  text: string;
}

export interface Trainer<M> {
  kind: RiskModelKind;
  fit(columns: readonly FeatureColumn[], y: Float64Array, rows: Int32Array, params: TrainerParams): M;
  predict(model: M, columns: readonly FeatureColumn[], rows?: Int32Array): Float64Array;
  /** Global explanation and the design in words (of the final fit, on its training rows). */
  explain(
    model: M,
    columns: readonly FeatureColumn[],
    y: Float64Array,
    params: TrainerParams,
  ): Pick<RiskMetrics, 'coefficients' | 'importance'> & { design: string[]; warnings: string[] };
  /** The top reasons of each row (largest contributions that raise the risk). */
  reasons(model: M, columns: readonly FeatureColumn[], top: number): Reason[][];
  serialise(model: M): unknown;
  parse(stored: unknown): M;
}

/** A feature value as a customer reads it. */
export function valueText(column: FeatureColumn, i: number): string {
  const v = column.values[i];
  if (v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v)))
    return '(missing)';
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : v;
}

/** JSON has no Infinity or NaN (an odds ratio's bound under separation): such numbers become null. */
const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

// ---- logistic regression ----------------------------------------------------------------------------

const StoredLogistic = z.object({
  recipe: z.custom<DesignRecipe>((value) => typeof value === 'object' && value !== null),
  coefficients: z.array(z.number()),
  termMeans: z.array(z.number()),
});
type LogisticModel = z.infer<typeof StoredLogistic> & { fit?: LogisticFit };

function featureOfTerm(recipe: DesignRecipe): number[] {
  const of = new Array<number>(recipe.terms.length).fill(0);
  recipe.columns.forEach((column, f) => {
    if (column.kind === 'numeric') {
      of[column.column] = f;
      if (column.missingColumn !== null) of[column.missingColumn] = f;
    } else for (const level of column.levels) of[level.column] = f;
  });
  return of;
}

export const logisticTrainer: Trainer<LogisticModel> = {
  kind: 'logistic',
  fit(columns, y, rows, params) {
    // Standardised numerics (scikit-learn's StandardScaler): the penalty treats features alike, and
    // the coefficients are re-expressed per original unit for the user (original-units.ts).
    let recipe: DesignRecipe;
    try {
      recipe = fitDesign(columns, { standardize: true }, rows);
    } catch (error) {
      throw new AppError('NOT_AVAILABLE', (error as Error).message);
    }
    const design = applyDesign(recipe, columns, rows);
    const fit = fitLogistic(
      design,
      Float64Array.from(rows, (i) => y[i]!),
      {
        ...(params.penalty?.l2 ? { l2: params.penalty.l2 } : {}),
        ...(params.penalty?.l1 ? { l1: params.penalty.l1 } : {}),
      },
    );
    return {
      recipe,
      coefficients: Array.from(fit.coefficients),
      termMeans: Array.from(columnMeans(design.matrix, design.rows, recipe.terms.length)),
      fit,
    };
  },
  predict(model, columns, rows) {
    const design = applyDesign(model.recipe, columns, rows);
    const out = new Float64Array(design.rows);
    const b = model.coefficients;
    const p = design.terms.length;
    for (let i = 0; i < design.rows; i++) {
      let eta = b[0]!;
      for (let j = 0; j < p; j++) eta += design.matrix[i * p + j]! * b[j + 1]!;
      out[i] = 1 / (1 + Math.exp(-eta));
    }
    return out;
  },
  explain(model) {
    const fit = model.fit;
    const warnings = fit ? fit.warnings.map((warning) => warning.message).concat(fit.notes) : [];
    const labels = termLabels(model.recipe);
    const coefficients = fit
      ? inOriginalUnits(fit, model.recipe).map((term) => ({
          term: term.term,
          label: labels.get(term.term) ?? (term.term === '(Intercept)' ? 'Intercept (baseline)' : term.term),
          coef: finite(term.estimate),
          se: finite(term.se),
          oddsRatio: finite(term.oddsRatio),
          lower: finite(term.lower),
          upper: finite(term.upper),
          p: finite(term.p),
        }))
      : [];
    return { coefficients, design: describeDesign(model.recipe), warnings };
  },
  reasons(model, columns, top) {
    const design = applyDesign(model.recipe, columns);
    const k = model.recipe.columns.length;
    const contributions = linearContributions(
      {
        slopes: model.coefficients.slice(1),
        termMeans: model.termMeans,
        featureOfTerm: featureOfTerm(model.recipe),
        features: k,
      },
      design.matrix,
      design.rows,
    );
    const out: Reason[][] = [];
    for (let i = 0; i < design.rows; i++)
      out.push(
        topPositive(contributions, k, i, top).map((f) => {
          const column = columns[f]!;
          const value = valueText(column, i);
          const contribution = contributions[i * k + f]!;
          return {
            feature: column.name,
            value,
            contribution,
            text: `${column.name} = ${value} ${signed(contribution)}`,
          };
        }),
      );
    return out;
  },
  serialise: ({ recipe, coefficients, termMeans }) => ({ recipe, coefficients, termMeans }),
  parse: (stored) => StoredLogistic.parse(stored),
};

// ---- gradient-boosted trees -------------------------------------------------------------------------

/**
 * The boosted trees hold typed arrays (bin edges, node arrays); JSON keeps them as
 * {"$typed": "Float64Array", "values": […]} (a double's shortest decimal form reads back exactly).
 */
const typedArrays = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array } as const;
type TypedName = keyof typeof typedArrays;

function toJsonValue(value: unknown): unknown {
  for (const name of Object.keys(typedArrays) as TypedName[])
    if (value instanceof typedArrays[name])
      return { $typed: name, values: Array.from(value as ArrayLike<number>) };
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toJsonValue(entry)]));
  return value;
}

function fromJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonValue);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const name = record.$typed;
    if (typeof name === 'string' && name in typedArrays && Array.isArray(record.values))
      return typedArrays[name as TypedName].from(record.values as number[]);
    return Object.fromEntries(Object.entries(record).map(([key, entry]) => [key, fromJsonValue(entry)]));
  }
  return value;
}

const StoredGbt = z.object({
  baseline: z.number(),
  trees: z.array(z.unknown()),
  mapper: z.object({ features: z.array(z.unknown()) }),
  options: z.record(z.string(), z.unknown()),
});

export const gbtTrainer: Trainer<GbtModel> = {
  kind: 'gbt',
  fit(columns, y, rows, params) {
    const gbt = params.gbt;
    try {
      return fitGbt(
        columns,
        y,
        {
          ...(gbt
            ? {
                learningRate: gbt.learningRate,
                maxLeafNodes: gbt.maxLeafNodes,
                minSamplesLeaf: gbt.minSamplesLeaf,
                maxIter: gbt.maxIter,
                l2Regularization: gbt.l2Regularization,
                earlyStopping: gbt.earlyStopping,
              }
            : {}),
          seed: params.seed,
        },
        rows,
      );
    } catch (error) {
      if (error instanceof RangeError) throw new AppError('NOT_AVAILABLE', error.message);
      throw error;
    }
  },
  predict: (model, columns, rows) => predictGbtProba(model, columns, rows),
  explain(model, columns, y, params) {
    const binned = applyBins(model.mapper, columns);
    const shap = meanAbsoluteShap(gbtShap(model, binned));
    const permutation = gbtPermutationImportance(model, binned, y, { nRepeats: 5, seed: params.seed });
    const importance = columns
      .map((column, f) => ({
        feature: column.name,
        value: shap[f]!,
        permutation: { mean: permutation.features[f]!.mean, sd: permutation.features[f]!.sd },
      }))
      .sort((a, b) => b.value - a.value);
    const o = model.options;
    const design = [
      `Gradient-boosted trees (histogram-based, as scikit-learn's HistGradientBoostingClassifier): ${model.nIter} trees, learning rate ${o.learningRate}, at most ${o.maxLeafNodes ?? 'unlimited'} leaves per tree, at least ${o.minSamplesLeaf} customers per leaf, L2 regularisation ${o.l2Regularization}.`,
      o.earlyStopping
        ? `Early stopping: ${model.nValidation} customers (${Math.round(o.validationFraction * 100)}%, stratified, seed ${o.seed}) held out; stopped when ${o.nIterNoChange} iterations did not improve their log-loss.`
        : 'No early stopping: every iteration is kept.',
      ...model.mapper.features.map((feature) =>
        feature.kind === 'numeric'
          ? `${feature.name}: numeric, ${feature.nBins} bins from the training rows' quantiles${feature.hasMissing ? '; missing values go to the side each split learns' : ''}`
          : `${feature.name}: categorical (native), ${feature.nBins} categories${feature.hasMissing ? '; missing values go to the side each split learns' : ''}`,
      ),
      'Importance: mean |SHAP| (exact TreeSHAP, log-odds) and the drop in AUC when a feature is shuffled, both on the training rows.',
    ];
    return { importance, design, warnings: [] };
  },
  reasons(model, columns, top) {
    const shap = gbtShap(model, applyBins(model.mapper, columns));
    const k = shap.p;
    const out: Reason[][] = [];
    for (let i = 0; i < shap.n; i++)
      out.push(
        topPositive(shap.contributions, k, i, top).map((f) => {
          const column = columns[f]!;
          const value = valueText(column, i);
          const contribution = shap.contributions[i * k + f]!;
          return {
            feature: column.name,
            value,
            contribution,
            text: `${column.name} = ${value} ${signed(contribution)}`,
          };
        }),
      );
    return out;
  },
  serialise: (model) => toJsonValue(model),
  parse: (stored) => {
    StoredGbt.parse(stored);
    return fromJsonValue(stored) as GbtModel;
  },
};

/** The trainer of each kind: adding a model is adding its Trainer here. */
export const trainers: Record<RiskModelKind, Trainer<unknown>> = {
  // Trainer's methods are bivariant in the model type, so a concrete trainer is a Trainer<unknown>.
  logistic: logisticTrainer,
  gbt: gbtTrainer,
};

export function trainerFor(kind: RiskModelKind): Trainer<unknown> {
  return trainers[kind];
}
