/**
 * Logistic regression on a design matrix (row-major rows × terms; the intercept is added here).
 *
 * Unpenalised: R's glm.fit with family = binomial, step for step — start at mu = (y + 0.5) / 2, IRLS
 * with R's clamped logit (binomial()$linkinv / mu.eta, |eta| > 30 clamped), stop when
 * |dev − dev_old| / (|dev| + 0.1) < 1e-8 or after 25 iterations (glm.control), halve the step while
 * the deviance is not finite. Columns linearly dependent on earlier ones are dropped first by R's
 * dqrdc2 rule and reported as aliased (R prints NA). Standard errors are those of summary.glm: the
 * inverse of Xᵀ W X with the weights of the last iteration (R keeps that iteration's QR). The same
 * iterate as R, so coefficients and SEs agree to rounding, even for R's 15-iteration fits.
 *
 * Penalised: minimises
 *     −loglik(β) + (l2 / 2) Σ_{j≥1} β_j² + l1 Σ_{j≥1} |β_j|        (the intercept β_0 is never penalised)
 * which is scikit-learn 1.x LogisticRegression's objective divided by C, with l2 = 1 / C for
 * penalty='l2' (lbfgs) and l1 = 1 / C for penalty='l1' with solver='saga' (saga leaves the intercept
 * unpenalised; liblinear would penalise it — not the one matched). L2 alone: Newton with step halving.
 * With L1: proximal Newton — a coordinate-descent solve of the penalised weighted least squares
 * (glmnet's inner loop) then a backtracking line search on the true objective. No column is dropped,
 * and standard errors, z and p are NOT reported for penalised fits (the penalty biases the estimates;
 * Wald intervals would be wrong).
 */
import { normalQuantile, twoSidedNormalP } from '../stats/distributions';
import { independentColumns, solveSpd } from './linear-algebra';

export interface LogisticOptions {
  /** Penalty weights on the sum of log-losses; scikit-learn's C corresponds to 1 / C. */
  l2?: number;
  l1?: number;
  /** Unpenalised: 25 (glm.control); penalised: 200. */
  maxIterations?: number;
  /** Unpenalised: R's epsilon 1e-8 on the relative deviance change; penalised: 1e-12 on the objective. */
  tolerance?: number;
}

export interface LogisticDesign {
  /** Row-major rows × terms.length, without an intercept column. */
  matrix: Float64Array;
  rows: number;
  terms: readonly string[];
}

export interface LogisticTerm {
  term: string;
  /** null when aliased (R's NA). */
  estimate: number | null;
  /** Standard error, z, p and the odds ratio's 95% Wald interval: null for penalised fits. */
  se: number | null;
  z: number | null;
  p: number | null;
  oddsRatio: number | null;
  lower: number | null;
  upper: number | null;
  aliased: boolean;
}

export interface LogisticWarning {
  code: 'not-converged' | 'fitted-0-or-1' | 'separation' | 'aliased';
  message: string;
}

export interface LogisticFit {
  /** "(Intercept)" then the design's terms. */
  terms: string[];
  /** Coefficients for prediction, aliased ones as 0 (R's predict treats NA as absent). */
  coefficients: Float64Array;
  table: LogisticTerm[];
  penalty: { l1: number; l2: number };
  n: number;
  rank: number;
  logLikelihood: number;
  deviance: number;
  nullDeviance: number;
  /** deviance + 2 × rank; null for penalised fits, whose effective degrees of freedom differ. */
  aic: number | null;
  /** The minimised objective (−loglik plus penalty). */
  objective: number;
  iterations: number;
  converged: boolean;
  /** Fitted probabilities on the training rows. */
  fitted: Float64Array;
  /**
   * Covariance of the estimates (terms × terms, row-major; rows and columns of aliased terms are 0),
   * as summary.glm's cov.unscaled; null for penalised fits.
   */
  covariance: Float64Array | null;
  warnings: LogisticWarning[];
  /** Why SEs are absent, for penalised fits. */
  notes: string[];
}

