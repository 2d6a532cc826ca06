/**
 * RFM analysis (recency, frequency, monetary; Hughes 1994, "Strategic Database Marketing"): each
 * customer's days since the last purchase, number of purchases and total spend as of a day, each turned
 * into a quintile score 1–5 (5 = best: most recent, most frequent, biggest spender), and a named
 * segment from the R and F scores (segments.ts).
 *
 * - Frequency counts distinct purchase days: several orders on one day are one purchase (the convention
 *   of the "buy till you die" models, so RFM and the customer-value models count alike).
 * - Monetary is the total spend up to the as-of day (what most practitioners score; the mean per
 *   purchase would rank a one-off big order above a steady customer).
 * - Quintiles: customers sorted by (value, customer id) are numbered 1..n and cut into 5 equal-count
 *   groups exactly as pandas' qcut(rank(method='first'), 5, labels=False) does: position i goes to
 *   group ⌈5(i − 1)/(n − 1)⌉ − 1 (at least 0). Ties then share the lower score: every customer with the
 *   same value gets the group of the first of them. Frequency has massive ties (most customers buy
 *   once), and splitting a tie by customer id would give identical customers different scores — "Lost"
 *   for one, "About to sleep" for the other — for no reason but their ids. The price: groups can be
 *   unequal or empty (on CDNOW every one-time buyer is F 1, about half the customers, and F 2 is
 *   empty). The result depends on neither the row order nor the order of first appearance.
 *
 * O(n log n): one native sort of numeric (customer, day) keys for the distinct days, one sort per score.
 * Checked against pandas on the CDNOW log (tests/golden/rfm/).
 */
import { rfmSegmentOf, type RfmSegment } from './segments';

export type { RfmSegment } from './segments';

export interface RfmInput {
  customer: readonly string[];
  /** Whole days since 1970-01-01 UTC. */
  day: Int32Array | readonly number[];
  amount: Float64Array | readonly number[];
}

export type RfmScore = 1 | 2 | 3 | 4 | 5;

export interface RfmCustomer {
  customer: string;
  /** asOfDay − last purchase day. */
  recencyDays: number;
  /** Distinct purchase days up to the as-of day. */
  frequency: number;
  /** Total spend up to the as-of day. */
  monetary: number;
  r: RfmScore;
  f: RfmScore;
  m: RfmScore;
  segment: RfmSegment;
}

export interface RfmResult {
  asOfDay: number;
  /** Customers with at least one purchase on or before the as-of day, sorted by customer id. */
  customers: RfmCustomer[];
  /** Rows after the as-of day, left out. */
  ignoredAfterAsOf: number;
}

/** Recency, frequency, monetary, their quintile scores and segments, as of `asOfDay` (inclusive). */
export function rfm(log: RfmInput, asOfDay: number): RfmResult {
  const n = log.customer.length;
  if (log.day.length !== n || log.amount.length !== n)
    throw new Error(
      `RFM input columns differ in length (customer ${n}, day ${log.day.length}, amount ${log.amount.length})`,
    );
  if (!Number.isInteger(asOfDay))
    throw new Error(`The as-of day must be a whole day number (got ${asOfDay})`);

  // Customers in order of first appearance, then renumbered in id order at the end.
  const indexOf = new Map<string, number>();
  const ids: string[] = [];
  const rowCustomer = new Int32Array(n);
  let ignoredAfterAsOf = 0;
  let minDay = Infinity;
  let kept = 0;
  let previousId: string | undefined;
  let previousCustomer = -1;
  for (let i = 0; i < n; i++) {
    const day = log.day[i]!;
    const amount = log.amount[i]!;
    if (!Number.isInteger(day))
      throw new Error(`Row ${i + 1}: the day must be a whole day number (got ${day})`);
    if (!Number.isFinite(amount)) throw new Error(`Row ${i + 1}: the amount is not a number (${amount})`);
    if (day > asOfDay) {
      ignoredAfterAsOf++;
      rowCustomer[i] = -1;
      continue;
    }
    const id = log.customer[i]!;
    // Logs usually list a customer's rows together: skip the hash lookup for a repeat.
    let c = id === previousId ? previousCustomer : indexOf.get(id);
    if (c === undefined) {
      c = ids.length;
      indexOf.set(id, c);
      ids.push(id);
    }
    rowCustomer[i] = c;
    previousId = id;
    previousCustomer = c;
    if (day < minDay) minDay = day;
    kept++;
  }

  const k = ids.length;
  const lastDay = new Float64Array(k).fill(-Infinity);
  const monetary = new Float64Array(k);
  const frequency = new Float64Array(k);
  // (customer, day) as one exact number, customer-major, so one numeric sort groups the distinct days.
  const span = asOfDay - minDay + 1;
  const keys = new Float64Array(kept);
  for (let i = 0, j = 0; i < n; i++) {
    const c = rowCustomer[i]!;
    if (c < 0) continue;
    const day = log.day[i]!;
    if (day > lastDay[c]!) lastDay[c] = day;
    monetary[c] = monetary[c]! + log.amount[i]!;
    keys[j++] = c * span + (day - minDay);
  }
  keys.sort();
  for (let j = 0; j < kept; j++) {
    if (j > 0 && keys[j] === keys[j - 1]) continue;
    const c = Math.floor(keys[j]! / span);
    frequency[c] = frequency[c]! + 1;
  }

  const r = quintileScores(lastDay);
  const f = quintileScores(frequency);
  const m = quintileScores(monetary);
  const customers = idOrder(ids, indexOf).map((c): RfmCustomer => {
    const rc = r[c]! as RfmScore;
    const fc = f[c]! as RfmScore;
    return {
      customer: ids[c]!,
      recencyDays: asOfDay - lastDay[c]!,
      frequency: frequency[c]!,
      monetary: monetary[c]!,
      r: rc,
      f: fc,
      m: m[c]! as RfmScore,
      segment: rfmSegmentOf(rc, fc),
    };
  });
  return { asOfDay, customers, ignoredAfterAsOf };
}

