import { binIndex, binLabel, niceBins } from '../describe/nice-bins';
import { chiSquareIndependence, type ChiSquareResult, type GroupCount } from './chi-square';
import { informationValue } from './information-value';
import { mannWhitney, type MannWhitneyResult } from './mann-whitney';
import { wilsonInterval } from './wilson';

export type { GroupCount, ChiSquareResult } from './chi-square';
export type { MannWhitneyResult } from './mann-whitney';
export { chiSquareIndependence } from './chi-square';
export { informationValue, emptyCellAdjustment } from './information-value';
export { mannWhitney } from './mann-whitney';
export { wilsonInterval } from './wilson';

/**
 * Churn drivers: for each attribute, churn share per value (categories) or per bin (numbers) with
 * Wilson 95% intervals and lift, a test of association, and a ranking by strength of association.
 */

/** An attribute given as counts per value (what SQLite's GROUP BY returns). */
export interface CategoricalAttribute {
  kind: 'categorical';
  name: string;
  groups: readonly GroupCount[];
}

/** A numeric attribute given per customer; NaN marks a missing value (counted, then left out). */
export interface NumericAttribute {
  kind: 'numeric';
  name: string;
  values: ArrayLike<number>;
  /** 1 (or true) = churned, aligned with `values`. */
  churned: ArrayLike<number | boolean>;
  /** Most bins for the binned table and the per-bin shares (nice-bins; default 10). */
  maxBins?: number;
}

export type DriverAttribute = CategoricalAttribute | NumericAttribute;

export interface DriverGroup {
  label: string;
  customers: number;
  churned: number;
  share: number;
  /** Wilson 95% interval of the share (R: prop.test(churned, customers, correct = FALSE)). */
  lower: number;
  upper: number;
  /** share / base rate of this attribute (1 = like everybody). */
  lift: number;
  /** Weight of evidence ln(churned share / retained share), 0.5 added to empty cells. */
  woe: number;
}

export interface Driver {
  attribute: string;
  kind: 'categorical' | 'numeric';
  /** Customers with a value (numbers: not NaN) and how many of them churned. */
  customers: number;
  churned: number;
  /** Numbers: customers whose value is missing, left out of everything below. */
  missing: number;
  /** Churn share among `customers`: the reference for lift. */
  baseRate: number;
  /** Per value (categories, in the order given) or per non-empty bin (numbers, ascending). */
  groups: DriverGroup[];
  /** Chi-square on the groups above: the category table, or the binned table for numbers. */
  chiSquare: ChiSquareResult | null;
  /** Numbers only: rank-sum test on the raw values (no binning), the primary test for numbers. */
  mannWhitney: MannWhitneyResult | null;
  /** Cramér's V of the (binned) table: the ranking key. */
  cramersV: number | null;
  informationValue: number | null;
  /** 1 = strongest association; attributes without a test come last, unranked order kept. */
  rank: number;
}

/**
 * Ranking: by Cramér's V of the (binned) table, ties broken by information value, then by name.
 * Why V: it is on the same 0–1 scale for every attribute whatever its number of values and whatever
 * the number of customers, whereas p-values mostly measure sample size (with thousands of customers
 * nearly everything is "significant") and Mann–Whitney's AUC exists for numbers only. Using the
 * binned table for numbers puts categories and numbers on that one scale. IV, also scale-free, breaks
 * ties. Caveat, shown to the user by the groups themselves: V (like IV) grows with many sparse values,
 * so an id-like attribute with one customer per value would rank high — the service should cap or
 * merge such attributes before they get here.
 */
export function rankDrivers(attributes: readonly DriverAttribute[]): Driver[] {
  const drivers = attributes.map(describeDriver);
  const order = drivers
    .map((driver, index) => ({ driver, index }))
    .sort((a, b) => {
      const v = (b.driver.cramersV ?? -1) - (a.driver.cramersV ?? -1);
      if (v !== 0) return v;
      const iv = (b.driver.informationValue ?? -1) - (a.driver.informationValue ?? -1);
      if (iv !== 0) return iv;
      return a.index - b.index;
    });
  order.forEach((entry, position) => (entry.driver.rank = position + 1));
  return order.map((entry) => entry.driver);
}

/** One attribute's driver figures (rank left at 0 until rankDrivers orders them). */
export function describeDriver(attribute: DriverAttribute): Driver {
  if (attribute.kind === 'categorical')
    return summarise(attribute.name, 'categorical', attribute.groups, 0, null);
  const { groups, missing, mannWhitneyResult } = binNumeric(attribute);
  return summarise(attribute.name, 'numeric', groups, missing, mannWhitneyResult);
}

function summarise(
  name: string,
  kind: Driver['kind'],
  input: readonly GroupCount[],
  missing: number,
  mannWhitneyResult: MannWhitneyResult | null,
): Driver {
  const nonEmpty = input.filter((group) => group.customers > 0);
  const customers = nonEmpty.reduce((sum, group) => sum + group.customers, 0);
  const churned = nonEmpty.reduce((sum, group) => sum + group.churned, 0);
  const baseRate = customers > 0 ? churned / customers : Number.NaN;
  const chiSquare = chiSquareIndependence(nonEmpty);
  const iv = informationValue(nonEmpty);
  const groups = nonEmpty.map((group, index): DriverGroup => {
    const interval = wilsonInterval(group.churned, group.customers);
    return {
      label: group.label,
      customers: group.customers,
      churned: group.churned,
      share: interval.share,
      lower: interval.lower,
      upper: interval.upper,
      lift: interval.share / baseRate,
      woe: iv?.groups[index]?.woe ?? Number.NaN,
    };
  });
  return {
    attribute: name,
    kind,
    customers,
    churned,
    missing,
    baseRate,
    groups,
    chiSquare,
    mannWhitney: mannWhitneyResult,
    cramersV: chiSquare?.cramersV ?? null,
    informationValue: iv?.informationValue ?? null,
    rank: 0,
  };
}

function binNumeric(attribute: NumericAttribute): {
  groups: GroupCount[];
  missing: number;
  mannWhitneyResult: MannWhitneyResult | null;
} {
  const { values, churned } = attribute;
  if (values.length !== churned.length)
    throw new Error(`${attribute.name}: values and churned differ in length`);
  const retainedValues: number[] = [];
  const churnedValues: number[] = [];
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  let integer = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) {
      missing++;
      continue;
    }
    if (churned[i]) churnedValues.push(value);
    else retainedValues.push(value);
    if (value < min) min = value;
    if (value > max) max = value;
    if (!Number.isInteger(value)) integer = false;
  }
  const mannWhitneyResult = mannWhitney(retainedValues, churnedValues);
  if (retainedValues.length + churnedValues.length === 0) return { groups: [], missing, mannWhitneyResult };
  const bins = niceBins(min, max, attribute.maxBins ?? 10, integer);
  const customers = new Array<number>(bins.count).fill(0);
  const churnedCounts = new Array<number>(bins.count).fill(0);
  for (const value of retainedValues) customers[binIndex(bins, value)]!++;
  for (const value of churnedValues) {
    const index = binIndex(bins, value);
    customers[index]!++;
    churnedCounts[index]!++;
  }
  const groups = customers.map((count, index) => ({
    label: binLabel(bins, index, integer),
    customers: count,
    churned: churnedCounts[index] as number,
  }));
  return { groups, missing, mannWhitneyResult };
}