const DBL_EPSILON = 2.220446049250313e-16;
const THRESH = 30;

/** binomial()$linkinv in R (logit_linkinv in family.c): eta clamped at ±30. */
export function inverseLogit(eta: number): number {
  const t = eta < -THRESH ? DBL_EPSILON : eta > THRESH ? 1 / DBL_EPSILON : Math.exp(eta);
  return t / (1 + t);
}

/** binomial()$mu.eta in R (logit_mu_eta): DBL_EPSILON beyond ±30. */
function muEta(eta: number): number {
  if (Math.abs(eta) > THRESH) return DBL_EPSILON;
  const e = Math.exp(eta);
  return e / ((1 + e) * (1 + e));
}

/** Binomial unit deviance 2[y log(y/mu) + (1−y) log((1−y)/(1−mu))] for y in {0, 1}. */
function unitDeviance(y: number, mu: number): number {
  return y === 1
    ? -2 * Math.log(mu)
    : y === 0
      ? -2 * Math.log1p(-mu)
      : 2 * (ylogy(y, mu) + ylogy(1 - y, 1 - mu));
}
function ylogy(y: number, mu: number): number {
  return y > 0 ? y * Math.log(y / mu) : 0;
}

/** log(1 + e^eta) without overflow: the log-loss of a 0 outcome at linear predictor eta. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** Add an intercept column: row-major n × (p + 1). */
function withIntercept(design: LogisticDesign): Float64Array {
  const { matrix, rows: n } = design;
  const p = design.terms.length;
  const q = p + 1;
  const x = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    x[i * q] = 1;
    for (let j = 0; j < p; j++) x[i * q + 1 + j] = matrix[i * p + j]!;
  }
  return x;
}

/** Xᵀ W X (upper triangle mirrored) and Xᵀ W z of the row-major n × k matrix. */
function weightedCrossProducts(
  x: Float64Array,
  n: number,
  k: number,
  w: Float64Array,
  z: Float64Array,
): { xtwx: Float64Array; xtwz: Float64Array } {
  const xtwx = new Float64Array(k * k);
  const xtwz = new Float64Array(k);
  const row = new Float64Array(k);
  // The row's non-zero columns: dummies and missing-value indicators are mostly 0, and a zero term
  // leaves a sum exactly as it was, so only non-zero pairs are added (same sums, several times fewer).
  const nonZero = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const base = i * k;
    let m = 0;
    for (let a = 0; a < k; a++) {
      const v = x[base + a]!;
      row[a] = v;
      if (v !== 0) nonZero[m++] = a;
    }
    const wz = wi * z[i]!;
    for (let s = 0; s < m; s++) {
      const a = nonZero[s]!;
      const wa = wi * row[a]!;
      if (wa === 0) continue;
      xtwz[a] = xtwz[a]! + row[a]! * wz;
      const offset = a * k;
      for (let t = s; t < m; t++) {
        const b = nonZero[t]!;
        xtwx[offset + b] = xtwx[offset + b]! + wa * row[b]!;
      }
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) xtwx[a * k + b] = xtwx[b * k + a]!;
  return { xtwx, xtwz };
}

function linearPredictor(x: Float64Array, n: number, k: number, beta: Float64Array, eta: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const base = i * k;
    for (let a = 0; a < k; a++) s += x[base + a]! * beta[a]!;
    eta[i] = s;
  }
}

function checkOutcome(y: ArrayLike<number>, n: number): void {
  if (y.length !== n) throw new RangeError(`outcome has ${y.length} values for ${n} rows`);
  let ones = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) throw new RangeError(`outcome must be 0 or 1 (row ${i} is ${v})`);
    ones += v;
  }
  if (ones === 0 || ones === n) throw new RangeError('the outcome has only one class in these rows');
}

