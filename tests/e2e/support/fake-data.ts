/**
 * The e2e fake's idea of a project's data: datasets per kind, the customer view derived from them, the
 * churn definition and the quality report. Small and plain — enough to make the renderer's pages show
 * believable numbers that follow from what the test imported — and no reference for src-main.
 */
import type { ChurnDefinitionState, InterPurchaseTimes } from '../../../src-shared/contract/churn';
import type { CustomerColumn } from '../../../src-shared/contract/customers';
import type { ImportHistoryEntry, ImportSettings } from '../../../src-shared/contract/import';
import type { ResponseOf } from '../../../src-shared/contract';
import type {
  ColumnQuality,
  DatasetQuality,
  QualityReport,
  QualityWarning,
} from '../../../src-shared/contract/quality';
import type {
  AppliedChurnDefinition,
  ChurnDefinition,
  ChurnSetting,
} from '../../../src-shared/domain/churn-definition';
import type { CellValue, ColumnType } from '../../../src-shared/domain/columns';
import { datasetLabels, type DatasetKind } from '../../../src-shared/domain/datasets';

export type Row = Record<string, CellValue>;

export interface FakeDataset {
  /** Column name, type and role (a role of the kind, or 'attribute'). */
  columns: { name: string; type: ColumnType; role: string }[];
  rows: Row[];
}

export interface FakeImport extends ImportHistoryEntry {
  /** The dataset as it was before this import, to put back on undo. */
  before: FakeDataset | null;
  /** Imports this one replaced (they come back on undo). */
  replacedIds: number[];
  settings: ImportSettings;
  shape: string;
}

export interface FakeProject {
  path: string;
  name: string;
  createdAt: string;
  /** The customer view: what customers.page and overview.get serve. */
  columns: CustomerColumn[];
  /** Either real rows or a generator for a very large synthetic table. */
  rows: Row[] | { count: number; row: (index: number) => Row };
  lastImport: ResponseOf<'project.info'>['lastImport'];
  /** The datasets by kind; a project without them has only its customer view (older tests). */
  datasets?: Partial<Record<DatasetKind, FakeDataset>>;
  imports?: FakeImport[];
  churn?: ChurnSetting;
}

const dayMs = 86_400_000;

export function rowCount(project: FakeProject): number {
  return Array.isArray(project.rows) ? project.rows.length : project.rows.count;
}

function roleColumn(dataset: FakeDataset | undefined, role: string): string | undefined {
  return dataset?.columns.find((column) => column.role === role)?.name;
}

/** The role that says which customer a row is about. */
export function customerRole(kind: DatasetKind): string {
  return kind === 'customers' ? 'id' : 'customer';
}

/** The main date of a kind, for date ranges and rows per month. */
export function mainDateRole(kind: DatasetKind): string | null {
  return {
    customers: 'start',
    subscriptions: 'start',
    transactions: 'date',
    events: 'time',
    feedback: 'date',
  }[kind];
}

function days(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / dayMs);
}

function addDays(iso: string, count: number): string {
  return new Date(Date.parse(iso) + count * dayMs).toISOString().slice(0, 10);
}

/** The latest date anywhere in the data: the as-of date when the user has not set one. */
function latestDate(project: FakeProject): string | null {
  let latest: string | null = null;
  for (const dataset of Object.values(project.datasets ?? {})) {
    for (const column of dataset.columns) {
      if (column.type !== 'date') continue;
      for (const row of dataset.rows) {
        const value = row[column.name];
        if (typeof value === 'string' && (latest === null || value > latest)) latest = value;
      }
    }
  }
  return latest;
}

function ordersByCustomer(project: FakeProject): Map<string, { dates: string[]; revenue: number }> {
  const orders = project.datasets?.transactions;
  const byCustomer = new Map<string, { dates: string[]; revenue: number }>();
  const customer = roleColumn(orders, 'customer');
  const date = roleColumn(orders, 'date');
  const amount = roleColumn(orders, 'amount');
  if (!orders || !customer || !date) return byCustomer;
  for (const row of orders.rows) {
    const id = String(row[customer]);
    const entry = byCustomer.get(id) ?? { dates: [], revenue: 0 };
    if (typeof row[date] === 'string') entry.dates.push(row[date] as string);
    if (amount && typeof row[amount] === 'number') entry.revenue += row[amount] as number;
    byCustomer.set(id, entry);
  }
  for (const entry of byCustomer.values()) entry.dates.sort();
  return byCustomer;
}

