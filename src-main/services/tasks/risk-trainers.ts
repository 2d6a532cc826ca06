import { z } from 'zod';
import type { GbtParams, LogisticPenalty, RiskMetrics, RiskModelKind } from '@shared/contract/risk';
import { AppError } from '@shared/errors';
import {
  applyDesign,
  describeDesign,
  fitDesign,
  type DesignRecipe,
  type FeatureColumn,
} from '../../engine/model/design';
import { fitLogistic, type LogisticFit } from '../../engine/model/logistic';
import { inOriginalUnits } from '../../engine/model/original-units';
import { columnMeans, linearContributions, topPositive } from '../../engine/model/reasons';

/**
 * One trainer per model kind: fit on some rows, predict any rows, explain globally and per row, and
 * (de)serialise for risk_models. The cross-validation, metrics, storage and scoring around it are the
 * same for every kind (risk-train.ts, risk-score.ts), so adding the tree model is adding one Trainer.
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
  /** Global explanation and the design in words, for the metrics. */
  explain(
    model: M,
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
    const coefficients = fit
      ? inOriginalUnits(fit, model.recipe).map((term) => ({
          term: term.term,
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

/**
 * The trainer of each kind, or why it is not there. The gradient-boosted trees are being built
 * (src-main/engine/model/gbt.ts); once they land, their Trainer goes here.
 */
export const trainers: Record<RiskModelKind, Trainer<unknown> | { unavailable: string }> = {
  // Trainer's methods are bivariant in the model type, so a concrete trainer is a Trainer<unknown>.
  logistic: logisticTrainer,
  gbt: {
    unavailable: 'The tree model (gradient-boosted trees) is being built; use --model logistic for now.',
  },
};

export function trainerFor(kind: RiskModelKind): Trainer<unknown> {
  const trainer = trainers[kind];
  if ('unavailable' in trainer) throw new AppError('NOT_AVAILABLE', trainer.unavailable, { model: kind });
  return trainer;
}
