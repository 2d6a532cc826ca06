import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ParseOptions } from '@shared/domain/parse-options';
import { AppError } from '@shared/errors';
import { readCsvRecords, type CsvRecord, type ReadControl } from './csv-reader';
import { failure } from '../../tests/support/app-errors';
import { csvOptions } from '../../tests/support/parse-options';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/import');
const fixture = (name: string): string => join(fixtures, name);
const scratch = mkdtempSync(join(tmpdir(), 'tenure-reader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const base = csvOptions();

async function readAll(
  path: string,
  options: Partial<ParseOptions> = {},
  control?: ReadControl,
): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords(path, { ...base, ...options }, control)) records.push(record);
  return records;
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('readCsvRecords', () => {
  it('yields ragged rows with their physical line numbers (blank line skipped)', async () => {
    expect(await readAll(fixture('ragged.csv'))).toEqual([
      { line: 1, fields: ['id', 'name', 'plan'] },
      { line: 2, fields: ['1', 'Ann', 'basic'] },
      { line: 3, fields: ['2', 'Bob'] },
      { line: 5, fields: ['3', 'Cy', 'pro', 'extra'] },
      { line: 6, fields: ['4', 'Di', 'basic'] },
    ]);
  });

  it('reads quoted delimiters and quoted line breaks; later line numbers stay right (LF and CRLF)', async () => {
    const lf = await readAll(fixture('quoted-newlines.csv'));
    expect(lf).toEqual([
      { line: 1, fields: ['id', 'comment', 'city'] },
      { line: 2, fields: ['1', 'plain, with comma', 'Oslo'] },
      { line: 3, fields: ['2', 'first line\nsecond line\nthird line', 'Bergen'] },
      { line: 6, fields: ['3', '', 'Tromsø'] },
      { line: 7, fields: ['4', 'a "quoted" word, and a comma', 'Bodø'] },
    ]);
    const crlf = await readAll(fixture('quoted-newlines-crlf.csv'));
    expect(crlf.map((r) => r.line)).toEqual([1, 2, 3, 6, 7]);
    expect(crlf[2]?.fields[1]).toBe('first line\r\nsecond line\r\nthird line');
  });

  it('reads doubled quotes', async () => {
    expect((await readAll(fixture('doubled-quotes.csv'))).map((r) => r.fields[1])).toEqual([
      'text',
      'She said "hi"',
      '"',
      '"start',
      'no quotes',
    ]);
  });

  it('drops a UTF-8 BOM', async () => {
    expect(await readAll(fixture('utf8-bom.csv'))).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', 'Zoë'] },
      { line: 3, fields: ['2', 'Ørjan'] },
    ]);
  });

  it('decodes UTF-16 with and without BOM', async () => {
    const expected = [
      { line: 1, fields: ['id', 'name', 'city'] },
      { line: 2, fields: ['1', 'Zoë', 'Kraków'] },
      { line: 3, fields: ['2', 'Jürgen', 'Łódź'] },
    ];
    expect(await readAll(fixture('utf16le-bom.csv'), { encoding: 'utf-16le' })).toEqual(expected);
    expect(await readAll(fixture('utf16le-nobom.csv'), { encoding: 'utf-16le' })).toEqual(expected);
    expect(await readAll(fixture('utf16be-nobom.csv'), { encoding: 'utf-16be' })).toEqual(expected);
  });

  it('decodes windows-1250 and windows-1252 text exactly', async () => {
    expect(await readAll(fixture('windows-1250.csv'), { encoding: 'windows-1250', delimiter: ';' })).toEqual([
      { line: 1, fields: ['id', 'name', 'city'] },
      { line: 2, fields: ['1', 'Příliš žluťoučký kůň', 'Łódź'] },
      { line: 3, fields: ['2', 'Zażółć gęślą jaźń', 'Kraków'] },
    ]);
    expect(await readAll(fixture('windows-1252.csv'), { encoding: 'windows-1252' })).toEqual([
      { line: 1, fields: ['id', 'name', 'city'] },
      { line: 2, fields: ['1', 'Café', 'Müller'] },
      { line: 3, fields: ['2', 'Françoise', 'Zürich'] },
    ]);
  });

  it('reads semicolon and tab files', async () => {
    const semicolon = await readAll(fixture('semicolon-decimal-comma.csv'), { delimiter: ';', decimal: ',' });
    expect(semicolon[2]).toEqual({ line: 3, fields: ['K2', '1.234,75', '02.03.2024', 'nein'] });
    expect(await readAll(fixture('tab.tsv'), { delimiter: '\t' })).toEqual([
      { line: 1, fields: ['id', 'name', 'score'] },
      { line: 2, fields: ['1', 'Smith, John', '3.5'] },
      { line: 3, fields: ['2', 'Doe, Jane', '4'] },
    ]);
  });

  it('reports a quote never closed as PARSE_ERROR with file, line and column', async () => {
    const error = await failure(readAll(fixture('unclosed-quote.csv')));
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toBe('unclosed-quote.csv, line 4, column 3: a quoted field is never closed');
    expect(error.details).toMatchObject({ file: 'unclosed-quote.csv', line: 4, column: 3 });
  });

  it('reports a missing file as FILE_UNREADABLE', async () => {
    const path = join(scratch, 'nope.csv');
    const error = await failure(readAll(path));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toBe(`nope.csv cannot be read: there is no such file (${path}).`);
    expect(error.details).toMatchObject({ file: 'nope.csv', path });
  });

  it('reports a folder as FILE_UNREADABLE', async () => {
    const error = await failure(readAll(scratch));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toMatch(/cannot be read: it is a folder, not a file/);
  });

  it('reports empty files and header-only files once read', async () => {
    expect((await failure(readAll(fixture('empty.csv')))).message).toBe('empty.csv is empty (0 bytes).');
    expect((await failure(readAll(fixture('blank.csv')))).code).toBe('FILE_EMPTY');
    expect((await failure(readAll(fixture('bom-only.csv')))).code).toBe('FILE_EMPTY');
    const headerOnly = await failure(readAll(fixture('header-only.csv')));
    expect(headerOnly.code).toBe('NO_DATA_ROWS');
    expect(headerOnly.message).toBe('header-only.csv has a header line but no data rows.');
    expect(await readAll(fixture('header-only.csv'), { hasHeader: false })).toEqual([
      { line: 1, fields: ['id', 'name', 'churned'] },
    ]);
  });

  it('refuses a delimiter equal to the quote character', async () => {
    const error = await failure(readAll(fixture('ragged.csv'), { delimiter: '"' }));
    expect([error.code, error.message]).toEqual([
      'INVALID_REQUEST',
      'The delimiter and the quote character must differ.',
    ]);
  });

  it('reports progress up to the file size', async () => {
    const calls: [number, number][] = [];
    await readAll(fixture('ragged.csv'), {}, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.at(-1)).toEqual([58, 58]);
  });

  describe('on a file of several chunks', () => {
    const path = join(scratch, 'many.csv');
    const rows = 60_000;
    writeFileSync(
      path,
      'id,note\n' +
        Array.from({ length: rows }, (_, i) => (i % 1000 === 7 ? `${i},"two\nlines"` : `${i},x`)).join('\n') +
        '\n',
    );

    it('keeps line numbers right across chunk boundaries', async () => {
      const records = await readAll(path);
      expect(records).toHaveLength(rows + 1);
      // Row i starts on line 2 + i + (quoted line breaks before it: one per earlier row with i % 1000 === 7).
      for (const i of [0, 7, 8, 999, 1007, 1008, 59_999]) {
        const extra = Math.floor((i + 992) / 1000);
        expect(records[i + 1]?.line).toBe(2 + i + extra);
        expect(records[i + 1]?.fields[0]).toBe(String(i));
      }
    });

    it('closes the file when the consumer stops early', async () => {
      const before = openFds();
      for (let round = 0; round < 20; round++) {
        let n = 0;
        for await (const _record of readCsvRecords(path, base)) {
          n += 1;
          if (n === 10) break;
        }
        expect(n).toBe(10);
      }
      expect(openFds()).toBe(before);
    });

    it('calls checkCancelled every few thousand records, stops when it throws, and closes the file', async () => {
      const before = openFds();
      let calls = 0;
      let seen = 0;
      const error = await failure(
        (async () => {
          for await (const _record of readCsvRecords(path, base, {
            checkCancelled: () => {
              calls += 1;
              if (seen >= 5000) throw new AppError('CANCELLED', 'Cancelled.');
            },
          })) {
            seen += 1;
          }
        })(),
      );
      expect(error.code).toBe('CANCELLED');
      expect(seen).toBeGreaterThanOrEqual(5000);
      expect(seen).toBeLessThan(5000 + 2048 + 1);
      expect(calls).toBeGreaterThan(2);
      expect(openFds()).toBe(before);
    });

    it('closes the file when the consumer throws', async () => {
      const before = openFds();
      await expect(
        (async () => {
          for await (const record of readCsvRecords(path, base))
            if (record.line === 100) throw new Error('consumer failed');
        })(),
      ).rejects.toThrow('consumer failed');
      expect(openFds()).toBe(before);
    });
  });
});
