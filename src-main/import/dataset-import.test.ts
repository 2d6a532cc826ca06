import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRequest, type ImportReport } from '@shared/contract/import';
import { ProjectConnections } from '../jobs/project-connections';
import { createTaskContext } from '../jobs/task-context';
import { openProjectFile } from '../store/database';
import { importDatasetTask } from './dataset-import';
import { inspectFile } from './inspect';
import { readRejectedCsv } from './rejected-csv';
import { failure } from '../../tests/support/app-errors';

/**
 * Every kind of data through the one importer, on the hostile fixtures of tests/fixtures/datasets
 * (see its README for what each file holds and the outcome expected here).
 */
const fixture = (name: string) => resolve(import.meta.dirname, '../../tests/fixtures/datasets', name);

let dir: string;
let project: string;
let rejectedDir: string;
let connections: ProjectConnections;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-datasets-'));
  project = join(dir, 'p.tenure');
  rejectedDir = join(dir, 'rejected');
  openProjectFile(project, { create: true }).close();
  connections = new ProjectConnections();
});
afterEach(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

function run(request: Omit<ImportRequest, 'project'>): Promise<ImportReport> {
  const ctx = createTaskContext({ isCancelled: () => false, emit: () => {}, projects: connections });
  return importDatasetTask({ ...ImportRequest.parse({ project, ...request }), rejectedDir }, ctx);
}

function query<T = Record<string, unknown>>(sql: string): T[] {
  const db = openProjectFile(project);
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Count of rejections per code, as the summary gives them. */
const byCode = (report: ImportReport) =>
  Object.fromEntries(report.rejectionSummary.map((entry) => [entry.code, entry.count]));
const lines = (report: ImportReport) => report.rejected.map((row) => [row.line, row.code]);

describe('transactions', () => {
  it('reads a Windows-1250, semicolon, decimal-comma, dd.mm.yyyy export and rejects each bad row', async () => {
    const report = await run({
      path: fixture('transactions-cp1250.csv'),
      kind: 'transactions',
      mapping: {
        customer: 'Zákazník',
        date: 'Datum',
        amount: 'Částka',
        quantity: 'Množství',
        product: 'Produkt',
      },
    });
    expect(report.options).toMatchObject({
      encoding: 'windows-1250',
      delimiter: ';',
      decimal: ',',
      dateOrder: 'dmy',
      hasHeader: true,
    });
    expect(report).toMatchObject({
      kind: 'transactions',
      mode: 'replace',
      rowsRead: 10,
      imported: 4,
      rejectedCount: 6,
    });
    expect(lines(report)).toEqual([
      [4, 'negative_amount'],
      [5, 'missing_value'],
      [6, 'bad_value'],
      [7, 'duplicate_row'],
      [9, 'bad_value'],
      [10, 'missing_id'],
    ]);
    expect(report.rejected[0]).toEqual({
      line: 4,
      code: 'negative_amount',
      column: 'Částka',
      value: '-15,00',
      reason: 'amount -15 is negative (a refund?); only orders are imported',
    });
    expect(report.rejected[1]?.reason).toBe('no amount in column "Částka"');
    expect(report.rejected[3]?.reason).toBe('the same row as line 3');
    expect(report.rejected[4]).toMatchObject({ column: 'Datum', value: '31.04.2024' });
    expect(
      query(
        'SELECT customer_id, source_line, date, amount, quantity, product FROM transactions ORDER BY row',
      ),
    ).toEqual([
      {
        customer_id: 'Z001',
        source_line: 2,
        date: '2024-01-05',
        amount: 1234.5,
        quantity: 2,
        product: 'Žluťoučký kůň',
      },
      {
        customer_id: 'Z002',
        source_line: 3,
        date: '2024-01-13',
        amount: 99.9,
        quantity: 1,
        product: 'Příliš',
      },
      { customer_id: 'Z005', source_line: 8, date: '2024-02-29', amount: 0, quantity: 3, product: 'Zażółć' },
      {
        customer_id: 'Z007',
        source_line: 11,
        date: '2024-03-15',
        amount: 2000,
        quantity: null,
        product: 'Gęślą',
      },
    ]);
    // The unmapped column is an attribute of the transactions.
    expect(query('SELECT key, name, type, role FROM transaction_columns ORDER BY position')).toEqual([
      { key: 'customer', name: 'Zákazník', type: 'text', role: 'customer' },
      { key: 'date', name: 'Datum', type: 'date', role: 'date' },
      { key: 'amount', name: 'Částka', type: 'decimal', role: 'amount' },
      { key: 'quantity', name: 'Množství', type: 'integer', role: 'quantity' },
      { key: 'product', name: 'Produkt', type: 'category', role: 'product' },
      { key: 'a1', name: 'Poznámka', type: 'text', role: 'attribute' },
    ]);
    expect(query('SELECT a1 FROM transaction_attributes ORDER BY row').map((row) => row.a1)).toEqual([
      null,
      'dárek',
      'zdarma',
      null,
    ]);
  });

  it('reads a BOM, dd.mm.yyyy dates, N/A tokens and quoted line breaks', async () => {
    const report = await run({
      path: fixture('orders-bom-dmy.csv'),
      kind: 'transactions',
      mapping: {
        customer: 'customer_id',
        date: 'order_date',
        amount: 'amount',
        quantity: 'quantity',
        product: 'product',
      },
    });
    expect(report.options).toMatchObject({ encoding: 'utf-8', dateOrder: 'dmy' });
    expect(report).toMatchObject({ rowsRead: 5, imported: 3, rejectedCount: 2 });
    expect(lines(report)).toEqual([
      [3, 'missing_value'],
      [6, 'missing_value'],
    ]);
    expect(report.rejected[1]).toMatchObject({
      column: 'order_date',
      value: 'N/A',
      reason: 'no date in column "order_date"',
    });
    expect(
      query(
        'SELECT t.customer_id, t.source_line, t.date, t.amount, t.quantity, t.product, a.a1 AS note FROM transactions t JOIN transaction_attributes a ON a.row = t.row ORDER BY t.row',
      ),
    ).toEqual([
      {
        customer_id: 'C1',
        source_line: 2,
        date: '2024-01-05',
        amount: 10.5,
        quantity: 1,
        product: 'Tea',
        note: 'first order, gift',
      },
      {
        customer_id: 'C3',
        source_line: 4,
        date: '2024-01-14',
        amount: 20,
        quantity: null,
        product: 'Cocoa',
        note: 'note spanning\ntwo lines',
      },
      {
        customer_id: 'C1',
        source_line: 7,
        date: '2024-02-01',
        amount: 7.25,
        quantity: 2,
        product: 'Tea, green',
        note: 'said "thanks"',
      },
    ]);
  });

  it('rejects the header line again, ragged rows and exact repeats of two joined exports', async () => {
    const report = await run({
      path: fixture('orders-joined.csv'),
      kind: 'transactions',
      mapping: { customer: 'customer_id', date: 'date', amount: 'amount' },
    });
    expect(report).toMatchObject({ rowsRead: 10, imported: 3, rejectedCount: 7 });
    expect(lines(report)).toEqual([
      [4, 'ragged_row'],
      [5, 'duplicate_row'],
      [6, 'repeated_header'],
      [8, 'ragged_row'],
      [9, 'missing_value'],
      [10, 'duplicate_row'],
      [11, 'negative_amount'],
    ]);
    expect(byCode(report)).toEqual({
      ragged_row: 2,
      duplicate_row: 2,
      repeated_header: 1,
      missing_value: 1,
      negative_amount: 1,
    });
    expect(report.rejected.map((row) => row.reason).slice(0, 3)).toEqual([
      'has 2 fields, expected 3',
      'the same row as line 2',
      'the header line again (were files joined together?)',
    ]);
    // The repeated header does not spoil the date column's type (pass 1 skips it too).
    expect(report.columns.map((column) => [column.name, column.type])).toEqual([
      ['customer_id', 'text'],
      ['date', 'date'],
      ['amount', 'decimal'],
    ]);
    expect(query('SELECT source_line FROM transactions ORDER BY row').map((row) => row.source_line)).toEqual([
      2, 3, 7,
    ]);
  });

  it('keeps exact repeats when told they are genuine', async () => {
    const report = await run({
      path: fixture('orders-joined.csv'),
      kind: 'transactions',
      mapping: { customer: 'customer_id', date: 'date', amount: 'amount' },
      duplicateRows: 'keep',
    });
    expect(report).toMatchObject({ imported: 5, rejectedCount: 5 });
    expect(byCode(report).duplicate_row).toBeUndefined();
  });

  it('writes every rejected row to a CSV with its fields, formulas neutralised', async () => {
    const report = await run({
      path: fixture('orders-joined.csv'),
      kind: 'transactions',
      mapping: { customer: 'customer_id', date: 'date', amount: 'amount' },
      dryRun: true,
    });
    expect(report.rejectedCsv).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}-orders_joined$/);
    const saved = readRejectedCsv(rejectedDir, report.rejectedCsv as string);
    expect(saved.fileName).toBe('orders_joined-rejected.csv');
    expect(saved.rows).toBe(7);
    expect(saved.csv.startsWith('\ufeffline,problem,column,value,reason,customer_id,date,amount\r\n')).toBe(
      true,
    );
    const records = parse(saved.csv.slice(1), { relax_column_count: true }) as string[][];
    expect(records).toEqual([
      ['line', 'problem', 'column', 'value', 'reason', 'customer_id', 'date', 'amount'],
      ['4', 'ragged_row', '', '', 'has 2 fields, expected 3', 'C3', '2024-01-07'],
      ['5', 'duplicate_row', '', '', 'the same row as line 2', 'C1', '2024-01-05', '10.00'],
      [
        '6',
        'repeated_header',
        '',
        '',
        'the header line again (were files joined together?)',
        'customer_id',
        'date',
        'amount',
      ],
      ['8', 'ragged_row', '', '', 'has 4 fields, expected 3', 'C5', '2024-02-02', '40.00', 'extra'],
      [
        '9',
        'missing_value',
        'amount',
        'N/A',
        'no amount in column "amount"',
        '\'=HYPERLINK("http://x")',
        '2024-02-03',
        'N/A',
      ],
      ['10', 'duplicate_row', '', '', 'the same row as line 3', 'C2', '2024-01-06', '20.00'],
      [
        '11',
        'negative_amount',
        'amount',
        "'-5.00",
        'amount -5 is negative (a refund?); only orders are imported',
        'C6',
        '2024-02-04',
        "'-5.00",
      ],
    ]);
    expect(() => readRejectedCsv(rejectedDir, '../p')).toThrow(/not the id/);
  });

  it('reads ambiguous slashed dates month-first unless told day-first', async () => {
    const inspected = await inspectFile({ path: fixture('orders-ambiguous-dates.csv'), previewRows: 5 });
    expect(inspected.options.dateOrder).toBe('mdy');
    expect(inspected.detected.dateOrder.reason).toMatch(/no date proves the order/);
    const mapping = { customer: 'customer_id', date: 'date', amount: 'amount' };
    await run({ path: fixture('orders-ambiguous-dates.csv'), kind: 'transactions', mapping });
    expect(query('SELECT date FROM transactions ORDER BY row').map((row) => row.date)).toEqual([
      '2024-03-04',
      '2024-01-02',
      '2023-11-12',
    ]);
    await run({
      path: fixture('orders-ambiguous-dates.csv'),
      kind: 'transactions',
      mapping,
      options: { dateOrder: 'dmy' },
    });
    expect(query('SELECT date FROM transactions ORDER BY row').map((row) => row.date)).toEqual([
      '2024-04-03',
      '2024-02-01',
      '2023-12-11',
    ]);
  });

  it('rejects customers the customer table does not have; without one, every customer is new', async () => {
    const mapping = { customer: 'customer_id', date: 'date', amount: 'amount' };
    const alone = await run({
      path: fixture('transactions-unknown.csv'),
      kind: 'transactions',
      mapping,
      dryRun: true,
    });
    expect(alone).toMatchObject({ imported: 4, rejectedCount: 0 });
    await run({ path: fixture('customers-few.csv'), kind: 'customers', mapping: { id: 'id' } });
    const report = await run({ path: fixture('transactions-unknown.csv'), kind: 'transactions', mapping });
    expect(report).toMatchObject({ imported: 2, rejectedCount: 2 });
    expect(report.rejected).toEqual([
      {
        line: 3,
        code: 'unknown_customer',
        column: 'customer_id',
        value: 'C9',
        reason: 'customer "C9" is not in the project\'s customer table',
      },
      expect.objectContaining({ line: 5, code: 'unknown_customer', value: 'X-404' }),
    ]);
  });
});

