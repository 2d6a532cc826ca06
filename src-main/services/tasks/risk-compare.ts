import type { CompareResult } from '@shared/contract/risk';
import { AppError } from '@shared/errors';
import type { TaskContext } from '../../jobs/task-context';
import { findRiskModel, type StoredRiskModel } from '../../store/risk-models';

type Compared = CompareResult['models'][number];

function summary(model: StoredRiskModel): Compared {
  const { metrics } = model;
  return {
    id: model.id,
    name: model.name,
    kind: model.kind,
    auc: metrics.auc.mean,
    aucSd: metrics.auc.sd,
    prAuc: metrics.prAuc,
    logLoss: metrics.logLoss,
    brier: metrics.brier,
    folds: metrics.folds.map((fold) => ({ fold: fold.fold, auc: fold.auc })),
    holdout: metrics.holdout ?? null,
    bestThreshold: metrics.bestThreshold ?? null,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Why two models' fold AUCs cannot be paired (empty when they can). */
export function notComparable(a: StoredRiskModel, b: StoredRiskModel): string[] {
  const reasons: string[] = [];
  const ra = a.request;
  const rb = b.request;
  if (a.stateToken !== b.stateToken)
    reasons.push(
      'they were trained on different data (an import, undo or churn-definition change came between)',
    );
  if (!same(ra.target, rb.target)) reasons.push('they predict different targets');
  if (!same(ra.filters, rb.filters)) reasons.push('they were trained on different segments');
  if (!same(ra.holdout, rb.holdout)) reasons.push('their hold-outs differ');
  if (a.metrics.foldsSource !== b.metrics.foldsSource)
    reasons.push('one used stratified folds, the other given folds');
  else if (a.metrics.foldsSource === 'given') {
    if (!same(ra.foldsFrom, rb.foldsFrom)) reasons.push('they were given different folds');
  } else {
    if (ra.folds !== rb.folds) reasons.push(`different numbers of folds (${ra.folds} and ${rb.folds})`);
    if (ra.seed !== rb.seed) reasons.push(`different seeds (${ra.seed} and ${rb.seed}), so different folds`);
  }
  if (ra.holdout !== undefined && ra.seed !== rb.seed && a.metrics.foldsSource === 'given')
    reasons.push('different seeds, so different hold-outs');
  if (
    reasons.length === 0 &&
    (a.metrics.target.rows !== b.metrics.target.rows ||
      a.metrics.target.positives !== b.metrics.target.positives ||
      !same(
        a.metrics.folds.map((fold) => [fold.fold, fold.n, fold.positives]),
        b.metrics.folds.map((fold) => [fold.fold, fold.n, fold.positives]),
      ))
  )
    reasons.push('their folds hold different customers');
  return reasons;
}

/**
 * risk.compare: two saved models side by side. When they share the folds (same data, target, segment,
 * hold-out, and the same seed and k or the same given folds), the fold AUCs are paired: d_f = AUC_a,f −
 * AUC_b,f, with mean and sample SD over the folds. The recommendation: within noise (|mean d| ≤ SD d)
 * the simpler model — logistic before trees, then fewer features, then the first —, else the higher AUC.
 */
export function compareRiskModelsTask(
  input: { project: string; models: [number | string, number | string] },
  ctx: TaskContext,
): CompareResult {
  const db = ctx.projects.get(input.project);
  const a = findRiskModel(db, input.models[0]);
  const b = findRiskModel(db, input.models[1]);
  if (a.id === b.id)
    throw new AppError('INVALID_REQUEST', `Both sides name the same model "${a.name}": pick two models.`);
  const models: CompareResult['models'] = [summary(a), summary(b)];
  const reasons = notComparable(a, b);
  if (reasons.length) return { models, comparable: false, reasons, difference: null, recommendation: null };

  const bAuc = new Map(b.metrics.folds.map((fold) => [fold.fold, fold.auc]));
  const folds: { fold: number; difference: number }[] = [];
  for (const fold of a.metrics.folds) {
    const other = bAuc.get(fold.fold);
    if (fold.auc !== null && other !== null && other !== undefined)
      folds.push({ fold: fold.fold, difference: fold.auc - other });
  }
  if (folds.length === 0)
    return {
      models,
      comparable: false,
      reasons: ['no fold has an AUC for both models'],
      difference: null,
      recommendation: null,
    };
  const mean = folds.reduce((s, f) => s + f.difference, 0) / folds.length;
  const sd =
    folds.length > 1
      ? Math.sqrt(folds.reduce((s, f) => s + (f.difference - mean) ** 2, 0) / (folds.length - 1))
      : null;
  const withinNoise = sd !== null && Math.abs(mean) <= sd;
  const simplicity = (model: StoredRiskModel) => [
    model.kind === 'logistic' ? 0 : 1,
    model.metrics.features.length,
  ];
  const [sa, sb] = [simplicity(a), simplicity(b)];
  const simpler = sb[0]! < sa[0]! || (sb[0] === sa[0] && sb[1]! < sa[1]!) ? b : a;
  const better = mean >= 0 ? a : b;
  const chosen = withinNoise ? simpler : better;
  const f4 = (x: number) => x.toFixed(4);
  const reason = withinNoise
    ? `The AUC difference (${f4(mean)}, ${a.name} − ${b.name}) is within noise: no larger than its fold-wise SD (${f4(sd!)}). Prefer the simpler model, "${chosen.name}" (${chosen.kind}).`
    : `"${chosen.name}" has the higher AUC by ${f4(Math.abs(mean))} on the same folds${sd === null ? '' : `, more than the fold-wise SD of the difference (${f4(sd)})`}.`;
  return {
    models,
    comparable: true,
    reasons: [],
    difference: { folds, mean, sd },
    recommendation: { modelId: chosen.id, name: chosen.name, withinNoise, reason },
  };
}
