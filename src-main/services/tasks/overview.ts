import type { ChurnByAttribute, Overview } from '@shared/contract/overview';
import type { TenureUnit } from '@shared/domain/columns';
import { binLabel, niceBins } from '../../engine/describe/nice-bins';
import type { TaskContext } from '../../jobs/task-context';
import type { Db } from '../../store/database';
import {
  customerTable,
  customersFrom,
  findColumn,
  noChurnInformation,
  type TableColumn,
} from '../../store/customer-queries';
import { daysPerUnit } from '../../store/customer-view';

/** Derived columns one can break churn down by: numbers, and the first activity (the customer's cohort). */
const breakdownViewColumns = new Set([
  'first_activity',
  'tenure_days',
  'current_mrr',
  'total_revenue',
  'orders',
  'days_since_last_order',
  'tickets_90d',
  'complaints_90d',
  'latest_nps',
]);

/** Median as R's median(): the middle value, or the mean of the two middle values. */
function median(db: Db, valueSql: string): { median: number; n: number } | null {
  const n = db.prepare(`SELECT COUNT(${valueSql}) FROM ${customersFrom}`).pluck().get() as number;
  if (n === 0) return null;
  const middle = db
    .prepare(
      `SELECT v FROM (SELECT ${valueSql} AS v FROM ${customersFrom}) WHERE v IS NOT NULL ORDER BY v LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(2 - (n % 2), Math.floor((n - 1) / 2)) as number[];
  const sum = middle.reduce((total, value) => total + value, 0);
  return { median: sum / middle.length, n };
}

/** The columns a breakdown can use: the customer file's attributes, tenure and start, and some derived ones. */
function breakdownColumns(columns: readonly TableColumn[]): TableColumn[] {
  return columns.filter(
    (column) =>
      (column.role === 'attribute' && column.type !== 'text') ||
      column.role === 'tenure' ||
      column.role === 'start' ||
      (column.role === 'derived' && breakdownViewColumns.has(column.key)),
  );
}

export function overviewTask(input: { project: string }, ctx: TaskContext): Overview {
  const db = ctx.projects.get(input.project);
  const { state, columns } = customerTable(db);
  const customers = state.customers;
  const known = customers - state.unknown;
  const churned = state.applied ? state.churned : null;
  const churnShare = churned !== null && known > 0 ? churned / known : null;

  let tenure: Overview['tenure'] = null;
  const tenureColumn = columns.find((column) => column.role === 'tenure');
  const m = median(db, 'v.tenure_days');
  if (m) {
    if (state.latestDate === null && tenureColumn) {
      // No dates anywhere: tenure is the tenure column, so say it in the column's own unit.
      const unit = tenureColumn.unit ?? 'months';
      tenure = {
        median: m.median / daysPerUnit[unit],
        unit,
        basis: `median of the tenure column "${tenureColumn.name}" over all customers`,
        customers: m.n,
      };
    } else {
      const unit: TenureUnit = m.median >= 90 ? 'months' : 'days';
      const fallback = tenureColumn
        ? `, or the tenure column "${tenureColumn.name}" for customers without dates`
        : '';
      tenure = {
        median: m.median / daysPerUnit[unit],
        unit,
        basis: `median time from the first activity to the churn date (to ${state.asOf} while not churned)${fallback}`,
        customers: m.n,
      };
    }
  }

  return {
    customers,
    churned,
    churnShare,
    churnBasis: state.applied?.summary ?? null,
    definition: state.applied,
    tenure,
    asOf: state.asOf,
    attributes: breakdownColumns(columns).map((column) => ({
      key: column.key,
      name: column.name,
      type: column.type,
    })),
  };
}

interface GroupCount {
  value: string | number | null;
  customers: number;
  churned: number;
}

export function churnByTask(
  input: { project: string; key: string; maxGroups: number },
  ctx: TaskContext,
): ChurnByAttribute {
  const db = ctx.projects.get(input.project);
  const { state, columns } = customerTable(db);
  const column = findColumn(columns, input.key);
  if (!state.applied) {
    throw noChurnInformation('NOT_FOUND');
  }
  const expr = column.sql;
  const known = 'v.churned IS NOT NULL';
  const base = db
    .prepare(`SELECT COUNT(*) AS customers, SUM(v.churned) AS churned FROM ${customersFrom} WHERE ${known}`)
    .get() as { customers: number; churned: number | null };
  const baseRate = base.customers > 0 ? (base.churned ?? 0) / base.customers : 0;

  const groupBy = (valueSql: string, params: unknown[] = []): GroupCount[] =>
    db
      .prepare(
        `SELECT ${valueSql} AS value, COUNT(*) AS customers, SUM(v.churned) AS churned
         FROM ${customersFrom} WHERE ${known} GROUP BY 1`,
      )
      .all(...params) as GroupCount[];

  const toGroup = (label: string, count: { customers: number; churned: number }) => ({
    label,
    customers: count.customers,
    churned: count.churned,
    share: count.customers > 0 ? count.churned / count.customers : 0,
  });
  const missingGroup = (counts: GroupCount[]) => {
    const missing = counts.find((count) => count.value === null);
    return missing ? [toGroup('(missing)', missing)] : [];
  };
  const result = (grouping: string, groups: ChurnByAttribute['groups']): ChurnByAttribute => ({
    key: column.key,
    name: column.name,
    type: column.type,
    grouping,
    groups,
    baseRate,
    definition: state.applied,
  });

  if (column.type === 'boolean') {
    const counts = groupBy(expr);
    const groups = [1, 0]
      .map((value) => counts.find((count) => count.value === value))
      .filter((count): count is GroupCount => count !== undefined)
      .map((count) => toGroup(count.value === 1 ? 'Yes' : 'No', count));
    return result('one bar per value', [...groups, ...missingGroup(counts)]);
  }

  if (column.type === 'date') {
    const span = db
      .prepare(
        `SELECT MIN(substr(${expr}, 1, 4)) AS first, MAX(substr(${expr}, 1, 4)) AS last FROM ${customersFrom}`,
      )
      .get() as { first: string | null; last: string | null };
    const byMonth = span.first !== null && span.last !== null && Number(span.last) - Number(span.first) < 2;
    const counts = groupBy(`substr(${expr}, 1, ${byMonth ? 7 : 4})`);
    const groups = counts
      .filter((count) => count.value !== null)
      .sort((a, b) => String(a.value).localeCompare(String(b.value)))
      .map((count) => toGroup(String(count.value), count));
    return result(byMonth ? 'by month' : 'by year', [...groups, ...missingGroup(counts)]);
  }

  if (column.type === 'integer' || column.type === 'decimal') {
    const stats = db
      .prepare(
        `SELECT MIN(${expr}) AS min, MAX(${expr}) AS max, COUNT(DISTINCT ${expr}) AS distinct_values FROM ${customersFrom} WHERE ${known}`,
      )
      .get() as {
      min: number | null;
      max: number | null;
      distinct_values: number;
    };
    if (stats.min === null || stats.max === null || stats.distinct_values <= input.maxGroups) {
      const counts = groupBy(expr);
      const groups = counts
        .filter((count) => count.value !== null)
        .sort((a, b) => Number(a.value) - Number(b.value))
        .map((count) => toGroup(String(count.value), count));
      return result('one bar per value', [...groups, ...missingGroup(counts)]);
    }
    const integer = column.type === 'integer';
    const bins = niceBins(stats.min, stats.max, input.maxGroups, integer);
    const counts = groupBy(
      `CASE WHEN ${expr} IS NULL THEN NULL ELSE CAST((${expr} - ?) / ? + 1e-9 AS INTEGER) END`,
      [bins.start, bins.step],
    );
    const perBin = Array.from({ length: bins.count }, () => ({ customers: 0, churned: 0 }));
    for (const count of counts) {
      if (count.value === null) continue;
      // SQL computed binIndex's formula; only the clamp into the closed last bin is left to do.
      const index = Math.min(Number(count.value), bins.count - 1);
      const bin = perBin[index] as { customers: number; churned: number };
      bin.customers += count.customers;
      bin.churned += count.churned;
    }
    const unit = column.unit ? ` ${column.unit}` : column.key === 'tenure_days' ? ' days' : '';
    const groups = perBin.flatMap((bin, index) =>
      bin.customers > 0 ? [toGroup(binLabel(bins, index, integer), bin)] : [],
    );
    return result(`bins of ${bins.step}${unit}`, [...groups, ...missingGroup(counts)]);
  }

  // category and text: the largest groups, the rest pooled.
  const counts = groupBy(expr);
  const present = counts
    .filter((count) => count.value !== null)
    .sort((a, b) => b.customers - a.customers || String(a.value).localeCompare(String(b.value)));
  if (present.length <= input.maxGroups) {
    return result('one bar per value', [
      ...present.map((count) => toGroup(String(count.value), count)),
      ...missingGroup(counts),
    ]);
  }
  const shown = present.slice(0, input.maxGroups - 1);
  const pooled = present.slice(input.maxGroups - 1);
  const other = pooled.reduce(
    (sum, count) => ({ customers: sum.customers + count.customers, churned: sum.churned + count.churned }),
    {
      customers: 0,
      churned: 0,
    },
  );
  return result(`the ${shown.length} largest values; ${pooled.length} others pooled as "Other"`, [
    ...shown.map((count) => toGroup(String(count.value), count)),
    toGroup(`Other (${pooled.length} values)`, other),
    ...missingGroup(counts),
  ]);
}
