import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRequest, type ImportReport } from '@shared/contract/import';
import type { DatasetKind } from '@shared/domain/datasets';
import { ProjectConnections } from '../jobs/project-connections';
import { createTaskContext } from '../jobs/task-context';
import { openProjectFile } from '../store/database';
import { importDatasetTask } from './dataset-import';

/**
 * Every kind imports from XLSX exactly as from CSV: each kind's fixture (tests/fixtures/datasets) is
 * written to a workbook by a different program (exceljs: text cells, with a title row above the header on
 * a second sheet) and both are imported into fresh projects; the stored rows and the rejections per
 * problem must be the same. (Line numbers may differ: a quoted line break spans two CSV lines, one row.)
 */
const fixture = (name: string) => resolve(import.meta.dirname, '../../tests/fixtures/datasets', name);

const cases: { file: string; kind: DatasetKind; mapping: Record<string, string>; table: string }[] = [
  { file: 'customers-few.csv', kind: 'customers', mapping: { id: 'id' }, table: 'customers' },
  {
    file: 'subscriptions.csv',
    kind: 'subscriptions',
    mapping: {
      customer: 'customer',
      plan: 'plan',
      start: 'start',
      end: 'end',
      mrr: 'mrr',
      currency: 'currency',
    },
    table: 'subscriptions',
  },
  {
    file: 'orders-march.csv',
    kind: 'transactions',
    mapping: { customer: 'customer_id', date: 'date', amount: 'amount' },
    table: 'transactions',
  },
  {
    file: 'events.csv',
    kind: 'events',
    mapping: { customer: 'customer_id', time: 'timestamp', type: 'event_type', value: 'value' },
    table: 'events',
  },
  {
    file: 'feedback.csv',
    kind: 'feedback',
    mapping: { customer: 'customer', date: 'date', score: 'nps', comment: 'comment', reason: 'reason' },
    table: 'feedback',
  },
];

let dir: string;
let connections: ProjectConnections;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-xlsx-kinds-'));
  connections = new ProjectConnections();
});
afterAll(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

async function toWorkbook(csvPath: string, xlsxPath: string): Promise<void> {
  const records = parse(readFileSync(csvPath, 'utf8'), { relax_column_count: true, bom: true }) as string[][];
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Read me').addRow(['Export notes']);
  const sheet = book.addWorksheet('Data');
  sheet.addRow(['Exported from the billing system']);
  for (const record of records) sheet.addRow(record);
  await book.xlsx.writeFile(xlsxPath);
}

async function importInto(name: string, path: string, settings: (typeof cases)[number], sheet?: string) {
  const project = join(dir, `${name}.tenure`);
  openProjectFile(project, { create: true }).close();
  const ctx = createTaskContext({ isCancelled: () => false, emit: () => {}, projects: connections });
  const request = ImportRequest.parse({
    project,
    path,
    kind: settings.kind,
    mapping: settings.mapping,
    ...(sheet ? { options: { sheet, skipRows: 1 } } : {}),
  });
  const report: ImportReport = await importDatasetTask(
    { ...request, rejectedDir: join(dir, 'rejected') },
    ctx,
  );
  const db = connections.get(project);
  const rows = db
    .prepare(`SELECT * FROM ${settings.table} ORDER BY row`)
    .all()
    .map((row) => {
      const { row: _row, import_id: _import, source_line: _line, ...values } = row as Record<string, unknown>;
      return values;
    });
  const problems = report.rejectionSummary.map((entry) => [entry.code, entry.count]);
  return { imported: report.imported, problems, rows };
}

describe('every kind of data from XLSX as from CSV', () => {
  for (const settings of cases) {
    it(`${settings.kind} (${settings.file})`, async () => {
      const csv = fixture(settings.file);
      const xlsx = join(dir, settings.file.replace(/\.csv$/, '.xlsx'));
      await toWorkbook(csv, xlsx);
      const fromCsv = await importInto(`${settings.kind}-csv`, csv, settings);
      const fromXlsx = await importInto(`${settings.kind}-xlsx`, xlsx, settings, 'Data');
      expect(fromCsv.imported).toBeGreaterThan(0);
      expect(fromXlsx).toEqual(fromCsv);
    });
  }
});
