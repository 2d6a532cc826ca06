/**
 * Kaplan–Meier survival curve with Greenwood standard errors, pointwise confidence intervals, the median
 * and its confidence interval, survival at chosen times and the restricted mean survival time — each as
 * R's survival package (3.5) computes it, so the numbers can be checked against survfit to 1e-6
 * (tests/golden/survival-km/).
 *
 * Pure arithmetic on arrays: sort once (native typed-array sorts of the event and the censoring times),
 * sweep once. O(n log n) in the number of rows, O(distinct times) afterwards.
 */
import { normalQuantile } from '../stats/distributions';

/** The transform under which the pointwise confidence interval is symmetric (R's conf.type). */
export type ConfidenceType = 'log' | 'log-log' | 'plain';

export interface KaplanMeierOptions {
  /** R's default is 'log'. */
  conf: ConfidenceType;
  /** Confidence level of the pointwise intervals and of the median's interval; 0.95 unless given. */
  level?: number;
}

/** One distinct time (an event, a censoring or both), as one row of R's survfit. */
export interface SurvivalPoint {
  time: number;
  /** Customers still at risk just before `time` (R's n.risk). */
  atRisk: number;
  /** Events at `time` (R's n.event). */
  events: number;
  /** Censored at `time` (R's n.censor); they count as at risk at `time`. */
  censored: number;
  /** Kaplan–Meier estimate S(time), right-continuous. */
  survival: number;
  /**
   * Greenwood standard error of the cumulative hazard, sqrt(Σ d/(n(n−d))) — R's fit$std.err (the
   * standard error of log S). Infinity once S reaches 0, as in R.
   */
  stdErr: number;
  /** Pointwise confidence limits; null where R gives NA (S = 0 for log, S ∈ {0, 1} for log-log). */
  lower: number | null;
  upper: number | null;
}

/** A time and its confidence interval; null where the curve (or its band) never reaches one half. */
export interface SurvivalMedian {
  value: number | null;
  lower: number | null;
  upper: number | null;
}

/** Restricted mean survival time up to tau: the area under the curve on [0, tau] and its standard error. */
export interface RestrictedMean {
  tau: number;
  value: number;
  stdErr: number;
}

/** The curve as columns, one entry per distinct time; lower/upper NaN where R gives NA. */
export interface SurvivalColumns {
  time: Float64Array;
  atRisk: Float64Array;
  events: Float64Array;
  censored: Float64Array;
  survival: Float64Array;
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

export interface KaplanMeierFit {
  n: number;
  events: number;
  conf: ConfidenceType;
  level: number;
  columns: SurvivalColumns;
  /**
   * One object per distinct time, built on first use (a million distinct times make a million objects:
   * callers that only chart or summarise can read `columns`).
   */
  readonly points: SurvivalPoint[];
  median: SurvivalMedian;
  /** S(t) at each t: 1 before the first time, the last value after the last time (R's summary(extend = TRUE)). */
  survivalAt(times: ArrayLike<number>): number[];
  /** R's summary(fit, rmean = tau)$table[, c("rmean", "se(rmean)")]. */
  rmst(tau: number): RestrictedMean;
}

/** R's quantile.survfit tolerance, sqrt(.Machine$double.eps). */
const quantileTolerance = Math.sqrt(2.220446049250313e-16);

/**
 * Fits the Kaplan–Meier curve of right-censored durations. `time[i]` is row i's duration (finite, ≥ 0;
 * a duration of 0 is kept as R keeps it: a point at time 0), `event[i]` true/1 when the row's end was
 * observed (churn), false/0 when censored (still active at the analysis date). Times are compared
 * exactly: R's survfit first merges times that differ by rounding (aeqSurv, timefix = TRUE), which only
 * matters for computed fractional durations — whole days or months, as Tenure stores them, are exact.
 */
export function kaplanMeier(
  time: Float64Array | ArrayLike<number>,
  event: Uint8Array | ArrayLike<boolean | number>,
  options: KaplanMeierOptions,
): KaplanMeierFit {
  const n = time.length;
  if (event.length !== n) throw new RangeError(`time has ${n} rows but event has ${event.length}`);
  const conf = options.conf;
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);