describe('workbooks', () => {
  const workbook = resolve(import.meta.dirname, '../../tests/fixtures/xlsx/two-sheets-title.xlsx');

  it('imports the orders sheet of an XLSX below its title rows, rows numbered as the sheet numbers them', async () => {
    const inspected = await inspectFile({ path: workbook, previewRows: 5, options: { sheet: 'Orders' } });
    expect(inspected.options).toMatchObject({ sheet: 'Orders', skipRows: 2 });
    expect(inspected.kind.value).toBe('transactions');
    // "twelve" makes Amount a text column, so it is not suggested as the amount: the user maps it.
    expect(inspected.kind.reason).toBe(
      'the columns "Order date" (date), "Amount" (amount) and "Qty" (quantity) look like transactions',
    );
    expect(inspected.suggestedMapping).toEqual({ customer: 'Customer', date: 'Order date', quantity: 'Qty' });
    const report = await run({
      path: workbook,
      kind: 'transactions',
      options: inspected.options,
      mapping: { ...inspected.suggestedMapping, amount: 'Amount' },
    });
    // See tests/fixtures/xlsx/README.md: 20 orders on rows 5–24.
    expect(report).toMatchObject({ rowsRead: 20, imported: 16, rejectedCount: 4 });
    expect(lines(report)).toEqual([
      [8, 'bad_value'],
      [10, 'missing_value'],
      [11, 'missing_value'],
      [14, 'negative_amount'],
    ]);
    expect(report.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      query(
        'SELECT source_line, customer_id, date, amount, quantity FROM transactions WHERE source_line IN (5, 12, 13, 15, 17) ORDER BY row',
      ),
    ).toEqual([
      { source_line: 5, customer_id: 'Acme Ltd', date: '2024-01-15', amount: 120.5, quantity: 3 },
      { source_line: 12, customer_id: 'Delta Inc', date: '2024-03-12', amount: 300, quantity: null },
      { source_line: 13, customer_id: 'Echo <Group>', date: '2024-03-19', amount: 1 / 3, quantity: 4 },
      { source_line: 15, customer_id: 'Acme Ltd', date: '2024-04-02', amount: 1e-7, quantity: 1 },
      { source_line: 17, customer_id: 'Hotel Ibis', date: '2024-04-16', amount: 0, quantity: 0 },
    ]);
  });
});

