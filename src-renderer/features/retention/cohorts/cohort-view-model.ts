/**
 * Pure view-model of the cohorts view: the heatmap's axes and cells, the average curve, the CSV of the
 * matrix and the words around them, from a `retention.cohorts` response. No React, no ECharts.
 */
import type { CohortsResponse } from '@shared/contract/retention';
import type { ChartData } from '../../../charts/chart-export';
import { formatCount, formatShare } from '../../../ui/format';

type Unit = CohortsResponse['period'];
type Cohort = CohortsResponse['cohorts'][number];

const unitWords: Record<Unit, { one: string; many: string; title: string }> = {
  month: { one: 'month', many: 'months', title: 'Months' },
  week: { one: 'week', many: 'weeks', title: 'Weeks' },
  quarter: { one: 'quarter', many: 'quarters', title: 'Quarters' },
};

/** The label of a column: "3", or a bracket "4–6". */
export function kLabel(k: number, kTo: number): string {
  return k === kTo ? String(k) : `${k}–${kTo}`;
}

/** What k counts from, as the x axis names it: "Months since first purchase". */
export function kAxisName(response: Pick<CohortsResponse, 'period' | 'activity' | 'definition'>): string {
  const since =
    response.activity === 'transactions'
      ? 'first purchase'
      : response.activity === 'subscriptions'
        ? 'first subscription'
        : 'start';
  const brackets = response.definition === 'active-in-bracket' ? ', in brackets' : '';
  return `${unitWords[response.period].title} since ${since}${brackets}`;
}

/** Money without a currency style when the code is not ISO: "12,345 EUR" or "12,345". */
export function formatAmount(value: number, currency: string | null): string {
  const number = new Intl.NumberFormat(undefined, {
    maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2,
  }).format(value);
  return currency ? `${number} ${currency}` : number;
}

/** A cohort's row label: its key with its size ("2024-01 · 1,204"), or its starting MRR for revenue. */
export function cohortLabel(cohort: Cohort, response: Pick<CohortsResponse, 'measure' | 'currency'>): string {
  if (response.measure === 'revenue' && cohort.startingMrr !== null) {
    return `${cohort.key} · ${formatAmount(cohort.startingMrr, response.currency)}`;
  }
  return `${cohort.key} · ${formatCount(cohort.size)}`;
}

export interface HeatCell {
  /** Column and row index (rows in the cohorts' order). */
  x: number;
  y: number;
  /** Share in percent (may exceed 100 for revenue), null when the cohort had nothing to retain. */
  percent: number | null;
  retained: number;
  complete: boolean;
}

export interface HeatmapModel {
  columns: { k: number; kTo: number; label: string }[];
  rows: { key: string; label: string; size: number; startingMrr: number | null }[];
  /** Complete cells at k = 0: 100% by construction, drawn in one colour outside the scale. */
  start: HeatCell[];
  /** Complete cells after the start: coloured by the scale. */
  complete: HeatCell[];
  /** Cells whose period is not over: grey and hatched, outside the scale and the average. */
  incomplete: HeatCell[];
  /** The colour scale in percent, over the complete cells after the start (so that 3% and 15% differ). */
  scaleMin: number;
  scaleMax: number;
}

function percentOf(share: number | null): number | null {
  return share === null || !Number.isFinite(share) ? null : Math.round(share * 1000) / 10;
}

/** The heatmap: one column per k (or bracket) seen in any cohort, one row per cohort; start, complete and incomplete cells apart. */
export function heatmapModel(response: CohortsResponse): HeatmapModel {
  const byK = new Map<number, number>();
  for (const cohort of response.cohorts) for (const cell of cohort.cells) byK.set(cell.k, cell.kTo);
  const columns = [...byK.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, kTo]) => ({ k, kTo, label: kLabel(k, kTo) }));
  const columnOf = new Map(columns.map((column, i) => [column.k, i]));
  const start: HeatCell[] = [];
  const complete: HeatCell[] = [];
  const incomplete: HeatCell[] = [];
  const scaled: number[] = [];
  response.cohorts.forEach((cohort, y) => {
    for (const cell of cohort.cells) {
      const x = columnOf.get(cell.k);
      if (x === undefined) continue;
      const percent = percentOf(cell.share);
      const entry: HeatCell = { x, y, percent, retained: cell.retained, complete: cell.complete };
      if (!cell.complete) incomplete.push(entry);
      else if (cell.k === 0) start.push(entry);
      else {
        complete.push(entry);
        if (percent !== null) scaled.push(percent);
      }
    }
  });
  const high = scaled.length ? Math.max(...scaled) : 100;
  const low = scaled.length ? Math.min(...scaled) : 0;
  // Capped so that one cohort whose revenue tripled does not wash the others out.
  const scaleMax = Math.min(200, Math.max(5, Math.ceil(high / 5) * 5));
  const scaleMin = response.measure === 'revenue' ? Math.min(Math.floor(low / 10) * 10, scaleMax - 10) : 0;
  return {
    columns,
    rows: response.cohorts.map((cohort) => ({
      key: cohort.key,
      label: cohortLabel(cohort, response),
      size: cohort.size,
      startingMrr: cohort.startingMrr,
    })),
    start,
    complete,
    incomplete,
    scaleMin: Math.max(0, scaleMin),
    scaleMax,
  };
}

