/**
 * Cox proportional hazards regression, fitted as R's survival::coxph does (coxph.fit → C coxfit6,
 * survival 3.5): Efron (default) or Breslow handling of tied event times, Newton–Raphson from β = 0
 * with step halving, converged when |1 − ℓ_old/ℓ_new| ≤ 1e-9 (at most 20 iterations), the
 * information matrix factored by Therneau's Cholesky with a rank tolerance (ε^0.75 of the largest
 * diagonal) so that a collinear column gets no coefficient (R's NA) instead of a failure.
 *
 * As coxph, each covariate whose values are not all in {−1, 0, 1} is centred on its mean and scaled by
 * n / Σ|x − x̄| inside the fit (indicator columns are left alone); estimates are reported on the
 * original scale. Newton steps are invariant to this, so it only buys numerical stability and makes
 * the arithmetic — and so the iteration count and the last digits — follow R's.
 *
 * Cost: one sort, then O(n p²) per iteration; concordance is O(n log n) with a Fenwick tree.
 */
import { chiSquareSurvival, normalQuantile, twoSidedNormalP } from '../stats/distributions';

export type CoxTies = 'efron' | 'breslow';

/** The columns of one categorical covariate in the design, so levels without events can be named. */
export interface CoxCategory {
  covariate: string;
  reference: string;
  levels: ReadonlyArray<{ level: string; column: number }>;
}

export interface CoxOptions {
  ties?: CoxTies;
  /** R's coxph.control(iter.max): 20. */
  maxIterations?: number;
  /** R's coxph.control(eps): relative change in the log partial likelihood, 1e-9. */
  epsilon?: number;
  /** R's coxph.control(toler.chol): .Machine$double.eps^0.75. */
  cholTolerance?: number;
  /** R's coxph.control(toler.inf): sqrt(eps). */
  infTolerance?: number;
  /** Level of the hazard-ratio intervals, 0.95. */
  confidenceLevel?: number;
  /** Categorical covariates of the design (from buildDesign), checked for levels without events. */
  categories?: ReadonlyArray<CoxCategory>;
}

export interface CoxCoefficient {
  term: string;
  /** null where the column is collinear with the others (R's NA). */
  coef: number | null;
  se: number | null;
  hazardRatio: number | null;
  lower: number | null;
  upper: number | null;
  z: number | null;
  p: number | null;
}

export interface CoxTest {
  chisq: number;
  df: number;
  p: number;
}

export type CoxWarningCode = 'notConverged' | 'infiniteCoefficient' | 'collinear' | 'levelWithoutEvents';

export interface CoxWarning {
  code: CoxWarningCode;
  message: string;
  term?: string;
}

export interface ConcordanceCounts {
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
  tiedXY: number;
}

export interface CoxFit {
  coefficients: CoxCoefficient[];
  /** Log partial likelihood at the estimate: R's fit$loglik[2]. */
  logLik: number;
  /** At β = 0: R's fit$loglik[1]. */
  nullLogLik: number;
  likelihoodRatio: CoxTest;
  wald: CoxTest;
  score: CoxTest;
  /** R's concordance(fit)$concordance: Harrell's C of the linear predictor. */
  concordance: number;
  concordanceCounts: ConcordanceCounts;
  n: number;
  events: number;
  iterations: number;
  converged: boolean;
  ties: CoxTies;
  /** Covariance matrix of the coefficients, row-major p × p (zero rows/columns for collinear terms). */
  variance: Float64Array;
  /** Linear predictor Σ β_k (x_k − mean_k), in input row order (R's fit$linear.predictors). */
  linearPredictor: Float64Array;
  warnings: CoxWarning[];
}

/** Row-major n × p values, or one array per covariate. */
export type CoxCovariates = Float64Array | ReadonlyArray<ArrayLike<number>>;

/**
 * Fits h(t | x) = h0(t) exp(xβ). `time` ≥ 0 (any finite values), `event` 1/true = event, 0/false =
 * censored; `covariates` without missing values (see buildDesign, which drops and counts them).
 */
