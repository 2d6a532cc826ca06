import type { ChurnByAttribute, Overview } from '@shared/contract/overview';
import type { TenureUnit } from '@shared/domain/columns';
import { AppError } from '@shared/errors';
import { binLabel, niceBins } from '../../engine/describe/nice-bins';
import type { TaskContext } from '../../jobs/task-context';
import type { Db } from '../../store/database';
import { columnSql, customersFrom, visibleColumns } from '../../store/customer-queries';
import type { StoredColumn } from '../../store/customers';

const daysPerMonth = 365.25 / 12;

/** How churn is known in this project: the flag column, else "has an end date", else not at all. */
function churnSource(columns: readonly StoredColumn[]): { sql: string; basis: string } | null {
  const flag = columns.find((column) => column.role === 'churned');
  if (flag) return { sql: 'c.churned', basis: `churned flag column "${flag.name}"` };
  const end = columns.find((column) => column.role === 'end');
  if (end) return { sql: '(c.end_date IS NOT NULL)', basis: `customers with an end date ("${end.name}")` };
  return null;
}

/** Median as R's median(): the middle value, or the mean of the two middle values. */
function median(db: Db, valueSql: string, params: unknown[] = []): { median: number; n: number } | null {
  const n = (
    db
      .prepare(`SELECT COUNT(v) AS n FROM (SELECT ${valueSql} AS v FROM ${customersFrom})`)
      .get(...params) as {
      n: number;
    }
  ).n;
  if (n === 0) return null;
  const middle = db
    .prepare(
      `SELECT v FROM (SELECT ${valueSql} AS v FROM ${customersFrom}) WHERE v IS NOT NULL ORDER BY v LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(...params, 2 - (n % 2), Math.floor((n - 1) / 2)) as number[];
  const sum = middle.reduce((total, value) => total + value, 0);
  return { median: sum / middle.length, n };
}

function latestDate(db: Db, columns: readonly StoredColumn[]): string | null {
  const parts: string[] = [];
  if (columns.some((column) => column.role === 'start'))
    parts.push('SELECT MAX(substr(start_date, 1, 10)) AS d FROM customers');
  if (columns.some((column) => column.role === 'end'))
    parts.push('SELECT MAX(substr(end_date, 1, 10)) AS d FROM customers');
  if (parts.length === 0) return null;
  return (
    (db
      .prepare(`SELECT MAX(d) FROM (${parts.join(' UNION ALL ')})`)
      .pluck()
      .get() as string | null) ?? null
  );
}

export function overviewTask(input: { project: string }, ctx: TaskContext): Overview {
  const db = ctx.projects.get(input.project);
  const columns = visibleColumns(db);
  const customers = (db.prepare('SELECT COUNT(*) FROM customers').pluck().get() as number) ?? 0;

  const source = churnSource(columns);
  let churned: number | null = null;
  let churnShare: number | null = null;
  if (source && customers > 0) {
    const counts = db
      .prepare(`SELECT COUNT(${source.sql}) AS known, SUM(${source.sql}) AS churned FROM customers c`)
      .get() as { known: number; churned: number | null };
    churned = counts.churned ?? 0;
    churnShare = counts.known > 0 ? churned / counts.known : null;
  }

  const asOf = latestDate(db, columns);
  let tenure: Overview['tenure'] = null;
  const tenureColumn = columns.find((column) => column.role === 'tenure');
  const startColumn = columns.find((column) => column.role === 'start');
  if (tenureColumn) {
    const m = median(db, 'c.tenure');
    if (m) {
      tenure = {
        median: m.median,
        unit: tenureColumn.unit ?? 'months',
        basis: `median of the tenure column "${tenureColumn.name}" over all customers`,
        customers: m.n,
      };
    }
  } else if (startColumn && asOf) {
    const m = median(db, 'julianday(COALESCE(c.end_date, ?)) - julianday(c.start_date)', [asOf]);
    if (m) {
      const unit: TenureUnit = m.median >= 90 ? 'months' : 'days';
      tenure = {
        median: unit === 'months' ? m.median / daysPerMonth : m.median,
        unit,
        basis: `median time from start date to end date (to ${asOf} for customers without one), all customers`,
        customers: m.n,
      };
    }
  }

  const attributes = columns
    .filter(
      (column) =>
        (column.role === 'attribute' && column.type !== 'text') ||
        column.role === 'tenure' ||
        column.role === 'start',
    )
    .map((column) => ({ key: column.key, name: column.name, type: column.type }));

  return { customers, churned, churnShare, churnBasis: source?.basis ?? null, tenure, asOf, attributes };
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
  const columns = visibleColumns(db);
  const column = columns.find((candidate) => candidate.key === input.key);
  if (!column) throw new AppError('NOT_FOUND', `There is no customer column "${input.key}".`);
  const source = churnSource(columns);
  if (!source) {
    throw new AppError(
      'NOT_FOUND',
      'This project has no churn information: map a churned flag or an end date on import.',
    );
  }
  const expr = columnSql(columns, column.key);
  const known = `${source.sql} IS NOT NULL`;
  const base = db
    .prepare(
      `SELECT COUNT(*) AS customers, SUM(${source.sql}) AS churned FROM ${customersFrom} WHERE ${known}`,
    )
    .get() as { customers: number; churned: number | null };
  const baseRate = base.customers > 0 ? (base.churned ?? 0) / base.customers : 0;

  const groupBy = (valueSql: string, params: unknown[] = []): GroupCount[] =>
    db
      .prepare(
        `SELECT ${valueSql} AS value, COUNT(*) AS customers, SUM(${source.sql}) AS churned
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
    const unit = column.unit ? ` ${column.unit}` : '';
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
