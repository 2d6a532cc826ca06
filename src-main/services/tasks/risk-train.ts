import type { z } from 'zod';
import {
  CampaignCosts,
  type HoldoutMetrics,
  type RiskMetrics,
  type TrainRequest,
  type TrainResult,
} from '@shared/contract/risk';
import { AppError } from '@shared/errors';
import {
  averagePrecision,
  brierScore,
  calibrationBins,
  cumulativeGains,
  logLoss,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  stratifiedFolds,
} from '../../engine/model/metrics';
import { crossValidate } from '../../engine/model/cross-validate';
import { expectedValueTable } from '../../engine/model/expected-value';
import { mulberry32, shuffleInPlace } from '../../engine/model/gbt-random';
import type { TaskContext } from '../../jobs/task-context';
import { projectStateToken } from '../../store/project-state';
import {
  deleteRiskModelByName,
  insertRiskModel,
  nextRiskModelName,
  riskModelNameTaken,
} from '../../store/risk-models';
import { chooseFeatures, readRiskRows, riskDesignSpec, type RiskRows } from './risk-features';
import { trainerFor } from './risk-trainers';

/** Most points of a curve sent back (every k-th, both ends kept): enough to draw, small over IPC. */
const maxCurvePoints = 200;

function thin<T>(points: readonly T[]): T[] {
  if (points.length <= maxCurvePoints) return [...points];
  const step = (points.length - 1) / (maxCurvePoints - 1);
  const out: T[] = [];
  for (let k = 0; k < maxCurvePoints; k++) out.push(points[Math.round(k * step)] as T);
  return out;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The rows `keep` of the training data, in that order. */
function subsetRows(data: RiskRows, keep: Int32Array): RiskRows {
  return {
    ...data,
    ids: Array.from(keep, (i) => data.ids[i]!),
    y: Float64Array.from(keep, (i) => data.y[i]!),
    value: Array.from(keep, (i) => data.value[i] ?? null),
    columns: data.columns.map((column) =>
      column.kind === 'numeric'
        ? { ...column, values: Array.from(keep, (i) => column.values[i] ?? null) }
        : { ...column, values: Array.from(keep, (i) => column.values[i] ?? null) },
    ),
  };
}

/**
 * A stratified hold-out: of each class (0, then 1), round(fraction × its size) rows, the first ones of
 * a Fisher–Yates shuffle by mulberry32(seed XOR a constant, so it differs from the fold draw's stream).
 */
export function holdoutMask(labels: Float64Array, fraction: number, seed: number): Uint8Array {
  const held = new Uint8Array(labels.length);
  const random = mulberry32((seed ^ 0x5bd1e995) | 0);
  for (const cls of [0, 1]) {
    const members: number[] = [];
    labels.forEach((label, i) => {
      if (label === cls) members.push(i);
    });
    shuffleInPlace(members, random);
    const take = Math.round(fraction * members.length);
    for (let m = 0; m < take; m++) held[members[m]!] = 1;
  }
  return held;
}

/**
 * risk.train (jobs worker): reads the rows and features, assigns folds (stratified by the label with
 * the seed, or the given ones), cross-validates — the design (levels, means, SDs) is learnt on the
 * training folds only, as the engine's crossValidateLogistic does — computes the metrics and curves on
 * the out-of-fold predictions, fits the final model on all rows and saves it, in one transaction at
 * the end: a failure or a cancel before then leaves the project as it was.
 */
export function trainRiskModelTask(input: z.output<typeof TrainRequest>, ctx: TaskContext): TrainResult {
  const db = ctx.projects.get(input.project);
  const trainer = trainerFor(input.model);
  const name = input.name ?? nextRiskModelName(db, input.model);
  if (!input.replace && riskModelNameTaken(db, name))
    throw new AppError(
      'ALREADY_EXISTS',
      `A model named "${name}" is saved already: pick another name or replace it.`,
      {
        name,
      },
    );
  const progress = (done: number, total: number, label: string) =>
    ctx.progress({ phase: 'train', label, done, total, unit: 'steps' });

  const spec = riskDesignSpec(db, input.target, input.filters);
  const features = chooseFeatures(spec, input.features);
  if (features.length === 0) throw new AppError('NOT_AVAILABLE', 'No feature is left to train on.');
  let data = readRiskRows(db, spec, features);
  const warnings: string[] = [];

  // Folds: the given ones (customers without one are left out, and said so) or stratified.
  let fold: Int32Array;
  let rows: Int32Array;
  if (input.foldsFrom) {
    const given = new Map(input.foldsFrom.map((entry) => [entry.customerId, entry.fold]));
    const kept: number[] = [];
    data.ids.forEach((id, i) => {
      if (given.has(id)) kept.push(i);
    });
    const missing = data.ids.length - kept.length;
    if (missing > 0) {
      data.target.leftOut.push({ reason: 'no fold in the given folds', customers: missing });
      warnings.push(`${missing} customers have no fold in the given folds and were left out.`);
    }
    rows = Int32Array.from(kept);
    fold = Int32Array.from(kept, (i) => given.get(data.ids[i]!)!);
  } else {
    rows = Int32Array.from(data.ids, (_, i) => i);
    fold = new Int32Array(0);
  }
  // From here on, only the kept rows.
  if (rows.length !== data.ids.length) data = subsetRows(data, rows);

  // The hold-out: drawn before anything is learnt, stratified by the label, with the seed.
  let heldOut: RiskRows | null = null;
  if (input.holdout !== undefined) {
    const held = holdoutMask(data.y, input.holdout, input.seed);
    const keep: number[] = [];
    const out: number[] = [];
    held.forEach((isHeld, i) => (isHeld ? out : keep).push(i));
    heldOut = subsetRows(data, Int32Array.from(out));
    if (input.foldsFrom) fold = Int32Array.from(keep, (i) => fold[i]!);
    data = subsetRows(data, Int32Array.from(keep));
    data.target.leftOut.push({
      reason: `held out (${Math.round(input.holdout * 100)}%) to test the final model`,
      customers: out.length,
    });
  }
  const n = data.ids.length;
  let positives = 0;
  for (const label of data.y) positives += label;
  data.target.rows = n;
  data.target.positives = positives;
  if (positives < input.folds || n - positives < input.folds)
    throw new AppError(
      'NOT_AVAILABLE',
      `${n} customers, ${positives} of them churned: too few of each to cross-validate in ${input.folds} folds.`,
      { rows: n, positives },
    );
  if (!input.foldsFrom) fold = stratifiedFolds(data.y, input.folds, input.seed);
  let k = 0;
  for (const f of fold) k = Math.max(k, f + 1);

  const params = { penalty: input.penalty, gbt: input.gbt, seed: input.seed };
  const totalSteps = k + 3;
  // The engine's loop (fold checks, metrics, out-of-fold predictions); a cancel is checked per fold.
  const cv = crossValidate(data.y, fold, (train, test) => {
    ctx.checkCancelled();
    const f = fold[test[0]!]!;
    progress(f, totalSteps, `Cross-validation: fold ${f + 1} of ${k}`);
    const model = trainer.fit(data.columns, data.y, train, params);
    return { p: trainer.predict(model, data.columns, test), extra: {} };
  });
  const outOfFold = cv.outOfFold;
  const folds: RiskMetrics['folds'] = cv.folds.map((entry) => ({
    fold: entry.fold,
    n: entry.n,
    positives: entry.positives,
    auc: finiteOrNull(entry.auc),
  }));

  ctx.checkCancelled();
  progress(k, totalSteps, 'Fitting on all customers');
  const final = trainer.fit(
    data.columns,
    data.y,
    Int32Array.from(data.ids, (_, i) => i),
    params,
  );
  ctx.checkCancelled();
  progress(k + 1, totalSteps, 'Explaining the model');
  const explanation = trainer.explain(final, data.columns, data.y, params);

  const aucs = folds.map((entry) => entry.auc).filter((auc): auc is number => auc !== null);
  // Over the folds that have an AUC (a fold with one class has none).
  const mean = aucs.length ? aucs.reduce((s, v) => s + v, 0) / aucs.length : null;
  const sd =
    mean !== null && aucs.length > 1
      ? Math.sqrt(aucs.reduce((s, v) => s + (v - mean) ** 2, 0) / (aucs.length - 1))
      : null;
  const half = sd === null ? null : (1.959963984540054 * sd) / Math.sqrt(aucs.length);
  let holdout: HoldoutMetrics | undefined;
  if (heldOut !== null && input.holdout !== undefined) {
    const p = trainer.predict(final, heldOut.columns);
    let heldPositives = 0;
    for (const label of heldOut.y) heldPositives += label;
    holdout = {
      fraction: input.holdout,
      n: heldOut.ids.length,
      positives: heldPositives,
      auc: finiteOrNull(rocAuc(heldOut.y, p)),
      prAuc: finiteOrNull(averagePrecision(heldOut.y, p)),
      logLoss: logLoss(heldOut.y, p),
      brier: brierScore(heldOut.y, p),
    };
    if (heldPositives === 0 || heldPositives === heldOut.ids.length)
      warnings.push('The hold-out has only one class: its AUC is not defined.');
  }
  const campaign = input.campaign ?? CampaignCosts.parse({});
  const valueTable = expectedValueTable(data.y, outOfFold, campaign);

  const metrics: RiskMetrics = {
    model: input.model,
    folds,
    auc: {
      mean,
      sd,
      lower: mean === null || half === null ? null : mean - half,
      upper: mean === null || half === null ? null : mean + half,
    },
    prAuc: finiteOrNull(averagePrecision(data.y, outOfFold)),
    logLoss: logLoss(data.y, outOfFold),
    brier: brierScore(data.y, outOfFold),
    baseRate: positives / n,
    ...(explanation.coefficients ? { coefficients: explanation.coefficients } : {}),
    ...(explanation.importance ? { importance: explanation.importance } : {}),
    curves: {
      roc: thin(rocCurve(data.y, outOfFold)).map((point) => ({
        threshold: finiteOrNull(point.threshold),
        fpr: point.falsePositiveRate,
        tpr: point.truePositiveRate,
      })),
      pr: thin(precisionRecallCurve(data.y, outOfFold)).map((point) => ({
        threshold: finiteOrNull(point.threshold),
        precision: point.precision,
        recall: point.recall,
      })),
      gains: cumulativeGains(data.y, outOfFold, 10).map((row) => ({
        targeted: row.targeted,
        customers: row.customers,
        captured: finiteOrNull(row.captured),
        lift: finiteOrNull(row.lift),
      })),
      calibration: calibrationBins(data.y, outOfFold, 10, 'uniform').map((bin) => ({
        predicted: bin.predicted,
        observed: bin.observed,
        count: bin.count,
      })),
    },
    design: explanation.design,
    target: data.target,
    features: features.map((feature) => feature.key),
    excluded: spec.excluded,
    warnings: [...warnings, ...explanation.warnings],
    seed: input.seed,
    foldsSource: input.foldsFrom ? 'given' : 'stratified',
    ...(holdout ? { holdout } : {}),
    campaign: { ...campaign },
    thresholds: valueTable.rows,
    bestThreshold: valueTable.best,
  };

  ctx.checkCancelled();
  progress(k + 2, totalSteps, 'Saving the model');
  const token = projectStateToken(db);
  const modelId = db.transaction(() => {
    if (input.replace) deleteRiskModelByName(db, name);
    return insertRiskModel(db, {
      name,
      kind: input.model,
      createdAt: new Date().toISOString(),
      request: input,
      metrics,
      model: trainer.serialise(final),
      stateToken: token,
    });
  })();
  progress(totalSteps, totalSteps, 'Saved');
  return { ...metrics, modelId, name };
}
