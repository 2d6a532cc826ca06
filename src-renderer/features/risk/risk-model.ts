import { csvLine } from '@shared/csv';
import type {
  RiskModelKind,
  RiskModelSummary,
  RiskTier,
  ScoredCustomer,
  TrainRequest,
} from '@shared/contract/risk';
import type { CustomerFilter } from '@shared/contract/customers';

/** Plain view-model code of the Risk section: no React, no client, so it can be unit-tested. */

export const kindLabels: Record<RiskModelKind, string> = {
  logistic: 'Logistic regression',
  gbt: 'Gradient-boosted trees',
};

export const tierLabels: Record<RiskTier, string> = { low: 'Low', medium: 'Medium', high: 'High' };
export const tierOrder: readonly RiskTier[] = ['high', 'medium', 'low'];

export type PenaltyChoice = 'none' | 'l2' | 'l1';

/** What the training form holds (strings where the user types numbers, so a half-typed value is kept). */
export interface TrainDraft {
  target: 'flag' | 'horizon';
  horizonDays: string;
  cutoff: string;
  /** Chosen feature keys; null = all allowed (the default). */
  features: string[] | null;
  model: RiskModelKind;
  penalty: PenaltyChoice;
  penaltyWeight: string;
  learningRate: string;
  maxLeafNodes: string;
  minSamplesLeaf: string;
  maxIter: string;
  l2Regularization: string;
  earlyStopping: 'auto' | 'on' | 'off';
  folds: string;
  seed: string;
  name: string;
  /** Share held out before anything is learnt ('' = none). */
  holdout: '' | '0.1' | '0.2' | '0.3';
  contactCost: string;
  valueSaved: string;
  successRate: string;
}

export const defaultDraft: TrainDraft = {
  target: 'flag',
  horizonDays: '90',
  cutoff: '',
  features: null,
  model: 'logistic',
  penalty: 'none',
  penaltyWeight: '1',
  learningRate: '0.1',
  maxLeafNodes: '31',
  minSamplesLeaf: '20',
  maxIter: '100',
  l2Regularization: '0',
  earlyStopping: 'auto',
  folds: '5',
  seed: '0',
  name: '',
  holdout: '',
  contactCost: '10',
  valueSaved: '200',
  successRate: '20',
};

/** The request the draft stands for, or what is wrong with it (in words, for the form). */
export type TrainRequestInput = Omit<TrainRequest, 'replace' | 'target' | 'folds' | 'seed'> & {
  target: TrainRequest['target'];
  folds: number;
  seed: number;
};

function numberIn(text: string, min: number, max: number, integer: boolean): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < min || value > max) return null;
  if (integer && !Number.isInteger(value)) return null;
  return value;
}