describe('subscriptions, events and feedback', () => {
  it('subscriptions: open ends kept, end before start and the rest rejected', async () => {
    const report = await run({
      path: fixture('subscriptions.csv'),
      kind: 'subscriptions',
      mapping: {
        customer: 'customer',
        plan: 'plan',
        start: 'start',
        end: 'end',
        mrr: 'mrr',
        currency: 'currency',
      },
    });
    expect(report).toMatchObject({ rowsRead: 8, imported: 4, rejectedCount: 4 });
    expect(lines(report)).toEqual([
      [4, 'end_before_start'],
      [5, 'missing_value'],
      [6, 'bad_value'],
      [8, 'negative_amount'],
    ]);
    expect(report.rejected[0]).toEqual({
      line: 4,
      code: 'end_before_start',
      column: 'end',
      value: '2023-03-01',
      reason: 'end date 2023-03-01 is before start date 2023-03-15',
    });
    expect(report.rejected[2]?.reason).toBe('"2023-02-30" is not a valid date (yyyy-mm-dd) (column "start")');
    expect(
      query('SELECT customer_id, plan, start_date, end_date, mrr, currency FROM subscriptions ORDER BY row'),
    ).toEqual([
      {
        customer_id: 'C1',
        plan: 'Basic',
        start_date: '2023-01-01',
        end_date: '2023-06-30',
        mrr: 9.99,
        currency: 'EUR',
      },
      { customer_id: 'C1', plan: 'Pro', start_date: '2023-07-01', end_date: null, mrr: 29, currency: 'EUR' },
      {
        customer_id: 'C5',
        plan: 'Basic',
        start_date: '2023-05-01',
        end_date: '2023-05-01',
        mrr: 9.99,
        currency: 'EUR',
      },
      {
        customer_id: 'C7',
        plan: 'Basic',
        start_date: '2024-01-01',
        end_date: null,
        mrr: null,
        currency: null,
      },
    ]);
  });

  it('subscriptions: a billing interval column is stored as month, quarter or year; empty is NULL', async () => {
    const path = join(dir, 'billing.csv');
    writeFileSync(
      path,
      [
        'customer,start,mrr,Billing period',
        'C1,2024-01-01,10,Monthly',
        'C2,2024-01-01,1200,annual',
        'C3,2024-01-01,30,Q',
        'C4,2024-01-01,9,',
      ].join('\n'),
    );
    const report = await run({
      path,
      kind: 'subscriptions',
      mapping: { customer: 'customer', start: 'start', mrr: 'mrr', interval: 'Billing period' },
    });
    expect(report).toMatchObject({ rowsRead: 4, imported: 4, rejectedCount: 0 });
    expect(report.columns.find((column) => column.name === 'Billing period')).toMatchObject({
      role: 'interval',
      type: 'category',
      missing: 1,
    });
    expect(query('SELECT customer_id, mrr, billing_interval FROM subscriptions ORDER BY row')).toEqual([
      { customer_id: 'C1', mrr: 10, billing_interval: 'month' },
      { customer_id: 'C2', mrr: 1200, billing_interval: 'year' },
      { customer_id: 'C3', mrr: 30, billing_interval: 'quarter' },
      { customer_id: 'C4', mrr: 9, billing_interval: null },
    ]);
    // The customer view's current MRR is per month: the annual 1200 counts 100.
    expect(query("SELECT current_mrr FROM customer_view WHERE customer_id = 'C2'")).toEqual([
      { current_mrr: 100 },
    ]);
  });

  it('subscriptions: an unknown billing interval rejects its row, naming the value and the accepted ones', async () => {
    const path = join(dir, 'billing-weekly.csv');
    writeFileSync(
      path,
      ['customer,start,mrr,interval', 'C1,2024-01-01,10,month', 'C2,2024-01-01,3,weekly'].join('\n'),
    );
    const report = await run({
      path,
      kind: 'subscriptions',
      mapping: { customer: 'customer', start: 'start', mrr: 'mrr', interval: 'interval' },
    });
    expect(report).toMatchObject({ rowsRead: 2, imported: 1, rejectedCount: 1 });
    expect(report.rejected).toEqual([
      {
        line: 3,
        code: 'bad_value',
        column: 'interval',
        value: 'weekly',
        reason: expect.stringMatching(
          /^billing interval "weekly" is not one Tenure knows; use month, quarter or year \(.*\) \(column "interval"\)$/,
        ),
      },
    ]);
    expect(report.rejectionSummary).toEqual([{ code: 'bad_value', count: 1, exampleLines: [3] }]);
    expect(query('SELECT customer_id, billing_interval FROM subscriptions')).toEqual([
      { customer_id: 'C1', billing_interval: 'month' },
    ]);
  });

  it('events: timestamps in several spellings kept as written (no zone shift), bad times rejected', async () => {
    const report = await run({
      path: fixture('events.csv'),
      kind: 'events',
      mapping: { customer: 'customer_id', time: 'timestamp', type: 'event_type', value: 'value' },
    });
    expect(report).toMatchObject({ rowsRead: 8, imported: 5, rejectedCount: 3 });
    expect(lines(report)).toEqual([
      [6, 'bad_value'],
      [7, 'bad_value'],
      [8, 'missing_value'],
    ]);
    expect(report.rejected[2]?.reason).toBe('no event type in column "event_type"');
    expect(
      query(
        'SELECT e.customer_id, e.time, e.type, e.value, a.a1 AS channel FROM events e JOIN event_attributes a ON a.row = e.row ORDER BY e.row',
      ),
    ).toEqual([
      { customer_id: 'C1', time: '2024-03-01T10:15:00', type: 'login', value: null, channel: 'web' },
      { customer_id: 'C1', time: '2024-03-01T10:20', type: 'support_ticket', value: null, channel: 'phone' },
      { customer_id: 'C2', time: '2024-03-02T08:00:00', type: 'usage', value: 42.5, channel: 'app' },
      { customer_id: 'C2', time: '2024-03-02', type: 'complaint', value: null, channel: 'email' },
      { customer_id: 'C6', time: '2024-03-05T09:00', type: 'usage', value: 1.234, channel: 'app' },
    ]);
  });

  it('feedback: scores outside 0–10 rejected, a missing score kept, comments with line breaks', async () => {
    const report = await run({
      path: fixture('feedback.csv'),
      kind: 'feedback',
      mapping: { customer: 'customer', date: 'date', score: 'nps', comment: 'comment', reason: 'reason' },
    });
    expect(report).toMatchObject({ rowsRead: 8, imported: 4, rejectedCount: 4 });
    expect(lines(report)).toEqual([
      [5, 'score_out_of_range'],
      [6, 'score_out_of_range'],
      [9, 'score_out_of_range'],
      [10, 'missing_value'],
    ]);
    expect(report.rejected[0]).toEqual({
      line: 5,
      code: 'score_out_of_range',
      column: 'nps',
      value: '11',
      reason: 'score 11 is outside 0–10 (NPS is 0–10, CSAT 1–5)',
    });
    expect(query('SELECT customer_id, date, score, comment, reason FROM feedback ORDER BY row')).toEqual([
      { customer_id: 'C1', date: '2024-04-01', score: 9, comment: 'Great service, thanks', reason: null },
      {
        customer_id: 'C2',
        date: '2024-04-02',
        score: 3,
        comment: 'Too expensive.\nLeaving.',
        reason: 'price',
      },
      { customer_id: 'C5', date: '2024-04-05', score: null, comment: 'no score given', reason: null },
      { customer_id: 'C6', date: '2024-04-06', score: 7.5, comment: null, reason: null },
    ]);
  });
});

