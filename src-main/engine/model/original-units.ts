/**
 * Coefficients of a fit on standardised numerics, re-expressed per unit of the original columns —
 * "odds ratio per month of tenure" rather than "per SD of tenure". The design used
 * x* = (x − mean) / sd, so η = β₀ + Σ β_j (x_j − m_j) / s_j = (β₀ − Σ β_j m_j / s_j) + Σ (β_j / s_j) x_j:
 * a linear map γ = A β. Standard errors follow from Cov(γ) = A Cov(β) Aᵀ (exact for the Wald
 * statistics: z and p of a slope do not change; the intercept's do, as it now means x = 0).
 * Penalised fits get estimates only. Dummies and missing indicators are unchanged.
 */
import { normalQuantile, twoSidedNormalP } from '../stats/distributions';
import type { DesignRecipe } from './design';
import type { LogisticFit, LogisticTerm } from './logistic';

export function inOriginalUnits(fit: LogisticFit, recipe: DesignRecipe): LogisticTerm[] {
  const q = fit.terms.length;
  if (q !== recipe.terms.length + 1) throw new RangeError('the fit and the design have different terms');
  // A: identity, then slope rows divided by s, intercept row gets −m/s in the standardised columns.
  const a = new Float64Array(q * q);
  for (let j = 0; j < q; j++) a[j * q + j] = 1;
  for (const column of recipe.columns) {
    if (column.kind !== 'numeric' || !column.standardized) continue;
    const j = column.column + 1;
    a[j * q + j] = 1 / column.scale;
    a[j] = -column.mean / column.scale;
  }
  const beta = fit.table.map((t) => t.estimate ?? 0);
  const cov = fit.covariance;
  const zCrit = normalQuantile(0.975);
  return fit.table.map((t, i) => {
    if (t.aliased || t.estimate === null) return { ...t };
    let estimate = 0;
    for (let j = 0; j < q; j++) estimate += a[i * q + j]! * beta[j]!;
    if (cov === null)
      return {
        ...t,
        estimate,
        oddsRatio: Math.exp(estimate),
        se: null,
        z: null,
        p: null,
        lower: null,
        upper: null,
      };
    // (A Cov Aᵀ)_ii = Σ_jk A_ij Cov_jk A_ik
    let variance = 0;
    for (let j = 0; j < q; j++) {
      const aij = a[i * q + j]!;
      if (aij === 0) continue;
      for (let k = 0; k < q; k++) variance += aij * cov[j * q + k]! * a[i * q + k]!;
    }
    const se = Math.sqrt(Math.max(variance, 0));
    const z = estimate / se;
    return {
      ...t,
      estimate,
      se,
      z,
      p: twoSidedNormalP(z),
      oddsRatio: Math.exp(estimate),
      lower: Math.exp(estimate - zCrit * se),
      upper: Math.exp(estimate + zCrit * se),
    };
  });
}
