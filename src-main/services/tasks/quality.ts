import type { ColumnQuality, DatasetQuality, QualityReport, QualityWarning } from '@shared/contract/quality';
import type { ColumnType } from '@shared/domain/columns';
import { datasetLabels, datasetRoles, DatasetKind } from '@shared/domain/datasets';
import { binIndex, binLabel, niceBins } from '../../engine/describe/nice-bins';
import type { TaskContext } from '../../jobs/task-context';
import { addDays, ensureCustomerView, type CustomerViewState } from '../../store/customer-view';
import type { Db } from '../../store/database';
import { datasetTables, isAttributeKey } from '../../store/dataset-schema';
import { readDatasetColumns, type DatasetColumn } from '../../store/datasets';

/**
 * Churn events needed before the numbers mean much. With fewer than 10, a churn share is mostly noise
 * (5 churned of 100: the exact 95% interval runs from 1.6% to 11%) and no survival curve or model can be
 * fitted; fewer than 50 is enough for the headline share, but a breakdown by one attribute of five values
 * then leaves about ten events per group, the usual minimum per term of a model (10 events per variable,
 * Peduzzi et al. 1996, J Clin Epidemiol 49(12)).
 */
export const churnEventsProblem = 10;
export const churnEventsWarning = 50;
/** A history shorter than this (days) says little about churn whatever the definition. */
export const shortHistoryDays = 90;

const exampleCount = 5;
const dateLabel: Record<string, string> = {
  start: 'a start date',
  end: 'an end date',
  date: 'a date',
  time: 'a time',
};
const topValueCount = 10;
const histogramBins = 12;
/** Dates spanning more months than this are shown by year. */
const maxMonthBars = 60;

/** The date that places a row in time, per kind (customers: the start date, when mapped). */
const mainDateRole: Record<DatasetKind, string> = {
  customers: 'start',
  subscriptions: 'start',
  transactions: 'date',
  events: 'time',
  feedback: 'date',
};