  // Split into event and censoring times, each sorted natively (no comparator: fast at 1M rows).
  let eventCount = 0;
  for (let i = 0; i < n; i++) if (event[i]) eventCount++;
  const eventTimes = new Float64Array(eventCount);
  const censorTimes = new Float64Array(n - eventCount);
  for (let i = 0, e = 0, c = 0; i < n; i++) {
    const t = time[i] as number;
    if (!(Number.isFinite(t) && t >= 0))
      throw new RangeError(`row ${i}: duration must be finite and ≥ 0, got ${t}`);
    if (event[i]) eventTimes[e++] = t;
    else censorTimes[c++] = t;
  }
  eventTimes.sort();
  censorTimes.sort();

  // One sweep over the merged distinct times (R's survfitKM): n.risk counts everyone with time ≥ t.
  // Columns (typed arrays, no allocation per time); the point objects only when asked for.
  const z = normalQuantile(1 - (1 - level) / 2);
  const capacity = n; // at most one distinct time per row
  const times = new Float64Array(capacity);
  const atRiskColumn = new Float64Array(capacity);
  const eventsColumn = new Float64Array(capacity);
  const censoredColumn = new Float64Array(capacity);
  const survivalColumn = new Float64Array(capacity);
  const stdErrColumn = new Float64Array(capacity);
  const lowerColumn = new Float64Array(capacity); // NaN where R has NA
  const upperColumn = new Float64Array(capacity);
  let count = 0;
  let e = 0;
  let c = 0;
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  const eventEnd = eventTimes.length;
  const censorEnd = censorTimes.length;
  while (e < eventEnd || c < censorEnd) {
    const nextEvent = e < eventEnd ? (eventTimes[e] as number) : Infinity;
    const nextCensor = c < censorEnd ? (censorTimes[c] as number) : Infinity;
    const t = nextEvent < nextCensor ? nextEvent : nextCensor;
    let d = 0;
    while (e < eventEnd && eventTimes[e] === t) {
      d++;
      e++;
    }
    let censored = 0;
    while (c < censorEnd && censorTimes[c] === t) {
      censored++;
      c++;
    }
    if (d > 0) {
      survival *= (atRisk - d) / atRisk;
      // d / (n (n − d)) is +Infinity when everyone at risk has the event, as in R.
      greenwood += d / (atRisk * (atRisk - d));
    }
    const stdErr = Math.sqrt(greenwood);
    times[count] = t;
    atRiskColumn[count] = atRisk;
    eventsColumn[count] = d;
    censoredColumn[count] = censored;
    survivalColumn[count] = survival;
    stdErrColumn[count] = stdErr;
    setConfidenceLimits(survival, stdErr, z, conf, lowerColumn, upperColumn, count);
    count++;
    atRisk -= d + censored;
  }

  const columns: SurvivalColumns = {
    time: times.slice(0, count),
    atRisk: atRiskColumn.slice(0, count),
    events: eventsColumn.slice(0, count),
    censored: censoredColumn.slice(0, count),
    survival: survivalColumn.slice(0, count),
    stdErr: stdErrColumn.slice(0, count),
    lower: lowerColumn.slice(0, count),
    upper: upperColumn.slice(0, count),
  };
  const median: SurvivalMedian = {
    value: medianTime(columns.time, columns.survival),
    // The median's limits come from the band, as in R's quantile.survfit.
    lower: medianTime(columns.time, columns.lower),
    upper: medianTime(columns.time, columns.upper),
  };
  let points: SurvivalPoint[] | undefined;

  return {
    n,
    events: eventCount,
    conf,
    level,
    columns,
    get points() {
      points ??= pointsOf(columns);
      return points;
    },
    median,
    survivalAt: (at) => survivalAtTimes(columns, at),
    rmst: (tau) => restrictedMean(columns, tau),
  };
}

