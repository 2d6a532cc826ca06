/**
 * Customer lifetime value from a "buy till you die" model (BG/NBD or Pareto/NBD for the number of
 * purchases, Gamma-Gamma for the spend per purchase; Fader, Hardie & Lee 2005, "RFM and CLV: using
 * iso-value curves for customer base analysis", J. Marketing Research 42(4)), and the naive
 * ARPU × margin / churn formula shown beside it for comparison.
 *
 * Discounting follows the Python package lifetimes (customer_lifetime_value): the horizon is cut into
 * monthly steps, the purchases expected in step k, E(t_k) − E(t_{k−1}), are discounted by (1 + d_m)^k,
 * i.e. as if paid at the end of their month. Two differences, both deliberate:
 * - the rate given is annual and the monthly one follows by compounding, d_m = (1 + d)^(1/12) − 1
 *   (lifetimes takes d_m itself);
 * - a month is 365.25/12 days in any model unit (lifetimes counts 30 days, or 4.345 weeks), and a
 *   horizon that is not a whole number of months ends with a shorter step discounted at its end time.
 */

/** The length of the steps, and of the month in the discount rate. */
export const daysPerMonth = 365.25 / 12;

/**
 * Σ_k (E(t_k) − E(t_{k−1})) / (1 + d_m)^(t_k / month): the expected purchases of one customer over the
 * horizon, discounted month by month. `conditionalExpected(t)` = E[purchases in (T, T + t]] with t in
 * model units of `unitDays` days; `horizonUnits` is in the same units.
 */
export function discountedExpectedPurchases(
  conditionalExpected: (t: number) => number,
  horizonUnits: number,
  unitDays: number,
  annualDiscountRate: number,
): number {
  if (!(horizonUnits >= 0 && Number.isFinite(horizonUnits)))
    throw new Error(`The horizon must be 0 or more (got ${horizonUnits}).`);
  if (!(unitDays > 0 && Number.isFinite(unitDays)))
    throw new Error(`The model's time unit must be a positive number of days (got ${unitDays}).`);
  if (!(annualDiscountRate >= 0 && Number.isFinite(annualDiscountRate)))
    throw new Error(`The annual discount rate must be 0 or more (got ${annualDiscountRate}).`);
  const monthUnits = daysPerMonth / unitDays;
  const months = horizonUnits / monthUnits;
  // A horizon a rounding error past a whole month does not get an extra, empty step.
  const steps = Math.ceil(months - 1e-9);
  const monthlyFactor = (1 + annualDiscountRate) ** (1 / 12);
  let total = 0;
  let previous = 0;
  for (let k = 1; k <= steps; k++) {
    const t = k === steps ? horizonUnits : k * monthUnits;
    const expected = conditionalExpected(t);
    total += (expected - previous) / monthlyFactor ** (t / monthUnits);
    previous = expected;
  }
  return total;
}

/** CLV = discounted expected purchases × expected spend per purchase × margin (a share of revenue). */
export function btydClv(input: {
  expectedPurchasesDiscounted: number;
  expectedSpend: number;
  margin: number;
}): number {
  return input.expectedPurchasesDiscounted * input.expectedSpend * input.margin;
}

/** The naive value, or why there is none. */
export type NaiveClv = number | { clv: null; reason: string };

/**
 * Naive CLV = ARPU × margin / churn rate (ARPU and churn per the same period): the undiscounted value
 * of a customer whose churn probability is the same every period and for everyone — an expected
 * lifetime of 1/churn periods. With no churn observed that lifetime is infinite: no number is given.
 */
export function naiveClv(input: { arpu: number; margin: number; churnRate: number }): NaiveClv {
  const { arpu, margin, churnRate } = input;
  if (!(churnRate >= 0 && churnRate <= 1))
    throw new Error(`The churn rate per period must be between 0 and 1 (got ${churnRate}).`);
  if (!Number.isFinite(arpu) || !Number.isFinite(margin))
    throw new Error(`ARPU and margin must be numbers (got ${arpu} and ${margin}).`);
  if (churnRate === 0)
    return {
      clv: null,
      reason:
        'No churn was observed, so ARPU × margin / churn would be infinite: the naive formula gives no value.',
    };
  return (arpu * margin) / churnRate;
}
