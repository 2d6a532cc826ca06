/**
 * The number-at-risk table under a Kaplan–Meier chart and the curve's value at any time, from the points
 * the survival channel returns (one per distinct time, sorted by time).
 */
export interface CurvePoint {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
}

/** Index of the first point with time ≥ t (points.length when there is none). */
function firstAtOrAfter(points: readonly CurvePoint[], t: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((points[mid] as CurvePoint).time < t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Customers still at risk at time t: those whose tenure is t or longer. That is the at-risk count of the
 * first point at or after t; past the last point, whoever was at risk there minus those who churned or
 * were censored at it (0 unless the data says otherwise).
 */
export function atRiskAt(points: readonly CurvePoint[], t: number): number {
  const index = firstAtOrAfter(points, t);
  const point = points[index];
  if (point) return point.atRisk;
  const last = points.at(-1);
  return last ? last.atRisk - last.events - last.censored : 0;
}

/** The Kaplan–Meier estimate at time t: the survival of the last point at or before t (1 before any). */
export function survivalAt(points: readonly CurvePoint[], t: number): number {
  const index = firstAtOrAfter(points, t);
  const point = points[index];
  if (point && point.time === t) return point.survival;
  return index === 0 ? 1 : (points[index - 1] as CurvePoint).survival;
}

/** Steps of the at-risk table and the x axis, in the survival unit: round numbers people use. */
const monthSteps = [1, 2, 3, 6, 12, 24, 36, 60, 120, 240];
const daySteps = [1, 7, 14, 30, 90, 180, 365, 730, 1095, 1825, 3650];

/**
 * Evenly spaced times from 0 up to (and just past) the longest tenure, at most `maxColumns` of them:
 * every 12 months for the telco data's 72 months.
 */
export function riskTableTimes(
  maxTime: number,
  unit: 'days' | 'months',
  maxColumns = 8,
): { step: number; times: number[] } {
  const steps = unit === 'months' ? monthSteps : daySteps;
  const span = Math.max(maxTime, 1);
  const step =
    steps.find((candidate) => Math.ceil(span / candidate) + 1 <= maxColumns) ??
    Math.ceil(span / (maxColumns - 1));
  const times: number[] = [];
  for (let t = 0; t <= span; t += step) times.push(t);
  return { step, times };
}

/** The x axis's end: the first step at or past the longest tenure. */
export function axisEnd(maxTime: number, step: number): number {
  return Math.max(step, Math.ceil(maxTime / step) * step);
}