export function fitLogistic(
  design: LogisticDesign,
  y: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticFit {
  const n = design.rows;
  checkOutcome(y, n);
  const l1 = options.l1 ?? 0;
  const l2 = options.l2 ?? 0;
  if (!(l1 >= 0) || !(l2 >= 0)) throw new RangeError('penalties must be non-negative');
  return l1 === 0 && l2 === 0 ? fitUnpenalised(design, y, options) : fitPenalised(design, y, l1, l2, options);
}

function nullDevianceOf(y: ArrayLike<number>, n: number): number {
  let ones = 0;
  for (let i = 0; i < n; i++) ones += y[i]!;
  const mean = ones / n;
  let dev = 0;
  for (let i = 0; i < n; i++) dev += unitDeviance(y[i]!, mean);
  return dev;
}

/** R's glm.fit, binomial family, unit prior weights, no offset. */
function fitUnpenalised(design: LogisticDesign, y: ArrayLike<number>, options: LogisticOptions): LogisticFit {
  const n = design.rows;
  const q = design.terms.length + 1;
  const terms = ['(Intercept)', ...design.terms];
  const x = withIntercept(design);
  const maxIterations = options.maxIterations ?? 25;
  const epsilon = options.tolerance ?? 1e-8;

  const keep = independentColumns(x, n, q, Math.min(1e-7, epsilon / 1000));
  const colList: number[] = [];
  keep.forEach((k, j) => k && colList.push(j));
  const cols = Int32Array.from(colList);
  const k = cols.length;
  // The kept columns, contiguous: the IRLS loops then run over consecutive memory.
  // (When every column is kept that is x itself: no copy, which at a million rows is ~0.5 GB.)
  let xk = x;
  if (k < q) {
    xk = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) xk[i * k + a] = x[i * q + cols[a]!]!;
  }

  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  let devold = 0;
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i]! + 0.5) / 2;
    eta[i] = Math.log(mu[i]! / (1 - mu[i]!));
    devold += unitDeviance(y[i]!, mu[i]!);
  }
  let beta: Float64Array = new Float64Array(k);
  let betaOld: Float64Array | null = null;
  let lastWeights = new Float64Array(n);
  let dev = devold;
  let converged = false;
  let iterations = 0;
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    for (let i = 0; i < n; i++) {
      const d = muEta(eta[i]!);
      const variance = mu[i]! * (1 - mu[i]!);
      z[i] = eta[i]! + (y[i]! - mu[i]!) / d;
      w[i] = (d * d) / variance; // R's w², the IRLS weight
    }
    const { xtwx, xtwz } = weightedCrossProducts(xk, n, k, w, z);
    const solved = solveSpd(xtwx, xtwz, k, false);
    if (solved === null) throw new RangeError('the weighted cross-product matrix is singular');
    lastWeights = w.slice();
    beta = solved.x;
    linearPredictor(xk, n, k, beta, eta);
    dev = 0;
    for (let i = 0; i < n; i++) {
      mu[i] = inverseLogit(eta[i]!);
      dev += unitDeviance(y[i]!, mu[i]!);
    }
    // glm.fit's "inner loop 1": halve the step while the deviance is not finite.
    let halvings = 0;
    while (!Number.isFinite(dev)) {
      if (betaOld === null || ++halvings > maxIterations)
        throw new RangeError('no valid set of coefficients has been found');
      for (let a = 0; a < k; a++) beta[a] = (beta[a]! + betaOld[a]!) / 2;
      linearPredictor(xk, n, k, beta, eta);
      dev = 0;
      for (let i = 0; i < n; i++) {
        mu[i] = inverseLogit(eta[i]!);
        dev += unitDeviance(y[i]!, mu[i]!);
      }
    }
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
    betaOld = beta.slice();
  }

  // summary.glm: covariance from the QR of the last iteration, i.e. that iteration's weights.
  const ones = new Float64Array(n);
  const { xtwx } = weightedCrossProducts(xk, n, k, lastWeights, ones);
  const inverse = solveSpd(xtwx, new Float64Array(k), k, true)?.inverse ?? null;

  const coefficients = new Float64Array(q);
  cols.forEach((j, a) => (coefficients[j] = beta[a]!));
  let covariance: Float64Array | null = null;
  if (inverse) {
    covariance = new Float64Array(q * q);
    cols.forEach((i, a) => cols.forEach((j, b) => (covariance![i * q + j] = inverse[a * k + b]!)));
  }
  const zCrit = normalQuantile(0.975);
  const table: LogisticTerm[] = terms.map((term, j) => {
    const a = colList.indexOf(j);
    if (a < 0)
      return {
        term,
        estimate: null,
        se: null,
        z: null,
        p: null,
        oddsRatio: null,
        lower: null,
        upper: null,
        aliased: true,
      };
    const estimate = beta[a]!;
    const se = inverse ? Math.sqrt(inverse[a * k + a]!) : null;
    const zValue = se === null ? null : estimate / se;
    return {
      term,
      estimate,
      se,
      z: zValue,
      p: zValue === null ? null : twoSidedNormalP(zValue),
      oddsRatio: Math.exp(estimate),
      lower: se === null ? null : Math.exp(estimate - zCrit * se),
      upper: se === null ? null : Math.exp(estimate + zCrit * se),
      aliased: false,
    };
  });

  const warnings: LogisticWarning[] = [];
  const aliased = table.filter((t) => t.aliased).map((t) => t.term);
  if (aliased.length > 0)
    warnings.push({
      code: 'aliased',
      message: `${aliased.length} column(s) are exact combinations of earlier ones and were left out (R shows NA): ${aliased.join(', ')}.`,
    });
  warnings.push(...fitWarnings(converged, mu, n, maxIterations));
  const separated = separatedTerms(table, x, n, q);
  if (separated.length > 0)
    warnings.push({
      code: 'separation',
      message:
        `The data cannot pin down ${separated.join(', ')}: their standard errors are enormous. ` +
        'Most likely some category or combination of categories perfectly predicts the outcome (quasi-complete separation: ' +
        'the estimate grows without limit), or the column is an almost exact combination of others. ' +
        'These estimates, odds ratios and p-values are not meaningful; merge rare levels, drop the feature, or use a penalty.',
    });

  return {
    terms,
    coefficients,
    table,
    penalty: { l1: 0, l2: 0 },
    n,
    rank: k,
    logLikelihood: -dev / 2,
    deviance: dev,
    nullDeviance: nullDevianceOf(y, n),
    aic: dev + 2 * k,
    objective: dev / 2,
    iterations,
    converged,
    fitted: mu,
    covariance,
    warnings,
    notes: [],
  };
}

