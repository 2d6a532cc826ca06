import type { RiskModelSummary, RiskTier, SavedModelResult, ScoredCustomer } from '@shared/contract/risk';
import { AppError } from '@shared/errors';
import type { TaskContext } from '../../jobs/task-context';
import { projectStateToken } from '../../store/project-state';
import {
  deleteRiskModel,
  findRiskModel,
  listRiskModels,
  readScorePage,
  readTierSummary,
  type StoredRiskModel,
  type TierRow,
} from '../../store/risk-models';

/** risk.models, risk.model, risk.deleteModel, risk.scores and risk.tiers: reads (and one delete) of the saved models. */

export function riskModelsTask(input: { project: string }, ctx: TaskContext): { models: RiskModelSummary[] } {
  const db = ctx.projects.get(input.project);
  return { models: listRiskModels(db, projectStateToken(db)) };
}

/** risk.model: a saved model's full result, as risk.train answered it (the metrics are stored whole). */
export function riskModelTask(
  input: { project: string; model: number | string },
  ctx: TaskContext,
): SavedModelResult {
  const db = ctx.projects.get(input.project);
  const model = findRiskModel(db, input.model);
  return {
    ...model.metrics,
    modelId: model.id,
    name: model.name,
    createdAt: model.createdAt,
    current: model.stateToken === projectStateToken(db),
  };
}

export function deleteRiskModelTask(
  input: { project: string; model: number | string },
  ctx: TaskContext,
): { models: RiskModelSummary[] } {
  const db = ctx.projects.get(input.project);
  const model = findRiskModel(db, input.model);
  // risk_scores go with it (ON DELETE CASCADE).
  db.transaction(() => deleteRiskModel(db, model.id))();
  return { models: listRiskModels(db, projectStateToken(db)) };
}

/** The model, or NOT_AVAILABLE when it has not scored the customers yet. */
export function scoredModel(
  model: StoredRiskModel,
): StoredRiskModel & { scoredAt: string; score: NonNullable<StoredRiskModel['score']> } {
  if (model.scoredAt === null || model.score === null)
    throw new AppError(
      'NOT_AVAILABLE',
      `The model "${model.name}" has not scored the customers yet: run risk.score first.`,
      {
        model: model.id,
      },
    );
  return model as StoredRiskModel & { scoredAt: string; score: NonNullable<StoredRiskModel['score']> };
}

export function riskScoresTask(
  input: {
    project: string;
    model: number | string;
    tier?: RiskTier | undefined;
    sort: 'risk' | 'value';
    direction: 'asc' | 'desc';
    offset: number;
    limit: number;
  },
  ctx: TaskContext,
): { total: number; offset: number; customers: ScoredCustomer[] } {
  const db = ctx.projects.get(input.project);
  const model = scoredModel(findRiskModel(db, input.model));
  const page = readScorePage(db, model.id, input);
  return { total: page.total, offset: input.offset, customers: page.customers };
}

export function riskTiersTask(input: { project: string; model: number | string }, ctx: TaskContext) {
  const db = ctx.projects.get(input.project);
  const model = scoredModel(findRiskModel(db, input.model));
  const tiers = readTierSummary(db, model.id);
  const customers = tiers.reduce((sum, tier) => sum + tier.customers, 0);
  const sum = (pick: (tier: TierRow) => number | null) => {
    const values = tiers.map(pick).filter((value): value is number => value !== null);
    return values.length ? values.reduce((s, v) => s + v, 0) : null;
  };
  const scoreSum = tiers.reduce((s, tier) => s + (tier.meanScore ?? 0) * tier.customers, 0);
  return {
    modelId: model.id,
    scoredAt: model.scoredAt,
    thresholds: model.score.thresholds,
    valueBasis: model.score.valueBasis,
    tiers,
    total: {
      customers,
      meanScore: customers ? scoreSum / customers : null,
      value: sum((tier) => tier.value),
      revenueAtRisk: sum((tier) => tier.revenueAtRisk),
    },
  };
}
