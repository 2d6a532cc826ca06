import type { InspectResponse } from '@shared/contract/import';
import { defaultMissingTokens, type Encoding, type ParseOptions } from '@shared/domain/parse-options';
import { chosenByYou, sniffDialect, splitSample, type DialectChoices, type Guess } from './dialect';
import { decodeSample, detectEncoding, encodingLabels, findBinaryContent } from './encoding';
import { assertDialect, fileEmpty, fileNotText, fileUnreadable, openForReading } from './file-errors';
import { quoteValue } from '@shared/domain/values';
import { isWorkbook, sampleWorkbook } from './xlsx-reader';

/** Bytes of the file's start that detection looks at. */
export const headBytes = 256 * 1024;

export interface FileHead {
  bytes: Uint8Array;
  size: number;
}

/** Reads the first `limit` bytes of a file (and its size), as FILE_UNREADABLE on failure. */
export async function readHead(path: string, limit = headBytes): Promise<FileHead> {
  const { handle, size } = await openForReading(path);
  try {
    const bytes = Buffer.alloc(Math.min(limit, size));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), size };
  } catch (error) {
    throw fileUnreadable(path, error);
  } finally {
    await handle.close();
  }
}

export interface DetectedParseOptions {
  /** The file's size in bytes (read with its head, so callers need not stat it again). */
  size: number;
  options: ParseOptions;
  detected: InspectResponse['detected'];
  warnings: string[];
  format: InspectResponse['format'];
  /** A workbook's worksheets, in order; [] for a text file. */
  sheets: string[];
}

/** Records the header, decimal and date-order guesses look at (as many as the delimiter guess). */
const sampleRecords = 1000;
/** The reason given for the text-only settings of a workbook. */
export const notUsedForWorkbooks = 'not used for Excel workbooks';

/**
 * Guesses how to read a file.
 *
 * A text file, from its first 256 KiB: encoding, then (on the decoded text) delimiter and quote, then
 * on the records the title rows above the table (`guessTitleRows`), and on the records below them
 * header, decimal separator and date order. A workbook (see `isWorkbook`), from the first 1,000
 * non-blank rows of its sheet (the one asked for, or the first visible one): title rows, header,
 * decimal separator and date order on the cells' text; encoding, delimiter and quote do not apply
 * (their values are kept only because ParseOptions has them).
 *
 * Anything in `overrides` wins over the guess (its reason is "chosen by you") and the remaining
 * guesses are made consistent with it (e.g. the header guess uses the delimiter and the title rows the
 * user chose). Missing tokens default to `defaultMissingTokens`.
 *
 * Throws FILE_UNREADABLE, FILE_EMPTY (0 bytes, or only blank space / a BOM, or an empty sheet),
 * FILE_NOT_TEXT and NOT_FOUND (a sheet the workbook does not have).
 */