function fitWarnings(
  converged: boolean,
  mu: Float64Array,
  n: number,
  maxIterations: number,
): LogisticWarning[] {
  const warnings: LogisticWarning[] = [];
  if (!converged)
    warnings.push({
      code: 'not-converged',
      message: `The fit did not converge in ${maxIterations} iterations.`,
    });
  // glm.fit's check: eps = 10 × .Machine$double.eps.
  const eps = 10 * DBL_EPSILON;
  let extreme = 0;
  for (let i = 0; i < n; i++) if (mu[i]! > 1 - eps || mu[i]! < eps) extreme++;
  if (extreme > 0)
    warnings.push({
      code: 'fitted-0-or-1',
      message: `Fitted probabilities numerically 0 or 1 occurred for ${extreme} row(s): the outcome is perfectly predicted there (separation).`,
    });
  return warnings;
}

/**
 * Terms whose standard error, in units of the column's spread, is absurd: se_j · ‖x_j − x̄_j‖ > 100.
 * In an ordinary fit that product is about 1 / sqrt(w̄ (1 − R²_j)) — a few units, tens under heavy
 * collinearity (w̄ the mean IRLS weight, R²_j of column j on the others); it is in the hundreds or
 * thousands only when the likelihood is flat in that direction: quasi-complete separation (the
 * estimate drifts with every iteration; e.g. a missing-value indicator whose rows all stayed) or
 * near-exact collinearity. A heuristic, stated as one; R's glm is silent here unless a fitted
 * probability reaches 0 or 1. Also required: |z| < 1 — under separation the SE grows exponentially
 * while the estimate grows linearly, so z collapses (0.02 to 0.08 in the goldens); this keeps a
 * merely collinear but clearly estimated term (telco's MonthlyCharges: 80, z = −1.27) out.
 */
