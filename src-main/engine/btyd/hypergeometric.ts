/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and −∞ < z < 1, as the BG/NBD
 * and Pareto/NBD likelihoods and conditional expectations need it (Fader, Hardie & Lee 2005).
 *
 * - 0 ≤ z ≤ 0.5: the defining power series (Abramowitz & Stegun 15.1.1) or that of its Euler transform
 *   (A&S 15.3.3), whichever has the faster-decaying terms, summed with running rescaling so that
 *   large values (big a, b with z near 1) come back as a logarithm instead of ∞.
 * - z < 0: Pfaff's transformation (A&S 15.3.4) to w = z/(z − 1) ∈ (0, 1), whose series has positive
 *   terms for positive parameters (no alternating-sign cancellation).
 * - 0.5 < z < 1: the series of whichever of 2F1 and its Euler transform (A&S 15.3.3) has the faster-
 *   decaying tail; for z so close to 1 that the series would need more than ~2,000 terms, the 1 − z
 *   connection formula (A&S 15.3.6), interpolated from nearby c when c − a − b is (near) an integer.
 *   When its two pieces cancel (fewer than ~10 digits left), the series up to 50,000 terms, then the
 *   connection formula with up to 8 digits lost, then the long series (slow but right).
 */
import { logGamma } from '../stats/distributions';

const relativeTolerance = 1e-16;
/**
 * Beyond this many terms near z = 1 the connection formula is tried first. Its two series in 1 − z
 * converge in a few dozen terms there, so a low threshold keeps 0.99 < z < 1 cheap (the Pareto/NBD
 * ridge s, β → ∞ puts every endpoint in that zone).
 */
const shortSeriesTerms = 2_000;
/** When the connection formula cancels, series up to this long are still preferred to it. */
const mediumSeriesTerms = 50_000;
const longSeriesTerms = 20_000_000;

/** A real number as sign × exp(logAbs), so that results far outside double range survive. */
interface SignedLog {
  sign: number;
  logAbs: number;
}

