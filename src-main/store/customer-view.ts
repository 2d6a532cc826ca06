import { z } from 'zod';
import { AppError } from '@shared/errors';
import { AppliedChurnDefinition, ChurnSetting } from '@shared/domain/churn-definition';
import type { ColumnType, TenureUnit } from '@shared/domain/columns';
import { monthsPerBillingInterval, type BillingInterval } from '@shared/domain/datasets';
import { resolveDefinition, type ChurnFacts } from '../engine/churn/definition';
import {
  automaticInactivityWindow,
  type AutomaticWindow,
  type GapCount,
} from '../engine/churn/inter-purchase';
import { describeDefinition } from '../engine/churn/wording';
import type { Db } from './database';
import { readCustomerColumns } from './customers';
import { putMeta, readMetaJson } from './project-meta';

// The view is the one store module that calls the engine (engine/churn: the automatic window and the
// definition's wording): the importer rebuilds the view inside its own transaction, so the churn
// definition has to be resolvable from the store alone. The engine functions stay pure.

/** Bump when the view's SQL changes: files built by an older Tenure are then rebuilt on first read. */
const viewVersion = 2;

const settingKey = 'churn_setting';
const stateKey = 'customer_view';

export const datasetTables = ['customers', 'subscriptions', 'transactions', 'events', 'feedback'] as const;
export type DatasetTable = (typeof datasetTables)[number];

/**
 * Event types counted as support tickets and as complaints (matched as substrings of the lower-cased
 * type; SQLite's lower() folds ASCII letters only, so accented words are listed in lower case). A
 * complaint is also a ticket: tickets count every support contact.
 */
export const complaintWords = [
  'complain',
  'beschwerde',
  'reklamation',
  'reclamation',
  'réclamation',
  'queja',
  'grievance',
];
export const ticketWords = ['ticket', 'support', 'helpdesk', 'help desk', 'service request', 'incident'];

/** Days in one unit of a tenure column: months and years as the Julian year (365.25 days) divides them. */
export const daysPerUnit: Record<TenureUnit, number> = {
  days: 1,
  weeks: 7,
  months: 365.25 / 12,
  years: 365.25,
};

/**
 * A subscription's amount per month: the mrr column holds the amount per billing interval (NULL:
 * monthly), so a quarterly amount is divided by 3 and an annual one by 12. The intervals and their
 * months are our constants, not user text; `alias` qualifies the columns (e.g. `s.`).
 */
export function monthlyMrrSql(alias = ''): string {
  const cases = (Object.entries(monthsPerBillingInterval) as [BillingInterval, number][])
    .filter(([, months]) => months !== 1)
    .map(([interval, months]) => `WHEN '${interval}' THEN ${months.toFixed(1)}`)
    .join(' ');
  return `${alias}mrr / CASE ${alias}billing_interval ${cases} ELSE 1.0 END`;
}

/** The window of the 90-day counts: the as-of date and the 89 days before it. */
export const recentDays = 90;

const FactsSchema = z.object({
  flagColumn: z.string().nullable(),
  endColumn: z.string().nullable(),
  subscriptions: z.number(),
  transactions: z.number(),
  window: z
    .union([
      z.object({ ok: z.literal(true), days: z.number(), percentileDays: z.number(), gaps: z.number() }),
      z.object({ ok: z.literal(false), gaps: z.number(), reason: z.string() }),
    ])
    .nullable(),
});

/** What the last rebuild found and applied; kept in project_meta beside the view. */
export const CustomerViewState = z.object({
  version: z.number(),
  /** Fingerprint of the datasets and the setting the view was built from. */
  source: z.string(),
  setting: ChurnSetting,
  /** Latest date anywhere in the data (null: no dates at all). */
  latestDate: z.string().nullable(),
  asOf: z.string().nullable(),
  rows: z.object({
    customers: z.number(),
    subscriptions: z.number(),
    transactions: z.number(),
    events: z.number(),
    feedback: z.number(),
  }),
  facts: FactsSchema,
  applied: AppliedChurnDefinition.nullable(),
  customers: z.number(),
  churned: z.number().nullable(),
  /** Customers the definition cannot classify (churned is NULL). */
  unknown: z.number(),
});
export type CustomerViewState = z.infer<typeof CustomerViewState>;

