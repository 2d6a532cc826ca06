/**
 * Special functions the customer-value models need beyond ln Γ (stats/distributions.ts): the digamma
 * function ψ(x) = d ln Γ(x)/dx, for the Gamma-Gamma model's analytic gradient.
 *
 * Method: the recurrence ψ(x) = ψ(x + 1) − 1/x lifts x to 10 or more, then the asymptotic series
 * ψ(x) ~ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (Abramowitz & Stegun 6.3.5, 6.3.18) with six Bernoulli terms
 * (the first omitted term is below 1e-15 there); negative non-integer x by the reflection
 * ψ(1 − x) − ψ(x) = π cot(πx) (6.3.7).
 */

/** B₂ₖ/(2k) for k = 1…6. */
const asymptoticCoefficients = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760];

/** ψ(x) for real x that is not a non-positive integer (where it has poles; NaN there). */
export function digamma(x: number): number {
  if (Number.isNaN(x) || (x <= 0 && Number.isInteger(x))) return NaN;
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inverseSquare = 1 / (x * x);
  let series = 0;
  let power = inverseSquare;
  for (const coefficient of asymptoticCoefficients) {
    series += coefficient * power;
    power *= inverseSquare;
  }
  return shift + Math.log(x) - 0.5 / x - series;
}