/** Gaps in days between consecutive orders of each customer, and their histogram. */
export function interPurchase(project: FakeProject): InterPurchaseTimes | null {
  if (!project.datasets?.transactions) return null;
  const gaps: number[] = [];
  let repeaters = 0;
  for (const { dates } of ordersByCustomer(project).values()) {
    if (dates.length > 1) repeaters++;
    for (let i = 1; i < dates.length; i++) {
      const gap = days(dates[i - 1]!, dates[i]!);
      if (gap > 0) gaps.push(gap);
    }
  }
  gaps.sort((a, b) => a - b);
  const quantile = (q: number) =>
    gaps.length ? gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))]! : null;
  const width = 15;
  const top = Math.max(width, Math.ceil(((gaps[gaps.length - 1] ?? 0) + 1) / width) * width);
  const histogram: InterPurchaseTimes['histogram'] = [];
  for (let from = 0; from < top; from += width) {
    histogram.push({
      from,
      to: from + width,
      count: gaps.filter((gap) => gap >= from && gap < from + width).length,
    });
  }
  return {
    gaps: gaps.length,
    customersWithRepeatOrders: repeaters,
    median: quantile(0.5),
    p75: quantile(0.75),
    p90: quantile(0.9),
    p95: quantile(0.95),
    histogram,
  };
}

function options(project: FakeProject): ChurnDefinitionState['options'] {
  const customers = customerFile(project);
  const flag = roleColumn(customers, 'churned');
  return [
    {
      kind: 'flag',
      available: flag !== undefined,
      note: flag
        ? `the column “${flag}” of the customer table`
        : 'needs a churned column in the customer table',
    },
    {
      kind: 'contractual',
      available: project.datasets?.subscriptions !== undefined,
      note: project.datasets?.subscriptions
        ? 'from the subscriptions’ end dates'
        : 'needs a subscriptions dataset',
    },
    {
      kind: 'non-contractual',
      available: project.datasets?.transactions !== undefined,
      note: project.datasets?.transactions
        ? `from ${project.datasets.transactions.rows.length} orders`
        : 'needs a transactions dataset (orders)',
    },
  ];
}

/** The definition in force: the setting, or the first the data allows (flag, contractual, non-contractual). */
export function applied(project: FakeProject): AppliedChurnDefinition | null {
  const setting = project.churn ?? { definition: null, asOf: null };
  const available = options(project).filter((option) => option.available);
  const definition: ChurnDefinition | null =
    setting.definition ??
    (available[0]?.kind === 'flag'
      ? { kind: 'flag' }
      : available[0]?.kind === 'contractual'
        ? { kind: 'contractual', graceDays: 30 }
        : available[0]?.kind === 'non-contractual'
          ? { kind: 'non-contractual', inactivityDays: null }
          : null);
  const asOf = setting.asOf ?? latestDate(project) ?? new Date().toISOString().slice(0, 10);
  if (!definition) return null;
  const source = setting.asOf ? 'user' : 'data';
  if (definition.kind === 'flag') {
    const flag = roleColumn(customerFile(project), 'churned') ?? 'churned';
    return {
      definition,
      graceDays: null,
      inactivityDays: null,
      asOf,
      asOfSource: source,
      summary: `Churned = the customer table’s “${flag}” says so, as of ${asOf}.`,
      explanation: `Each customer’s churned flag (“${flag}”) is taken as it is; the churn date is the end date where there is one.`,
    };
  }
  if (definition.kind === 'contractual') {
    return {
      definition,
      graceDays: definition.graceDays,
      inactivityDays: null,
      asOf,
      asOfSource: source,
      summary: `Churned = every subscription ended and none restarted within ${definition.graceDays} days, as of ${asOf}.`,
      explanation: `A customer whose last subscription ended more than ${definition.graceDays} days before ${asOf} without a new one has churned on that end date.`,
    };
  }
  const gaps = interPurchase(project);
  const chosen = definition.inactivityDays ?? Math.max(30, Math.ceil((gaps?.p90 ?? 180) / 10) * 10);
  return {
    definition,
    graceDays: null,
    inactivityDays: chosen,
    asOf,
    asOfSource: source,
    summary: `Churned = no order for ${chosen} days before ${asOf}.`,
    explanation:
      definition.inactivityDays === null
        ? `Chosen from the data: 90% of the ${gaps?.gaps ?? 0} gaps between a customer’s consecutive orders are shorter than ${chosen} days (the 90th percentile is ${gaps?.p90 ?? '—'} days, rounded up to whole tens). A customer silent for longer is unlikely to be between two orders.`
        : `A customer whose last order is more than ${chosen} days before ${asOf} has churned on the day after that order plus ${chosen} days.`,
  };
}