export const noSetting: ChurnSetting = { definition: null, asOf: null };

export function readChurnSetting(db: Db): ChurnSetting {
  return readMetaJson(db, settingKey, ChurnSetting) ?? noSetting;
}

export function writeChurnSetting(db: Db, setting: ChurnSetting): void {
  putMeta(db, settingKey, JSON.stringify(ChurnSetting.parse(setting)));
}

export function readCustomerViewState(db: Db): CustomerViewState | null {
  return readMetaJson(db, stateKey, CustomerViewState);
}

/** The gap frequency table of the last rebuild (consecutive order days of a customer, up to as-of). */
export function readInterPurchaseGaps(db: Db): GapCount[] {
  return db.prepare('SELECT days, gaps AS count FROM inter_purchase_gaps ORDER BY days').all() as GapCount[];
}

interface TableSource {
  n: number;
  maxRow: number | null;
  firstImport: number | null;
  lastImport: number | null;
}

/**
 * What the view was built from, cheaply: per dataset its row count, highest rowid and the imports of
 * its first and last rows (a replace or an undo changes those even when the count stays the same),
 * plus the churn setting and the view's version.
 */
function sourceFingerprint(db: Db): { fingerprint: string; rows: Record<DatasetTable, number> } {
  const rows = {} as Record<DatasetTable, number>;
  const parts: unknown[] = [viewVersion];
  for (const table of datasetTables) {
    // Table names come from the fixed list above.
    const source = db
      .prepare(
        `SELECT COUNT(*) AS n, MAX(row) AS maxRow,
           (SELECT import_id FROM ${table} ORDER BY row LIMIT 1) AS firstImport,
           (SELECT import_id FROM ${table} ORDER BY row DESC LIMIT 1) AS lastImport
         FROM ${table}`,
      )
      .get() as TableSource;
    rows[table] = source.n;
    parts.push([source.n, source.maxRow, source.firstImport, source.lastImport]);
  }
  parts.push(readChurnSetting(db));
  return { fingerprint: JSON.stringify(parts), rows };
}

function latestDate(db: Db): string | null {
  const value = db
    .prepare(
      `SELECT MAX(d) FROM (
         SELECT MAX(start_date) AS d FROM customers UNION ALL SELECT MAX(end_date) FROM customers
         UNION ALL SELECT MAX(start_date) FROM subscriptions UNION ALL SELECT MAX(end_date) FROM subscriptions
         UNION ALL SELECT MAX(date) FROM transactions UNION ALL SELECT MAX(time) FROM events
         UNION ALL SELECT MAX(date) FROM feedback)`,
    )
    .pluck()
    .get() as string | null;
  return value === null ? null : value.slice(0, 10);
}

/** An ISO date plus `days` (negative to go back), as an ISO date. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function containsAny(expr: string, words: readonly string[]): string {
  // The words are our constants (checked here), not user text, so they can be SQL literals.
  return `(${words
    .map((word) => {
      if (!/^[\p{Ll} ]+$/u.test(word)) throw new Error(`bad word ${word}`);
      return `instr(lower(${expr}), '${word}') > 0`;
    })
    .join(' OR ')})`;
}

type ChurnSqlKind = 'flag-column' | 'flag-end' | 'contractual' | 'non-contractual' | 'none';

/**
 * SQL for `churned` and `churn_date` under each definition. `c` gives the customer table's columns (NULL
 * for ids that are not in it); s and t are the per-customer subscription and order aggregates.
 */