interface Column {
  name: string;
  role: string;
  type: ColumnType;
  sql: string;
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The dataset's columns as stored; the role columns alone when the import left no description. */
function columnsOf(db: Db, kind: DatasetKind): { columns: Column[]; joinAttributes: boolean } {
  const tables = datasetTables[kind];
  const stored: DatasetColumn[] = readDatasetColumns(db, kind).filter((column) => column.role !== 'ignore');
  const described = stored.length
    ? stored
    : datasetRoles[kind].map((spec, position) => ({
        position,
        key: spec.role,
        name: spec.role,
        role: spec.role,
        type: (spec.type === 'number' || spec.type === null ? 'decimal' : spec.type) as ColumnType,
      }));
  const columns: Column[] = [];
  for (const column of described) {
    if (column.role === 'attribute') {
      if (isAttributeKey(column.key))
        columns.push({ name: column.name, role: 'attribute', type: column.type, sql: `a.${column.key}` });
      continue;
    }
    const physical = tables.roleColumns[column.role];
    if (physical)
      columns.push({ name: column.name, role: column.role, type: column.type, sql: `t.${physical}` });
  }
  if (!stored.length) {
    // Without a description, keep only the role columns that hold something.
    const from = `${tables.rows} t`;
    return {
      columns: columns.filter(
        (column) => (db.prepare(`SELECT COUNT(${column.sql}) FROM ${from}`).pluck().get() as number) > 0,
      ),
      joinAttributes: false,
    };
  }
  return { columns, joinAttributes: columns.some((column) => column.role === 'attribute') };
}

function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  const [lastYear, lastMonth] = last.split('-').map(Number) as [number, number];
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** A column's values and how often each occurs, sorted: one GROUP BY (one sort) answers everything else. */
type Frequencies = { values: (number | string)[]; counts: number[]; total: number };

function frequencies(db: Db, value: string, from: string): Frequencies {
  const rows = db
    .prepare(
      `SELECT ${value} AS v, COUNT(*) AS n FROM ${from} WHERE ${value} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    )
    .raw()
    .all() as [number | string, number][];
  const values = rows.map((row) => row[0]);
  const counts = rows.map((row) => row[1]);
  return { values, counts, total: counts.reduce((sum, n) => sum + n, 0) };
}

/** The k-th smallest value (0-based) of a frequency table. */
function orderStatistic(table: Frequencies, k: number): number | string {
  let seen = 0;
  for (let i = 0; i < table.values.length; i++) {
    seen += table.counts[i] as number;
    if (k < seen) return table.values[i] as number | string;
  }
  return table.values[table.values.length - 1] as number | string;
}

/** Median as R's median() for numbers (mean of the two middle values); the lower middle one for dates. */
function medianOf(table: Frequencies, numeric: boolean): number | string | null {
  const n = table.total;
  if (n === 0) return null;
  const low = orderStatistic(table, Math.floor((n - 1) / 2));
  if (!numeric || n % 2 === 1) return low;
  return ((low as number) + (orderStatistic(table, n / 2) as number)) / 2;
}

/** Rows per month (or year) over the whole span of a date frequency table, empty ones included. */
function byPeriod(table: Frequencies): { label: string; count: number }[] {
  if (table.values.length === 0) return [];
  const first = String(table.values[0]);
  const last = String(table.values[table.values.length - 1]);
  const months = monthsBetween(first.slice(0, 7), last.slice(0, 7));
  const byYear = months.length > maxMonthBars;
  const width = byYear ? 4 : 7;
  const found = new Map<string, number>();
  table.values.forEach((value, i) => {
    const key = String(value).slice(0, width);
    found.set(key, (found.get(key) ?? 0) + (table.counts[i] as number));
  });
  const labels = byYear
    ? Array.from({ length: Number(last.slice(0, 4)) - Number(first.slice(0, 4)) + 1 }, (_, i) =>
        String(Number(first.slice(0, 4)) + i),
      )
    : months;
  return labels.map((label) => ({ label, count: found.get(label) ?? 0 }));
}

/**
 * One column's profile. Numbers and dates come from their frequency table (dates by day); categories,
 * text and flags from a count of distinct values and their most frequent ones.
 */
function columnQuality(
  db: Db,
  column: Column,
  from: string,
  rows: number,
): { quality: ColumnQuality; days: Frequencies | null } {
  const { sql } = column;
  const isNumber = column.type === 'integer' || column.type === 'decimal';
  const isDate = column.type === 'date';
  const result = (
    present: number,
    distinct: number,
    summary: ColumnQuality['summary'],
    distribution: ColumnQuality['distribution'],
  ): ColumnQuality => ({
    name: column.name,
    role: column.role,
    type: column.type,
    missing: rows - present,
    missingShare: rows > 0 ? (rows - present) / rows : 0,
    distinct,
    summary,
    distribution,
  });

  if (isNumber || isDate) {
    const table = frequencies(db, isDate ? `substr(${sql}, 1, 10)` : sql, from);
    const n = table.values.length;
    if (n === 0) return { quality: result(0, 0, null, []), days: isDate ? table : null };
    const min = table.values[0] as number | string;
    const max = table.values[n - 1] as number | string;
    if (isDate) {
      return {
        quality: result(
          table.total,
          n,
          { min, max, mean: null, median: medianOf(table, false) },
          byPeriod(table),
        ),
        days: table,
      };
    }
    let sum = 0;
    table.values.forEach((value, i) => (sum += (value as number) * (table.counts[i] as number)));
    const integer = column.type === 'integer';
    const bins = niceBins(min as number, max as number, histogramBins, integer);
    const perBin = new Array<number>(bins.count).fill(0);
    table.values.forEach((value, i) => {
      const index = binIndex(bins, value as number);
      perBin[index] = (perBin[index] as number) + (table.counts[i] as number);
    });
    return {
      quality: result(
        table.total,
        n,
        { min, max, mean: sum / table.total, median: medianOf(table, true) },
        perBin.map((count, index) => ({ label: binLabel(bins, index, integer), count })),
      ),
      days: null,
    };
  }

  const stats = db
    .prepare(`SELECT COUNT(${sql}) AS present, COUNT(DISTINCT ${sql}) AS distinct_values FROM ${from}`)
    .get() as { present: number; distinct_values: number };
  let distribution: ColumnQuality['distribution'] = [];
  if (column.type === 'boolean') {
    const counts = db
      .prepare(`SELECT ${sql} AS value, COUNT(*) AS count FROM ${from} WHERE ${sql} IS NOT NULL GROUP BY 1`)
      .all() as { value: number; count: number }[];
    distribution = [1, 0].flatMap((flag) => {
      const count = counts.find((candidate) => candidate.value === flag);
      return count ? [{ label: flag ? 'Yes' : 'No', count: count.count }] : [];
    });
  } else if (column.role !== 'id') {
    // Categories and text: the most frequent values (for a customer column: who has the most rows).
    distribution = db
      .prepare(
        `SELECT CAST(${sql} AS TEXT) AS label, COUNT(*) AS count FROM ${from} WHERE ${sql} IS NOT NULL
         GROUP BY ${sql} ORDER BY count DESC, label LIMIT ?`,
      )
      .all(topValueCount) as { label: string; count: number }[];
  }
  return { quality: result(stats.present, stats.distinct_values, null, distribution), days: null };
}

function datasetQuality(db: Db, kind: DatasetKind, rows: number): DatasetQuality {
  const tables = datasetTables[kind];
  const { columns, joinAttributes } = columnsOf(db, kind);
  const from = joinAttributes
    ? `${tables.rows} t LEFT JOIN ${tables.attributes} a ON a.row = t.row`
    : `${tables.rows} t`;
  const customers = db
    .prepare(`SELECT COUNT(DISTINCT customer_id) FROM ${tables.rows}`)
    .pluck()
    .get() as number;
  const mainDate = `t.${tables.roleColumns[mainDateRole[kind]] as string}`;
  let days: Frequencies | null = null;
  const profiles = columns.map((column) => {
    const profile = columnQuality(db, column, from, rows);
    if (column.sql === mainDate) days = profile.days;
    return profile.quality;
  });
  // The main date's frequency table gives the range and the months (read again only when it is not a
  // described column, e.g. an unmapped customer start date).
  const table: Frequencies = days ?? frequencies(db, `substr(${mainDate}, 1, 10)`, `${tables.rows} t`);
  const n = table.values.length;
  const first = n ? String(table.values[0]) : null;
  const last = n ? String(table.values[n - 1]) : null;
  let rowsByMonth: DatasetQuality['rowsByMonth'] = [];
  if (first && last) {
    const found = new Map<string, number>();
    table.values.forEach((value, i) => {
      const month = String(value).slice(0, 7);
      found.set(month, (found.get(month) ?? 0) + (table.counts[i] as number));
    });
    rowsByMonth = monthsBetween(first.slice(0, 7), last.slice(0, 7)).map((month) => ({
      month,
      rows: found.get(month) ?? 0,
    }));
  }
  return {
    kind,
    rows,
    customers,
    dateRange: first && last ? { from: first, to: last } : null,
    rowsByMonth,
    columns: profiles,
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function churnWarnings(db: Db, state: CustomerViewState): QualityWarning[] {
  const warnings: QualityWarning[] = [];
  const applied = state.applied;
  if (!applied || state.churned === null) {
    if (state.customers > 0) {
      warnings.push({
        severity: 'problem',
        dataset: null,
        code: 'no_churn_definition',
        message:
          'No churn definition fits this data: import a customer table with a churned flag or end dates, subscriptions, or transactions with repeat purchases.',
        examples: [],
      });
    }
    return warnings;
  }
  const churned = state.churned;
  const known = state.customers - state.unknown;
  if (churned < churnEventsWarning) {
    const problem = churned < churnEventsProblem;
    warnings.push({
      severity: problem ? 'problem' : 'warning',
      dataset: null,
      code: 'few_churn_events',
      message: problem
        ? `Only ${plural(churned, 'customer')} churned under "${applied.summary}" Fewer than ${churnEventsProblem} churn events make churn shares mostly noise and leave nothing to fit a curve or a model on.`
        : `Only ${plural(churned, 'customer')} churned under "${applied.summary}" Fewer than ${churnEventsWarning} churn events are enough for the headline share, but a breakdown by an attribute leaves about ten or fewer per group.`,
      examples: [],
    });
  } else if (known > 0 && churned === known) {
    warnings.push({
      severity: 'warning',
      dataset: null,
      code: 'everyone_churned',
      message: `Every customer the definition can classify has churned (${plural(churned, 'customer')}): was the export limited to former customers, or is the as-of date too late?`,
      examples: [],
    });
  }
  if (state.unknown > 0) {
    warnings.push({
      severity: 'info',
      dataset: null,
      code: 'customers_left_out',
      message: `${plural(state.unknown, 'customer')} of ${state.customers.toLocaleString('en-US')} cannot be classified under the definition and are left out of churn shares.`,
      examples: db
        .prepare('SELECT customer_id FROM customer_view WHERE churned IS NULL ORDER BY row LIMIT ?')
        .pluck()
        .all(exampleCount) as string[],
    });
  }
  const after = db
    .prepare(
      `SELECT COUNT(*) FROM customer_view WHERE churned = 1 AND churn_date IS NOT NULL AND last_activity > churn_date`,
    )
    .pluck()
    .get() as number;
  if (after > 0) {
    const examples = db
      .prepare(
        `SELECT customer_id || ' (churned ' || churn_date || ', active ' || last_activity || ')' FROM customer_view
         WHERE churned = 1 AND churn_date IS NOT NULL AND last_activity > churn_date ORDER BY row LIMIT ?`,
      )
      .pluck()
      .all(exampleCount) as string[];
    warnings.push({
      severity: 'warning',
      dataset: null,
      code: 'activity_after_churn',
      message: `${plural(after, 'churned customer')} ${after === 1 ? 'has' : 'have'} activity after ${after === 1 ? 'its' : 'their'} churn date (an order, event, feedback or subscription dated later): they came back, or the definition or the data is off for them.`,
      examples,
    });
  }
  if (applied.definition.kind === 'non-contractual' && applied.inactivityDays !== null && applied.asOf) {
    const first = db.prepare('SELECT MIN(first_order) FROM customer_view').pluck().get() as string | null;
    if (first && daysBetween(first, applied.asOf) <= applied.inactivityDays) {
      warnings.push({
        severity: 'problem',
        dataset: 'transactions',
        code: 'window_longer_than_history',
        message: `The orders cover ${plural(daysBetween(first, applied.asOf), 'day')} (${first} to ${applied.asOf}), no more than the inactivity window of ${plural(applied.inactivityDays, 'day')}: nobody can have been silent that long yet.`,
        examples: [],
      });
    }
  }
  return warnings;
}

/**
 * The data-quality report: per dataset its rows, customers, date range, rows per month and a profile
 * of every column; then the warnings that matter for churn analysis (queries worker).
 */
export function qualityReportTask(input: { project: string }, ctx: TaskContext): QualityReport {
  const db = ctx.projects.get(input.project);
  const state = ensureCustomerView(db);
  const datasets: DatasetQuality[] = [];
  const warnings: QualityWarning[] = [];
  for (const kind of DatasetKind.options) {
    const rows = state.rows[kind];
    if (rows === 0) continue;
    ctx.checkCancelled();
    const tables = datasetTables[kind];
    const quality = datasetQuality(db, kind, rows);
    datasets.push(quality);
    const title = datasetLabels[kind].title;

    const empty = quality.rowsByMonth.filter((month) => month.rows === 0).map((month) => month.month);
    if (empty.length > 0) {
      warnings.push({
        severity: 'warning',
        dataset: kind,
        code: 'months_without_rows',
        message: `${title}: ${plural(empty.length, 'month')} between ${quality.dateRange?.from} and ${quality.dateRange?.to} ${empty.length === 1 ? 'has' : 'have'} no rows at all. A missing export looks like a wave of churn; check before trusting numbers around ${empty.length === 1 ? 'it' : 'them'}.`,
        examples: empty.slice(0, exampleCount),
      });
    }

    if (quality.dateRange && kind !== 'customers') {
      const span = daysBetween(quality.dateRange.from, quality.dateRange.to);
      if (span < shortHistoryDays) {
        const imports = db
          .prepare("SELECT COUNT(*) FROM imports WHERE kind = ? AND state = 'active'")
          .pluck()
          .get(kind) as number;
        warnings.push({
          severity: 'warning',
          dataset: kind,
          code: 'short_history',
          message: `${title} cover only ${plural(span + 1, 'day')} (${quality.dateRange.from} to ${quality.dateRange.to}, ${plural(imports, 'import')}): churn shows over months; import older exports too if there are any.`,
          examples: [],
        });
      }
    }

    if (kind !== 'customers' && state.rows.customers > 0) {
      const unknownIds = `FROM ${tables.rows} t WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = t.customer_id)`;
      const missing = db
        .prepare(`SELECT COUNT(DISTINCT t.customer_id) ${unknownIds}`)
        .pluck()
        .get() as number;
      if (missing > 0) {
        warnings.push({
          severity: 'warning',
          dataset: kind,
          code: 'ids_missing_from_customers',
          message: `${title}: ${plural(missing, 'customer id')} ${missing === 1 ? 'is' : 'are'} not in the customer table. They are still customers of the view, without the customer table's attributes; check that the ids are written the same way in both files.`,
          examples: db
            .prepare(`SELECT DISTINCT t.customer_id ${unknownIds} ORDER BY t.customer_id LIMIT ?`)
            .pluck()
            .all(exampleCount) as string[],
        });
      }
    }

    // Only an as-of date set before the latest date leaves rows after it.
    if (state.asOf && state.latestDate && state.asOf < state.latestDate) {
      const next = addDays(state.asOf, 1);
      const dateColumns = Object.entries(tables.roleColumns).filter(
        ([role]) => datasetRoles[kind].find((spec) => spec.role === role)?.type === 'date',
      );
      for (const [role, column] of dateColumns) {
        const later = db
          .prepare(`SELECT COUNT(*) FROM ${tables.rows} WHERE ${column} >= ?`)
          .pluck()
          .get(next) as number;
        if (later === 0) continue;
        warnings.push({
          severity: 'info',
          dataset: kind,
          code: 'dates_after_as_of',
          message: `${title}: ${plural(later, 'row')} ${later === 1 ? 'has' : 'have'} ${dateLabel[role] ?? `a ${role}`} after the as-of date (${state.asOf}); the analysis does not see ${later === 1 ? 'it' : 'them'}.`,
          examples: db
            .prepare(
              `SELECT DISTINCT substr(${column}, 1, 10) FROM ${tables.rows} WHERE ${column} >= ? ORDER BY 1 DESC LIMIT ?`,
            )
            .pluck()
            .all(next, exampleCount) as string[],
        });
      }
    }
  }

  const today = new Date().toISOString().slice(0, 10);
  if (state.latestDate && state.latestDate > today) {
    warnings.push({
      severity: 'problem',
      dataset: null,
      code: 'dates_in_the_future',
      message: `The latest date in the data, ${state.latestDate}, is after today (${today}). A mistyped year moves the as-of date and makes everyone look silent; check the dates or set the as-of date yourself.`,
      examples: [state.latestDate],
    });
  }
  ctx.checkCancelled();
  warnings.push(...churnWarnings(db, state));
  const order = { problem: 0, warning: 1, info: 2 };
  warnings.sort((a, b) => order[a.severity] - order[b.severity]);
  return { datasets, warnings };
}