export function coxPh(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  covariates: CoxCovariates,
  names: readonly string[],
  options: CoxOptions = {},
): CoxFit {
  const n = time.length;
  const p = names.length;
  const ties = options.ties ?? 'efron';
  const maxIterations = options.maxIterations ?? 20;
  const epsilon = options.epsilon ?? 1e-9;
  const cholTolerance = options.cholTolerance ?? Math.pow(2 ** -52, 0.75);
  const infTolerance = options.infTolerance ?? Math.sqrt(epsilon);
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  if (event.length !== n) throw new RangeError('coxPh: time and event differ in length');
  if (n === 0) throw new RangeError('coxPh needs at least one row');
  if (p === 0) throw new RangeError('coxPh needs at least one covariate');
  const x = rowMajorCopy(covariates, n, p);

  // Sort once by ascending time, ties in input order (R: order(time), a stable sort).
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(time[i] as number))
      throw new RangeError(`coxPh: time of row ${i + 1} is not a finite number`);
  const order = stableOrder(time);
  const sortedTime = new Float64Array(n);
  const sortedStatus = new Uint8Array(n);
  let events = 0;
  for (let s = 0; s < n; s++) {
    const i = order[s] as number;
    sortedTime[s] = time[i] as number;
    const e = event[i];
    sortedStatus[s] = e === true || (typeof e === 'number' && e !== 0) ? 1 : 0;
    events += sortedStatus[s] as number;
  }
  if (events === 0) throw new RangeError('coxPh: there are no events, so no hazard ratio can be estimated');

  // Centre and scale as coxfit6 (doscale unless every value is −1, 0 or 1: coxph's nocenter).
  const means = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  const z = new Float64Array(n * p); // sorted rows, row-major
  // Row-wise passes (the matrix is row-major): sums and the indicator check, then Σ|x − x̄|.
  const sums = new Float64Array(p);
  const indicator = new Uint8Array(p).fill(1);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < p; k++) {
      const v = x[i * p + k]!;
      if (!Number.isFinite(v))
        throw new RangeError(`coxPh: ${names[k]} of row ${i + 1} is not a finite number`);
      if (v !== 0 && v !== 1 && v !== -1) indicator[k] = 0;
      sums[k]! += v;
    }
  for (let k = 0; k < p; k++) if (!indicator[k]) means[k] = sums[k]! / n;
  const absolute = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) absolute[k]! += Math.abs(x[i * p + k]! - means[k]!);
  for (let k = 0; k < p; k++) if (!indicator[k] && absolute[k]! > 0) scale[k] = n / absolute[k]!;
  for (let s = 0; s < n; s++) {
    const row = order[s]! * p;
    for (let k = 0; k < p; k++) z[s * p + k] = (x[row + k]! - means[k]!) * scale[k]!;
  }

  const sweep = new LikelihoodSweep(sortedTime, sortedStatus, z, p, ties === 'efron');

  // coxfit6's main loop, in the scaled coordinates.
  let beta = new Float64Array(p);
  const nullLogLik = sweep.evaluate(beta);
  let logLik = nullLogLik;
  const step = Float64Array.from(sweep.u);
  let rank = cholesky(sweep.imat, p, cholTolerance);
  choleskySolve(sweep.imat, p, step);
  let scoreStatistic = 0;
  for (let k = 0; k < p; k++) scoreStatistic += sweep.u[k]! * step[k]!;

  let iterations = 0;
  let converged = false;
  let newBeta = new Float64Array(p);
  for (let k = 0; k < p; k++) newBeta[k] = beta[k]! + step[k]!;
  let halving = 0;
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    const newLogLik = sweep.evaluate(newBeta);
    rank = cholesky(sweep.imat, p, cholTolerance);
    let finite = Number.isFinite(newLogLik);
    for (let k = 0; k < p && finite; k++) if (!Number.isFinite(sweep.u[k]!)) finite = false;
    for (let k = 0; k < p * p && finite; k++) if (!Number.isFinite(sweep.imat[k]!)) finite = false;
    if (finite && Math.abs(1 - logLik / newLogLik) <= epsilon) {
      logLik = newLogLik;
      beta = newBeta;
      converged = true;
      break;
    }
    if (!finite || newLogLik < logLik) {
      // Not improving: back off towards the last good β, harder each time (coxfit6).
      halving++;
      for (let k = 0; k < p; k++) newBeta[k] = (newBeta[k]! + halving * beta[k]!) / (halving + 1);
    } else {
      halving = 0;
      logLik = newLogLik;
      const u = Float64Array.from(sweep.u);
      choleskySolve(sweep.imat, p, u);
      beta = newBeta;
      newBeta = new Float64Array(p);
      for (let k = 0; k < p; k++) newBeta[k] = beta[k]! + u[k]!;
    }
  }
  if (!converged && maxIterations > 0) {
    // Report the last accepted β with its own score and information.
    logLik = sweep.evaluate(beta);
    rank = cholesky(sweep.imat, p, cholTolerance);
  } else if (maxIterations === 0) {
    converged = true;
  }
  choleskyInverse(sweep.imat, p);

  // Back to the original scale; the inverse sits in the upper triangle.
  const variance = new Float64Array(p * p);
  const coef = new Float64Array(p);
  const u = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    coef[i] = beta[i]! * scale[i]!;
    u[i] = sweep.u[i]! / scale[i]!;
    for (let j = i; j < p; j++) {
      const v = sweep.imat[i * p + j]! * scale[i]! * scale[j]!;
      variance[i * p + j] = v;
      variance[j * p + i] = v;
    }
  }

  const linearPredictor = new Float64Array(n);
  let offset = 0;
  for (let k = 0; k < p; k++) offset += coef[k]! * means[k]!;
  let maxPredictor = -Infinity;
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let k = 0; k < p; k++) eta += coef[k]! * x[i * p + k]!;
    linearPredictor[i] = eta - offset;
    if (linearPredictor[i]! > maxPredictor) maxPredictor = linearPredictor[i]!;
  }

  const warnings: CoxWarning[] = [];
  const singular = new Uint8Array(p);
  if (rank < p) for (let k = 0; k < p; k++) if (variance[k * p + k] === 0) singular[k] = 1;

  // R's test for coefficients drifting to ±∞: the remaining Newton step u·V is not small.
  let infiniteSuspected = false;
  const infinite = new Uint8Array(p);
  for (let k = 0; k < p; k++) {
    let remaining = 0;
    for (let j = 0; j < p; j++) remaining += u[j]! * variance[j * p + k]!;
    remaining = Math.abs(remaining);
    if (!Number.isFinite(remaining)) infiniteSuspected = true;
    if (!Number.isFinite(u[k]!) || (remaining > epsilon && remaining > infTolerance * Math.abs(coef[k]!)))
      infinite[k] = 1;
  }
  if (!converged) {
    warnings.push({
      code: 'notConverged',
      message: `The fit did not converge in ${maxIterations} iterations; its estimates are not reliable.`,
    });
    if (maxPredictor > 500 || infiniteSuspected)
      warnings.push({ code: 'infiniteCoefficient', message: 'One or more coefficients may be infinite.' });
  } else if (maxIterations > 1) {
    for (let k = 0; k < p; k++)
      if (infinite[k] && !singular[k])
        warnings.push({
          code: 'infiniteCoefficient',
          term: names[k] as string,
          message: `The likelihood converged before ${names[k]} did: its coefficient may be infinite (a group with no events, or one that separates events perfectly).`,
        });
  }
  for (let k = 0; k < p; k++)
    if (singular[k])
      warnings.push({
        code: 'collinear',
        term: names[k] as string,
        message: `${names[k]} is collinear with the other covariates and gets no coefficient.`,
      });
  warnings.push(...levelsWithoutEvents(options.categories ?? [], x, p, event, n));

  const q = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const coefficients: CoxCoefficient[] = names.map((term, k) => {
    if (singular[k])
      return { term, coef: null, se: null, hazardRatio: null, lower: null, upper: null, z: null, p: null };
    const b = coef[k]!;
    const se = Math.sqrt(variance[k * p + k]!);
    const zValue = b / se;
    return {
      term,
      coef: b,
      se,
      hazardRatio: Math.exp(b),
      lower: Math.exp(b - q * se),
      upper: Math.exp(b + q * se),
      z: zValue,
      p: twoSidedNormalP(zValue),
    };
  });

  const df = p - singular.reduce((a, b) => a + b, 0);
  const lr = 2 * (logLik - nullLogLik);
  const wald = waldStatistic(coef, variance, singular, p, cholTolerance);
  const concordance = harrellConcordance(sortedTime, sortedStatus, order, linearPredictor);

  return {
    coefficients,
    logLik,
    nullLogLik,
    likelihoodRatio: { chisq: lr, df, p: chiSquareSurvival(lr, df) },
    wald: { chisq: wald, df, p: chiSquareSurvival(wald, df) },
    score: { chisq: scoreStatistic, df, p: chiSquareSurvival(scoreStatistic, df) },
    concordance: concordance.concordance,
    concordanceCounts: concordance.counts,
    n,
    events,
    iterations,
    converged,
    ties,
    variance,
    linearPredictor,
    warnings,
  };
}

