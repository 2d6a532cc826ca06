import {
  RfmSegment,
  type BtydModelKind,
  type ClvSettings,
  type TimeUnit,
  type ValueTiersResult,
} from '@shared/contract/value';

/** Words, numbers and small computations of the Value views (pure: tested without a DOM). */

export const modelLabels: Record<BtydModelKind, string> = { bgnbd: 'BG/NBD', pareto: 'Pareto/NBD' };

export const unitLabels: Record<TimeUnit, string> = { day: 'days', week: 'weeks', month: 'months' };

/** The segments best first, in the contract's order (the table, the grid's legend). */
export const segmentOrder: readonly RfmSegment[] = RfmSegment.options;

/** One colour per RFM segment: warm for the customers slipping away, cool for the ones doing well. */
export const segmentColors: Record<RfmSegment, string> = {
  Champions: '#173b8c',
  Loyal: '#2456c4',
  'Potential loyalists': '#5b7fcf',
  New: '#0f7b8a',
  Promising: '#4f8f2f',
  'Need attention': '#a86b00',
  'About to sleep': '#8f7400',
  'At risk': '#c8553d',
  "Can't lose them": '#b0306a',
  Hibernating: '#6f7b88',
  Lost: '#4a525b',
};

/** Parameter names as the papers write them (α, β, γ), from the engine's ASCII names. */
export function paramLabel(name: string): string {
  const greek: Record<string, string> = { alpha: 'α', beta: 'β', gamma: 'γ' };
  return greek[name] ?? name;
}

const significant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const twoDecimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** An estimate to three significant figures ("0.243", "4.41"): what the published fits report. */
export function formatEstimate(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return significant.format(value);
}

/** An amount of money (no currency: the data's own), two decimals. */
export function formatMoney(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : money.format(value);
}

export function formatDecimal(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : twoDecimals.format(value);
}

/** A probability as a percentage without decimals below 1% noise: 0.8123 → "81%". */
export function formatPercent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${Math.round(value * 100)}%`;
}

/** A rate as a percentage with up to two decimals: 0.1 → "10%", 0.00797 → "0.8%". */
export function formatRate(value: number): string {
  return `${Number((value * 100).toFixed(2))}%`;
}

/** A percentage typed by the user ("30", "7.5", "7,5") as a fraction, or null when it is not 0–100. */
export function parsePercent(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 0 && value <= 100 ? value / 100 : null;
}

/** A horizon typed in months: a whole number 1–240, or null. */
export function parseMonths(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 1 && value <= 240 ? value : null;
}

/** The CLV settings the three text fields describe, or null while one of them is not valid. */
export function clvFromInputs(margin: string, discount: string, horizon: string): ClvSettings | null {
  const m = parsePercent(margin);
  const d = parsePercent(discount);
  const h = parseMonths(horizon);
  return m === null || d === null || h === null ? null : { margin: m, discount: d, horizonMonths: h };
}

/** "Margin 30%, discount 10% a year, 12 months" */
export function describeClv(settings: ClvSettings): string {
  const pct = (share: number) => `${twoDecimals.format(share * 100)}%`;
  return `margin ${pct(settings.margin)}, discount ${pct(settings.discount)} a year, over ${settings.horizonMonths} months`;
}

export type ValueSort = 'clv' | 'pAlive' | 'expectedPurchases' | 'expectedSpend' | 'x' | 'customerId';
export type RiskTierName = 'low' | 'medium' | 'high';
export const riskTierOrder: readonly RiskTierName[] = ['high', 'medium', 'low'];

export interface TiersMatrixRow {
  decile: number;
  cells: Record<RiskTierName | 'unscored', { customers: number; clv: number }>;
}

/** Value deciles 10 (top) … 1 as rows, risk tiers as columns, empty cells filled with zeros. */
export function tiersMatrix(result: ValueTiersResult): TiersMatrixRow[] {
  const rows: TiersMatrixRow[] = [];
  for (let decile = 10; decile >= 1; decile--) {
    const empty = () => ({ customers: 0, clv: 0 });
    const cells = { high: empty(), medium: empty(), low: empty(), unscored: empty() };
    for (const cell of result.cells) {
      if (cell.decile === decile) cells[cell.riskTier] = { customers: cell.customers, clv: cell.clv };
    }
    rows.push({ decile, cells });
  }
  return rows;
}

/** The customers to call first: the top two value deciles in the high-risk tier. */
export function isHighValueHighRisk(decile: number, tier: RiskTierName | 'unscored'): boolean {
  return decile >= 9 && tier === 'high';
}

/** Customers and CLV of the "high value × high risk" cells. */
export function highValueHighRisk(result: ValueTiersResult): { customers: number; clv: number } {
  let customers = 0;
  let clv = 0;
  for (const cell of result.cells) {
    if (isHighValueHighRisk(cell.decile, cell.riskTier)) {
      customers += cell.customers;
      clv += cell.clv;
    }
  }
  return { customers, clv };
}

/** Parses a pasted survivor series ("1000, 631 468\n382") into numbers, or says what is wrong with it. */
export function parseSurvivors(text: string): { survivors: number[] } | { error: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length < 3)
    return { error: 'Type at least three numbers: the customers at the start and after each period.' };
  const survivors = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(survivors[i]) || (survivors[i] ?? -1) < 0);
  if (bad !== undefined) return { error: `“${bad}” is not a count of customers.` };
  for (let i = 1; i < survivors.length; i++) {
    if ((survivors[i] ?? 0) > (survivors[i - 1] ?? 0))
      return { error: 'Survivors cannot grow: each number must be at most the one before it.' };
  }
  return { survivors };
}
