/**
 * The k-group log-rank test, as R's survival::survdiff(Surv(time, event) ~ group) with rho = 0
 * (survdiff.fit / survdiff2.c, survival 3.5). Pure arithmetic on arrays: rows are bucketed by group, each
 * group's times sorted natively, and the distinct event times swept once. O(n log n + D k²) for D
 * distinct event times and k groups.
 */
import { chiSquareSurvival } from '../stats/distributions';

export interface LogRankGroup {
  /** The group's code, as passed in `group`. */
  group: number;
  n: number;
  /** Observed events (R's obs). */
  observed: number;
  /** Expected events under equal hazards, Σ_t d_t n_gt / n_t (R's exp). */
  expected: number;
}

export interface LogRankTest {
  groups: LogRankGroup[];
  /** (O − E)ᵀ V⁻¹ (O − E) over the groups with expected > 0, the first of them left out, as survdiff. */
  chisq: number;
  df: number;
  /** P(χ²(df) > chisq); 1 when fewer than two groups have expected events (chisq = 0, df = 0). */
  p: number;
}

/**
 * Compares the survival of the groups in `group` (integer codes 0 … k − 1, one per row; k is
 * `groupCount` or the largest code + 1). `time` and `event` as in kaplanMeier.
 */
export function logRank(
  time: Float64Array | ArrayLike<number>,
  event: Uint8Array | ArrayLike<boolean | number>,
  group: ArrayLike<number>,
  groupCount?: number,
): LogRankTest {
  const n = time.length;
  if (event.length !== n || group.length !== n) {
    throw new RangeError(
      `time, event and group must have one entry per row (${n}, ${event.length}, ${group.length})`,
    );
  }
  let k = groupCount ?? 0;
  for (let i = 0; i < n; i++) {
    const g = group[i] as number;
    if (!(Number.isInteger(g) && g >= 0))
      throw new RangeError(`row ${i}: group must be an integer code ≥ 0, got ${g}`);
    if (groupCount === undefined) k = Math.max(k, g + 1);
    else if (g >= groupCount)
      throw new RangeError(`row ${i}: group ${g} is not below groupCount ${groupCount}`);
  }

  // Bucket rows by group: all exit times and event times, each group's slice sorted natively.
  const size = new Array<number>(k).fill(0);
  const eventSize = new Array<number>(k).fill(0);
  let totalEvents = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!(Number.isFinite(t) && t >= 0))
      throw new RangeError(`row ${i}: duration must be finite and ≥ 0, got ${t}`);
    size[group[i] as number]! += 1;
    if (event[i]) {
      eventSize[group[i] as number]! += 1;
      totalEvents++;
    }
  }
  const start = new Array<number>(k + 1).fill(0);
  const eventStart = new Array<number>(k + 1).fill(0);
  for (let g = 0; g < k; g++) {
    start[g + 1] = start[g]! + size[g]!;
    eventStart[g + 1] = eventStart[g]! + eventSize[g]!;
  }
  const exits = new Float64Array(n);
  const eventTimes = new Float64Array(totalEvents);
  {
    const fill = start.slice(0, k);
    const eventFill = eventStart.slice(0, k);
    for (let i = 0; i < n; i++) {
      const g = group[i] as number;
      const t = time[i] as number;
      exits[fill[g]!++] = t;
      if (event[i]) eventTimes[eventFill[g]!++] = t;
    }
  }
  for (let g = 0; g < k; g++) {
    exits.subarray(start[g], start[g + 1]).sort();
    eventTimes.subarray(eventStart[g], eventStart[g + 1]).sort();
  }

  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);
  const atRisk = new Float64Array(k);
  const deaths = new Float64Array(k);
  const exitPointer = start.slice(0, k);
  const eventPointer = eventStart.slice(0, k);
  for (let g = 0; g < k; g++) atRisk[g] = size[g]!;

  // The distinct event times in order: the smallest next event time over the groups (k-way merge).
  for (;;) {
    let t = Infinity;
    for (let g = 0; g < k; g++) {
      const q = eventPointer[g]!;
      if (q < eventStart[g + 1]! && (eventTimes[q] as number) < t) t = eventTimes[q] as number;
    }
    if (t === Infinity) break;
    let atRiskTotal = 0;
    let deathsTotal = 0;
    for (let g = 0; g < k; g++) {
      // Rows that left before t are no longer at risk.
      let p = exitPointer[g]!;
      const end = start[g + 1]!;
      while (p < end && (exits[p] as number) < t) p++;
      atRisk[g] = end - p;
      exitPointer[g] = p;
      let q = eventPointer[g]!;
      const eventEnd = eventStart[g + 1]!;
      let d = 0;
      while (q < eventEnd && eventTimes[q] === t) {
        q++;
        d++;
      }
      eventPointer[g] = q;
      deaths[g] = d;
      atRiskTotal += atRisk[g]!;
      deathsTotal += d;
    }
    for (let g = 0; g < k; g++) {
      observed[g]! += deaths[g]!;
      expected[g]! += (deathsTotal * atRisk[g]!) / atRiskTotal;
    }
    if (atRiskTotal > 1) {
      // Hypergeometric covariance: d (n − d) / (n − 1) · n_g / n · (δ_gh − n_h / n).
      const factor = (deathsTotal * (atRiskTotal - deathsTotal)) / (atRiskTotal - 1);
      for (let g = 0; g < k; g++) {
        const share = atRisk[g]! / atRiskTotal;
        if (share === 0) continue;
        for (let h = 0; h < k; h++) {
          variance[g * k + h]! += factor * share * ((g === h ? 1 : 0) - atRisk[h]! / atRiskTotal);
        }
      }
    }
  }

  // survdiff: keep the groups with expected > 0, drop the first of them, solve V x = O − E.
  const tested: number[] = [];
  for (let g = 0; g < k; g++) if (expected[g]! > 0) tested.push(g);
  const df = tested.length - 1;
  let chisq = 0;
  if (tested.length >= 2) {
    const rest = tested.slice(1);
    const difference = rest.map((g) => observed[g]! - expected[g]!);
    const matrix = rest.map((g) => rest.map((h) => variance[g * k + h]!));
    const solution = solveLinear(matrix, difference);
    chisq = solution === null ? Number.NaN : solution.reduce((sum, x, i) => sum + x * difference[i]!, 0);
  }
  const groups: LogRankGroup[] = [];
  for (let g = 0; g < k; g++)
    groups.push({ group: g, n: size[g]!, observed: observed[g]!, expected: expected[g]! });
  return { groups, chisq, df: Math.max(df, 0), p: df >= 1 ? chiSquareSurvival(chisq, df) : 1 };
}

/** Gaussian elimination with partial pivoting; null when the matrix is singular (R's solve() would stop). */
function solveLinear(matrix: number[][], rhs: number[]): number[] | null {
  const size = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let row = col + 1; row < size; row++) {
      if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    }
    if (Math.abs(a[pivot]![col]!) < 1e-300) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const pivotRow = a[col]!;
    for (let row = col + 1; row < size; row++) {
      const target = a[row]!;
      const factor = target[col]! / pivotRow[col]!;
      for (let j = col; j <= size; j++) target[j]! -= factor * pivotRow[j]!;
    }
  }
  const x = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    const r = a[row]!;
    let sum = r[size]!;
    for (let j = row + 1; j < size; j++) sum -= r[j]! * x[j]!;
    x[row] = sum / r[row]!;
  }
  return x;
}
