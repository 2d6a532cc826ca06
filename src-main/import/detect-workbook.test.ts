import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InspectRequest, InspectResponse } from '@shared/contract/import';
import { detectParseOptions, guessTitleRows } from './detect';
import { inspectFile } from './inspect';
import { failure } from '../../tests/support/app-errors';
import { csvOptions } from '../../tests/support/parse-options';
import { telcoCsv } from '../../tests/support/datasets';

// Detection and inspection of XLSX workbooks, and the title-row guess for both formats.

const xlsx = (name: string): string => join(import.meta.dirname, '../../tests/fixtures/xlsx', name);
const scratch = mkdtempSync(join(tmpdir(), 'tenure-detect-xlsx-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const notUsed = 'not used for Excel workbooks';

describe('detectParseOptions on workbooks', () => {
  it('finds the title rows, header, decimal point and ISO dates of sheet "Orders"', async () => {
    const detection = await detectParseOptions(xlsx('two-sheets-title.xlsx'), { sheet: 'Orders' });
    expect(detection.format).toBe('xlsx');
    expect(detection.sheets).toEqual(['Notes', 'Orders']);
    expect(detection.options).toEqual(csvOptions({ skipRows: 2, sheet: 'Orders' }));
    expect(detection.detected).toEqual({
      encoding: { value: 'utf-8', reason: notUsed },
      delimiter: { value: ',', reason: notUsed },
      hasHeader: {
        value: true,
        reason: 'the first row is text ("Order date") above only numbers or dates in the rows below',
      },
      decimal: { value: '.', reason: 'numbers like 120.5 use a decimal point' },
      dateOrder: { value: 'ymd', reason: 'dates like 2024-01-15 are year-month-day (ISO)' },
      skipRows: {
        value: 2,
        reason:
          'the first 2 rows ("Order export", "Generated 2024-07-01") fill 1 cell each where most rows fill 4: title rows above the table',
      },
      sheet: { value: 'Orders', reason: 'chosen by you' },
    });
    expect(detection.warnings).toEqual([]);
  });

  it('reads the first visible sheet by default and says why', async () => {
    const first = await detectParseOptions(xlsx('two-sheets-title.xlsx'));
    expect(first.options.sheet).toBe('Notes');
    expect(first.detected.sheet).toEqual({ value: 'Notes', reason: 'the first of 2 sheets' });
    expect(first.detected.skipRows).toEqual({
      value: 0,
      reason: 'most rows fill one cell: no title rows looked for',
    });
    const odd = await detectParseOptions(xlsx('odd-producer.xlsx'));
    expect(odd.sheets).toEqual(['Hidden', 'Data']);
    expect(odd.detected.sheet).toEqual({
      value: 'Data',
      reason: 'the first visible sheet (1 of 2 is hidden)',
    });
    const only = await detectParseOptions(xlsx('serial-dates.xlsx'));
    expect(only.detected.sheet).toEqual({ value: 'Dates', reason: 'the only sheet' });
    expect(only.detected.skipRows).toEqual({
      value: 0,
      reason: 'the first row fills 6 cells and most rows fill 6: no title rows',
    });
  });

  it('lets the user’s title rows and text settings win', async () => {
    const { options, detected } = await detectParseOptions(xlsx('two-sheets-title.xlsx'), {
      sheet: 'Orders',
      skipRows: 3,
      delimiter: ';',
      encoding: 'windows-1252',
    });
    expect(options).toMatchObject({
      skipRows: 3,
      delimiter: ';',
      encoding: 'windows-1252',
      hasHeader: false,
    });
    expect(detected.skipRows).toEqual({ value: 3, reason: 'chosen by you' });
    expect(detected.delimiter).toEqual({ value: ';', reason: notUsed });
    // Row 5 is data, not names: with the header skipped too, there is no header.
    expect(detected.hasHeader.reason).toBe(
      'the first row contains numbers or dates (e.g. "2024-01-15"), so it is data',
    );
  });

  it('refuses a sheet the workbook does not have, naming those it has', async () => {
    const error = await failure(detectParseOptions(xlsx('two-sheets-title.xlsx'), { sheet: 'orders' }));
    expect([error.code, error.message]).toEqual([
      'NOT_FOUND',
      'two-sheets-title.xlsx has no sheet "orders"; its sheets are "Notes", "Orders".',
    ]);
  });

  it('says what an .xlsx that is not a ZIP archive may be', async () => {
    const locked = join(scratch, 'locked.xlsx');
    // An encrypted (password-protected) workbook is an OLE compound file, not a ZIP.
    writeFileSync(locked, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
    const error = await failure(detectParseOptions(locked));
    expect([error.code, error.message]).toEqual([
      'FILE_NOT_TEXT',
      'locked.xlsx is neither an Excel workbook Tenure can read (it is not a ZIP archive, as .xlsx files are) nor a text file: byte 9 is a NUL (zero) byte, which text files do not contain. It looks like an old Excel .xls (or other Office) file, as a password-protected workbook is; remove any password and save it again as .xlsx, or as CSV.',
    ]);
  });
});

describe('title rows of a text file', () => {
  it('are guessed and skipped before the header and locale are guessed', async () => {
    const path = join(scratch, 'report.csv');
    writeFileSync(
      path,
      'Sales report Q3 2024\nExported by Bob on 2024-10-01;;\n\nid;name;amount\n1;Ann;1,5\n2;Bob;\n',
    );
    const { options, detected, format, sheets } = await detectParseOptions(path);
    expect([format, sheets]).toEqual(['text', []]);
    expect(options).toMatchObject({
      delimiter: ';',
      skipRows: 2,
      hasHeader: true,
      decimal: ',',
      sheet: null,
    });
    expect(detected.skipRows.reason).toBe(
      'the first 2 rows ("Sales report Q3 2024", "Exported by Bob on 2024-10-01") fill 1 cell each where most rows fill 3: title rows above the table',
    );
    expect(detected.hasHeader.reason).toBe(
      'the first row is text ("id") above only numbers or dates in the rows below',
    );
    expect(detected.sheet).toEqual({ value: null, reason: 'not used for text files' });
  });

  it('are none in the telco sample', async () => {
    const { options, detected } = await detectParseOptions(telcoCsv);
    expect(options.skipRows).toBe(0);
    expect(detected.skipRows.reason).toBe(
      'the first row fills 21 cells and most rows fill 21: no title rows',
    );
  });
});

describe('guessTitleRows', () => {
  it('skips sparse leading rows only', () => {
    const table = [
      ['id', 'name', 'plan', 'mrr'],
      ['1', 'Ann', 'pro', '10'],
      ['2', 'Bob', 'basic', '5'],
    ];
    expect(guessTitleRows(table).value).toBe(0);
    expect(guessTitleRows([['Report'], ['', '', '', ''], ...table]).value).toBe(2);
    // Half the width filled is still a title row; more than half is the header.
    expect(guessTitleRows([['Period:', 'Q3', '', ''], ...table]).value).toBe(1);
    // A header with one empty name (the index column pandas writes) is kept.
    expect(guessTitleRows([['', 'name', 'plan', 'mrr'], ...table.slice(1)]).value).toBe(0);
    // A table with many missing values: most rows fill 2 of 4 cells, so none is a title row.
    const sparse = [
      ['1', '', '', 'x'],
      ['2', 'y', '', ''],
      ['3', '', 'z', ''],
    ];
    expect(guessTitleRows(sparse)).toEqual({
      value: 0,
      reason: 'the first row fills 2 cells and most rows fill 2: no title rows',
    });
    // At least one row is left, and at most 20 are guessed.
    expect(guessTitleRows([['Report'], ['a', 'b', 'c']]).value).toBe(1);
    expect(
      guessTitleRows([['Report'], ['Period'], ['a', 'b', 'c'], ['1', '2', '3'], ['4', '5', '6']]),
    ).toEqual({
      value: 2,
      reason:
        'the first 2 rows ("Report", "Period") fill 1 cell each where most rows fill 3: title rows above the table',
    });
    const notes = Array.from({ length: 25 }, (_, i) => [`note ${i}`]);
    const data = Array.from({ length: 30 }, (_, i) => [String(i), 'Ann', 'pro', '10']);
    expect(guessTitleRows([...notes, ...data]).value).toBe(20);
  });
});

describe('inspectFile on a workbook', () => {
  it('previews sheet rows with their row numbers and infers types from the cells', async () => {
    const response = await inspectFile(
      InspectRequest.parse({
        path: xlsx('two-sheets-title.xlsx'),
        options: { sheet: 'Orders' },
        previewRows: 3,
      }),
    );
    expect(InspectResponse.parse(response)).toEqual(response);
    expect(response.format).toBe('xlsx');
    expect(response.sheets).toEqual(['Notes', 'Orders']);
    expect(response.options).toMatchObject({ sheet: 'Orders', skipRows: 2, hasHeader: true });
    expect(response.preview).toEqual([
      { line: 5, values: ['Acme Ltd', '2024-01-15', '120.5', '3'] },
      { line: 6, values: ['Müller GmbH', '2024-01-20', '89.99', '1'] },
      { line: 7, values: ['Łódź Sp. z o.o.', '2024-02-03', '1234.56', '12'] },
    ]);
    expect(response.sampledRows).toBe(20);
    expect(response.columns.map((c) => [c.name, c.type, c.missing])).toEqual([
      ['Customer', 'text', 0],
      ['Order date', 'date', 1],
      // "twelve" on row 8 makes the amounts text; the import can still read the column as decimal
      // and reject that one row.
      ['Amount', 'text', 1],
      ['Qty', 'integer', 1],
    ]);
    expect(response.warnings).not.toContainEqual(expect.stringContaining('different number of fields'));
  });
});