/**
 * Quintile score 1–5 of each value (higher value = higher score): pandas' qcut of the positions 1..n in
 * sorted order, ties sharing the score of their first position (the module comment says why). The first
 * position of a value is the count of smaller values: a binary search in one native sorted copy.
 */
export function quintileScores(values: Float64Array): Uint8Array {
  const n = values.length;
  const scores = new Uint8Array(n);
  if (n === 0) return scores;
  if (n === 1) {
    // qcut cannot cut one value; a lone customer is in the middle.
    scores[0] = 3;
    return scores;
  }
  const firstPosition = wholeNumbersInSmallRange(values)
    ? countingFirstPositions(values)
    : searchedFirstPositions(values);
  for (let c = 0; c < n; c++) {
    // 0-based first position = 1-based p − 1; group ⌈5(p − 1)/(n − 1)⌉ − 1, at least 0, as a score 1–5.
    scores[c] = Math.max(1, Math.ceil((5 * firstPosition[c]!) / (n - 1)));
  }
  return scores;
}

/** How many values are smaller than each value: a binary search in one native sorted copy. */
function searchedFirstPositions(values: Float64Array): Uint32Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const first = new Uint32Array(n);
  for (let c = 0; c < n; c++) {
    const v = values[c]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    first[c] = lo;
  }
  return first;
}

/** Days and purchase counts: whole numbers over a range no wider than a few times the customers. */
function wholeNumbersInSmallRange(values: Float64Array): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isInteger(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min <= 4 * values.length + 1000;
}

/** How many values are smaller than each value, by counting: O(n + range), no random access search. */
function countingFirstPositions(values: Float64Array): Uint32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const smaller = new Uint32Array(max - min + 2);
  for (const v of values) smaller[v - min + 1] = smaller[v - min + 1]! + 1;
  for (let i = 1; i < smaller.length; i++) smaller[i] = smaller[i]! + smaller[i - 1]!;
  return Uint32Array.from(values, (v) => smaller[v - min]!);
}

/** Customer numbers in id order: UTF-16 code-unit order, as pandas sorts text (not the locale's order). */
function idOrder(ids: readonly string[], indexOf: ReadonlyMap<string, number>): number[] {
  let sorted = true;
  for (let c = 1; c < ids.length && sorted; c++) sorted = ids[c - 1]! < ids[c]!;
  // Logs sorted by customer give the ids in order already.
  if (sorted) return Array.from({ length: ids.length }, (_, c) => c);
  return (
    digitOrder(ids) ??
    ids
      .slice()
      .sort()
      .map((id) => indexOf.get(id)!)
  );
}

/** Digit strings up to this long have an exact base-11 key below 2⁵³ (11¹⁵ ≈ 4.2e15). */
const longestDigitKey = 15;

/**
 * The text order of ids that are all digit strings (the common numeric customer number), by a number
 * per id instead of a string sort (several times faster at a million ids): each digit d becomes d + 1
 * in base 11 and the id is right-padded with 0s to 15 places, so a shorter id sorts before every id it
 * is a prefix of, exactly as in text order ("10" < "9", "7" < "70"). Distinct ids get distinct keys;
 * one native sort of the keys, then each id's place by binary search. Null when an id is not such a
 * string.
 */
function digitOrder(ids: readonly string[]): number[] | null {
  const k = ids.length;
  const keys = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const id = ids[c]!;
    if (id.length === 0 || id.length > longestDigitKey) return null;
    let key = 0;
    for (let i = 0; i < longestDigitKey; i++) {
      let place = 0;
      if (i < id.length) {
        const digit = id.charCodeAt(i) - 48;
        if (!(digit >= 0 && digit <= 9)) return null;
        place = digit + 1;
      }
      key = key * 11 + place;
    }
    keys[c] = key;
  }
  const sortedKeys = Float64Array.from(keys).sort();
  const order = new Array<number>(k);
  for (let c = 0; c < k; c++) {
    const v = keys[c]!;
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedKeys[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    order[lo] = c;
  }
  return order;
}