function churnSql(kind: ChurnSqlKind, c: (column: string) => string): { churned: string; date: string } {
  switch (kind) {
    case 'flag-column':
      return {
        churned: c('churned'),
        date: `CASE WHEN ${c('churned')} = 1 THEN substr(${c('end_date')}, 1, 10) END`,
      };
    case 'flag-end':
      return {
        churned: `CASE WHEN ${c('row')} IS NULL THEN NULL
                       WHEN ${c('end_date')} < @asOfNext THEN 1 ELSE 0 END`,
        date: `CASE WHEN ${c('end_date')} < @asOfNext THEN substr(${c('end_date')}, 1, 10) END`,
      };
    case 'contractual':
      // Churned: something started by as-of, nothing open at as-of, and the grace period after the last
      // end has passed. (Nothing open means every subscription started by as-of has ended by then, so
      // none can have started within the grace period after the last end.)
      return {
        churned: `CASE WHEN s.started IS NULL OR s.started = 0 THEN NULL
                       WHEN s.open = 0 AND julianday(@asOf) - julianday(s.last_end) >= @graceDays THEN 1 ELSE 0 END`,
        date: `CASE WHEN s.started > 0 AND s.open = 0 AND julianday(@asOf) - julianday(s.last_end) >= @graceDays
                    THEN s.last_end END`,
      };
    case 'non-contractual':
      return {
        churned: `CASE WHEN t.last_order IS NULL THEN NULL
                       WHEN julianday(@asOf) - julianday(t.last_order) > @inactivityDays THEN 1 ELSE 0 END`,
        date: `CASE WHEN julianday(@asOf) - julianday(t.last_order) > @inactivityDays THEN t.last_order END`,
      };
    case 'none':
      return { churned: 'NULL', date: 'NULL' };
  }
}

/** Earliest (or latest) of several ISO dates, ignoring NULLs. */
function dateExtreme(fn: 'min' | 'max', exprs: readonly string[]): string {
  if (exprs.length === 0) return 'NULL';
  if (exprs.length === 1) return exprs[0] as string;
  // SQLite's many-argument min()/max() return NULL if any argument is NULL, hence the sentinels.
  const sentinel = fn === 'min' ? "'~'" : "''";
  return `NULLIF(${fn}(${exprs.map((expr) => `COALESCE(${expr}, ${sentinel})`).join(', ')}), ${sentinel})`;
}

export interface RebuildOptions {
  /** Called before each step (there are `total` steps). */
  onStep?: (done: number, total: number, label: string) => void;
  /** Throws to stop between steps; the caller's transaction then rolls back. */
  checkCancelled?: () => void;
}

const steps = [
  'Reading the datasets',
  'Summarising orders and the time between them',
  'Summarising subscriptions, events and feedback',
  'Writing the customer view',
] as const;

/** How many steps a rebuild reports through onStep. */
export const rebuildStepCount = steps.length;

const temporaryTables = ['cv_tx', 'cv_sub', 'cv_ev', 'cv_fb'] as const;

/**
 * Recomputes the project's customer view from whatever datasets it holds, under its churn definition.
 * Called inside the transaction of every import, undo and definition change, so the view is never stale
 * (on its own it opens a transaction, or a savepoint inside the caller's).
 *
 * One aggregate per dataset into a per-customer temporary table (each reads the dataset in the order
 * of its (customer_id, date) index, so the grouping needs no sort), then one insert joining them on the
 * id. Everything dated is counted up to and including the as-of date only: the view describes the
 * customers as they were on that date (a customer whose records all come later still gets a row).
 */
export function rebuildCustomerView(
  db: Db,
  options: RebuildOptions = {},
): { customers: number; churned: number | null; applied: AppliedChurnDefinition | null } {
  // IMMEDIATE takes the write lock before reading, so the snapshot read is the one written from (inside a
  // caller's transaction this is a savepoint and the mode does not apply).
  const state = db.transaction(() => build(db, options)).immediate();
  return { customers: state.customers, churned: state.churned, applied: state.applied };
}

interface Source {
  alias: 's' | 't' | 'e' | 'f';
  table: (typeof temporaryTables)[number];
  first: string;
  last: string;
}

/** Where tenure_order_days puts the inter-purchase gaps of the statement running now (days → count). */
let orderDaysCollector: Map<number, number> | null = null;
const withOrderDays = new WeakSet<Db>();

/**
 * tenure_order_days(date ORDER BY date): the number of distinct days among a customer's order dates, and,
 * for each day after the first, its gap in days to the previous one (added to orderDaysCollector).
 * SQLite feeds an aggregate its rows in the ORDER BY given in the call (SQLite 3.44+); read in the order
 * of the (customer_id, date) index, that costs no sort. One pass thus does what would otherwise take a
 * COUNT(DISTINCT day), which sorts per customer, and a second pass pairing consecutive order days.
 */
