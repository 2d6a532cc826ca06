import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectParseOptions } from './detect';
import { failure } from '../../tests/support/app-errors';
import { csvOptions } from '../../tests/support/parse-options';
import { telcoCsv } from '../../tests/support/datasets';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/import');
const fixture = (name: string): string => join(fixtures, name);
const scratch = mkdtempSync(join(tmpdir(), 'tenure-detect-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('detectParseOptions', () => {
  it('detects the telco sample', async () => {
    const { options, detected, warnings } = await detectParseOptions(telcoCsv);
    expect(options).toEqual(csvOptions());
    expect(detected.delimiter).toEqual({ value: ',', reason: 'comma splits every row into 21 fields' });
    expect(detected.decimal).toEqual({ value: '.', reason: 'numbers like 29.85 use a decimal point' });
    expect(warnings).toEqual([]);
  });

  it('detects a semicolon file with decimal commas and day-month-year dates', async () => {
    const { options, detected } = await detectParseOptions(fixture('semicolon-decimal-comma.csv'));
    expect(options).toMatchObject({ delimiter: ';', hasHeader: true, decimal: ',', dateOrder: 'dmy' });
    expect(detected.decimal.reason).toBe('numbers like 1,5 use a decimal comma');
    expect(detected.dateOrder.reason).toBe('dates like 13.01.2024 have a day above 12 first: day-month-year');
  });

  it('detects tab, UTF-16 and code-page files', async () => {
    expect((await detectParseOptions(fixture('tab.tsv'))).options).toMatchObject({
      delimiter: '\t',
      decimal: '.',
    });
    for (const name of ['utf16le-bom.csv', 'utf16le-nobom.csv']) {
      const { options } = await detectParseOptions(fixture(name));
      expect(options).toMatchObject({ encoding: 'utf-16le', delimiter: ',', hasHeader: true });
    }
    expect((await detectParseOptions(fixture('utf16be-nobom.csv'))).options.encoding).toBe('utf-16be');
    const cz = await detectParseOptions(fixture('windows-1250.csv'));
    expect(cz.options).toMatchObject({ encoding: 'windows-1250', delimiter: ';', hasHeader: true });
    expect(cz.warnings).toEqual([]);
    expect((await detectParseOptions(fixture('windows-1252.csv'))).options.encoding).toBe('windows-1252');
  });

  it('warns that an unproven date order is a guess, unless the user chose it', async () => {
    const guessed = await detectParseOptions(fixture('dates-ambiguous.csv'));
    expect(guessed.options.dateOrder).toBe('mdy');
    expect(guessed.warnings).toEqual([
      'Check the date order: 03/04/2024 could be 3 April or 4 March; no date proves the order, so month/day/year is assumed (usual with "/").',
    ]);
    const chosen = await detectParseOptions(fixture('dates-ambiguous.csv'), { dateOrder: 'dmy' });
    expect(chosen.options.dateOrder).toBe('dmy');
    expect(chosen.detected.dateOrder).toEqual({ value: 'dmy', reason: 'chosen by you' });
    expect(chosen.warnings).toEqual([]);
  });

  it('lets overrides win, and makes the other guesses with them', async () => {
    const { options, detected } = await detectParseOptions(fixture('windows-1250.csv'), {
      encoding: 'windows-1252',
      delimiter: ',',
      hasHeader: false,
      missing: ['?'],
    });
    expect(options).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ',',
      hasHeader: false,
      missing: ['?'],
    });
    expect(detected.encoding).toEqual({ value: 'windows-1252', reason: 'chosen by you' });
    expect(detected.delimiter).toEqual({ value: ',', reason: 'chosen by you' });
    expect(detected.hasHeader).toEqual({ value: false, reason: 'chosen by you' });
  });

  it('warns when the chosen encoding does not fit the bytes', async () => {
    const { warnings } = await detectParseOptions(fixture('windows-1250.csv'), { encoding: 'utf-8' });
    expect(warnings).toContain(
      'Some bytes are not valid UTF-8 and show as "\ufffd"; if names look wrong, choose another encoding.',
    );
  });

  it('blames a chosen encoding, not the file, when only that encoding makes it look binary', async () => {
    const { warnings } = await detectParseOptions(fixture('utf16le-bom.csv'), { encoding: 'windows-1252' });
    expect(warnings).toContain(
      'Read as Western European (windows-1252), the file has characters no text contains (it reads as UTF-16 little-endian); check the encoding.',
    );
    const error = await failure(detectParseOptions(fixture('binary-garbage.csv'), { encoding: 'utf-16le' }));
    expect(error.code).toBe('FILE_NOT_TEXT');
    const bad = await failure(detectParseOptions(fixture('ragged.csv'), { delimiter: '\n' }));
    expect([bad.code, bad.message]).toEqual([
      'INVALID_REQUEST',
      'A line break cannot be the delimiter or the quote character.',
    ]);
  });

  it('detects from the first 256 KiB only, ignoring the cut-off last line', async () => {
    const path = join(scratch, 'long.csv');
    const row = 'C0001;1,5;Yes\n';
    writeFileSync(path, 'id;amount;flag\n' + row.repeat(Math.ceil((300 * 1024) / row.length)));
    const { options, detected } = await detectParseOptions(path);
    expect(options).toMatchObject({ delimiter: ';', decimal: ',', hasHeader: true });
    expect(detected.delimiter.reason).toBe(
      'semicolon splits every row into 3 fields; fields like 1,5 use a decimal comma',
    );
  });

  it('throws FILE_EMPTY, FILE_NOT_TEXT and FILE_UNREADABLE', async () => {
    const empty = await failure(detectParseOptions(fixture('empty.csv')));
    expect([empty.code, empty.message]).toEqual(['FILE_EMPTY', 'empty.csv is empty (0 bytes).']);
    const blank = await failure(detectParseOptions(fixture('blank.csv')));
    expect([blank.code, blank.message]).toEqual([
      'FILE_EMPTY',
      'blank.csv is empty: it contains only blank lines or spaces.',
    ]);
    expect((await failure(detectParseOptions(fixture('bom-only.csv')))).code).toBe('FILE_EMPTY');

    const binary = await failure(detectParseOptions(fixture('binary-garbage.csv')));
    expect(binary.code).toBe('FILE_NOT_TEXT');
    expect(binary.message).toMatch(
      /^binary-garbage\.csv is not a text file: byte \d+ is a NUL \(zero\) byte, which text files do not contain\.$/,
    );
    const xlsx = await failure(detectParseOptions(fixture('xlsx-renamed.csv')));
    expect(xlsx.message).toBe(
      'xlsx-renamed.csv is not a text file: byte 6 is a NUL (zero) byte, which text files do not contain. It looks like a ZIP archive (an Excel .xlsx workbook is one); save it as CSV first.',
    );
    expect(xlsx.details).toMatchObject({ file: 'xlsx-renamed.csv', byte: 6 });

    const missing = await failure(detectParseOptions(join(scratch, 'missing.csv')));
    expect(missing.code).toBe('FILE_UNREADABLE');
    expect(missing.message).toMatch(/^missing\.csv cannot be read: there is no such file/);
  });
});