export async function detectParseOptions(
  path: string,
  overrides: Partial<ParseOptions> = {},
): Promise<DetectedParseOptions> {
  if (overrides.delimiter !== undefined || overrides.quote !== undefined) {
    assertDialect(overrides.delimiter ?? ',', overrides.quote ?? '"');
  }
  const head = await readHead(path);
  if (head.size === 0) throw fileEmpty(path, 'zero bytes');
  if (isWorkbook(path, head.bytes)) return detectWorkbookOptions(path, head.size, overrides);
  const wholeFile = head.size <= head.bytes.length;

  const warnings: string[] = [];
  const guess = detectEncoding(head.bytes);
  const encoding: Encoding = overrides.encoding ?? guess.encoding;
  const bomLength = encoding === guess.encoding ? guess.bomLength : 0;
  const binary = findBinaryContent(head.bytes, encoding, bomLength);
  if (binary) {
    // Text read in the wrong (chosen) encoding can look binary: then the choice is wrong, not the file.
    if (
      encoding === guess.encoding ||
      findBinaryContent(head.bytes, guess.encoding, guess.bomLength) !== null
    ) {
      throw fileNotText(path, binary.offset, binary.problem, binary.looksLike);
    }
    warnings.push(
      `Read as ${encodingLabels[encoding]}, the file has characters no text contains (it reads as ${encodingLabels[guess.encoding]}); check the encoding.`,
    );
  }

  let text = decodeSample(head.bytes, encoding);
  if (!wholeFile) {
    // The sample ends mid-line (maybe mid-character); a cut-off last line would look ragged.
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastBreak > 0) text = text.slice(0, lastBreak + 1);
  }
  if (text.trim() === '') {
    if (wholeFile) throw fileEmpty(path, 'only blank space');
    warnings.push('The first 256 KiB of the file are blank; the guesses below are defaults.');
  }
  if (text.includes('\ufffd')) {
    warnings.push(
      `Some bytes are not valid ${encodingLabels[encoding]} and show as "\ufffd"; if names look wrong, choose another encoding.`,
    );
  }

  // The delimiter and quote from the whole sample; the rest from the records below the title rows.
  const delimiterGuess = sniffDialect(text, {
    ...(overrides.delimiter !== undefined ? { delimiter: overrides.delimiter } : {}),
    ...(overrides.quote !== undefined ? { quote: overrides.quote } : {}),
    // Fixed here so that this pass makes no guess (and no warning) of its own about them.
    hasHeader: true,
    decimal: '.',
    dateOrder: 'ymd',
  });
  warnings.push(...delimiterGuess.warnings);
  const delimiter = delimiterGuess.delimiter;
  const quote = delimiterGuess.quote;
  const records = splitSample(text, delimiter.value, quote.value);
  const table = guessTable(records, delimiter.value, quote.value, overrides);
  warnings.push(...table.warnings);

  const options: ParseOptions = {
    encoding,
    delimiter: delimiter.value,
    quote: quote.value,
    hasHeader: table.hasHeader.value,
    decimal: table.decimal.value,
    dateOrder: table.dateOrder.value,
    missing: overrides.missing ?? [...defaultMissingTokens],
    skipRows: table.skipRows.value,
    sheet: null,
  };
  const detected: InspectResponse['detected'] = {
    encoding:
      overrides.encoding !== undefined
        ? { value: encoding, reason: chosenByYou }
        : { value: guess.encoding, reason: guess.reason },
    delimiter,
    hasHeader: table.hasHeader,
    decimal: table.decimal,
    dateOrder: table.dateOrder,
    skipRows: table.skipRows,
    sheet: { value: null, reason: 'not used for text files' },
  };
  return { size: head.size, options, detected, warnings, format: 'text', sheets: [] };
}

async function detectWorkbookOptions(
  path: string,
  size: number,
  overrides: Partial<ParseOptions>,
): Promise<DetectedParseOptions> {
  const sample = await sampleWorkbook(path, overrides.sheet ?? null, sampleRecords);
  if (sample.rows.length === 0) throw fileEmpty(path, 'only blank space', sample.sheet);
  // The cells are written out as CSV for the guesses that read text; the delimiter is only that.
  const table = guessTable(
    sample.rows.map((row) => row.fields),
    ',',
    '"',
    overrides,
  );
  const hidden = sample.sheets.filter((sheet) => !sheet.visible).length;
  const sheet: Guess<string | null> =
    overrides.sheet !== undefined && overrides.sheet !== null
      ? { value: sample.sheet, reason: chosenByYou }
      : {
          value: sample.sheet,
          reason:
            sample.sheets.length === 1
              ? 'the only sheet'
              : hidden > 0
                ? `the first visible sheet (${hidden} of ${sample.sheets.length} ${hidden === 1 ? 'is' : 'are'} hidden)`
                : `the first of ${sample.sheets.length} sheets`,
        };
  const options: ParseOptions = {
    encoding: overrides.encoding ?? 'utf-8',
    delimiter: overrides.delimiter ?? ',',
    quote: overrides.quote ?? '"',
    hasHeader: table.hasHeader.value,
    decimal: table.decimal.value,
    dateOrder: table.dateOrder.value,
    missing: overrides.missing ?? [...defaultMissingTokens],
    skipRows: table.skipRows.value,
    sheet: sample.sheet,
  };
  const detected: InspectResponse['detected'] = {
    encoding: { value: options.encoding, reason: notUsedForWorkbooks },
    delimiter: { value: options.delimiter, reason: notUsedForWorkbooks },
    hasHeader: table.hasHeader,
    decimal: table.decimal,
    dateOrder: table.dateOrder,
    skipRows: table.skipRows,
    sheet,
  };
  return {
    size,
    options,
    detected,
    warnings: table.warnings,
    format: 'xlsx',
    sheets: sample.sheets.map((s) => s.name),
  };
}

