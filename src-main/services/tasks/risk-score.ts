import type { RiskTier, ScoreResult } from '@shared/contract/risk';
import { AppError } from '@shared/errors';
import { percentileLinear } from '../../engine/model/metrics';
import type { TaskContext } from '../../jobs/task-context';
import { projectStateToken } from '../../store/project-state';
import { findRiskModel, writeRiskScores, type ScoreRow } from '../../store/risk-models';
import { chooseFeatures, readRiskRows, riskDesignSpec } from './risk-features';
import { trainerFor } from './risk-trainers';

/** Tier of a score: high from `high` up, medium from `medium` up, low below. */
export function tierOf(score: number, thresholds: { medium: number; high: number }): RiskTier {
  return score >= thresholds.high ? 'high' : score >= thresholds.medium ? 'medium' : 'low';
}

/**
 * risk.score (jobs worker): every active customer of the model's segment scored with the saved model
 * (fit on all training rows), with the top reasons and a tier, written in ONE transaction replacing the
 * model's previous scores: a cancel or an error leaves the project as it was.
 *
 * Active: flag target — customers whose churned flag is 0; horizon target — customers active at the
 * as-of date (features computed with the cut-off at the as-of date, as the model was trained at its
 * cut-off). Value (for revenue at risk): the current MRR with subscriptions, else the total revenue
 * with transactions, else none.
 */
export function scoreRiskModelTask(
  input: {
    project: string;
    model: number | string;
    thresholds?: { medium: number; high: number } | undefined;
    reasons: number;
  },
  ctx: TaskContext,
): ScoreResult {
  const db = ctx.projects.get(input.project);
  const saved = findRiskModel(db, input.model);
  const trainer = trainerFor(saved.kind);
  const model = trainer.parse(saved.model);
  if (input.thresholds && input.thresholds.medium > input.thresholds.high)
    throw new AppError(
      'INVALID_REQUEST',
      'The medium threshold must not be above the high one.',
      input.thresholds,
    );
  const progress = (done: number, label: string) =>
    ctx.progress({ phase: 'score', label, done, total: 4, unit: 'steps' });

  progress(0, 'Reading the customers');
  const spec = riskDesignSpec(db, saved.request.target, saved.request.filters, { scoring: true });
  const features = chooseFeatures(spec, saved.metrics.features);
  const valueBasis: ScoreResult['valueBasis'] =
    spec.state.rows.subscriptions > 0
      ? 'current_mrr'
      : spec.state.rows.transactions > 0
        ? 'total_revenue'
        : 'none';
  const valueSql = valueBasis === 'none' ? null : `v.${valueBasis}`;
  const data = readRiskRows(db, spec, features, { scoring: true, valueSql });
  const warnings: string[] = [];
  if (saved.stateToken !== projectStateToken(db))
    warnings.push('The data changed since this model was trained; retrain it to learn from the new data.');

  ctx.checkCancelled();
  progress(1, 'Scoring');
  const scores = trainer.predict(model, data.columns);
  ctx.checkCancelled();
  progress(2, 'Explaining');
  const reasons = input.reasons > 0 ? trainer.reasons(model, data.columns, input.reasons) : [];
  const sorted = Float64Array.from(scores).sort();
  const thresholds = input.thresholds
    ? { ...input.thresholds, from: 'given' as const }
    : {
        medium: percentileLinear(sorted, 0.5),
        high: percentileLinear(sorted, 0.8),
        from: 'quantiles' as const,
      };
  if (data.ids.length === 0) warnings.push('No active customer to score.');

  ctx.checkCancelled();
  progress(3, 'Saving the scores');
  const scoredAt = new Date().toISOString();
  const population =
    saved.request.target.kind === 'flag'
      ? 'customers not churned (churned flag 0)'
      : `customers active on the as-of date ${spec.state.asOf ?? ''}, features computed as of that date`;
  const segment = saved.request.filters.length ? ', in the model’s segment' : '';
  function* rows(): Generator<ScoreRow> {
    for (let i = 0; i < data.ids.length; i++)
      yield {
        customerId: data.ids[i]!,
        score: scores[i]!,
        tier: tierOf(scores[i]!, thresholds),
        value: data.value[i] ?? null,
        reasons: reasons[i] ?? [],
      };
  }
  const token = projectStateToken(db);
  db.transaction(() =>
    writeRiskScores(
      db,
      saved.id,
      rows(),
      { thresholds, valueBasis, population: population + segment },
      scoredAt,
      token,
      () => ctx.checkCancelled(),
    ),
  )();
  progress(4, 'Saved');
  return {
    modelId: saved.id,
    name: saved.name,
    scoredAt,
    customers: data.ids.length,
    thresholds,
    valueBasis,
    population: population + segment,
    warnings,
  };
}