function registerOrderDays(db: Db): void {
  if (withOrderDays.has(db)) return;
  db.aggregate('tenure_order_days', {
    start: () => ({ days: 0, day: '', time: 0 }),
    step: (state: { days: number; day: string; time: number }, date: unknown) => {
      if (typeof date !== 'string') return state;
      const day = date.length > 10 ? date.slice(0, 10) : date;
      if (day === state.day) return state;
      const time = Date.parse(day);
      if (state.days > 0 && orderDaysCollector) {
        const gap = Math.round((time - state.time) / 86_400_000);
        orderDaysCollector.set(gap, (orderDaysCollector.get(gap) ?? 0) + 1);
      }
      state.days += 1;
      state.day = day;
      state.time = time;
      return state;
    },
    result: (state: { days: number }) => state.days,
  });
  withOrderDays.add(db);
}

function build(db: Db, options: RebuildOptions): CustomerViewState {
  registerOrderDays(db);
  const step = (index: number) => {
    options.checkCancelled?.();
    options.onStep?.(index, steps.length, steps[index] as string);
  };
  step(0);
  const { fingerprint, rows } = sourceFingerprint(db);
  const setting = readChurnSetting(db);
  const columns = readCustomerColumns(db);
  const flag = columns.find((column) => column.role === 'churned');
  const end = columns.find((column) => column.role === 'end');
  const start = columns.find((column) => column.role === 'start');
  const tenure = columns.find((column) => column.role === 'tenure');
  const latest = latestDate(db);
  const asOf = setting.asOf ?? latest;
  const asOfSource = setting.asOf ? 'user' : latest ? 'data' : 'none';
  const params = {
    asOf,
    // Dates may carry a time ("2024-03-01T10:00"); "before the next day" keeps all of the as-of day.
    asOfNext: asOf === null ? '~' : addDays(asOf, 1),
    recentFrom: asOf === null ? '~' : addDays(asOf, 1 - recentDays),
    unitDays: daysPerUnit[tenure?.unit ?? 'months'],
    graceDays: 0,
    inactivityDays: 0,
  };
  const bind = <K extends keyof typeof params>(...keys: K[]) =>
    Object.fromEntries(keys.map((key) => [key, params[key]])) as Pick<typeof params, K>;
  // With nothing dated after the as-of date (the default as-of is the latest date), the aggregates need
  // no date condition, and run faster without one.
  const future = asOf !== null && latest !== null && latest > asOf;
  const until = (date: string, value = date) =>
    future ? `CASE WHEN ${date} < @asOfNext THEN ${value} END` : value;
  const isPast = (date: string) => (future ? `${date} < @asOfNext` : `${date} IS NOT NULL`);

  for (const name of temporaryTables) db.exec(`DROP TABLE IF EXISTS temp.${name}`);
  const sources: Source[] = [];

  step(1);
  db.exec('DELETE FROM inter_purchase_gaps');
  if (rows.transactions > 0) {
    db.exec(`CREATE TEMP TABLE cv_tx (customer_id TEXT PRIMARY KEY, first_order TEXT, last_order TEXT,
               orders INTEGER, revenue REAL) WITHOUT ROWID`);
    // One pass in (customer, date) index order: the order days and, on the side, the gaps between them.
    const gaps = new Map<number, number>();
    orderDaysCollector = gaps;
    try {
      db.prepare(
        `INSERT INTO temp.cv_tx
         SELECT customer_id, substr(MIN(${until('date')}), 1, 10), substr(MAX(${until('date')}), 1, 10),
                tenure_order_days(${until('date')} ORDER BY date), SUM(${until('date', 'amount')})
         FROM transactions GROUP BY customer_id`,
      ).run(future ? bind('asOfNext') : {});
    } finally {
      orderDaysCollector = null;
    }
    const putGap = db.prepare('INSERT INTO inter_purchase_gaps (days, gaps) VALUES (?, ?)');
    for (const [days, count] of gaps) putGap.run(days, count);
    sources.push({ alias: 't', table: 'cv_tx', first: 't.first_order', last: 't.last_order' });
  }

  const window: AutomaticWindow | null =
    rows.transactions > 0 ? automaticInactivityWindow(readInterPurchaseGaps(db)) : null;

  const facts: ChurnFacts = {
    flagColumn: flag?.name ?? null,
    endColumn: end?.name ?? null,
    subscriptions: rows.subscriptions,
    transactions: rows.transactions,
    window,
  };
  const resolved = resolveDefinition(setting, facts);
  let kind: ChurnSqlKind = 'none';
  if (resolved) {
    if (resolved.definition.kind === 'flag') kind = flag ? 'flag-column' : 'flag-end';
    else kind = resolved.definition.kind;
    params.graceDays = resolved.graceDays ?? 0;
    params.inactivityDays = resolved.inactivityDays ?? 0;
  }

  step(2);
  if (rows.subscriptions > 0) {
    db.exec(`CREATE TEMP TABLE cv_sub (customer_id TEXT PRIMARY KEY, first_start TEXT, last_date TEXT,
               started INTEGER, open INTEGER, last_end TEXT, current_mrr REAL) WITHOUT ROWID`);
    const started = future ? 'start_date < @asOfNext' : '1';
    const open = future
      ? 'start_date < @asOfNext AND (end_date IS NULL OR end_date >= @asOfNext)'
      : 'end_date IS NULL';
    const lastEnd = `MAX(CASE WHEN ${started} AND ${isPast('end_date')} THEN end_date END)`;
    db.prepare(
      `INSERT INTO temp.cv_sub
       SELECT customer_id,
              substr(MIN(${until('start_date')}), 1, 10),
              substr(NULLIF(max(COALESCE(MAX(${until('start_date')}), ''), COALESCE(${lastEnd}, '')), ''), 1, 10),
              COUNT(CASE WHEN ${started} THEN 1 END),
              COUNT(CASE WHEN ${open} THEN 1 END),
              substr(${lastEnd}, 1, 10),
              CASE WHEN COUNT(CASE WHEN ${open} THEN 1 END) = 0 THEN 0.0
                   ELSE SUM(CASE WHEN ${open} THEN ${monthlyMrrSql()} END) END
       FROM subscriptions GROUP BY customer_id`,
    ).run(future ? bind('asOfNext') : {});
    sources.push({ alias: 's', table: 'cv_sub', first: 's.first_start', last: 's.last_date' });
  }

  if (rows.events > 0) {
    db.exec(`CREATE TEMP TABLE cv_ev (customer_id TEXT PRIMARY KEY, first_event TEXT, last_event TEXT,
               tickets INTEGER, complaints INTEGER) WITHOUT ROWID`);
    const recent = 'time >= @recentFrom AND time < @asOfNext';
    db.prepare(
      `INSERT INTO temp.cv_ev
       SELECT customer_id, substr(MIN(${until('time')}), 1, 10), substr(MAX(${until('time')}), 1, 10),
              COUNT(CASE WHEN ${recent} AND ${containsAny('type', [...ticketWords, ...complaintWords])} THEN 1 END),
              COUNT(CASE WHEN ${recent} AND ${containsAny('type', complaintWords)} THEN 1 END)
       FROM events GROUP BY customer_id`,
    ).run(bind('asOfNext', 'recentFrom'));
    sources.push({ alias: 'e', table: 'cv_ev', first: 'e.first_event', last: 'e.last_event' });
  }

  if (rows.feedback > 0) {
    db.exec(`CREATE TEMP TABLE cv_fb (customer_id TEXT PRIMARY KEY, first_feedback TEXT, last_feedback TEXT,
               latest_score REAL) WITHOUT ROWID`);
    // The latest answer with a score; on the same date, the one later in the data.
    db.prepare(
      `INSERT INTO temp.cv_fb
       SELECT customer_id, substr(MIN(${until('date')}), 1, 10), substr(MAX(${until('date')}), 1, 10),
              (SELECT score FROM feedback latest
               WHERE latest.customer_id = f.customer_id AND latest.date < @asOfNext AND latest.score IS NOT NULL
               ORDER BY latest.date DESC, latest.row DESC LIMIT 1)
       FROM feedback f GROUP BY customer_id`,
    ).run(bind('asOfNext'));
    sources.push({ alias: 'f', table: 'cv_fb', first: 'f.first_feedback', last: 'f.last_feedback' });
  }

  step(3);
  db.exec('DELETE FROM customer_view');
  const has = (alias: Source['alias']) => sources.some((source) => source.alias === alias);
  const insert = (customersJoined: boolean, idSql: string, from: string, where: string, order: string) => {
    const c = (column: string) => (customersJoined ? `c.${column}` : 'NULL');
    const churn = churnSql(kind, c);
    // The customer table's own dates count as activity when they are mapped (start ≤ end, so the first
    // of them is the start when there is one, the last the end).
    const customerStart =
      start && customersJoined
        ? `CASE WHEN ${isPast('c.start_date')} THEN substr(c.start_date, 1, 10) END`
        : null;
    const customerEnd =
      end && customersJoined ? `CASE WHEN ${isPast('c.end_date')} THEN substr(c.end_date, 1, 10) END` : null;
    const customerDates = [customerStart, customerEnd].filter((expr): expr is string => expr !== null);
    const first = dateExtreme('min', [
      ...(customerDates.length
        ? [
            customerDates.length === 2
              ? `COALESCE(${customerDates.join(', ')})`
              : (customerDates[0] as string),
          ]
        : []),
      ...sources.map((source) => source.first),
    ]);
    const last = dateExtreme('max', [
      ...(customerDates.length
        ? [
            customerDates.length === 2
              ? `COALESCE(${[...customerDates].reverse().join(', ')})`
              : (customerDates[0] as string),
          ]
        : []),
      ...sources.map((source) => source.last),
    ]);
    const joins = sources
      .map(
        (source) =>
          `LEFT JOIN temp.${source.table} ${source.alias} ON ${source.alias}.customer_id = ${idSql}`,
      )
      .join('\n');
    // Written at one level on purpose: SQLite flattens nested subqueries and would then evaluate a
    // column's expression again at every reference to it.
    return `
      INSERT INTO customer_view (customer_id, customer_row, first_activity, last_activity, tenure_days, churned,
        churn_date, current_mrr, total_revenue, orders, first_order, last_order, days_since_last_order,
        tickets_90d, complaints_90d, latest_nps)
      SELECT ${idSql}, ${c('row')}, ${first}, ${last},
             COALESCE(julianday(CASE WHEN (${churn.churned}) = 1 THEN COALESCE(${churn.date}, ${last}) ELSE @asOf END)
                      - julianday(${first}), ${c('tenure')} * @unitDays),
             ${churn.churned}, ${churn.date},
             ${has('s') ? 'CASE WHEN s.customer_id IS NULL THEN 0.0 ELSE s.current_mrr END' : 'NULL'},
             ${has('t') ? 'COALESCE(t.revenue, 0.0)' : 'NULL'},
             ${has('t') ? 'COALESCE(t.orders, 0)' : 'NULL'},
             ${has('t') ? 't.first_order' : 'NULL'},
             ${has('t') ? 't.last_order' : 'NULL'},
             ${has('t') ? 'CAST(round(julianday(@asOf) - julianday(t.last_order)) AS INTEGER)' : 'NULL'},
             ${has('e') ? 'COALESCE(e.tickets, 0)' : 'NULL'},
             ${has('e') ? 'COALESCE(e.complaints, 0)' : 'NULL'},
             ${has('f') ? 'f.latest_score' : 'NULL'}
      FROM ${from}
      ${joins}
      ${where}
      ${order}`;
  };
  const usedParams = (sql: string) =>
    Object.fromEntries(Object.entries(params).filter(([key]) => sql.includes(`@${key}`)));
  const run = (sql: string) => db.prepare(sql).run(usedParams(sql));
  // Customers of the customer table first, in file order; then ids seen only elsewhere, sorted.
  if (rows.customers > 0) run(insert(true, 'c.customer_id', 'customers c', '', 'ORDER BY c.row'));
  if (sources.length > 0) {
    const [only] = sources;
    const ids =
      sources.length === 1 && only
        ? { idSql: `${only.alias}.customer_id`, from: `temp.${only.table} ${only.alias}`, self: only.alias }
        : {
            idSql: 'ids.customer_id',
            from: `(${sources.map((source) => `SELECT customer_id FROM temp.${source.table}`).join(' UNION ')}) ids`,
            self: null,
          };
    const fromWithCustomers =
      rows.customers > 0 ? `${ids.from} LEFT JOIN customers c ON c.customer_id = ${ids.idSql}` : ids.from;
    let sql = insert(
      rows.customers > 0,
      ids.idSql,
      fromWithCustomers,
      rows.customers > 0 ? 'WHERE c.row IS NULL' : '',
      `ORDER BY ${ids.idSql}`,
    );
    // A single source is the FROM itself, not joined to itself again.
    if (ids.self) sql = sql.replace(new RegExp(`LEFT JOIN temp\\.\\w+ ${ids.self} ON [^\\n]*\\n?`), '');
    run(sql);
  }
  for (const name of temporaryTables) db.exec(`DROP TABLE IF EXISTS temp.${name}`);

  const counts = db
    .prepare(
      'SELECT COUNT(*) AS customers, SUM(churned) AS churned, COUNT(churned) AS known FROM customer_view',
    )
    .get() as { customers: number; churned: number | null; known: number };
  let applied: AppliedChurnDefinition | null = null;
  if (resolved) {
    const wording = describeDefinition({
      ...resolved,
      facts,
      flagValues: flag?.values?.churned ?? null,
      asOf,
      asOfSource,
      window,
      customers: counts.customers,
      unknown: counts.customers - counts.known,
    });
    applied = {
      definition: resolved.definition,
      graceDays: resolved.graceDays,
      inactivityDays: resolved.inactivityDays,
      asOf,
      asOfSource,
      ...wording,
    };
  }
  const state: CustomerViewState = {
    version: viewVersion,
    source: fingerprint,
    setting,
    latestDate: latest,
    asOf,
    rows,
    facts,
    applied,
    customers: counts.customers,
    churned: applied ? (counts.churned ?? 0) : null,
    unknown: counts.customers - counts.known,
  };
  putMeta(db, stateKey, JSON.stringify(state));
  return state;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

// Per connection: the data_version and total_changes() at which the view was last found current. Any
// commit by another connection changes the first, any write by this one the second.
const verified = new WeakMap<Db, string>();

/**
 * The view's state, rebuilding the view first when it is missing or was built from other data, another
 * setting or an older Tenure (a file upgraded from schema 3, or an importer that did not rebuild it).
 * Cheap when current: one pragma and one read per data change.
 */
export function ensureCustomerView(db: Db): CustomerViewState {
  const mark = () =>
    `${db.pragma('data_version', { simple: true }) as number}:${db.prepare('SELECT total_changes()').pluck().get() as number}`;
  let state = readCustomerViewState(db);
  if (state && verified.get(db) === mark()) return state;
  if (!state || state.version !== viewVersion || state.source !== sourceFingerprint(db).fingerprint) {
    // Do not queue behind a writer (an import holds the lock for its whole run): try once.
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      rebuildCustomerView(db);
    } catch (error) {
      // Another connection is writing (an import or a definition change, which rebuild the view
      // themselves when they commit): show the view as it is rather than wait.
      if (!isBusy(error)) throw error;
      if (state) return state;
      throw new AppError('INTERNAL', 'The project is busy with an import; try again when it has finished.');
    } finally {
      db.pragma(`busy_timeout = ${Math.trunc(timeout)}`);
    }
    state = readCustomerViewState(db) as CustomerViewState;
  }
  verified.set(db, mark());
  return state;
}

