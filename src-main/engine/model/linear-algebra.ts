/**
 * Small dense linear algebra for the logistic fit: symmetric positive-definite solves by Cholesky on
 * an equilibrated matrix (scaled to unit diagonal, so columns in dollars and in 0/1 dummies do not
 * cost accuracy), and the column-ordered rank check of R's dqrdc2.
 */

/**
 * Solve A x = b and, if asked, return A⁻¹, for a symmetric positive-definite k×k row-major A.
 * Returns null when A is not numerically positive definite.
 */
export function solveSpd(
  a: Float64Array,
  b: Float64Array,
  k: number,
  wantInverse: boolean,
): { x: Float64Array; inverse: Float64Array | null } | null {
  // Equilibrate: S A S with S = diag(1/sqrt(a_jj)).
  const s = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const d = a[j * k + j]!;
    if (!(d > 0) || !Number.isFinite(d)) return null;
    s[j] = 1 / Math.sqrt(d);
  }
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) l[i * k + j] = a[i * k + j]! * s[i]! * s[j]!;
  // In-place lower Cholesky factor.
  for (let j = 0; j < k; j++) {
    let d = l[j * k + j]!;
    for (let m = 0; m < j; m++) d -= l[j * k + m]! * l[j * k + m]!;
    if (!(d > 1e-300)) return null;
    const root = Math.sqrt(d);
    l[j * k + j] = root;
    for (let i = j + 1; i < k; i++) {
      let v = l[i * k + j]!;
      for (let m = 0; m < j; m++) v -= l[i * k + m]! * l[j * k + m]!;
      l[i * k + j] = v / root;
    }
  }
  const solveScaled = (rhs: Float64Array): Float64Array => {
    // rhs is already scaled by S; forward then backward substitution.
    const y = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let v = rhs[i]!;
      for (let m = 0; m < i; m++) v -= l[i * k + m]! * y[m]!;
      y[i] = v / l[i * k + i]!;
    }
    for (let i = k - 1; i >= 0; i--) {
      let v = y[i]!;
      for (let m = i + 1; m < k; m++) v -= l[m * k + i]! * y[m]!;
      y[i] = v / l[i * k + i]!;
    }
    return y;
  };
  const scaledB = new Float64Array(k);
  for (let i = 0; i < k; i++) scaledB[i] = b[i]! * s[i]!;
  const xs = solveScaled(scaledB);
  const x = new Float64Array(k);
  for (let i = 0; i < k; i++) x[i] = xs[i]! * s[i]!;
  if (!wantInverse) return { x, inverse: null };
  const inverse = new Float64Array(k * k);
  const unit = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = solveScaled(unit);
    for (let i = 0; i < k; i++) inverse[i * k + j] = column[i]! * s[i]! * s[j]!;
  }
  return { x, inverse };
}

/**
 * Which columns of the row-major n×q matrix are linearly independent of the columns before them,
 * as R's dqrdc2 (the QR behind lm and glm.fit) decides: Householder QR in column order, a column is
 * set aside ("aliased", NA in R) when the norm of what is left of it after projecting out the kept
 * columns is below tol × its original norm. glm.fit uses tol = min(1e-7, epsilon / 1000) = 1e-11.
 */
export function independentColumns(x: Float64Array, n: number, q: number, tol = 1e-11): boolean[] {
  const kept: boolean[] = new Array<boolean>(q).fill(false);
  // Column-major working copy; reflectors stored as the kept columns are processed.
  const columns: Float64Array[] = [];
  for (let j = 0; j < q; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = x[i * q + j]!;
    columns.push(c);
  }
  const reflectors: Float64Array[] = [];
  for (let j = 0; j < q; j++) {
    const c = columns[j]!;
    let original = 0;
    for (let i = 0; i < n; i++) original += c[i]! * c[i]!;
    original = Math.sqrt(original);
    // Apply the kept reflectors H_k = I − 2 v vᵀ (v unit, zero above row k).
    reflectors.forEach((v, k) => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i]! * c[i]!;
      for (let i = k; i < n; i++) c[i] = c[i]! - 2 * dot * v[i]!;
    });
    const k = reflectors.length;
    let rest = 0;
    for (let i = k; i < n; i++) rest += c[i]! * c[i]!;
    rest = Math.sqrt(rest);
    if (k >= n || rest < tol * (original === 0 ? 1 : original) || rest === 0) continue;
    kept[j] = true;
    // The reflector is built in place of the column (rows above k are never read again): one array
    // per kept column instead of two, which at a million rows is hundreds of megabytes.
    const v = c;
    const alpha = c[k]! >= 0 ? -rest : rest;
    v[k] = v[k]! - alpha;
    let vnorm = 0;
    for (let i = k; i < n; i++) vnorm += v[i]! * v[i]!;
    vnorm = Math.sqrt(vnorm);
    for (let i = k; i < n; i++) v[i] = v[i]! / vnorm;
    reflectors.push(v);
  }
  return kept;
}