export function definitionState(project: FakeProject): ChurnDefinitionState {
  const definition = applied(project);
  const churnedKey = project.columns.find((column) => column.role === 'churned')?.key;
  const rows = Array.isArray(project.rows) ? project.rows : [];
  return {
    setting: project.churn ?? { definition: null, asOf: null },
    applied: definition,
    options: options(project),
    interPurchase: interPurchase(project),
    customers: rowCount(project),
    churned: churnedKey && definition ? rows.filter((row) => row[churnedKey] === true).length : null,
  };
}

/** The customer file: the customers dataset, or (an older test's project, without datasets) its view. */
function customerFile(project: FakeProject): FakeDataset | undefined {
  return project.datasets ? project.datasets.customers : viewAsDataset(project);
}

/** The customer view of an older test's project, as if it were the customers dataset. */
function viewAsDataset(project: FakeProject): FakeDataset | undefined {
  if (!Array.isArray(project.rows) || project.columns.length === 0) return undefined;
  return {
    columns: project.columns.map((column) => ({ name: column.name, type: column.type, role: column.role })),
    rows: project.rows,
  };
}

/**
 * Derives the customer view: the customers dataset's columns (or one row per customer seen in orders),
 * with orders, revenue and last order from the transactions, and churned under the definition in force.
 */
export function rebuildView(project: FakeProject): void {
  const datasets = project.datasets ?? {};
  const customers = datasets.customers;
  const orders = ordersByCustomer(project);
  const definition = applied(project);
  const columns: CustomerColumn[] = [];
  const rows = new Map<string, Row>();
  const idKey = customers ? (roleColumn(customers, 'id') ?? 'customer_id') : 'customer_id';
  if (customers) {
    for (const column of customers.columns) {
      columns.push({
        key: column.name,
        name: column.name,
        type: column.type,
        role: column.role as CustomerColumn['role'],
      });
    }
    for (const row of customers.rows) rows.set(String(row[idKey]), { ...row });
  } else if (orders.size > 0) {
    columns.push({ key: idKey, name: idKey, type: 'text', role: 'id' });
    for (const id of [...orders.keys()].sort()) rows.set(id, { [idKey]: id });
  }
  if (orders.size > 0) {
    columns.push(
      {
        key: 'first_order',
        name: 'First order',
        type: 'date',
        role: 'derived',
        description: 'The date of the customer’s first order.',
      },
      {
        key: 'last_order',
        name: 'Last order',
        type: 'date',
        role: 'derived',
        description: 'The date of the customer’s latest order.',
      },
      { key: 'orders', name: 'Orders', type: 'integer', role: 'derived', description: 'Number of orders.' },
      {
        key: 'revenue',
        name: 'Revenue',
        type: 'decimal',
        role: 'derived',
        description: 'Sum of the order amounts (refunds subtract).',
      },
    );
    for (const [id, row] of rows) {
      const entry = orders.get(id);
      row.first_order = entry?.dates[0] ?? null;
      row.last_order = entry?.dates[entry.dates.length - 1] ?? null;
      row.orders = entry?.dates.length ?? 0;
      row.revenue = entry ? Math.round(entry.revenue * 100) / 100 : 0;
    }
  }
  if (definition?.definition.kind === 'non-contractual' && orders.size > 0) {
    const window = definition.inactivityDays ?? 180;
    const churnedKey = 'churned';
    columns.push({
      key: churnedKey,
      name: 'Churned (as defined)',
      type: 'boolean',
      role: 'churned',
      description: definition.summary,
    });
    for (const row of rows.values()) {
      const last = row.last_order;
      row[churnedKey] =
        typeof last === 'string' && definition.asOf ? days(last, definition.asOf) > window : true;
    }
  }
  project.columns = columns;
  project.rows = [...rows.values()];
}

function summaryOf(values: CellValue[], type: ColumnType): ColumnQuality['summary'] {
  if (type === 'date') {
    const dates = values.filter((value): value is string => typeof value === 'string').sort();
    if (!dates.length) return null;
    return {
      min: dates[0]!,
      max: dates[dates.length - 1]!,
      mean: null,
      median: dates[Math.floor(dates.length / 2)]!,
    };
  }
  if (type !== 'integer' && type !== 'decimal') return null;
  const numbers = values.filter((value): value is number => typeof value === 'number').sort((a, b) => a - b);
  if (!numbers.length) return null;
  return {
    min: numbers[0]!,
    max: numbers[numbers.length - 1]!,
    mean: numbers.reduce((sum, value) => sum + value, 0) / numbers.length,
    median: numbers[Math.floor(numbers.length / 2)]!,
  };
}