/** 2F1(a, b; c; z) for z < 1. May return ±∞ when the value exceeds double range (use logHyp2f1). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const { sign, logAbs } = hyp2f1Signed(a, b, c, z);
  return sign === 0 ? 0 : sign * Math.exp(logAbs);
}

/**
 * ln 2F1(a, b; c; z) for z < 1 when the value is positive (always so for a, b, c > 0 and 0 ≤ z < 1, the
 * case of the customer-value models); NaN when the value is negative or zero.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const { sign, logAbs } = hyp2f1Signed(a, b, c, z);
  return sign > 0 ? logAbs : NaN;
}

function hyp2f1Signed(a: number, b: number, c: number, z: number): SignedLog {
  if (!(z < 1)) throw new RangeError(`hyp2f1 needs z < 1 (got ${z})`);
  if (isNonPositiveInteger(c) && !(isNonPositiveInteger(a) && a > c) && !(isNonPositiveInteger(b) && b > c))
    throw new RangeError(`hyp2f1 is undefined for c = ${c}, a non-positive integer`);
  if (z === 0 || a === 0 || b === 0) return { sign: 1, logAbs: 0 };
  // A polynomial: the series terminates, exact at any z.
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return series(a, b, c, z, longSeriesTerms).value;
  if (z < 0) {
    // Pfaff: 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z/(z − 1)).
    const inner = hyp2f1Signed(a, c - b, c, z / (z - 1));
    return { sign: inner.sign, logAbs: inner.logAbs - a * Math.log1p(-z) };
  }
  if (z <= 0.5) {
    // Euler's form when its terms fall faster (e.g. 2F1(a, b; a+1; z) with large b, as in Pareto/NBD).
    return c - a - b < a + b - c
      ? eulerSeries(a, b, c, z, longSeriesTerms).value
      : series(a, b, c, z, longSeriesTerms).value;
  }
  return nearOne(a, b, c, z);
}

function nearOne(a: number, b: number, c: number, z: number): SignedLog {
  // The n-th term behaves like n^(a+b−c−1) zⁿ; Euler's form (1 − z)^(c−a−b) 2F1(c−a, c−b; c; z)
  // like n^(c−a−b−1) zⁿ. Sum the one whose tail falls faster.
  const useEuler = c - a - b < a + b - c;
  const sumDirect = (maxTerms: number): SummedSeries =>
    useEuler ? eulerSeries(a, b, c, z, maxTerms) : series(a, b, c, z, maxTerms);
  const expectedTerms = (37 + Math.abs(a + b - c) * 10) / -Math.log(z);
  if (expectedTerms <= shortSeriesTerms) {
    const short = sumDirect(shortSeriesTerms);
    if (short.converged) return short.value;
  }
  // The connection formula when it keeps ~10 digits; else the series if it ends within
  // mediumSeriesTerms (large a·(1 − z) makes the pieces cancel, e.g. 2F1(1000, 0.24; 1001; 0.985)).
  const clean = connectionFormula(a, b, c, z, true) ?? interpolatedConnection(a, b, c, z, true);
  if (clean !== null) return clean;
  if (expectedTerms <= mediumSeriesTerms) {
    const medium = sumDirect(mediumSeriesTerms);
    if (medium.converged) return medium.value;
  }
  const connected = connectionFormula(a, b, c, z, false) ?? interpolatedConnection(a, b, c, z, false);
  if (connected !== null) return connected;
  const long = sumDirect(longSeriesTerms);
  if (!long.converged) throw new Error(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
  return long.value;
}

function eulerSeries(a: number, b: number, c: number, z: number, maxTerms: number): SummedSeries {
  const inner = series(c - a, c - b, c, z, maxTerms);
  return {
    converged: inner.converged,
    value: { sign: inner.value.sign, logAbs: inner.value.logAbs + (c - a - b) * Math.log1p(-z) },
  };
}

interface SummedSeries {
  value: SignedLog;
  converged: boolean;
}

/** Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ, rescaled whenever the partial sum grows large. */
function series(a: number, b: number, c: number, z: number, maxTerms: number): SummedSeries {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) return { value: toSignedLog(sum, logScale), converged: true };
    // Once successive terms shrink, the tail is at most term · |ratio|/(1 − |ratio|) (ratios fall to z).
    const r = Math.abs(ratio);
    if (r < 1 && Math.abs(term) * r <= relativeTolerance * Math.abs(sum) * (1 - r))
      return { value: toSignedLog(sum, logScale), converged: true };
    if (Math.abs(sum) > 1e250) {
      logScale += Math.log(Math.abs(sum));
      term /= Math.abs(sum);
      sum = Math.sign(sum);
    }
  }
  return { value: toSignedLog(sum, logScale), converged: false };
}

function toSignedLog(sum: number, logScale: number): SignedLog {
  return { sign: Math.sign(sum), logAbs: Math.log(Math.abs(sum)) + logScale };
}

/**
 * A&S 15.3.6: 2F1(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) 2F1(a, b; a+b−c+1; 1−z)
 *   + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) 2F1(c−a, c−b; c−a−b+1; 1−z).
 * Null when c − a − b is within 1e-4 of an integer (the Γ poles make the pieces cancel) or when the
 * two pieces cancel to below 1e-8 of the larger one (~8 significant digits kept). With strict, null
 * unless the estimated relative error is below 1e-10: each piece's logarithm carries rounding in
 * proportion to the size of its Γ terms (ln Γ(1001) ≈ 5900), which the cancellation then magnifies.
 */