/** The average curve: percent per k with its cohort count; null where no cohort's cell is complete. */
export function averageCurve(response: CohortsResponse): {
  label: string;
  k: number;
  kTo: number;
  percent: number | null;
  cohorts: number;
  customers: number;
}[] {
  return response.average.map((point) => ({
    label: kLabel(point.k, point.kTo),
    k: point.k,
    kTo: point.kTo,
    percent: percentOf(point.share),
    cohorts: point.cohorts,
    customers: point.customers,
  }));
}

/** How the average is weighted, in one sentence for the note under the curve. */
export function averageNote(response: CohortsResponse): string {
  const unit = unitWords[response.period].one;
  const weight =
    response.measure === 'revenue'
      ? 'each cohort weighs as much as its MRR at the start (the sum of MRR kept over the sum of starting MRR)'
      : 'each cohort weighs as much as its size (the customers retained, added up, over the cohorts’ sizes added up)';
  return `Each point averages the cohorts whose ${unit} k is over; ${weight}. Cohorts still inside that ${unit} are left out, so later points rest on fewer, older cohorts.`;
}

/** The note under the heatmap about incomplete cells. */
export function incompleteNote(response: CohortsResponse, model: HeatmapModel): string | null {
  if (model.incomplete.length === 0) return null;
  const unit = unitWords[response.period].one;
  const what = response.definition === 'active-in-bracket' ? `brackets of ${unit}s` : `${unit}s`;
  return `Grey, hatched cells (${formatCount(model.incomplete.length)}) are ${what} not over at the as-of date (${response.asOf}): their share can still rise, so they are left out of the colour scale and of the average curve.`;
}

/** CSV of the matrix: one line per cohort and k. */
export function matrixCsv(response: CohortsResponse): ChartData {
  const revenue = response.measure === 'revenue';
  return {
    columns: [
      'cohort',
      'size',
      ...(revenue ? ['starting_mrr', 'currency'] : []),
      'k',
      'k_to',
      revenue ? 'mrr_retained' : 'retained',
      'share',
      'complete',
    ],
    rows: response.cohorts.flatMap((cohort) =>
      cohort.cells.map((cell) => [
        cohort.key,
        cohort.size,
        ...(revenue ? [cohort.startingMrr, response.currency ?? ''] : []),
        cell.k,
        cell.kTo,
        cell.retained,
        cell.share === null ? null : Math.round(cell.share * 1e6) / 1e6,
        cell.complete ? 'yes' : 'no',
      ]),
    ),
  };
}

/** CSV of the average curve. */
export function averageCsv(response: CohortsResponse): ChartData {
  return {
    columns: ['k', 'k_to', 'cohorts', 'customers', 'share'],
    rows: response.average.map((p) => [
      p.k,
      p.kTo,
      p.cohorts,
      p.customers,
      p.share === null ? null : Math.round(p.share * 1e6) / 1e6,
    ]),
  };
}

/** A cell's tooltip facts, in words. */
export function cellWords(
  response: CohortsResponse,
  model: HeatmapModel,
  cell: HeatCell,
): { title: string; lines: string[] } {
  const row = model.rows[cell.y];
  const column = model.columns[cell.x];
  const unit = unitWords[response.period];
  const title = `${row?.key ?? ''}, ${unit.one} ${column?.label ?? ''}`;
  const share = cell.percent === null ? 'no share' : formatShare(cell.percent / 100);
  const retained =
    response.measure === 'revenue'
      ? `${formatAmount(cell.retained, response.currency)} MRR of ${formatAmount(row?.startingMrr ?? 0, response.currency)} at the start`
      : `${formatCount(cell.retained)} of ${formatCount(row?.size ?? 0)} customers`;
  const lines = [`${share} retained`, retained];
  if (!cell.complete) lines.push(`Not over at ${response.asOf}: left out of the average`);
  return { title, lines };
}