function distributionOf(values: CellValue[], type: ColumnType): ColumnQuality['distribution'] {
  const present = values.filter((value) => value !== null);
  if (type === 'date') {
    const counts = new Map<string, number>();
    for (const value of present)
      counts.set(String(value).slice(0, 7), (counts.get(String(value).slice(0, 7)) ?? 0) + 1);
    return [...counts].sort().map(([label, count]) => ({ label, count }));
  }
  if (type === 'integer' || type === 'decimal') {
    const numbers = present as number[];
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    const bins = 16;
    const width = (max - min) / bins || 1;
    return Array.from({ length: bins }, (_, index) => {
      const from = min + index * width;
      const to = from + width;
      return {
        label: `${Math.round(from * 100) / 100}–${Math.round(to * 100) / 100}`,
        count: numbers.filter((n) => n >= from && (index === bins - 1 ? n <= to : n < to)).length,
      };
    });
  }
  const counts = new Map<string, number>();
  for (const value of present) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([label, count]) => ({ label, count }));
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const end = to.slice(0, 7);
  while (months.length < 600) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= end) break;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

export function qualityReport(project: FakeProject): QualityReport {
  const datasets: DatasetQuality[] = [];
  const warnings: QualityWarning[] = [];
  for (const [kind, dataset] of Object.entries(project.datasets ?? {}) as [DatasetKind, FakeDataset][]) {
    if (dataset.rows.length === 0) continue;
    const idColumn = roleColumn(dataset, customerRole(kind));
    const dateRole = mainDateRole(kind);
    const dateColumn = dateRole ? roleColumn(dataset, dateRole) : undefined;
    const dates = dateColumn
      ? dataset.rows
          .map((row) => row[dateColumn])
          .filter((value): value is string => typeof value === 'string')
          .sort()
      : [];
    const dateRange = dates.length ? { from: dates[0]!, to: dates[dates.length - 1]! } : null;
    const perMonth = new Map<string, number>();
    for (const date of dates) perMonth.set(date.slice(0, 7), (perMonth.get(date.slice(0, 7)) ?? 0) + 1);
    const rowsByMonth = dateRange
      ? monthsBetween(dateRange.from, dateRange.to).map((month) => ({
          month,
          rows: perMonth.get(month) ?? 0,
        }))
      : [];
    const gaps = rowsByMonth.filter((entry) => entry.rows === 0).map((entry) => entry.month);
    if (gaps.length) {
      warnings.push({
        severity: 'warning',
        dataset: kind,
        code: 'date_gap',
        message: `${gaps.length === 1 ? 'One month has' : `${gaps.length} months have`} no ${datasetLabels[kind].many} at all: a missing export looks exactly like churn.`,
        examples: gaps.slice(0, 5),
      });
    }
    datasets.push({
      kind,
      rows: dataset.rows.length,
      customers: idColumn ? new Set(dataset.rows.map((row) => String(row[idColumn]))).size : 0,
      dateRange,
      rowsByMonth,
      columns: dataset.columns.map((column) => {
        const values = dataset.rows.map((row) => row[column.name] ?? null);
        const missing = values.filter((value) => value === null).length;
        return {
          name: column.name,
          role: column.role,
          type: column.type,
          missing,
          missingShare: values.length ? missing / values.length : 0,
          distinct: new Set(values.filter((value) => value !== null).map(String)).size,
          summary: summaryOf(values, column.type),
          distribution: distributionOf(values, column.type),
        };
      }),
    });
  }
  const state = definitionState(project);
  if (state.churned !== null && state.churned < 30) {
    warnings.unshift({
      severity: 'problem',
      dataset: null,
      code: 'few_churn_events',
      message: `Only ${state.churned} customers count as churned under the definition in force: too few for reliable churn rates or models (aim for a few hundred).`,
      examples: [],
    });
  }
  if (!project.datasets?.customers && project.datasets?.transactions) {
    warnings.push({
      severity: 'info',
      dataset: null,
      code: 'no_customer_table',
      message: 'There is no customer table: customers are the ids seen in the orders, without attributes.',
      examples: [],
    });
  }
  return { datasets, warnings };
}

export { addDays };