/**
 * R's survival:::survfit_confint with logse = TRUE and ulimit = TRUE: symmetric on the chosen scale,
 * with the se of log S; NaN (R's NA, null in the points) where the transform is undefined.
 */
function setConfidenceLimits(
  survival: number,
  stdErr: number,
  z: number,
  conf: ConfidenceType,
  lower: Float64Array,
  upper: Float64Array,
  i: number,
): void {
  if (conf === 'plain') {
    const halfWidth = stdErr * survival * z; // Infinity × 0 = NaN at S = 0, NaN in R too
    lower[i] = Number.isNaN(halfWidth) ? Number.NaN : Math.max(survival - halfWidth, 0);
    upper[i] = Number.isNaN(halfWidth) ? Number.NaN : Math.min(survival + halfWidth, 1);
  } else if (conf === 'log') {
    if (survival === 0) {
      lower[i] = upper[i] = Number.NaN;
      return;
    }
    const logS = Math.log(survival);
    lower[i] = Math.exp(logS - z * stdErr);
    upper[i] = Math.min(Math.exp(logS + z * stdErr), 1);
  } else {
    if (survival === 0 || survival === 1) {
      lower[i] = upper[i] = Number.NaN;
      return;
    }
    const logS = Math.log(survival);
    const shift = (z * stdErr) / logS;
    const logMinusLogS = Math.log(-logS);
    lower[i] = Math.exp(-Math.exp(logMinusLogS - shift));
    upper[i] = Math.exp(-Math.exp(logMinusLogS + shift));
  }
}

/**
 * The time where a curve (survival, or one limit of its band) falls to one half, by R's
 * survival:::findq (quantile.survfit, survival 3.5) with p = 0.5:
 * the points are (0, 0) followed by (time, 1 − curve); repeated values of 1 − curve keep their first
 * occurrence and NA values are dropped; x1 is the time of the smallest 1 − curve ≥ p − tol and x2 that of
 * the smallest ≥ p + tol; the median is (x1 + x2) / 2 — x1 itself unless the curve sits exactly at one
 * half, where it is the midpoint of the flat stretch — and, when the (last new) value of the curve is one
 * half, (x1 + last time) / 2. Null when the curve never gets to one half. `curve` holds NaN for NA.
 */
export function medianTime(time: Float64Array, curve: Float64Array): number | null {
  const count = time.length;
  const lastTime = count > 0 ? (time[count - 1] as number) : 0;
  const p = 0.5;
  const tol = quantileTolerance;
  // The leading point (0, 0) qualifies for neither x1 nor x2 (0 ± tol < p).
  let x1 = Number.NaN;
  let y1 = Infinity;
  let x2 = Number.NaN;
  let y2 = Infinity;
  let maxY = 0;
  // The last value that had not occurred before (R's y[n] after dropping duplicates); NA counts as a value
  // of its own, the leading 0 is the first value. While 1 − curve never decreases (always for the
  // survival, nearly always for the limits) a value can only repeat its predecessor, so no set is needed.
  let lastNew = 0;
  let previous = 0;
  let seenNa = false;
  let monotone = true;
  let touchesHalf = false;
  for (let i = 0; i < count; i++) {
    const value = curve[i] as number;
    if (Number.isNaN(value)) {
      if (!seenNa) lastNew = Number.NaN;
      seenNa = true;
      continue;
    }
    const y = 1 - value;
    if (y < previous) monotone = false;
    if (y !== previous) lastNew = y;
    previous = y;
    if (y > maxY) maxY = y;
    if (Math.abs(p - y) < tol) touchesHalf = true;
    if (y + tol >= p && y < y1) {
      y1 = y;
      x1 = time[i] as number;
    }
    if (y - tol >= p && y < y2) {
      y2 = y;
      x2 = time[i] as number;
    }
  }
  if (maxY < p) return null;
  // Only a value at one half matters below: look for the last new value the slow way only then.
  if (!monotone && touchesHalf) lastNew = lastNewValue(curve, count);
  if (!Number.isNaN(lastNew) && Math.abs(p - lastNew) < tol)
    return Number.isNaN(x1) ? null : (x1 + lastTime) / 2;
  if (Number.isNaN(x1) || Number.isNaN(x2)) return null;
  return (x1 + x2) / 2;
}

