/**
 * Transaction log → per-customer calibration summary (x, t_x, T) and spend, the input of the "buy till
 * you die" models, following the definitions of Fader, Hardie & Lee (2005), "Counting your customers
 * the easy way", Marketing Science 24(2), section 4, and Hardie's CDNOW notes.
 *
 * The rules, written out because this is where hand-rolled summaries usually go wrong:
 * - Several orders by one customer on one day are ONE purchase (their amounts summed): the models count
 *   purchase occasions, and the data only resolve days.
 * - x = number of distinct purchase days after the first purchase day, within calibration (frequency).
 * - t_x = (last purchase day in calibration − first day) / unit; 0 when x = 0 (recency).
 * - T = (calibrationEnd − first day) / unit, calibrationEnd being the last day of calibration. With
 *   calibrationEnd = 1997-09-30, a first purchase on 1997-01-01 gives T = 272/7 = 38.86 weeks, as
 *   published for CDNOW (so the difference of day numbers, not an inclusive day count).
 * - zbar = mean over the repeat purchase days of that day's summed amount (the first purchase is
 *   excluded, as the Gamma-Gamma spend model requires); 0 when x = 0.
 * - Customers whose first purchase is after calibrationEnd are not in the calibration cohort: left out
 *   and counted. Purchases after holdoutEnd are ignored. Amounts are kept as given.
 * - Time units: day = 1, week = 7, month = 365.25/12 = 30.4375 days (the mean Gregorian month).
 *
 * O(n): customers to dense numbers through a hash map, then rows ordered by (customer, day) with two
 * counting sorts; each customer's block is then swept once.
 */
import type { RepeatSummaries, RepeatSummary } from './types';

export type TimeUnit = 'day' | 'week' | 'month';

/** Days per unit; a month is 365.25/12 days. */
export const unitDays: Record<TimeUnit, number> = { day: 1, week: 7, month: 365.25 / 12 };

export interface TransactionColumns {
  customer: readonly string[];
  /** Whole days since 1970-01-01 UTC. */
  day: Int32Array | readonly number[];
  amount: Float64Array | readonly number[];
}

export interface SummaryOptions {
  /** Last day of calibration (inclusive). */
  calibrationEnd: number;
  /** Last day of the hold-out (inclusive); default: the last day in the log. Must be ≥ calibrationEnd. */
  holdoutEnd?: number;
  unit: TimeUnit;
}

export interface CustomerValueSummary extends RepeatSummary {
  customer: string;
  firstDay: number;
  /** Mean value of the repeat purchases (purchase days) in calibration; 0 when x = 0. */
  zbar: number;
  /** Total calibration spend, first purchase included. */
  calibrationSpend: number;
  /** Repeat purchase days in (calibrationEnd, holdoutEnd]. */
  holdoutX: number;
  holdoutSpend: number;
}

export interface TransactionSummary {
  unit: TimeUnit;
  calibrationEnd: number;
  holdoutEnd: number;
  /** holdoutEnd − calibrationEnd, in units. */
  holdoutLength: number;
  /** In order of each customer's first row in the log. */
  customers: CustomerValueSummary[];
  /** Customers whose first purchase is after calibrationEnd: not in the calibration cohort. */
  excludedLateCustomers: number;
  /** Rows (up to holdoutEnd) merged into another row of the same customer and day. */
  mergedSameDayRows: number;
}

/** One customer's purchase days (same-day rows merged), ascending, with each day's summed amount. */
interface CustomerDays {
  customer: string;
  days: number[];
  amounts: number[];
}

/**
 * Group the log by customer and merge same-day rows, keeping rows on or before `lastDay`. Customers
 * come in order of their first row; `merged` counts rows folded into another row of the same day.
 */
