import { normalQuantile } from '../stats/distributions';

/**
 * Wilson score interval for a proportion x / n, without continuity correction: the interval R's
 * prop.test(x, n, correct = FALSE)$conf.int reports (stats:::prop.test, `YATES = 0`). Unlike the Wald
 * interval it stays inside [0, 1] and keeps its coverage for shares near 0 or 1 and for small groups,
 * which is where churn shares of rare attribute values live.
 */
export interface ProportionInterval {
  share: number;
  lower: number;
  upper: number;
}

export function wilsonInterval(x: number, n: number, level = 0.95): ProportionInterval {
  if (!(n > 0)) return { share: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  if (x < 0 || x > n) throw new Error('wilsonInterval needs 0 ≤ x ≤ n');
  const p = x / n;
  const z = normalQuantile((1 + level) / 2);
  // Same expression as R, term for term, so the golden comparison is at rounding level.
  const z22n = (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const upper = (p + z22n + half) / (1 + 2 * z22n);
  const lower = (p + z22n - half) / (1 + 2 * z22n);
  // At x = 0 (x = n) the lower (upper) bound is exactly 0 (1); rounding would leave ±1e-17.
  return {
    share: p,
    lower: x === 0 ? 0 : Math.max(lower, 0),
    upper: x === n ? 1 : Math.min(upper, 1),
  };
}