interface TableGuess {
  skipRows: Guess<number>;
  hasHeader: Guess<boolean>;
  decimal: Guess<ParseOptions['decimal']>;
  dateOrder: Guess<ParseOptions['dateOrder']>;
  warnings: string[];
}

/**
 * Title rows, then header, decimal separator and date order from the records below them. The records
 * go back to `sniffDialect` as text (every field quoted, so written with any delimiter and quote they
 * split back into the same fields): it guesses from text, and a workbook's cells or the records below
 * title rows are not the file's text.
 */
function guessTable(
  records: string[][],
  delimiter: string,
  quote: string,
  overrides: Partial<ParseOptions>,
): TableGuess {
  const skipRows: Guess<number> =
    overrides.skipRows !== undefined
      ? { value: overrides.skipRows, reason: chosenByYou }
      : guessTitleRows(records);
  const choices: DialectChoices = {
    delimiter,
    quote,
    ...(overrides.hasHeader !== undefined ? { hasHeader: overrides.hasHeader } : {}),
    ...(overrides.decimal !== undefined ? { decimal: overrides.decimal } : {}),
    ...(overrides.dateOrder !== undefined ? { dateOrder: overrides.dateOrder } : {}),
  };
  const below = records.slice(skipRows.value, skipRows.value + sampleRecords);
  const dialect = sniffDialect(recordsAsText(below, delimiter, quote), choices);
  return {
    skipRows,
    hasHeader: dialect.hasHeader,
    decimal: dialect.decimal,
    dateOrder: dialect.dateOrder,
    warnings: dialect.warnings,
  };
}

function recordsAsText(records: string[][], delimiter: string, quote: string): string {
  const doubled = quote + quote;
  return records
    .map((fields) => fields.map((field) => quote + field.replaceAll(quote, doubled) + quote).join(delimiter))
    .join('\n');
}

/** The most title rows guessed: a report header longer than this is left for the user to set. */
const maxTitleRows = 20;

function filledCells(fields: string[]): number {
  let n = 0;
  for (const field of fields) if (field.trim() !== '') n += 1;
  return n;
}

/**
 * Title rows above the table, as report exports write them ("Sales report Q3 2024", "Exported by … on
 * …"): the leading rows that fill at most half as many cells as most rows fill (the modal count of
 * non-empty cells, so a row padded with delimiters, "Exported by Bob;;;", counts as one cell, and a
 * table with many missing values is not cut). Conservative on purpose: a header with one empty name
 * (the index column pandas writes) fills more than half and is kept, at most 20 rows are guessed and at
 * least one row is always left. Blank lines and rows never reach here (the readers skip them), so
 * they are not counted.
 */
export function guessTitleRows(records: string[][]): Guess<number> {
  const byCount = new Map<number, number>();
  for (const fields of records) {
    const filled = filledCells(fields);
    byCount.set(filled, (byCount.get(filled) ?? 0) + 1);
  }
  let modal = 0;
  let most = 0;
  for (const [filled, count] of byCount) {
    if (count > most || (count === most && filled > modal)) {
      modal = filled;
      most = count;
    }
  }
  if (modal < 2) return { value: 0, reason: 'most rows fill one cell: no title rows looked for' };
  const sparse = Math.floor(modal / 2);
  let n = 0;
  while (n < Math.min(records.length - 1, maxTitleRows) && filledCells(records[n] as string[]) <= sparse)
    n += 1;
  if (n === 0) {
    const first = filledCells(records[0] as string[]);
    return {
      value: 0,
      reason: `the first row fills ${first} cell${first === 1 ? '' : 's'} and most rows fill ${modal}: no title rows`,
    };
  }
  const counts = records.slice(0, n).map(filledCells);
  const widest = Math.max(...counts);
  const titles = records
    .slice(0, n)
    .map((fields) => fields.find((field) => field.trim() !== '')?.trim())
    .filter((title): title is string => title !== undefined);
  const examples =
    titles.length > 0
      ? ` (${titles.slice(0, 3).map(quoteValue).join(', ')}${titles.length > 3 ? ', …' : ''})`
      : '';
  const cells = `${widest} cell${widest === 1 ? '' : 's'}`;
  const fill =
    n === 1
      ? `fills ${cells}`
      : counts.every((c) => c === widest)
        ? `fill ${cells} each`
        : `fill at most ${cells}`;
  return {
    value: n,
    reason: `${n === 1 ? 'the first row' : `the first ${n} rows`}${examples} ${fill} where most rows fill ${modal}: title rows above the table`,
  };
}