function connectionFormula(a: number, b: number, c: number, z: number, strict: boolean): SignedLog | null {
  const d = c - a - b;
  if (Math.abs(d - Math.round(d)) < 1e-4) return null;
  const w = 1 - z;
  const first = series(a, b, 1 - d, w, longSeriesTerms);
  const second = series(c - a, c - b, 1 + d, w, longSeriesTerms);
  if (!first.converged || !second.converged) return null;
  const gc = signedGamma(c);
  const pieces: (SignedLog & { logSize: number })[] = [];
  const r1 = reciprocalGammaProduct([c - a, c - b]);
  if (r1 !== null) {
    const g = signedGamma(d);
    pieces.push({
      sign: gc.sign * g.sign * r1.sign * first.value.sign,
      logAbs: gc.logAbs + g.logAbs + r1.logAbs + first.value.logAbs,
      logSize: Math.abs(gc.logAbs) + Math.abs(g.logAbs) + Math.abs(r1.logAbs) + Math.abs(first.value.logAbs),
    });
  }
  const r2 = reciprocalGammaProduct([a, b]);
  if (r2 !== null) {
    const g = signedGamma(-d);
    pieces.push({
      sign: gc.sign * g.sign * r2.sign * second.value.sign,
      logAbs: d * Math.log(w) + gc.logAbs + g.logAbs + r2.logAbs + second.value.logAbs,
      logSize:
        Math.abs(d * Math.log(w)) +
        Math.abs(gc.logAbs) +
        Math.abs(g.logAbs) +
        Math.abs(r2.logAbs) +
        Math.abs(second.value.logAbs),
    });
  }
  if (pieces.length === 0) return null;
  const largest = Math.max(...pieces.map((p) => p.logAbs));
  let sum = 0;
  let rounding = 0;
  for (const p of pieces) {
    const share = Math.exp(p.logAbs - largest);
    sum += p.sign * share;
    rounding += share * 2.2e-16 * (p.logSize + 10);
  }
  if (Math.abs(sum) < 1e-8 || (strict && rounding > 1e-10 * Math.abs(sum))) return null;
  return { sign: Math.sign(sum), logAbs: Math.log(Math.abs(sum)) + largest };
}

/**
 * When c − a − b is (near) an integer m, 2F1 is still smooth in c: evaluate the connection formula at
 * c − a − b = m ± δ, m ± 2δ (δ = 5e-4, where the pieces cancel by only ~3 digits) and interpolate
 * ln 2F1 by the cubic through those four points (interpolation error O(δ⁴)).
 */
function interpolatedConnection(
  a: number,
  b: number,
  c: number,
  z: number,
  strict: boolean,
): SignedLog | null {
  const d = c - a - b;
  const m = Math.round(d);
  if (Math.abs(d - m) >= 1e-4) return null;
  const delta = 5e-4;
  const offsets = [-2 * delta, -delta, delta, 2 * delta];
  const values: number[] = [];
  let sign = 0;
  for (const offset of offsets) {
    const v = connectionFormula(a, b, a + b + m + offset, z, strict);
    if (v === null || (sign !== 0 && v.sign !== sign)) return null;
    sign = v.sign;
    values.push(v.logAbs);
  }
  // Lagrange form at the wanted offset d − m.
  const at = d - m;
  let logAbs = 0;
  for (let i = 0; i < 4; i++) {
    let weight = 1;
    for (let j = 0; j < 4; j++) if (j !== i) weight *= (at - offsets[j]!) / (offsets[i]! - offsets[j]!);
    logAbs += weight * values[i]!;
  }
  return { sign, logAbs };
}

/** 1/(Γ(x₁)Γ(x₂)…) as a signed log; null when it is 0 (some xᵢ is a pole of Γ). */
function reciprocalGammaProduct(xs: number[]): SignedLog | null {
  let sign = 1;
  let logAbs = 0;
  for (const x of xs) {
    if (isNonPositiveInteger(x)) return null;
    const g = signedGamma(x);
    sign *= g.sign;
    logAbs -= g.logAbs;
  }
  return { sign, logAbs };
}

/** Γ(x) for real non-pole x as sign and ln|Γ(x)| (the sign alternates between negative poles). */
function signedGamma(x: number): SignedLog {
  if (x > 0) return { sign: 1, logAbs: logGamma(x) };
  // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
  const sine = Math.sin(Math.PI * x);
  return { sign: Math.sign(sine), logAbs: Math.log(Math.PI / Math.abs(sine)) - logGamma(1 - x) };
}

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}
