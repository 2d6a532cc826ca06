import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScoredCustomer } from '@shared/contract/risk';
import { writeScoresXlsx } from './scores-xlsx';

const dir = mkdtempSync(join(tmpdir(), 'tenure-scores-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of one entry of a zip (an XLSX part). */
function zipEntry(path: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${path}`)));
      zip.readEntry();
    });
  });
}

const reason = (text: string) => ({ feature: 'f', value: 'v', contribution: 0.5, text });
const customers: ScoredCustomer[] = [
  {
    customerId: '=HYPERLINK("http://x","y")',
    score: 0.9,
    tier: 'high',
    value: 12.5,
    reasons: [reason('+cmd')],
  },
  { customerId: '@SUM(A1:A2)', score: 0.5, tier: 'medium', value: null, reasons: [reason('-2+3')] },
  { customerId: '-17', score: 0.1, tier: 'low', value: 0, reasons: [] },
];

async function* pages(): AsyncGenerator<readonly ScoredCustomer[]> {
  yield customers.slice(0, 2);
  yield customers.slice(2);
}

describe('writeScoresXlsx', () => {
  it('writes text that looks like a formula as text cells, never as formulas', async () => {
    const path = join(dir, 'scores.xlsx');
    expect(await writeScoresXlsx(path, 2, pages())).toBe(3);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('Scores')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'customer_id',
      'score',
      'tier',
      'value',
      'reason_1',
      'reason_2',
    ]);
    const cell = (row: number, column: number) => sheet.getRow(row).getCell(column);
    for (const [row, id] of [
      [2, '=HYPERLINK("http://x","y")'],
      [3, '@SUM(A1:A2)'],
      [4, '-17'],
    ] as const) {
      expect(cell(row, 1).type).toBe(ExcelJS.ValueType.String);
      expect(cell(row, 1).value).toBe(id);
      expect(cell(row, 1).formula).toBeUndefined();
    }
    expect(cell(2, 5).value).toBe('+cmd');
    expect(cell(2, 5).type).toBe(ExcelJS.ValueType.String);
    expect(cell(3, 5).value).toBe('-2+3');
    expect(cell(2, 2).value).toBe(0.9);
    expect(cell(2, 2).type).toBe(ExcelJS.ValueType.Number);
    expect(cell(2, 4).value).toBe(12.5);
    expect(cell(3, 4).value).toBeNull();
    expect(cell(4, 3).value).toBe('low');

    // The file itself: no formula element, and every text cell a shared string.
    const xml = await zipEntry(path, 'xl/worksheets/sheet1.xml');
    expect(xml).not.toMatch(/<f[ >]/);
    expect(xml).toMatch(/<c r="A2" t="s">/);
    const strings = await zipEntry(path, 'xl/sharedStrings.xml');
    expect(strings).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
  });
});