/** R's y[n] after duplicated() for a curve that goes up and down: the last value not seen before. */
function lastNewValue(curve: Float64Array, count: number): number {
  const seen = new Set<number>([0]);
  let lastNew = 0;
  for (let i = 0; i < count; i++) {
    const y = 1 - (curve[i] as number); // NaN stays NaN, and a Set holds one NaN
    if (!seen.has(y)) {
      seen.add(y);
      lastNew = y;
    }
  }
  return lastNew;
}

function pointsOf(columns: SurvivalColumns): SurvivalPoint[] {
  const count = columns.time.length;
  const points = new Array<SurvivalPoint>(count);
  for (let i = 0; i < count; i++) {
    const lower = columns.lower[i] as number;
    const upper = columns.upper[i] as number;
    points[i] = {
      time: columns.time[i] as number,
      atRisk: columns.atRisk[i] as number,
      events: columns.events[i] as number,
      censored: columns.censored[i] as number,
      survival: columns.survival[i] as number,
      stdErr: columns.stdErr[i] as number,
      lower: Number.isNaN(lower) ? null : lower,
      upper: Number.isNaN(upper) ? null : upper,
    };
  }
  return points;
}

/** The right-continuous step function S(t), by binary search over the distinct times. */
function survivalAtTimes(columns: SurvivalColumns, at: ArrayLike<number>): number[] {
  const { time, survival } = columns;
  const out = new Array<number>(at.length);
  for (let k = 0; k < at.length; k++) {
    const t = at[k] as number;
    if (Number.isNaN(t)) {
      out[k] = Number.NaN;
      continue;
    }
    // The number of times ≤ t.
    let lo = 0;
    let hi = time.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((time[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    out[k] = lo === 0 ? 1 : (survival[lo - 1] as number);
  }
  return out;
}

/**
 * Restricted mean survival time on [0, tau] and its standard error, as R's survival:::survmean (what
 * print(fit, rmean = tau) shows): the area of the rectangles under the step curve, the curve carried
 * flat past its last time; variance Σ_i A_i² d_i / (n_i (n_i − d_i)) over the times t_i ≤ tau, where A_i is
 * the area between t_i and tau (a term is 0 where n_i = d_i). R's summary() refuses a tau below the first
 * time; survmean itself (and this) then gives tau, the curve being 1 there.
 */
function restrictedMean(columns: SurvivalColumns, tau: number): RestrictedMean {
  if (!(Number.isFinite(tau) && tau >= 0)) throw new RangeError(`tau must be finite and ≥ 0, got ${tau}`);
  const { time, atRisk, events, survival } = columns;
  // Times ≤ tau; the rectangle starting at time i has area (next − t_i) S_i.
  let kept = 0;
  while (kept < time.length && (time[kept] as number) <= tau) kept++;
  if (kept === 0) return { tau, value: tau, stdErr: 0 };
  let area = time[0] as number; // S = 1 before the first time
  let after = 0; // the area from the current time to tau
  let variance = 0;
  for (let i = kept - 1; i >= 0; i--) {
    const t = time[i] as number;
    const next = i + 1 < kept ? (time[i + 1] as number) : tau;
    const rectangle = (next - t) * (survival[i] as number);
    after += rectangle;
    area += rectangle;
    const d = events[i] as number;
    const survivors = (atRisk[i] as number) - d;
    if (d > 0 && survivors > 0) variance += after * after * (d / ((atRisk[i] as number) * survivors));
  }
  return { tau, value: area, stdErr: Math.sqrt(variance) };
}