function purchaseDaysByCustomer(
  log: TransactionColumns,
  lastDay: number,
): { customers: CustomerDays[]; merged: number } {
  const n = log.customer.length;
  if (log.day.length !== n || log.amount.length !== n)
    throw new Error(
      `Transaction columns differ in length: ${n} customers, ${log.day.length} days, ${log.amount.length} amounts.`,
    );
  // Customer → dense index, in order of first appearance.
  const index = new Map<string, number>();
  const names: string[] = [];
  const customerOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const name = log.customer[i]!;
    let k = index.get(name);
    if (k === undefined) {
      k = names.length;
      index.set(name, k);
      names.push(name);
    }
    customerOf[i] = k;
  }
  // Row numbers ordered by (customer, day) with two stable counting sorts (least significant key
  // first): by day, then by customer. O(n + day span + customers). A day span far beyond the row count
  // (stray dates decades apart) would make the day pass wasteful, so then each customer's block is
  // sorted on its own instead, O(n log k).
  const m = names.length;
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i++) {
    const day = log.day[i]!;
    if (!Number.isInteger(day)) throw new Error(`Transaction days must be whole days (row ${i} has ${day}).`);
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
  }
  const daySorted = n > 0 && maxDay - minDay <= 4 * n + 100_000;
  let byDay: Int32Array;
  if (daySorted) {
    const dayKey = new Int32Array(n);
    for (let i = 0; i < n; i++) dayKey[i] = log.day[i]! - minDay;
    byDay = countingSort(
      Int32Array.from({ length: n }, (_, i) => i),
      dayKey,
      maxDay - minDay + 1,
    ).rows;
  } else byDay = Int32Array.from({ length: n }, (_, i) => i);
  const { rows, offset } = countingSort(byDay, customerOf, m);
  const customers: CustomerDays[] = [];
  let merged = 0;
  for (let k = 0; k < m; k++) {
    const block = rows.subarray(offset[k]!, offset[k + 1]!);
    if (!daySorted) block.sort((p, q) => log.day[p]! - log.day[q]!);
    const days: number[] = [];
    const amounts: number[] = [];
    for (const row of block) {
      const day = log.day[row]!;
      if (day > lastDay) break;
      if (days.length > 0 && days[days.length - 1] === day) {
        amounts[amounts.length - 1]! += log.amount[row]!;
        merged++;
      } else {
        days.push(day);
        amounts.push(log.amount[row]!);
      }
    }
    customers.push({ customer: names[k]!, days, amounts });
  }
  return { customers, merged };
}

/**
 * Stable counting sort of `rows` by key[row] ∈ [0, keys): the reordered rows and where each key's
 * block starts (offset[k]..offset[k+1]).
 */
function countingSort(
  rows: Int32Array,
  key: Int32Array,
  keys: number,
): { rows: Int32Array; offset: Int32Array } {
  const offset = new Int32Array(keys + 1);
  for (const row of rows) offset[key[row]! + 1]!++;
  for (let k = 0; k < keys; k++) offset[k + 1]! += offset[k]!;
  const cursor = offset.slice(0, keys);
  const sorted = new Int32Array(rows.length);
  for (const row of rows) sorted[cursor[key[row]!]!++] = row;
  return { rows: sorted, offset };
}

function lastDayOf(day: Int32Array | readonly number[]): number {
  let last = -Infinity;
  for (let i = 0; i < day.length; i++) if (day[i]! > last) last = day[i]!;
  return last;
}

