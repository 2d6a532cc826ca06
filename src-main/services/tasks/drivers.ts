import type { Driver as DriverView, DriversResponse } from '@shared/contract/drivers';
import { AppError } from '@shared/errors';
import {
  rankDrivers,
  type ChiSquareResult,
  type DriverAttribute,
  type GroupCount,
} from '../../engine/drivers';
import type { TaskContext } from '../../jobs/task-context';
import type { CustomerFilter } from '@shared/contract/customers';
import {
  customerTable,
  customersFrom,
  noChurnInformation,
  type TableColumn,
} from '../../store/customer-queries';
import { segmentCondition } from '../../store/segment';

/**
 * View columns that are (or follow from) the churn state or the churn date, so "explaining" churn with
 * them is leakage: churned customers have no current MRR, their last activity is old, their measured
 * tenure stops at the churn date.
 */
const leakingViewColumns = new Set([
  'is_churned',
  'churn_date',
  'last_activity',
  'tenure_days',
  'current_mrr',
  'last_order',
  'days_since_last_order',
]);

/** Numeric view columns worth ranking (the rest are dates or leak, see above). */
const rankedViewColumns = new Set(['total_revenue', 'orders', 'tickets_90d', 'complaints_90d', 'latest_nps']);

/** An attribute with at least this share of distinct values among the customers having one is id-like. */
const idLikeShare = 0.5;

interface Candidate {
  column: TableColumn;
  kind: 'categorical' | 'numeric';
}

function candidates(columns: readonly TableColumn[], skipped: DriversResponse['skipped']): Candidate[] {
  const chosen: Candidate[] = [];
  const skip = (column: TableColumn, reason: string) =>
    skipped.push({ key: column.key, name: column.name, reason });
  for (const column of columns) {
    if (column.role === 'id') continue;
    if (column.role === 'churned') continue;
    if (column.role === 'end') {
      skip(column, 'the end date is the churn date (leakage)');
      continue;
    }
    if (column.leakage !== undefined) {
      skip(column, column.leakage);
      continue;
    }
    if (column.role === 'derived') {
      if (leakingViewColumns.has(column.key)) {
        if (column.key !== 'is_churned') skip(column, 'derived from the churn state or churn date (leakage)');
        continue;
      }
      if (!rankedViewColumns.has(column.key)) {
        skip(column, 'dates are not ranked as drivers (see cohorts)');
        continue;
      }
    }
    if (column.type === 'date') {
      skip(column, 'dates are not ranked as drivers (see cohorts)');
      continue;
    }
    const numeric = column.type === 'integer' || column.type === 'decimal';
    chosen.push({ column, kind: numeric ? 'numeric' : 'categorical' });
  }
  return chosen;
}

function testOf(chiSquare: ChiSquareResult | null): DriverView['test'] {
  return chiSquare
    ? { method: 'chi-square', statistic: chiSquare.statistic, df: chiSquare.df, p: chiSquare.p }
    : null;
}

