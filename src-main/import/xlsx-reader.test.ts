import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import type { SourceRecord } from './records';
import type { ReadControl } from './csv-reader';
import { classifyFormatCode, isWorkbook, readWorkbookRecords, sampleWorkbook } from './xlsx-reader';
import { failure } from '../../tests/support/app-errors';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/xlsx');
const fixture = (name: string): string => join(fixtures, name);
const scratch = mkdtempSync(join(tmpdir(), 'tenure-xlsx-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface SheetOptions {
  sheet?: string | null;
  skipRows?: number;
  hasHeader?: boolean;
}

async function readAll(
  path: string,
  options: SheetOptions = {},
  control?: ReadControl,
): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  const full = { sheet: null, skipRows: 0, hasHeader: true, ...options };
  for await (const record of readWorkbookRecords(path, full, control)) records.push(record);
  return records;
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('readWorkbookRecords', () => {
  it('reads sheet "Orders" below its two title rows: row numbers, ISO dates, numbers, padding', async () => {
    const records = await readAll(fixture('two-sheets-title.xlsx'), { sheet: 'Orders', skipRows: 2 });
    // Title rows 1–2 skipped, row 3 blank, header on row 4, 20 orders on rows 5–24.
    expect(records).toHaveLength(21);
    expect(records.map((r) => r.line)).toEqual(Array.from({ length: 21 }, (_, i) => 4 + i));
    expect(records.slice(0, 10)).toEqual([
      { line: 4, fields: ['Customer', 'Order date', 'Amount', 'Qty'] },
      { line: 5, fields: ['Acme Ltd', '2024-01-15', '120.5', '3'] },
      { line: 6, fields: ['Müller GmbH', '2024-01-20', '89.99', '1'] },
      { line: 7, fields: ['Łódź Sp. z o.o.', '2024-02-03', '1234.56', '12'] },
      { line: 8, fields: ['Acme Ltd', '2024-02-10', 'twelve', '2'] },
      { line: 9, fields: ['Brown & Sons', '2024-02-29', '0.5', '1'] },
      { line: 10, fields: ['Café Olé', '', '45', '2'] },
      { line: 11, fields: ['Acme Ltd', '2024-03-05', '', '1'] },
      // No cell at all for Qty: padded to the header's width.
      { line: 12, fields: ['Delta Inc', '2024-03-12', '300', ''] },
      { line: 13, fields: ['Echo <Group>', '2024-03-19', '0.3333333333333333', '4'] },
    ]);
    expect(records[10]).toEqual({ line: 14, fields: ['Foxtrot "F" Ltd', '2024-03-26', '-15.25', '1'] });
    expect(records[11]).toEqual({ line: 15, fields: ['Acme Ltd', '2024-04-02', '1e-7', '1'] });
    expect(records[12]).toEqual({ line: 16, fields: ['Golf Club', '2024-04-09', '9999999.99', '100'] });
    expect(records[20]).toEqual({ line: 24, fields: ['Oscar', '2024-06-04', '33.33', '3'] });
  });

  it('reads the first sheet when none is named, and names the sheets when the one asked for is missing', async () => {
    expect(await readAll(fixture('two-sheets-title.xlsx'), { hasHeader: false })).toEqual([
      { line: 1, fields: ['This workbook tests sheet choice and title rows.'] },
      { line: 2, fields: ['The orders are on the sheet "Orders".'] },
    ]);
    const error = await failure(readAll(fixture('two-sheets-title.xlsx'), { sheet: 'Ordrs' }));
    expect([error.code, error.message]).toEqual([
      'NOT_FOUND',
      'two-sheets-title.xlsx has no sheet "Ordrs"; its sheets are "Notes", "Orders".',
    ]);
    expect(error.details).toMatchObject({ sheet: 'Ordrs', sheets: ['Notes', 'Orders'] });
  });

  it('reads dates stored as date cells (with and without time), time cells, and plain serial numbers', async () => {
    expect(await readAll(fixture('serial-dates.xlsx'))).toEqual([
      { line: 1, fields: ['id', 'serial', 'date cell', 'date-time cell', 'time cell', 'text date'] },
      { line: 2, fields: ['1', '45292', '2024-01-01', '2024-01-01T10:30', '10:30', '2024-01-01'] },
      { line: 3, fields: ['2', '45292.75', '2024-02-29', '2024-07-01T23:59:59', '23:59:59', '2024-02-29'] },
      // 59 in a date format is 1900-02-28; midnight has no time part; 0 in h:mm is midnight.
      { line: 4, fields: ['3', '61', '1900-02-28', '2024-12-31', '00:00', ''] },
      // A time format on a value ≥ 1 day keeps the date: 1.25 is 1900-01-01 06:00.
      { line: 5, fields: ['4', '2958465', '9999-12-31', '1900-01-01T12:00', '1900-01-01T06:00', 'n/a'] },
      { line: 6, fields: ['5', '60', '', '', '', ''] },
    ]);
  });

  it('reads formula cells as their cached results, rich text joined, a hyperlink as its text', async () => {
    expect(await readAll(fixture('formulas.xlsx'))).toEqual([
      { line: 1, fields: ['item', 'price', 'qty', 'total', 'label', 'big', 'due', 'ratio', 'note'] },
      {
        line: 2,
        fields: ['pen', '2.5', '10', '25', 'Item pen', 'TRUE', '2024-05-01T12:00', '0.25', 'Bold and plain'],
      },
      { line: 3, fields: ['book', '12', '3', '36', 'Item book', 'TRUE', '2024-05-02T12:00', '4', 'a link'] },
      // B4/C4 is #DIV/0!; I4 is a formula never calculated (no cached value): empty.
      { line: 4, fields: ['lamp', '40', '0', '0', 'Item lamp', 'FALSE', '2024-05-03T12:00', '#DIV/0!', ''] },
    ]);
  });

  it('reads what other producers write: inline strings, prefixes, no references, phonetics, escapes, 1904 dates', async () => {
    const path = fixture('odd-producer.xlsx');
    // The hidden first sheet is listed but not read by default; the chart sheet is not listed.
    const sample = await sampleWorkbook(path, null, 10);
    expect(sample.sheets).toEqual([
      { name: 'Hidden', visible: false },
      { name: 'Data', visible: true },
    ]);
    expect(sample.sheet).toBe('Data');
    expect(sample.complete).toBe(true);
    expect(await readAll(path)).toEqual([
      { line: 1, fields: ['name', 'born', 'when', 'amount', 'flag', 'note'] },
      // A row and cells without references follow on; t="d" dates; 1.5E+3 as plain number text.
      { line: 2, fields: ['Rich inline', '東京', '2024-03-01', '1500', 'TRUE', 'line one\r\nline two'] },
      // Serial 0 is 1904-01-01 in the 1904 date system; an escaped "_x0041_" stays literal.
      { line: 4, fields: ['second', '1904-01-01', '2024-03-02T08:15', '#N/A', 'FALSE', '_x0041_ stays'] },
      { line: 5, fields: ['A & B', '2028-01-02', '', '', '', ''] },
    ]);
    expect(await readAll(path, { sheet: 'Hidden', hasHeader: false })).toEqual([
      { line: 1, fields: ['hidden'] },
    ]);
  });

  it('throws NO_DATA_ROWS for a header without rows and for title rows covering the sheet', async () => {
    const path = fixture('two-sheets-title.xlsx');
    const headerOnly = await failure(readAll(path, { sheet: 'Notes', skipRows: 1 }));
    expect([headerOnly.code, headerOnly.message]).toEqual([
      'NO_DATA_ROWS',
      'two-sheets-title.xlsx, sheet "Notes", has a header row but no data rows.',
    ]);
    const allTitles = await failure(readAll(path, { sheet: 'Notes', skipRows: 5 }));
    expect([allTitles.code, allTitles.message]).toEqual([
      'NO_DATA_ROWS',
      'two-sheets-title.xlsx, sheet "Notes", has 2 non-blank rows, and all are skipped as title rows (skip 5); skip fewer.',
    ]);
  });

  it('throws FILE_EMPTY for an empty sheet and FILE_UNREADABLE for a damaged or missing workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Empty');
    const empty = join(scratch, 'empty-sheet.xlsx');
    await workbook.xlsx.writeFile(empty);
    const error = await failure(readAll(empty));
    expect([error.code, error.message]).toEqual([
      'FILE_EMPTY',
      'empty-sheet.xlsx is empty: sheet "Empty" has no values.',
    ]);

    const broken = join(scratch, 'broken.xlsx');
    writeFileSync(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    const damaged = await failure(readAll(broken));
    expect(damaged.code).toBe('FILE_UNREADABLE');
    expect(damaged.message).toMatch(
      /^broken\.xlsx cannot be read as an Excel workbook: it is not a valid ZIP archive \(.+\)\.$/,
    );

    const brokenXml = await failure(readAll(fixture('broken-sheet.xlsx')));
    expect([brokenXml.code, brokenXml.message]).toEqual([
      'FILE_UNREADABLE',
      'broken-sheet.xlsx cannot be read as an Excel workbook: xl/worksheets/data.xml is not well-formed XML (unexpected close tag).',
    ]);

    const notBook = await failure(readAll(fixture('not-a-workbook.xlsx')));
    expect([notBook.code, notBook.message]).toEqual([
      'FILE_UNREADABLE',
      'not-a-workbook.xlsx cannot be read as an Excel workbook: it has no workbook part (xl/workbook.xml); it is a ZIP archive, not an Excel workbook.',
    ]);

    const missing = await failure(readAll(join(scratch, 'missing.xlsx')));
    expect(missing.code).toBe('FILE_UNREADABLE');
    expect(missing.message).toMatch(/^missing\.xlsx cannot be read: there is no such file/);
  });

  it('is a workbook by extension and ZIP signature together', () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14]);
    const text = Buffer.from('id,name\n');
    expect(isWorkbook('a/Orders.xlsx', zip)).toBe(true);
    expect(isWorkbook('ORDERS.XLSM', zip)).toBe(true);
    expect(isWorkbook('orders.csv', zip)).toBe(false);
    expect(isWorkbook('orders.xlsx', text)).toBe(false);
    expect(isWorkbook('orders.xls', zip)).toBe(false);
  });

  it('tells date, time and number formats apart', () => {
    const cases: [string, ReturnType<typeof classifyFormatCode>][] = [
      ['General', 'number'],
      ['0.00', 'number'],
      ['#,##0.00 "EUR"', 'number'],
      ['0.00E+00', 'number'],
      ['"day "0', 'number'],
      ['[h]:mm:ss', 'number'],
      ['[Red]0.00;[Blue]-0.00', 'number'],
      ['@', 'number'],
      ['yyyy-mm-dd', 'date'],
      ['dd.mm.yyyy hh:mm', 'date'],
      ['[$-409]d\\-mmm\\-yy;@', 'date'],
      ['mmm yyyy', 'date'],
      ['m/d/yy h:mm AM/PM', 'date'],
      ['h:mm', 'time'],
      ['mm:ss', 'time'],
      ['h:mm AM/PM', 'time'],
    ];
    expect(cases.map(([code]) => [code, classifyFormatCode(code)])).toEqual(cases);
  });

  describe('on a 20,000-row workbook', () => {
    const path = join(scratch, 'big.xlsx');
    const rows = 20_000;
    beforeAll(async () => {
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
      const sheet = writer.addWorksheet('Data');
      sheet.addRow(['id', 'amount', 'date']).commit();
      for (let i = 0; i < rows; i++) {
        // Day 1 + (i mod 366) of 2024: row 20,001 (i = 19,999) is day 236, 23 August.
        const row = sheet.addRow([`C${i}`, i / 4, new Date(Date.UTC(2024, 0, 1 + (i % 366)))]);
        row.getCell(3).numFmt = 'yyyy-mm-dd';
        row.commit();
      }
      sheet.commit();
      await writer.commit();
    });

    it('streams every row, hashes the raw file and reports progress up to the file size', async () => {
      const hash = createHash('sha256');
      const progress: [number, number][] = [];
      const records = await readAll(
        path,
        {},
        {
          onBytes: (bytes) => hash.update(bytes),
          onProgress: (done, total) => progress.push([done, total]),
        },
      );
      expect(records).toHaveLength(rows + 1);
      expect(records[1]).toEqual({ line: 2, fields: ['C0', '0', '2024-01-01'] });
      expect(records[rows]).toEqual({ line: rows + 1, fields: ['C19999', '4999.75', '2024-08-23'] });
      expect(hash.digest('hex')).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
      const size = readFileSync(path).length;
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toEqual([size, size]);
      expect(
        progress.every(([done, total], i) => total === size && done >= (progress[i - 1]?.[0] ?? 0)),
      ).toBe(true);
    });

    it('stops when checkCancelled throws, and closes the file', async () => {
      const before = openFds();
      let seen = 0;
      const error = await failure(
        (async () => {
          for await (const _record of readWorkbookRecords(
            path,
            { sheet: null, skipRows: 0, hasHeader: true },
            {
              checkCancelled: () => {
                if (seen >= 5000) throw new AppError('CANCELLED', 'Cancelled.');
              },
            },
          )) {
            seen += 1;
          }
        })(),
      );
      expect(error.code).toBe('CANCELLED');
      expect(seen).toBeGreaterThanOrEqual(5000);
      expect(seen).toBeLessThan(rows);
      expect(openFds()).toBe(before);
    });

    it('closes the file when the consumer stops early or throws', async () => {
      const before = openFds();
      for (let round = 0; round < 5; round++) {
        let n = 0;
        for await (const _record of readWorkbookRecords(path, {
          sheet: null,
          skipRows: 0,
          hasHeader: true,
        })) {
          if (++n === 10) break;
        }
      }
      await expect(
        (async () => {
          for await (const record of readWorkbookRecords(path, { sheet: null, skipRows: 0, hasHeader: true }))
            if (record.line === 100) throw new Error('consumer failed');
        })(),
      ).rejects.toThrow('consumer failed');
      expect(openFds()).toBe(before);
    });
  });
});