export function requestFromDraft(
  draft: TrainDraft,
  project: string,
  filters: CustomerFilter[],
): { request: TrainRequestInput } | { problem: string } {
  const folds = numberIn(draft.folds, 2, 20, true);
  if (folds === null) return { problem: 'Folds must be a whole number from 2 to 20.' };
  const seed = numberIn(draft.seed, -2_147_483_648, 2_147_483_647, true);
  if (seed === null) return { problem: 'The seed must be a whole number.' };
  let target: TrainRequest['target'] = { kind: 'flag' };
  if (draft.target === 'horizon') {
    const horizonDays = numberIn(draft.horizonDays, 1, 3650, true);
    if (horizonDays === null)
      return { problem: 'The horizon must be a whole number of days from 1 to 3,650.' };
    const cutoff = draft.cutoff.trim();
    if (cutoff !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(cutoff))
      return { problem: 'The cut-off must be a date as YYYY-MM-DD, or empty for the latest possible.' };
    target = { kind: 'horizon', horizonDays, ...(cutoff ? { cutoff } : {}) };
  }
  if (draft.features !== null && draft.features.length === 0)
    return { problem: 'Pick at least one feature.' };
  const contactCost = numberIn(draft.contactCost, 0, 1e12, false);
  const valueSaved = numberIn(draft.valueSaved, 0, 1e12, false);
  const successRate = numberIn(draft.successRate, 0, 100, false);
  if (contactCost === null || valueSaved === null)
    return { problem: 'The contact cost and the value of a kept customer must be numbers of 0 or more.' };
  if (successRate === null) return { problem: 'The success rate must be a percentage from 0 to 100.' };
  const request: TrainRequestInput = {
    project,
    model: draft.model,
    target,
    folds,
    seed,
    filters,
    ...(draft.features !== null ? { features: draft.features } : {}),
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(draft.holdout ? { holdout: Number(draft.holdout) } : {}),
    campaign: { contactCost, valueSaved, successRate: successRate / 100 },
  };
  if (draft.model === 'logistic') {
    if (draft.penalty !== 'none') {
      const weight = numberIn(draft.penaltyWeight, 0, 1e9, false);
      if (weight === null) return { problem: 'The penalty weight must be a number of 0 or more.' };
      request.penalty = draft.penalty === 'l2' ? { l2: weight } : { l1: weight };
    }
  } else {
    const learningRate = numberIn(draft.learningRate, 1e-6, 1, false);
    if (learningRate === null) return { problem: 'The learning rate must be above 0 and at most 1.' };
    const maxLeafNodes = numberIn(draft.maxLeafNodes, 2, 1024, true);
    if (maxLeafNodes === null) return { problem: 'Leaves per tree must be a whole number from 2 to 1,024.' };
    const minSamplesLeaf = numberIn(draft.minSamplesLeaf, 1, 1e9, true);
    if (minSamplesLeaf === null)
      return { problem: 'Customers per leaf must be a whole number of 1 or more.' };
    const maxIter = numberIn(draft.maxIter, 1, 10_000, true);
    if (maxIter === null) return { problem: 'Trees must be a whole number from 1 to 10,000.' };
    const l2Regularization = numberIn(draft.l2Regularization, 0, 1e9, false);
    if (l2Regularization === null) return { problem: 'The L2 regularisation must be 0 or more.' };
    request.gbt = {
      learningRate,
      maxLeafNodes,
      minSamplesLeaf,
      maxIter,
      l2Regularization,
      earlyStopping: draft.earlyStopping === 'auto' ? 'auto' : draft.earlyStopping === 'on',
    };
  }
  return { request };
}

export function formatAuc(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}