/** drivers.list: every usable attribute, its churn share per value or bin, tests, and the ranking. */
export function driversTask(
  input: { project: string; maxGroups: number; filters?: readonly CustomerFilter[] | undefined },
  ctx: TaskContext,
): DriversResponse {
  const db = ctx.projects.get(input.project);
  const { state, columns } = customerTable(db);
  if (!state.applied) {
    throw noChurnInformation();
  }
  // Customers with a known churn state, in the segment (the segment's parameters bind to every query).
  const segment = segmentCondition(columns, input.filters ?? []);
  const known = `v.churned IS NOT NULL AND ${segment.sql}`;
  const bound = segment.params;
  const base = db
    .prepare(`SELECT COUNT(*) AS customers, SUM(v.churned) AS churned FROM ${customersFrom} WHERE ${known}`)
    .get(...bound) as { customers: number; churned: number | null };
  const churnedTotal = base.churned ?? 0;
  if (base.customers === 0) {
    throw new AppError('NOT_AVAILABLE', 'No customer has a known churn state under the current definition.');
  }

  const skipped: DriversResponse['skipped'] = [];
  const attributes: DriverAttribute[] = [];
  const meta = new Map<string, { column: TableColumn; grouping: string; missing: number }>();
  for (const { column, kind } of candidates(columns, skipped)) {
    const expr = column.sql;
    const stats = db
      .prepare(
        `SELECT COUNT(${expr}) AS present, COUNT(DISTINCT ${expr}) AS distinct_values FROM ${customersFrom} WHERE ${known}`,
      )
      .get(...bound) as { present: number; distinct_values: number };
    const missing = base.customers - stats.present;
    if (stats.distinct_values < 2) {
      skipped.push({
        key: column.key,
        name: column.name,
        reason: stats.present === 0 ? 'no customer has a value' : 'a single value for every customer',
      });
      continue;
    }
    if (kind === 'categorical') {
      if (stats.distinct_values > input.maxGroups && stats.distinct_values >= idLikeShare * stats.present) {
        skipped.push({
          key: column.key,
          name: column.name,
          reason: `id-like: ${stats.distinct_values} distinct values for ${stats.present} customers`,
        });
        continue;
      }
      const counts = db
        .prepare(
          `SELECT CAST(${expr} AS TEXT) AS label, COUNT(*) AS customers, SUM(v.churned) AS churned
           FROM ${customersFrom} WHERE ${known} AND ${expr} IS NOT NULL GROUP BY ${expr}`,
        )
        .all(...bound) as GroupCount[];
      const labelled = counts.map((count) => ({
        ...count,
        label: column.type === 'boolean' ? (Number(count.label) === 1 ? 'Yes' : 'No') : count.label,
      }));
      labelled.sort((a, b) => b.customers - a.customers || a.label.localeCompare(b.label));
      let groups: GroupCount[] = labelled;
      let grouping = 'one group per value';
      if (labelled.length > input.maxGroups) {
        const shown = labelled.slice(0, input.maxGroups - 1);
        const pooled = labelled.slice(input.maxGroups - 1);
        const other = pooled.reduce(
          (sum, count) => ({
            ...sum,
            customers: sum.customers + count.customers,
            churned: sum.churned + count.churned,
          }),
          { label: `Other (${pooled.length} values)`, customers: 0, churned: 0 },
        );
        groups = [...shown, other];
        grouping = `the ${shown.length} largest values; ${pooled.length} others pooled as "Other"`;
      }
      attributes.push({ kind: 'categorical', name: column.key, groups });
      meta.set(column.key, { column, grouping, missing });
    } else {
      const rows = db
        .prepare(`SELECT ${expr} AS value, v.churned AS churned FROM ${customersFrom} WHERE ${known}`)
        .raw()
        .all(...bound) as [number | null, number][];
      const values = new Float64Array(rows.length);
      const churned = new Uint8Array(rows.length);
      rows.forEach(([value, flag], i) => {
        values[i] = value === null ? Number.NaN : value;
        churned[i] = flag;
      });
      attributes.push({ kind: 'numeric', name: column.key, values, churned, maxBins: input.maxGroups });
      meta.set(column.key, { column, grouping: `at most ${input.maxGroups} equal-width bins`, missing });
    }
  }

  const drivers = rankDrivers(attributes).map((driver): DriverView => {
    const { column, grouping, missing } = meta.get(driver.attribute) as {
      column: TableColumn;
      grouping: string;
      missing: number;
    };
    const mw = driver.mannWhitney;
    return {
      key: column.key,
      name: column.name,
      type: column.type,
      kind: driver.kind,
      grouping,
      customers: driver.customers,
      churned: driver.churned,
      missing,
      groups: driver.groups.map((group) => ({
        label: group.label,
        customers: group.customers,
        churned: group.churned,
        share: group.share,
        lower: group.lower,
        upper: group.upper,
        lift: Number.isFinite(group.lift) ? group.lift : null,
      })),
      test:
        driver.kind === 'numeric'
          ? mw && Number.isFinite(mw.p)
            ? { method: 'mann-whitney', statistic: mw.w, df: null, p: mw.p }
            : null
          : testOf(driver.chiSquare),
      binnedChiSquare: driver.kind === 'numeric' ? testOf(driver.chiSquare) : null,
      cramersV: driver.cramersV,
      informationValue:
        driver.informationValue !== null && Number.isFinite(driver.informationValue)
          ? driver.informationValue
          : null,
      rank: driver.rank,
    };
  });

  return {
    drivers,
    skipped,
    baseRate: churnedTotal / base.customers,
    customers: base.customers,
    churned: churnedTotal,
    definition: state.applied,
    asOf: state.asOf,
  };
}