describe('mapping errors', () => {
  it('names the roles of the kind when a role is unknown, and the missing required ones', async () => {
    const unknown = await failure(
      run({
        path: fixture('orders-march.csv'),
        kind: 'transactions',
        mapping: { customer: 'customer_id', id: 'x' },
      }),
    );
    expect(unknown.code).toBe('MAPPING_INVALID');
    expect(unknown.message).toBe(
      '"id" is not a role of transactions; the roles are customer, date, amount, quantity, product.',
    );
    const missing = await failure(
      run({ path: fixture('orders-march.csv'), kind: 'transactions', mapping: { customer: 'customer_id' } }),
    );
    expect(missing.message).toBe(
      'Importing transactions needs a column for date (date) and amount (amount).',
    );
  });
});

describe('append, replace, undo bookkeeping', () => {
  const mapping = { customer: 'customer_id', date: 'date', amount: 'amount' };

  it('appends rows, matches attributes by name and adds new ones; the same bytes twice are refused', async () => {
    const march = await run({ path: fixture('orders-march.csv'), kind: 'transactions', mapping });
    const april = await run({
      path: fixture('orders-april.csv'),
      kind: 'transactions',
      mapping,
      mode: 'append',
    });
    const may = await run({
      path: fixture('orders-may-channel.csv'),
      kind: 'transactions',
      mapping,
      mode: 'append',
    });
    expect([march.imported, april.imported, may.imported]).toEqual([3, 2, 2]);
    expect(april.replaced).toBe(0);
    // (Two different values in three rows are too varied for a category: text.)
    expect(query('SELECT key, name, type, role FROM transaction_columns ORDER BY position').slice(3)).toEqual(
      [
        { key: 'a1', name: 'region', type: 'text', role: 'attribute' },
        { key: 'a2', name: 'channel', type: 'text', role: 'attribute' },
      ],
    );
    expect(
      query(
        'SELECT t.customer_id, t.import_id, a.a1 AS region, a.a2 AS channel FROM transactions t LEFT JOIN transaction_attributes a ON a.row = t.row ORDER BY t.row',
      ),
    ).toEqual([
      { customer_id: 'C1', import_id: 1, region: 'north', channel: null },
      { customer_id: 'C2', import_id: 1, region: 'south', channel: null },
      { customer_id: 'C3', import_id: 1, region: 'north', channel: null },
      { customer_id: 'C1', import_id: 2, region: 'north', channel: null },
      { customer_id: 'C4', import_id: 2, region: 'east', channel: null },
      { customer_id: 'C2', import_id: 3, region: null, channel: 'web' },
      { customer_id: 'C5', import_id: 3, region: 'west', channel: 'shop' },
    ]);
    const repeat = await failure(
      run({ path: fixture('orders-april.csv'), kind: 'transactions', mapping, mode: 'append' }),
    );
    expect(repeat.code).toBe('ALREADY_IMPORTED');
    expect(repeat.message).toMatch(
      /^orders-april\.csv is already in the transactions \(import #2, orders-april\.csv, /,
    );
    const allowed = await run({
      path: fixture('orders-april.csv'),
      kind: 'transactions',
      mapping,
      mode: 'append',
      allowRepeat: true,
    });
    expect(allowed.imported).toBe(2);
    expect(query("SELECT id, mode, state FROM imports WHERE kind = 'transactions' ORDER BY id")).toEqual([
      { id: 1, mode: 'replace', state: 'active' },
      { id: 2, mode: 'append', state: 'active' },
      { id: 3, mode: 'append', state: 'active' },
      { id: 4, mode: 'append', state: 'active' },
    ]);
  });

  it('appending customers: an id already in the table names the import and line it came from', async () => {
    await run({ path: fixture('customers-few.csv'), kind: 'customers', mapping: { id: 'id' } });
    const report = await run({
      path: fixture('customers-more.csv'),
      kind: 'customers',
      mapping: { id: 'id' },
      mode: 'append',
    });
    expect(report).toMatchObject({ imported: 1, rejectedCount: 1 });
    expect(report.rejected).toEqual([
      {
        line: 2,
        code: 'duplicate_id',
        column: 'id',
        value: 'C3',
        reason: 'customer id "C3" is already in the customer table (line 4 of import #1, customers-few.csv)',
      },
    ]);
  });

  it('a replace keeps the old tables as the undo archive and marks the imports it replaced', async () => {
    await run({ path: fixture('orders-march.csv'), kind: 'transactions', mapping });
    await run({ path: fixture('orders-april.csv'), kind: 'transactions', mapping, mode: 'append' });
    const replacing = await run({ path: fixture('orders-joined.csv'), kind: 'transactions', mapping });
    expect(replacing).toMatchObject({ importId: 3, replaced: 5, imported: 3 });
    expect(query('SELECT COUNT(*) AS n FROM undo3_transactions')).toEqual([{ n: 5 }]);
    expect(
      query('SELECT name FROM undo3_transaction_columns ORDER BY position').map((row) => row.name),
    ).toEqual(['customer_id', 'date', 'amount', 'region']);
    expect(query('SELECT id, state, replaced_by, undo_archive FROM imports ORDER BY id')).toEqual([
      { id: 1, state: 'replaced', replaced_by: 3, undo_archive: 1 },
      { id: 2, state: 'replaced', replaced_by: 3, undo_archive: 1 },
      { id: 3, state: 'active', replaced_by: null, undo_archive: 1 },
    ]);
    // Indexes are on the live table only (the archive's were dropped: index names are global).
    expect(query("SELECT tbl_name FROM sqlite_master WHERE name = 'transactions_by_customer'")).toEqual([
      { tbl_name: 'transactions' },
    ]);
  });

  it('records the settings and the file shape, so inspect offers them for the next export of that report', async () => {
    await run({
      path: fixture('orders-march.csv'),
      kind: 'transactions',
      mapping,
      ignore: ['region'],
    });
    const db = connections.get(project);
    const { rememberedImport } = await import('../store/imports');
    const { fileShape } = await import('./shape');
    const remembered = rememberedImport(db, fileShape(['customer_id', 'date', 'amount', 'region']));
    expect(remembered).toMatchObject({
      importId: 1,
      fileName: 'orders-march.csv',
      settings: { kind: 'transactions', mapping, ignore: ['region'], options: { delimiter: ',' } },
    });
    const inspected = await inspectFile(
      { path: fixture('orders-april.csv'), previewRows: 5, project },
      { remembered: (shape) => rememberedImport(db, shape) },
    );
    expect(inspected.remembered).toEqual(remembered);
    const other = await inspectFile(
      { path: fixture('orders-may-channel.csv'), previewRows: 5, project },
      { remembered: (shape) => rememberedImport(db, shape) },
    );
    expect(other.remembered).toBeNull();
  });
});

describe('kind guessing', () => {
  it.each([
    ['orders-march.csv', 'transactions', { customer: 'customer_id', date: 'date', amount: 'amount' }],
    ['customers-few.csv', 'customers', { id: 'id' }],
    [
      'feedback.csv',
      'feedback',
      { customer: 'customer', date: 'date', score: 'nps', comment: 'comment', reason: 'reason' },
    ],
  ])('%s reads as %s', async (name, kind, suggested) => {
    const inspected = await inspectFile({ path: fixture(name), previewRows: 5 });
    expect(inspected.kind.value).toBe(kind);
    expect(inspected.suggestedMapping).toEqual(suggested);
  });

  it('says why, in words', async () => {
    const inspected = await inspectFile({ path: fixture('orders-march.csv'), previewRows: 5 });
    expect(inspected.kind.reason).toBe(
      'the columns "date" (date) and "amount" (amount) look like transactions',
    );
    const telco = await inspectFile({
      path: resolve(import.meta.dirname, '../../resources/samples/telco_churn.csv'),
      previewRows: 5,
    });
    expect(telco.kind).toEqual({
      value: 'customers',
      reason:
        'the columns "Churn" (churned flag) and "tenure" (tenure (duration)) look like a customer table',
    });
    const chosen = await inspectFile({ path: fixture('orders-march.csv'), previewRows: 5, kind: 'events' });
    expect(chosen.kind).toEqual({ value: 'events', reason: 'chosen by you' });
  });
});
