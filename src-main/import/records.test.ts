import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParseOptions } from '@shared/domain/parse-options';
import { AppError } from '@shared/errors';
import { readCsvRecords } from './csv-reader';
import { readRecords, type ReadControl, type SourceRecord } from './records';
import { failure } from '../../tests/support/app-errors';
import { csvOptions } from '../../tests/support/parse-options';

const xlsx = (name: string): string => join(import.meta.dirname, '../../tests/fixtures/xlsx', name);
const csv = (name: string): string => join(import.meta.dirname, '../../tests/fixtures/import', name);
const scratch = mkdtempSync(join(tmpdir(), 'tenure-records-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function readAll(
  path: string,
  options: Partial<ParseOptions> = {},
  control?: ReadControl,
): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of readRecords(path, csvOptions(options), control)) records.push(record);
  return records;
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** A report export: two title lines (one padded with delimiters), a blank line, then the table. */
const report = 'Sales report Q3 2024\nExported by Bob on 2024-10-01;;\n\nid;name;amount\n1;Ann;1,5\n2;Bob;\n';

describe('readRecords', () => {
  it('reads a text file exactly as readCsvRecords when there are no title rows', async () => {
    const path = csv('ragged.csv');
    const direct: SourceRecord[] = [];
    for await (const record of readCsvRecords(path, csvOptions())) direct.push(record);
    expect(await readAll(path)).toEqual(direct);
    expect(direct).toHaveLength(5);
  });

  it('skips title rows of a text file, not counting blank lines, keeping the file’s line numbers', async () => {
    const path = join(scratch, 'report.csv');
    writeFileSync(path, report);
    expect(await readAll(path, { delimiter: ';', skipRows: 2 })).toEqual([
      { line: 4, fields: ['id', 'name', 'amount'] },
      { line: 5, fields: ['1', 'Ann', '1,5'] },
      { line: 6, fields: ['2', 'Bob', ''] },
    ]);
  });

  it('reads a workbook by its signature and extension: the sheet asked for, below its title rows', async () => {
    const records = await readAll(xlsx('two-sheets-title.xlsx'), { sheet: 'Orders', skipRows: 2 });
    expect(records).toHaveLength(21);
    expect(records[0]).toEqual({ line: 4, fields: ['Customer', 'Order date', 'Amount', 'Qty'] });
    expect(records[4]).toEqual({ line: 8, fields: ['Acme Ltd', '2024-02-10', 'twelve', '2'] });
    expect(records[20]).toEqual({ line: 24, fields: ['Oscar', '2024-06-04', '33.33', '3'] });
  });

  it('reads a text file named .xlsx as text, and a workbook whatever the case of its extension', async () => {
    const textNamedXlsx = join(scratch, 'export.xlsx');
    writeFileSync(textNamedXlsx, 'id,name\n1,Ann\n');
    expect(await readAll(textNamedXlsx)).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', 'Ann'] },
    ]);
    const upper = join(scratch, 'FORMULAS.XLSX');
    copyFileSync(xlsx('formulas.xlsx'), upper);
    expect((await readAll(upper)).map((r) => r.fields[0])).toEqual(['item', 'pen', 'book', 'lamp']);
  });

  it('throws NO_DATA_ROWS when title rows leave only a header, or nothing', async () => {
    const path = join(scratch, 'report-short.csv');
    writeFileSync(path, 'Sales report\n\nid;name\n');
    const headerOnly = await failure(readAll(path, { delimiter: ';', skipRows: 1 }));
    expect([headerOnly.code, headerOnly.message]).toEqual([
      'NO_DATA_ROWS',
      'report-short.csv has a header line but no data rows.',
    ]);
    const nothing = await failure(readAll(path, { delimiter: ';', skipRows: 2 }));
    expect([nothing.code, nothing.message]).toEqual([
      'NO_DATA_ROWS',
      'report-short.csv has 2 non-blank lines, and all are skipped as title rows (skip 2); skip fewer.',
    ]);
    // Without a header, one row below the title rows is data.
    expect(await readAll(path, { delimiter: ';', skipRows: 1, hasHeader: false })).toEqual([
      { line: 3, fields: ['id', 'name'] },
    ]);
    const sheet = await failure(readAll(xlsx('two-sheets-title.xlsx'), { sheet: 'Orders', skipRows: 30 }));
    expect(sheet.message).toBe(
      'two-sheets-title.xlsx, sheet "Orders", has 23 non-blank rows, and all are skipped as title rows (skip 30); skip fewer.',
    );
  });

  it('feeds the raw bytes of a workbook to onBytes (the import’s hash) and reports progress', async () => {
    const path = xlsx('two-sheets-title.xlsx');
    const hash = createHash('sha256');
    const progress: number[] = [];
    const records = await readAll(
      path,
      { sheet: 'Orders', skipRows: 2 },
      { onBytes: (bytes) => hash.update(bytes), onProgress: (done) => progress.push(done) },
    );
    expect(records).toHaveLength(21);
    const bytes = readFileSync(path);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it('closes a workbook when checkCancelled throws or the consumer stops', async () => {
    const path = join(scratch, 'orders-5000.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Orders');
    sheet.addRow(['Order export']);
    sheet.addRow(['customer', 'amount']);
    for (let i = 0; i < 5000; i++) sheet.addRow([`C${i}`, i]);
    await workbook.xlsx.writeFile(path);

    const before = openFds();
    let seen = 0;
    const error = await failure(
      (async () => {
        for await (const _record of readRecords(path, csvOptions({ skipRows: 1 }), {
          checkCancelled: () => {
            if (seen >= 1000) throw new AppError('CANCELLED', 'Cancelled.');
          },
        })) {
          seen += 1;
        }
      })(),
    );
    expect(error.code).toBe('CANCELLED');
    expect(seen).toBeGreaterThanOrEqual(1000);
    expect(seen).toBeLessThan(5001);
    for await (const _record of readRecords(path, csvOptions({ skipRows: 1 }))) break;
    const text = join(scratch, 'stop.csv');
    writeFileSync(text, report);
    for await (const _record of readRecords(text, csvOptions({ delimiter: ';', skipRows: 2 }))) break;
    // At most as many as before: exceljs may still have been closing the workbook it wrote.
    expect(openFds()).toBeLessThanOrEqual(before);
  });
});
