import type {
  ClvSettings,
  ClvSummary,
  FitResult,
  ValueModelSummary,
  ValueTiersResult,
} from '@shared/contract/value';
import type { z } from 'zod';
import type { ValueCustomersRequest } from '@shared/contract/value';
import type { TaskContext } from '../../jobs/task-context';
import { projectStateToken } from '../../store/project-state';
import { latestScoredRiskModel } from '../../store/risk-columns';
import {
  deleteValueModel,
  findValueModel,
  listValueModels,
  readValueCustomers,
  readValueTiers,
  valueModelId,
  readValueScores,
  writeValueResult,
  writeValueScores,
} from '../../store/value-models';
import { customerValues } from './value-fit';

/** value.models, value.model, value.deleteModel, value.clv, value.customers and value.tiers. */

export function valueModelsTask(
  input: { project: string },
  ctx: TaskContext,
): { models: ValueModelSummary[] } {
  const db = ctx.projects.get(input.project);
  return { models: listValueModels(db, projectStateToken(db)) };
}

export function valueModelTask(
  input: { project: string; model: number | string },
  ctx: TaskContext,
): FitResult {
  return findValueModel(ctx.projects.get(input.project), input.model).result;
}

export function deleteValueModelTask(
  input: { project: string; model: number | string },
  ctx: TaskContext,
): { models: ValueModelSummary[] } {
  const db = ctx.projects.get(input.project);
  const saved = findValueModel(db, input.model);
  // value_scores go with it (ON DELETE CASCADE).
  db.transaction(() => deleteValueModel(db, saved.id))();
  return { models: listValueModels(db, projectStateToken(db)) };
}

/**
 * value.clv (jobs worker): CLV of every customer of a saved fit for new settings, from the stored
 * parameters (no refit), replacing the fit's values and its CLV summary in one transaction.
 */
export function recomputeClvTask(
  input: { project: string; model: number | string; clv: ClvSettings },
  ctx: TaskContext,
): ClvSummary {
  const db = ctx.projects.get(input.project);
  const saved = findValueModel(db, input.model);
  const customers = readValueScores(db, saved.id);
  ctx.checkCancelled();
  const values = customerValues(saved.model, customers, input.clv);
  ctx.checkCancelled();
  db.transaction(() => {
    writeValueScores(db, saved.id, values.rows);
    writeValueResult(db, saved.id, { ...saved.result, clv: values.summary });
  })();
  return values.summary;
}

export function valueCustomersTask(input: z.output<typeof ValueCustomersRequest>, ctx: TaskContext) {
  const db = ctx.projects.get(input.project);
  // Pages come often: resolve the fit's id only, not its stored result.
  const page = readValueCustomers(
    db,
    valueModelId(db, input.model),
    input,
    latestScoredRiskModel(db)?.id ?? null,
  );
  return { total: page.total, offset: input.offset, customers: page.customers };
}

/** Value deciles × risk tiers of the latest scored risk model ("unscored" where a customer has no tier). */
export function valueTiersTask(
  input: { project: string; model: number | string },
  ctx: TaskContext,
): ValueTiersResult {
  const db = ctx.projects.get(input.project);
  const id = valueModelId(db, input.model);
  const risk = latestScoredRiskModel(db);
  const cells = readValueTiers(db, id, risk?.id ?? null);
  return { modelId: id, riskModel: risk?.name ?? null, cells };
}