export function formatMetric(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** "0.846 ± 0.012" (mean ± sample SD across folds). */
export function aucWithSpread(mean: number | null, sd: number | null): string {
  if (mean === null) return '—';
  return sd === null ? mean.toFixed(3) : `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
}

/** A contribution in log-odds with its sign: +0.80, −0.35. */
export function formatContribution(value: number): string {
  const text = Math.abs(value).toFixed(2);
  return value < 0 ? `−${text}` : `+${text}`;
}

export function formatProbability(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function paramNumber(params: Record<string, unknown>, key: string): number | null {
  const value = params[key];
  return typeof value === 'number' ? value : null;
}

/** The parameters of a saved model in a few words: "L2 1 · 5 folds · seed 0". */
export function describeParams(model: RiskModelSummary): string {
  const parts: string[] = [];
  const params = model.params;
  if (model.kind === 'logistic') {
    const penalty = params.penalty;
    if (penalty && typeof penalty === 'object') {
      const l2 = (penalty as Record<string, unknown>).l2;
      const l1 = (penalty as Record<string, unknown>).l1;
      if (typeof l2 === 'number') parts.push(`L2 ${l2}`);
      if (typeof l1 === 'number') parts.push(`L1 ${l1}`);
    }
    if (parts.length === 0) parts.push('no penalty');
  } else {
    const gbt = params.gbt;
    if (gbt && typeof gbt === 'object') {
      const g = gbt as Record<string, unknown>;
      if (typeof g.maxIter === 'number') parts.push(`${g.maxIter} trees`);
      if (typeof g.learningRate === 'number') parts.push(`rate ${g.learningRate}`);
      if (typeof g.maxLeafNodes === 'number') parts.push(`${g.maxLeafNodes} leaves`);
    }
  }
  const folds = paramNumber(params, 'folds');
  const seed = paramNumber(params, 'seed');
  if (folds !== null) parts.push(`${folds} folds`);
  if (seed !== null) parts.push(`seed ${seed}`);
  return parts.join(' · ');
}

export function describeTarget(target: RiskModelSummary['target']): string {
  return target.kind === 'flag'
    ? 'the churned flag'
    : `churn within ${target.horizonDays} days${target.cutoff ? ` after ${target.cutoff}` : ''}`;
}

export interface Comparison {
  /** The model with the higher mean AUC (null when equal or unknown). */
  better: RiskModelSummary | null;
  /** The one to use. */
  recommended: RiskModelSummary | null;
  /** |Δ mean AUC| below the larger fold SD: the difference is noise. */
  withinNoise: boolean;
  difference: number | null;
  spread: number | null;
  /** Why they may not be comparable (different targets, rows, folds or seeds). */
  caveats: string[];
  text: string;
}

function simplicity(model: RiskModelSummary): number {
  return (model.kind === 'logistic' ? 0 : 1_000_000) + model.features.length;
}

function simplerReason(simpler: RiskModelSummary, other: RiskModelSummary): string {
  if (simpler.kind === 'logistic' && other.kind === 'gbt')
    return 'a logistic model is easier to explain (odds ratios) and to trust';
  return `it uses fewer features (${simpler.features.length} against ${other.features.length})`;
}

/**
 * Which of two saved models to use. The higher mean cross-validated AUC wins unless the difference is
 * within the fold spread (|Δ| < the larger SD): then the simpler model (logistic before trees, then fewer
 * features) is recommended, since the extra complexity buys nothing measurable.
 */
export function compareModels(a: RiskModelSummary, b: RiskModelSummary): Comparison {
  const caveats: string[] = [];
  if (JSON.stringify(a.target) !== JSON.stringify(b.target))
    caveats.push(
      `They predict different things (${describeTarget(a.target)} against ${describeTarget(b.target)}): the AUCs are not directly comparable.`,
    );
  else if (a.metrics.rows !== b.metrics.rows)
    caveats.push(
      `They were trained on different customers (${a.metrics.rows.toLocaleString('en-US')} against ${b.metrics.rows.toLocaleString('en-US')} rows), e.g. another segment.`,
    );
  const foldsA = paramNumber(a.params, 'folds');
  const foldsB = paramNumber(b.params, 'folds');
  const seedA = paramNumber(a.params, 'seed');
  const seedB = paramNumber(b.params, 'seed');
  if (foldsA !== foldsB || seedA !== seedB)
    caveats.push(
      'They were validated on different folds (folds or seed differ): part of the difference is chance.',
    );

  const aucA = a.metrics.auc;
  const aucB = b.metrics.auc;
  if (aucA === null || aucB === null) {
    return {
      better: null,
      recommended: null,
      withinNoise: false,
      difference: null,
      spread: null,
      caveats,
      text: 'One of the models has no AUC (a fold without churners?): they cannot be compared on it.',
    };
  }
  const difference = aucA - aucB;
  const sds = [a.metrics.aucSd, b.metrics.aucSd].filter((sd): sd is number => sd !== null);
  const spread = sds.length > 0 ? Math.max(...sds) : null;
  const better = difference > 0 ? a : difference < 0 ? b : null;
  const worse = better === a ? b : a;
  const withinNoise = spread !== null ? Math.abs(difference) < spread : difference === 0;
  const [simpler, other] = simplicity(a) <= simplicity(b) ? [a, b] : [b, a];
  const delta = Math.abs(difference).toFixed(3);

  if (withinNoise) {
    const sameComplexity = simplicity(a) === simplicity(b);
    const recommended = sameComplexity ? (better ?? a) : simpler;
    const lead = better
      ? `“${better.name}” has the higher mean AUC (${formatAuc(better.metrics.auc)} against ${formatAuc(worse.metrics.auc)}), but the difference of ${delta} is within the fold spread (SD ${formatMetric(spread)}): it is noise.`
      : `Both have the same mean AUC (${formatAuc(aucA)}).`;
    const advice = sameComplexity
      ? ` Either will do; “${recommended.name}” is kept.`
      : ` Use the simpler “${simpler.name}”: ${simplerReason(simpler, other)}.`;
    return { better, recommended, withinNoise, difference, spread, caveats, text: lead + advice };
  }
  const winner = better ?? a;
  return {
    better,
    recommended: winner,
    withinNoise,
    difference,
    spread,
    caveats,
    text: `“${winner.name}” is better: its mean AUC is higher by ${delta} (${formatAuc(winner.metrics.auc)} against ${formatAuc(worse.metrics.auc)}), more than the fold spread (SD ${formatMetric(spread)}).`,
  };
}

/** TanStack's sorting state → the scores channel's sort (risk, highest first, when none is chosen). */
export function scoreSort(sorting: readonly { id: string; desc: boolean }[]): {
  sort: 'risk' | 'value';
  direction: 'asc' | 'desc';
} {
  const first = sorting[0];
  if (!first) return { sort: 'risk', direction: 'desc' };
  return { sort: first.id === 'value' ? 'value' : 'risk', direction: first.desc ? 'desc' : 'asc' };
}

/** The scores as CSV (formula-neutralised cells): one row per customer, reasons in their own columns. */
export function scoresCsv(customers: readonly ScoredCustomer[], reasons: number): string {
  const header = ['customer_id', 'risk_score', 'tier', 'value'];
  for (let i = 1; i <= reasons; i++) header.push(`reason_${i}`, `reason_${i}_contribution`);
  let text = csvLine(header);
  for (const customer of customers) {
    const row: (string | number | null)[] = [
      customer.customerId,
      customer.score,
      customer.tier,
      customer.value,
    ];
    for (let i = 0; i < reasons; i++) {
      const reason = customer.reasons[i];
      row.push(reason ? reason.text : null, reason ? reason.contribution : null);
    }
    text += csvLine(row);
  }
  return text;
}

/** "3 of 7 chosen" for the feature picker's summary. */
export function chosenFeatures(all: readonly string[], chosen: readonly string[] | null): string[] {
  if (chosen === null) return [...all];
  const set = new Set(chosen);
  return all.filter((key) => set.has(key));
}

/** Toggles one feature; a choice equal to all features goes back to "all" (null). */
export function toggleFeature(
  all: readonly string[],
  chosen: readonly string[] | null,
  key: string,
  on: boolean,
): string[] | null {
  const current = new Set(chosenFeatures(all, chosen));
  if (on) current.add(key);
  else current.delete(key);
  const next = all.filter((k) => current.has(k));
  return next.length === all.length ? null : next;
}

/**
 * Tier cut points typed as percentages ("20", "37,5") as the probabilities risk.score takes, or null
 * when they are not numbers with 0 ≤ medium ≤ high ≤ 100.
 */
export function parseCutPoints(medium: string, high: string): { medium: number; high: number } | null {
  const read = (text: string) => {
    const trimmed = text.trim().replace(',', '.');
    return trimmed === '' ? Number.NaN : Number(trimmed);
  };
  const m = read(medium);
  const h = read(high);
  if (!Number.isFinite(m) || !Number.isFinite(h) || m < 0 || h > 100 || m > h) return null;
  return { medium: m / 100, high: h / 100 };
}