function separatedTerms(table: LogisticTerm[], x: Float64Array, n: number, q: number): string[] {
  const flagged: string[] = [];
  for (let j = 1; j < q; j++) {
    const t = table[j]!;
    if (t.se === null) continue;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) sum += x[i * q + j]!;
    const mean = sum / n;
    for (let i = 0; i < n; i++) squares += (x[i * q + j]! - mean) ** 2;
    if (t.se * Math.sqrt(squares) > 100 && Math.abs(t.z!) < 1) flagged.push(t.term);
  }
  return flagged;
}

/** Penalised fit: Newton (L2 only) or proximal Newton with coordinate descent (L1). */
function fitPenalised(
  design: LogisticDesign,
  y: ArrayLike<number>,
  l1: number,
  l2: number,
  options: LogisticOptions,
): LogisticFit {
  const n = design.rows;
  const q = design.terms.length + 1;
  const terms = ['(Intercept)', ...design.terms];
  const x = withIntercept(design);
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-12;

  const eta = new Float64Array(n);
  const objectiveAt = (b: Float64Array): number => {
    linearPredictor(x, n, q, b, eta);
    let loss = 0;
    for (let i = 0; i < n; i++) loss += softplus(eta[i]!) - y[i]! * eta[i]!;
    let penalty = 0;
    for (let j = 1; j < q; j++) penalty += 0.5 * l2 * b[j]! * b[j]! + l1 * Math.abs(b[j]!);
    return loss + penalty;
  };

  // Start at the intercept-only fit: logit of the mean outcome.
  let beta: Float64Array = new Float64Array(q);
  let ones = 0;
  for (let i = 0; i < n; i++) ones += y[i]!;
  beta[0] = Math.log(ones / (n - ones));
  let objective = objectiveAt(beta);
  let converged = false;
  let iterations = 0;
  const w = new Float64Array(n);
  const z = new Float64Array(n);

  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    linearPredictor(x, n, q, beta, eta);
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-eta[i]!));
      // Weights floored so a nearly separated row keeps the system well posed.
      w[i] = Math.max(p * (1 - p), 1e-10);
      z[i] = eta[i]! + (y[i]! - p) / w[i]!;
    }
    const { xtwx, xtwz } = weightedCrossProducts(x, n, q, w, z);
    let proposal: Float64Array;
    if (l1 === 0) {
      for (let j = 1; j < q; j++) xtwx[j * q + j] = xtwx[j * q + j]! + l2;
      const solved = solveSpd(xtwx, xtwz, q, false);
      if (solved === null) throw new RangeError('the penalised Hessian is singular');
      proposal = solved.x;
    } else proposal = coordinateDescent(xtwx, xtwz, q, beta, l1, l2);

    // Backtracking on the true objective along proposal − beta.
    let step = 1;
    let candidate = proposal;
    let value = objectiveAt(candidate);
    while (!(value <= objective) && step > 1e-10) {
      step /= 2;
      candidate = new Float64Array(q);
      for (let j = 0; j < q; j++) candidate[j] = beta[j]! + step * (proposal[j]! - beta[j]!);
      value = objectiveAt(candidate);
    }
    if (!(value <= objective)) {
      converged = true; // no decrease possible: at the optimum to rounding
      break;
    }
    let change = 0;
    for (let j = 0; j < q; j++) change = Math.max(change, Math.abs(candidate[j]! - beta[j]!));
    const relative = (objective - value) / (Math.abs(value) + 0.1);
    beta = candidate;
    objective = value;
    if (relative < tolerance && change < 1e-8) {
      converged = true;
      break;
    }
  }

  linearPredictor(x, n, q, beta, eta);
  const mu = new Float64Array(n);
  let dev = 0;
  for (let i = 0; i < n; i++) {
    mu[i] = inverseLogit(eta[i]!);
    dev += 2 * (softplus(eta[i]!) - y[i]! * eta[i]!);
  }
  const table: LogisticTerm[] = terms.map((term, j) => ({
    term,
    estimate: beta[j]!,
    se: null,
    z: null,
    p: null,
    oddsRatio: Math.exp(beta[j]!),
    lower: null,
    upper: null,
    aliased: false,
  }));
  const warnings = fitWarnings(converged, mu, n, maxIterations);
  return {
    terms,
    coefficients: beta,
    table,
    penalty: { l1, l2 },
    n,
    rank: q,
    logLikelihood: -dev / 2,
    deviance: dev,
    nullDeviance: nullDevianceOf(y, n),
    aic: null,
    objective,
    iterations,
    converged,
    fitted: mu,
    covariance: null,
    warnings,
    notes: [
      'Penalised fit: standard errors, p-values and confidence intervals are not reported, because the penalty shrinks the estimates and Wald intervals around them would be wrong.',
    ],
  };
}