function rowMajorCopy(covariates: CoxCovariates, n: number, p: number): Float64Array {
  if (covariates instanceof Float64Array) {
    if (covariates.length !== n * p) throw new RangeError(`coxPh: expected ${n} × ${p} covariate values`);
    return covariates;
  }
  if (covariates.length !== p) throw new RangeError(`coxPh: expected ${p} covariate columns`);
  const x = new Float64Array(n * p);
  covariates.forEach((column, k) => {
    if (column.length !== n) throw new RangeError('coxPh: a covariate column differs in length from time');
    for (let i = 0; i < n; i++) x[i * p + k] = column[i] as number;
  });
  return x;
}

/** Sorted distinct values of a numeric array (native numeric sort, no comparator). */
function distinctSorted(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
  return sorted.subarray(0, m);
}

/** Index of value in a sorted distinct array (present by construction). */
function rankIn(distinct: Float64Array, value: number): number {
  let low = 0;
  let high = distinct.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (distinct[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Row indices by ascending value, ties in input order: a counting sort over the distinct values. */
function stableOrder(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const distinct = distinctSorted(values);
  const rank = new Int32Array(n);
  const start = new Int32Array(distinct.length + 1);
  for (let i = 0; i < n; i++) {
    rank[i] = rankIn(distinct, values[i] as number);
    start[rank[i]! + 1]!++;
  }
  for (let r = 0; r < distinct.length; r++) start[r + 1]! += start[r]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[rank[i]!]!++] = i;
  return order;
}

/**
 * One pass of coxfit6_iter: log partial likelihood, score u and information (upper triangle of imat,
 * element [j][i] with j ≤ i) at β, walking from the longest time down and adding each tied set of
 * deaths in one go — Breslow, or Efron's ndead fractional steps.
 */
class LikelihoodSweep {
  readonly u: Float64Array;
  readonly imat: Float64Array;
  private readonly a: Float64Array;
  private readonly a2: Float64Array;
  private readonly cmat: Float64Array;
  private readonly cmat2: Float64Array;

  constructor(
    private readonly time: Float64Array,
    private readonly status: Uint8Array,
    private readonly z: Float64Array,
    private readonly p: number,
    private readonly efron: boolean,
  ) {
    this.u = new Float64Array(p);
    this.imat = new Float64Array(p * p);
    this.a = new Float64Array(p);
    this.a2 = new Float64Array(p);
    this.cmat = new Float64Array(p * p);
    this.cmat2 = new Float64Array(p * p);
  }

  evaluate(beta: Float64Array): number {
    const { time, status, z, p, u, imat, a, a2, cmat, cmat2, efron } = this;
    u.fill(0);
    imat.fill(0);
    a.fill(0);
    a2.fill(0);
    cmat.fill(0);
    cmat2.fill(0);
    let logLik = 0;
    let denom = 0;
    for (let person = time.length - 1; person >= 0;) {
      const atTime = time[person]!;
      let deaths = 0;
      let denom2 = 0;
      while (person >= 0 && time[person] === atTime) {
        const row = person * p;
        let zbeta = 0;
        for (let i = 0; i < p; i++) zbeta += beta[i]! * z[row + i]!;
        const risk = Math.exp(zbeta);
        if (status[person] === 0) {
          denom += risk;
          for (let i = 0; i < p; i++) {
            const rx = risk * z[row + i]!;
            a[i]! += rx;
            for (let j = 0; j <= i; j++) cmat[i * p + j]! += rx * z[row + j]!;
          }
        } else {
          deaths++;
          denom2 += risk;
          logLik += zbeta;
          for (let i = 0; i < p; i++) {
            const rx = risk * z[row + i]!;
            u[i]! += z[row + i]!;
            a2[i]! += rx;
            for (let j = 0; j <= i; j++) cmat2[i * p + j]! += rx * z[row + j]!;
          }
        }
        person--;
      }
      if (deaths === 0) continue;
      // Reciprocals instead of coxfit6's divisions: within an ulp, and a third of the time.
      if (!efron || deaths === 1) {
        denom += denom2;
        logLik -= deaths * Math.log(denom);
        const perDenom = deaths / denom;
        for (let i = 0; i < p; i++) {
          a[i]! += a2[i]!;
          const mean = a[i]! / denom;
          u[i]! -= deaths * mean;
          for (let j = 0; j <= i; j++) {
            cmat[i * p + j]! += cmat2[i * p + j]!;
            imat[j * p + i]! += (cmat[i * p + j]! - mean * a[j]!) * perDenom;
          }
        }
      } else {
        // Efron: the tied deaths leave the risk set a fraction 1/ndead at a time.
        const share = 1 / deaths;
        for (let k = 0; k < deaths; k++) {
          denom += denom2 * share;
          logLik -= Math.log(denom);
          const perDenom = 1 / denom;
          for (let i = 0; i < p; i++) {
            a[i]! += a2[i]! * share;
            const mean = a[i]! * perDenom;
            u[i]! -= mean;
            for (let j = 0; j <= i; j++) {
              cmat[i * p + j]! += cmat2[i * p + j]! * share;
              imat[j * p + i]! += (cmat[i * p + j]! - mean * a[j]!) * perDenom;
            }
          }
        }
      }
      a2.fill(0);
      cmat2.fill(0);
    }
    return logLik;
  }
}

/**
 * Therneau's cholesky2: M = F D F' in place (F unit lower triangular below the diagonal, D on it),
 * reading the upper triangle. A pivot below tolerance × the largest diagonal marks a redundant column
 * (its D is set to 0). Returns the rank (negated if the matrix is not non-negative definite).
 */
export function cholesky(matrix: Float64Array, n: number, tolerance: number): number {
  let largest = 0;
  for (let i = 0; i < n; i++) {
    if (matrix[i * n + i]! > largest) largest = matrix[i * n + i]!;
    for (let j = i + 1; j < n; j++) matrix[j * n + i] = matrix[i * n + j]!;
  }
  if (largest === 0) return 0;
  const eps = largest * tolerance;
  let rank = 0;
  let nonNegative = 1;
  for (let i = 0; i < n; i++) {
    const pivot = matrix[i * n + i]!;
    if (!Number.isFinite(pivot) || pivot < eps) {
      matrix[i * n + i] = 0;
      if (pivot < -8 * eps) nonNegative = -1;
    } else {
      rank++;
      for (let j = i + 1; j < n; j++) {
        const t = matrix[j * n + i]! / pivot;
        matrix[j * n + i] = t;
        matrix[j * n + j]! -= t * t * pivot;
        for (let k = j + 1; k < n; k++) matrix[k * n + j]! -= t * matrix[k * n + i]!;
      }
    }
  }
  return rank * nonNegative;
}

/** chsolve2: solves (F D F') b = y in place from cholesky's factor; redundant columns get b = 0. */
export function choleskySolve(matrix: Float64Array, n: number, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let t = y[i]!;
    for (let j = 0; j < i; j++) t -= y[j]! * matrix[i * n + j]!;
    y[i] = t;
  }
  for (let i = n - 1; i >= 0; i--) {
    if (matrix[i * n + i] === 0) y[i] = 0;
    else {
      let t = y[i]! / matrix[i * n + i]!;
      for (let j = i + 1; j < n; j++) t -= y[j]! * matrix[j * n + i]!;
      y[i] = t;
    }
  }
}

/** chinv2: the inverse of F D F' into the upper triangle and diagonal; redundant rows are zero. */
export function choleskyInverse(matrix: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    if (matrix[i * n + i]! > 0) {
      matrix[i * n + i] = 1 / matrix[i * n + i]!;
      for (let j = i + 1; j < n; j++) {
        matrix[j * n + i] = -matrix[j * n + i]!;
        for (let k = 0; k < i; k++) matrix[j * n + k]! += matrix[j * n + i]! * matrix[i * n + k]!;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (matrix[i * n + i] === 0) {
      for (let j = 0; j < i; j++) matrix[j * n + i] = 0;
      for (let j = i; j < n; j++) matrix[i * n + j] = 0;
    } else {
      for (let j = i + 1; j < n; j++) {
        const t = matrix[j * n + i]! * matrix[j * n + j]!;
        matrix[i * n + j] = t;
        for (let k = i; k < j; k++) matrix[i * n + k]! += t * matrix[j * n + k]!;
      }
    }
  }
}

/** coxph.wtest: β' V⁻¹ β over the estimable coefficients. */
function waldStatistic(
  coef: Float64Array,
  variance: Float64Array,
  singular: Uint8Array,
  p: number,
  tolerance: number,
): number {
  const keep: number[] = [];
  for (let k = 0; k < p; k++) if (!singular[k]) keep.push(k);
  const m = keep.length;
  if (m === 0) return 0;
  const v = new Float64Array(m * m);
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    b[i] = coef[keep[i]!]!;
    for (let j = 0; j < m; j++) v[i * m + j] = variance[keep[i]! * p + keep[j]!]!;
  }
  cholesky(v, m, tolerance);
  const solved = Float64Array.from(b);
  choleskySolve(v, m, solved);
  let sum = 0;
  for (let i = 0; i < m; i++) sum += b[i]! * solved[i]!;
  return sum;
}

/**
 * R's concordance(fit) with its defaults (timewt = "n", reverse = TRUE): over pairs whose shorter time
 * is an event — a censoring at the same time as an event counts as the longer one, as in the Cox risk
 * set — concordant when the earlier event has the larger linear predictor; ties on the predictor count
 * one half; pairs of events at the same time (tied.y, tied.xy) are left out.
 * C = (concordant + tied.x / 2) / (concordant + discordant + tied.x). (survival's concordance3.c.)
 */
export function harrellConcordance(
  sortedTime: Float64Array,
  sortedStatus: Uint8Array,
  order: Int32Array,
  linearPredictor: Float64Array,
): { concordance: number; counts: ConcordanceCounts } {
  const n = sortedTime.length;
  // Rank the predictor's distinct values 1..m (exact ties, as R's match(risk, sort(unique(risk)))).
  const distinct = distinctSorted(linearPredictor);
  const m = distinct.length;
  const rankOf = new Int32Array(n); // by sorted position
  for (let s = 0; s < n; s++) rankOf[s] = rankIn(distinct, linearPredictor[order[s]!]!) + 1;
  const fenwick = new Float64Array(m + 1);
  const atRank = new Float64Array(m + 1);
  const add = (rank: number) => {
    atRank[rank]!++;
    for (let r = rank; r <= m; r += r & -r) fenwick[r]!++;
  };
  const below = (rank: number) => {
    let sum = 0;
    for (let r = rank - 1; r > 0; r -= r & -r) sum += fenwick[r]!;
    return sum;
  };
  let inTree = 0;
  const counts: ConcordanceCounts = { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0 };
  const deathRanks: number[] = [];
  for (let end = n - 1; end >= 0;) {
    let start = end;
    while (start > 0 && sortedTime[start - 1] === sortedTime[end]) start--;
    // Censorings at this time join the comparison set first.
    for (let s = start; s <= end; s++)
      if (!sortedStatus[s]) {
        add(rankOf[s]!);
        inTree++;
      }
    deathRanks.length = 0;
    for (let s = start; s <= end; s++) {
      if (!sortedStatus[s]) continue;
      const rank = rankOf[s]!;
      const lower = below(rank);
      const tied = atRank[rank]!;
      counts.concordant += lower;
      counts.tiedX += tied;
      counts.discordant += inTree - lower - tied;
      deathRanks.push(rank);
    }
    if (deathRanks.length > 1) {
      const d = deathRanks.length;
      deathRanks.sort((a, b) => a - b);
      let tiedXY = 0;
      for (let i = 0; i < d;) {
        let j = i;
        while (j < d && deathRanks[j] === deathRanks[i]) j++;
        tiedXY += ((j - i) * (j - i - 1)) / 2;
        i = j;
      }
      counts.tiedXY += tiedXY;
      counts.tiedY += (d * (d - 1)) / 2 - tiedXY;
    }
    for (const rank of deathRanks) {
      add(rank);
      inTree++;
    }
    end = start - 1;
  }
  const pairs = counts.concordant + counts.discordant + counts.tiedX;
  return { concordance: pairs > 0 ? (counts.concordant + counts.tiedX / 2) / pairs : Number.NaN, counts };
}

/** Names the levels (and references) of categorical covariates that have no events. */
function levelsWithoutEvents(
  categories: ReadonlyArray<CoxCategory>,
  x: Float64Array,
  p: number,
  event: ArrayLike<number | boolean>,
  n: number,
): CoxWarning[] {
  const warnings: CoxWarning[] = [];
  for (const category of categories) {
    const eventsByLevel = new Float64Array(category.levels.length);
    let referenceEvents = 0;
    let referenceRows = 0;
    for (let i = 0; i < n; i++) {
      const e = event[i];
      const isEvent = e === true || (typeof e === 'number' && e !== 0);
      let inLevel = false;
      category.levels.forEach(({ column }, l) => {
        if (x[i * p + column] === 1) {
          inLevel = true;
          if (isEvent) eventsByLevel[l]!++;
        }
      });
      if (!inLevel) {
        referenceRows++;
        if (isEvent) referenceEvents++;
      }
    }
    category.levels.forEach(({ level }, l) => {
      if (eventsByLevel[l] === 0)
        warnings.push({
          code: 'levelWithoutEvents',
          term: `${category.covariate}${level}`,
          message: `${category.covariate} = ${level} has no events: its hazard ratio cannot be estimated (it tends to 0).`,
        });
    });
    if (referenceRows > 0 && referenceEvents === 0)
      warnings.push({
        code: 'levelWithoutEvents',
        message: `The reference level ${category.covariate} = ${category.reference} has no events: the other levels' hazard ratios tend to infinity. Choose another reference level.`,
      });
  }
  return warnings;
}