/** Summarise a transaction log for the calibration cohort (customers whose first purchase is ≤ calibrationEnd). */
export function summarizeTransactions(log: TransactionColumns, options: SummaryOptions): TransactionSummary {
  const { calibrationEnd, unit } = options;
  const u = unitDays[unit];
  const holdoutEnd = options.holdoutEnd ?? Math.max(lastDayOf(log.day), calibrationEnd);
  if (!(holdoutEnd >= calibrationEnd))
    throw new Error(
      `The hold-out end (day ${holdoutEnd}) is before the calibration end (day ${calibrationEnd}).`,
    );
  const grouped = purchaseDaysByCustomer(log, holdoutEnd);
  const customers: CustomerValueSummary[] = [];
  let excludedLateCustomers = 0;
  for (const { customer, days, amounts } of grouped.customers) {
    // No rows up to holdoutEnd, or a first purchase after calibration: not in the cohort.
    if (days.length === 0 || days[0]! > calibrationEnd) {
      excludedLateCustomers++;
      continue;
    }
    const firstDay = days[0]!;
    let x = 0;
    let lastDay = firstDay;
    let repeatSpend = 0;
    let calibrationSpend = amounts[0]!;
    let holdoutX = 0;
    let holdoutSpend = 0;
    for (let j = 1; j < days.length; j++) {
      if (days[j]! <= calibrationEnd) {
        x++;
        lastDay = days[j]!;
        repeatSpend += amounts[j]!;
        calibrationSpend += amounts[j]!;
      } else {
        holdoutX++;
        holdoutSpend += amounts[j]!;
      }
    }
    customers.push({
      customer,
      firstDay,
      x,
      tx: (lastDay - firstDay) / u,
      T: (calibrationEnd - firstDay) / u,
      zbar: x > 0 ? repeatSpend / x : 0,
      calibrationSpend,
      holdoutX,
      holdoutSpend,
    });
  }
  return {
    unit,
    calibrationEnd,
    holdoutEnd,
    holdoutLength: (holdoutEnd - calibrationEnd) / u,
    customers,
    excludedLateCustomers,
    mergedSameDayRows: grouped.merged,
  };
}

export interface RepeatsByPeriodOptions {
  /** First day of period 1 (the log start, usually). */
  start: number;
  /** Last day counted (inclusive); usually the hold-out end. */
  end: number;
  unit: TimeUnit;
  /** Only customers whose first purchase is on or before this day (the calibration cohort). */
  cohortEnd: number;
}

/**
 * Repeat purchases (purchase days after each customer's first) of the cohort, per whole period since
 * `start` — period k covers days [start + (k−1)·unit, start + k·unit) — and each cohort customer's
 * first purchase time in units since `start`: the inputs of the cumulative tracking plot
 * (Fader, Hardie & Lee 2005, Figure 3).
 */
export function repeatPurchasesByPeriod(
  log: TransactionColumns,
  options: RepeatsByPeriodOptions,
): { repeatsByPeriod: number[]; firstPeriods: number[] } {
  const { start, end, cohortEnd } = options;
  const u = unitDays[options.unit];
  const periods = Math.max(0, Math.ceil((end - start + 1) / u));
  const repeatsByPeriod = new Array<number>(periods).fill(0);
  const firstPeriods: number[] = [];
  for (const { days } of purchaseDaysByCustomer(log, end).customers) {
    if (days.length === 0 || days[0]! > cohortEnd || days[0]! < start) continue;
    firstPeriods.push((days[0]! - start) / u);
    for (let j = 1; j < days.length; j++) repeatsByPeriod[Math.floor((days[j]! - start) / u)]!++;
  }
  return { repeatsByPeriod, firstPeriods };
}

/**
 * Collapse identical (x, tx, T) triples into one weighted row: the likelihoods then iterate over the
 * distinct triples (200,000 customers with day-resolution times → a few thousand triples).
 */
export function groupSummaries(customers: readonly RepeatSummary[]): RepeatSummaries {
  // Nested maps x → T → tx → row: numeric keys, no string building per customer.
  const index = new Map<number, Map<number, Map<number, number>>>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (const c of customers) {
    // tx is irrelevant when x = 0 (the likelihoods ignore it), so such rows group regardless of it.
    const recency = c.x > 0 ? c.tx : 0;
    let byT = index.get(c.x);
    if (byT === undefined) index.set(c.x, (byT = new Map()));
    let byTx = byT.get(c.T);
    if (byTx === undefined) byT.set(c.T, (byTx = new Map()));
    const k = byTx.get(recency);
    if (k === undefined) {
      byTx.set(recency, x.length);
      x.push(c.x);
      tx.push(recency);
      T.push(c.T);
      weight.push(1);
    } else weight[k]!++;
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
  };
}