/**
 * Minimise ½ βᵀGβ − bᵀβ + l1 Σ_{j≥1} |β_j| + (l2/2) Σ_{j≥1} β_j², with G = XᵀWX and b = XᵀWz (the
 * penalised weighted least squares of one Newton step), by cyclic coordinate descent with
 * soft-thresholding on the Gram matrix — glmnet's "covariance updates" (Friedman, Hastie & Tibshirani
 * 2010, J. Stat. Softw. 33(1), section 2.2): each update costs O(p), not O(n). Warm-started at β.
 */
function coordinateDescent(
  gram: Float64Array,
  b: Float64Array,
  q: number,
  start: Float64Array,
  l1: number,
  l2: number,
): Float64Array {
  const beta = start.slice();
  const gb = new Float64Array(q); // G β, kept current
  for (let j = 0; j < q; j++) {
    let s = 0;
    for (let m = 0; m < q; m++) s += gram[j * q + m]! * beta[m]!;
    gb[j] = s;
  }
  let scale = 0;
  for (let j = 0; j < q; j++) scale = Math.max(scale, gram[j * q + j]!);
  const tolerance = 1e-13 * Math.sqrt(scale);
  for (let sweep = 0; sweep < 100_000; sweep++) {
    let largest = 0;
    for (let j = 0; j < q; j++) {
      const a = gram[j * q + j]!;
      if (a === 0) continue;
      const old = beta[j]!;
      const c = b[j]! - gb[j]! + a * old;
      const next = j === 0 ? c / a : (Math.sign(c) * Math.max(Math.abs(c) - l1, 0)) / (a + l2);
      const delta = next - old;
      if (delta === 0) continue;
      beta[j] = next;
      for (let m = 0; m < q; m++) gb[m] = gb[m]! + delta * gram[m * q + j]!;
      largest = Math.max(largest, Math.abs(delta) * Math.sqrt(a));
    }
    if (largest < tolerance) break;
  }
  return beta;
}

/** Probabilities for new rows laid out like the training design (no intercept column). */
export function predictLogistic(fit: LogisticFit, design: LogisticDesign): Float64Array {
  const p = design.terms.length;
  if (p + 1 !== fit.coefficients.length)
    throw new RangeError(`design has ${p} terms, the model ${fit.coefficients.length - 1}`);
  const out = new Float64Array(design.rows);
  const b = fit.coefficients;
  for (let i = 0; i < design.rows; i++) {
    let eta = b[0]!;
    for (let j = 0; j < p; j++) eta += design.matrix[i * p + j]! * b[j + 1]!;
    out[i] = 1 / (1 + Math.exp(-eta));
  }
  return out;
}