/** A column of the customer view as the customer table shows it. */
export interface ViewColumn {
  key: string;
  /** Column of customer_view. */
  column: string;
  name: string;
  type: ColumnType;
  /** Shown only when the project has what the column is computed from. */
  needs: 'dates' | 'definition' | 'definition-dates' | DatasetTable;
  description: (state: CustomerViewState) => string;
}

const upTo = (state: CustomerViewState) => (state.asOf ? ` up to the as-of date (${state.asOf})` : '');

export const viewColumns: readonly ViewColumn[] = [
  {
    key: 'first_activity',
    column: 'first_activity',
    name: 'First activity',
    type: 'date',
    needs: 'dates',
    description: (s) =>
      `Earliest date of any record of the customer${upTo(s)}: start or end date, subscription, order, event or feedback.`,
  },
  {
    key: 'last_activity',
    column: 'last_activity',
    name: 'Last activity',
    type: 'date',
    needs: 'dates',
    description: (s) => `Latest date of any record of the customer${upTo(s)}.`,
  },
  {
    key: 'tenure_days',
    column: 'tenure_days',
    name: 'Tenure (days)',
    type: 'decimal',
    needs: 'dates',
    description: () =>
      'Days from the first activity to the churn date (to the as-of date while not churned); from the tenure column when the customer has no dates.',
  },
  {
    key: 'is_churned',
    column: 'churned',
    name: 'Churned (as defined)',
    type: 'boolean',
    needs: 'definition',
    description: (s) => s.applied?.summary ?? 'No churn definition applies to this data.',
  },
  {
    key: 'churn_date',
    column: 'churn_date',
    name: 'Churn date',
    type: 'date',
    needs: 'definition-dates',
    description: (s) =>
      s.applied?.definition.kind === 'non-contractual'
        ? 'The day of the last order: the day a churned customer was last seen.'
        : s.applied?.definition.kind === 'contractual'
          ? 'The end of the last subscription.'
          : 'The end date in the customer table.',
  },
  {
    key: 'current_mrr',
    column: 'current_mrr',
    name: 'Current MRR',
    type: 'decimal',
    needs: 'subscriptions',
    description: (s) =>
      `Sum of the MRR of subscriptions open on the as-of date (${s.asOf}), per month: amounts billed per quarter or per year are divided by 3 or 12.`,
  },
  {
    key: 'total_revenue',
    column: 'total_revenue',
    name: 'Total revenue',
    type: 'decimal',
    needs: 'transactions',
    description: (s) => `Sum of transaction amounts${upTo(s)} (refunds count negative).`,
  },
  {
    key: 'orders',
    column: 'orders',
    name: 'Orders',
    type: 'integer',
    needs: 'transactions',
    description: (s) =>
      `Days with at least one transaction${upTo(s)}: several rows on one day are one order, as in the BTYD literature.`,
  },
  {
    key: 'first_order',
    column: 'first_order',
    name: 'First order',
    type: 'date',
    needs: 'transactions',
    description: () => 'Date of the first transaction.',
  },
  {
    key: 'last_order',
    column: 'last_order',
    name: 'Last order',
    type: 'date',
    needs: 'transactions',
    description: (s) => `Date of the last transaction${upTo(s)}.`,
  },
  {
    key: 'days_since_last_order',
    column: 'days_since_last_order',
    name: 'Days since last order',
    type: 'integer',
    needs: 'transactions',
    description: (s) => `Days from the last order to the as-of date (${s.asOf}).`,
  },
  {
    key: 'tickets_90d',
    column: 'tickets_90d',
    name: 'Tickets (90 days)',
    type: 'integer',
    needs: 'events',
    description: (s) =>
      `Events of the ${recentDays} days up to the as-of date (${s.asOf ? `${addDays(s.asOf, 1 - recentDays)} to ${s.asOf}` : 'none'}) whose type contains ${wordList([...ticketWords, ...complaintWords])} (any case).`,
  },
  {
    key: 'complaints_90d',
    column: 'complaints_90d',
    name: 'Complaints (90 days)',
    type: 'integer',
    needs: 'events',
    description: (s) =>
      `Events of the ${recentDays} days up to the as-of date (${s.asOf ? `${addDays(s.asOf, 1 - recentDays)} to ${s.asOf}` : 'none'}) whose type contains ${wordList(complaintWords)} (any case).`,
  },
  {
    key: 'latest_nps',
    column: 'latest_nps',
    name: 'Latest score',
    type: 'decimal',
    needs: 'feedback',
    description: (s) =>
      `Score of the latest feedback answer that has one${upTo(s)} (NPS 0–10 or CSAT, as imported).`,
  },
];

function wordList(words: readonly string[]): string {
  const quoted = words.map((word) => `"${word}"`);
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** The view columns this project has data for. The churned column is left out under the flag definition
 * with a churned column: it is that column, copied. */
export function availableViewColumns(state: CustomerViewState): ViewColumn[] {
  const hasDates = state.latestDate !== null;
  const flagCopy = state.applied?.definition.kind === 'flag' && state.facts.flagColumn !== null;
  return viewColumns.filter((column) => {
    switch (column.needs) {
      case 'dates':
        return hasDates;
      case 'definition':
        return state.applied !== null && !flagCopy;
      case 'definition-dates':
        return state.applied !== null && hasDates && (!flagCopy || state.facts.endColumn !== null);
      default:
        return state.rows[column.needs] > 0;
    }
  });
}
