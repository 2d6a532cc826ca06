/**
 * How the e2e fake reads a file: encoding, delimiter, header, decimal separator and date order guessed the
 * simple way, cells split on one line each (no quoted line breaks), types inferred from every row. Enough
 * for the renderer's tests — the sample, a German orders export, small hand-made files — and no reference
 * for src-main/import.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ImportSettings, InspectResponse, InspectedColumn } from '../../../src-shared/contract/import';
import type { ColumnType } from '../../../src-shared/domain/columns';
import { datasetRoles, type DatasetKind, type RoleMapping } from '../../../src-shared/domain/datasets';
import {
  defaultMissingTokens,
  type DateOrder,
  type DecimalSeparator,
  type Encoding,
  type ParseOptions,
} from '../../../src-shared/domain/parse-options';
import type { AppErrorData } from '../../../src-shared/errors';
import { readDate, readNumber } from '../../../src-renderer/features/import-wizard/read-values';

/** A workbook the fake pretends an .xlsx file is: its sheets, each as comma-separated text. */
export type FakeWorkbook = Record<string, string>;

export interface ReadFile {
  path: string;
  name: string;
  size: number;
  sha256: string;
  format: 'text' | 'xlsx';
  sheets: string[];
  options: ParseOptions;
  detected: InspectResponse['detected'];
  header: string[];
  /** Data records after the header, with their line numbers in the file. */
  records: { line: number; values: string[]; raw: string }[];
  warnings: string[];
}

const bytesCache = new Map<string, Buffer>();

async function bytesOf(path: string): Promise<Buffer> {
  const cached = bytesCache.get(path);
  if (cached) return cached;
  try {
    const bytes = await readFile(path);
    bytesCache.set(path, bytes);
    return bytes;
  } catch {
    throw {
      code: 'FILE_UNREADABLE',
      message: `Tenure cannot read ${path}: there is no such file, or it may not be read.`,
      details: { file: path },
    } satisfies AppErrorData;
  }
}

function decode(bytes: Buffer): { text: string; encoding: Encoding; reason: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      text: bytes.subarray(3).toString('utf8'),
      encoding: 'utf-8',
      reason: 'starts with a UTF-8 byte-order mark',
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return [...text].every((char) => char.charCodeAt(0) < 128)
      ? { text, encoding: 'utf-8', reason: 'only plain ASCII characters, which UTF-8 reads unchanged' }
      : { text, encoding: 'utf-8', reason: 'valid UTF-8 with non-ASCII characters' };
  } catch {
    const text = new TextDecoder('windows-1252').decode(bytes);
    const sample = /[äöüÄÖÜßéè]/.exec(text)?.[0];
    return {
      text,
      encoding: 'windows-1252',
      reason: `not valid UTF-8; as Windows-1252 it reads as Western European text${sample ? ` (“${sample}”)` : ''}`,
    };
  }
}

function decodeAs(bytes: Buffer, encoding: Encoding): string {
  const text = new TextDecoder(encoding === 'utf-8' ? 'utf-8' : encoding).decode(bytes);
  return text.replace(/^\uFEFF/, '');
}

/** One line split on the delimiter, with quotes (doubled quotes inside). */
export function splitLine(line: string, delimiter: string, quote: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === quote && line[i + 1] === quote) {
        current += quote;
        i++;
      } else if (char === quote) quoted = false;
      else current += char;
    } else if (char === quote && current === '') quoted = true;
    else if (char === delimiter) {
      values.push(current);
      current = '';
    } else current += char;
  }
  values.push(current);
  return values;
}

const delimiterNames: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function detectDelimiter(lines: string[]): { value: string; reason: string } {
  let best = { value: ',', fields: 1, consistent: 0 };
  for (const delimiter of [',', ';', '\t', '|']) {
    const counts = lines.slice(0, 30).map((line) => splitLine(line, delimiter, '"').length);
    const modal = mode(counts);
    const consistent = counts.filter((count) => count === modal).length;
    if (
      modal > 1 &&
      (consistent > best.consistent || (consistent === best.consistent && modal > best.fields))
    ) {
      best = { value: delimiter, fields: modal, consistent };
    }
  }
  return {
    value: best.value,
    reason:
      best.fields > 1
        ? `${delimiterNames[best.value]} splits ${best.consistent === Math.min(30, lines.length) ? 'every' : 'most'} sampled line into ${best.fields} fields`
        : 'no delimiter splits the lines; comma assumed',
  };
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
}

const shortDate = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$/;

function detectDecimal(values: string[]): { value: DecimalSeparator; reason: string } {
  const comma = values.find((value) => /^-?\d{1,3}(\.\d{3})+,\d+$/.test(value) || /^-?\d+,\d+$/.test(value));
  if (comma) return { value: ',', reason: `numbers like “${comma}” use a decimal comma` };
  const point = values.find((value) => /^-?\d+\.\d+$/.test(value) || /^-?\d{1,3}(,\d{3})+\.\d+$/.test(value));
  if (point) return { value: '.', reason: `numbers like “${point}” use a decimal point` };
  return { value: '.', reason: 'no decimals seen; a decimal point is assumed' };
}

function detectDateOrder(values: string[]): { value: DateOrder; reason: string } {
  const dates = values.map((value) => shortDate.exec(value)).filter((match) => match !== null);
  const dayFirst = dates.find((match) => Number(match[1]) > 12);
  if (dayFirst) return { value: 'dmy', reason: `“${dayFirst[0]}” can only be day.month.year` };
  const monthFirst = dates.find((match) => Number(match[3]) > 12);
  if (monthFirst) return { value: 'mdy', reason: `“${monthFirst[0]}” can only be month/day/year` };
  const first = dates[0];
  if (first && first[2] === '.') {
    return {
      value: 'dmy',
      reason: `dates with dots (“${first[0]}”) are day first by convention; none proves it`,
    };
  }
  if (first) return { value: 'mdy', reason: `no date proves the order (“${first[0]}”); month first assumed` };
  return { value: 'ymd', reason: 'no dates with / or . found; ISO (year-month-day) assumed' };
}

/** Reads a file (or, for .xlsx, a sheet of its fake workbook) with the given overrides and detects the rest. */
export async function readTable(
  path: string,
  overrides: Partial<ParseOptions> = {},
  workbooks: Record<string, FakeWorkbook> = {},
): Promise<ReadFile> {
  const workbook = workbooks[path];
  const bytes = workbook ? Buffer.from(JSON.stringify(workbook)) : await bytesOf(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sheets = workbook ? Object.keys(workbook) : [];
  const sheet = workbook ? (overrides.sheet ?? sheets[0] ?? null) : null;
  const decoded = workbook
    ? {
        text: workbook[sheet ?? ''] ?? '',
        encoding: 'utf-8' as const,
        reason: 'an Excel workbook holds Unicode text',
      }
    : decode(bytes);
  const encoding = overrides.encoding ?? decoded.encoding;
  const text = workbook || encoding === decoded.encoding ? decoded.text : decodeAs(bytes, encoding);
  const physical = text.split(/\r?\n/);
  if (physical.every((line) => line.trim() === '')) {
    throw {
      code: 'FILE_EMPTY',
      message: `${path} is empty.`,
      details: { file: path },
    } satisfies AppErrorData;
  }
  const numbered = physical
    .map((line, index) => ({ line: index + 1, raw: line }))
    .filter((l) => l.raw.trim() !== '');
  const delimiterGuess = workbook
    ? { value: ',', reason: 'cells of a workbook' }
    : detectDelimiter(numbered.map((l) => l.raw));
  const delimiter = overrides.delimiter ?? delimiterGuess.value;
  const quote = overrides.quote ?? '"';
  // Title rows: leading lines with far fewer fields than the table below them.
  const fieldCounts = numbered.map((l) => splitLine(l.raw, delimiter, quote).length);
  const modal = mode(fieldCounts.slice(0, 50));
  let autoSkip = 0;
  while (modal > 1 && autoSkip < numbered.length - 1 && fieldCounts[autoSkip]! < modal / 2) autoSkip++;
  const skipRows = overrides.skipRows ?? autoSkip;
  const rows = numbered.slice(skipRows).map((l) => ({ ...l, values: splitLine(l.raw, delimiter, quote) }));
  const missing = overrides.missing ?? [...defaultMissingTokens];
  const cells = rows.slice(1, 500).flatMap((row) => row.values.map((value) => value.trim()));
  const decimalGuess = detectDecimal(cells);
  const dateGuess = detectDateOrder(cells);
  const first = rows[0]?.values ?? [];
  const headerLooksLikeNames = first.every((value) => value.trim() !== '' && readNumber(value, '.') === null);
  const hasHeaderGuess = {
    value: headerLooksLikeNames,
    reason: headerLooksLikeNames
      ? `the first row is text (“${first[0] ?? ''}”) above rows with numbers or dates`
      : 'the first row has numbers, so it is data',
  };
  const hasHeader = overrides.hasHeader ?? hasHeaderGuess.value;
  const width = Math.max(...rows.slice(0, 50).map((row) => row.values.length), 1);
  const header = uniqueNames(
    hasHeader ? first : Array.from({ length: width }, (_, index) => `column ${index + 1}`),
  );
  const records = (hasHeader ? rows.slice(1) : rows).map(({ line, values, raw }) => ({ line, values, raw }));
  if (records.length === 0) {
    throw {
      code: 'NO_DATA_ROWS',
      message: 'The file has a header and no data rows.',
      details: { file: path },
    } satisfies AppErrorData;
  }
  const options: ParseOptions = {
    encoding,
    delimiter,
    quote,
    hasHeader,
    decimal: overrides.decimal ?? decimalGuess.value,
    dateOrder: overrides.dateOrder ?? dateGuess.value,
    missing,
    skipRows,
    sheet,
  };
  const warnings: string[] = [];
  if (!overrides.dateOrder && dateGuess.reason.includes('none proves it')) {
    warnings.push('Every date in the file could be read day first or month first; check the date format.');
  }
  return {
    path,
    name: path.split(/[\\/]/).pop() ?? path,
    size: workbook ? 48_213 : bytes.length,
    sha256,
    format: workbook ? 'xlsx' : 'text',
    sheets,
    options,
    detected: {
      encoding: { value: decoded.encoding, reason: decoded.reason },
      delimiter: delimiterGuess,
      hasHeader: hasHeaderGuess,
      decimal: decimalGuess,
      dateOrder: dateGuess,
      skipRows: {
        value: autoSkip,
        reason: autoSkip
          ? `${autoSkip === 1 ? 'the first line has' : `the first ${autoSkip} lines have`} fewer fields than the table below: a title`
          : 'the table starts on the first line',
      },
      sheet: workbook
        ? {
            value: sheet,
            reason: overrides.sheet
              ? 'you chose it'
              : sheets.length === 1
                ? 'the only sheet'
                : 'the first sheet',
          }
        : { value: null, reason: 'not used for text files' },
    },
    header,
    records,
    warnings,
  };
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw) => {
    const name = raw.trim() || 'column';
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

const yesNo = /^(yes|no|true|false|ja|nein|y|n)$/i;

export function isMissing(raw: string, options: ParseOptions): boolean {
  const value = raw.trim();
  return value === '' || options.missing.includes(value);
}

/** A column's type and the reason, from every value. */
export function inferType(values: string[], options: ParseOptions): { type: ColumnType; reason: string } {
  const present = values.filter((value) => !isMissing(value, options)).map((value) => value.trim());
  const missing = values.length - present.length;
  const tail = missing ? ` (${missing} missing)` : '';
  if (present.length === 0) return { type: 'text', reason: 'every value is missing' };
  if (present.every((value) => /^[+-]?\d+$/.test(value) && !/^0\d/.test(value))) {
    return { type: 'integer', reason: `all ${present.length} values are whole numbers${tail}` };
  }
  const numbers = present.filter((value) => readNumber(value, options.decimal) !== null).length;
  if (numbers === present.length && !present.every((value) => /^0\d+$/.test(value))) {
    return { type: 'decimal', reason: `all ${present.length} values are numbers${tail}` };
  }
  // Like the real inference: a type only when every value fits it; the first that does not is the reason.
  if (present.every((value) => readDate(value, options.dateOrder) !== null)) {
    return { type: 'date', reason: `all ${present.length} values are dates${tail}` };
  }
  if (present.every((value) => yesNo.test(value)))
    return { type: 'boolean', reason: `only yes/no values${tail}` };
  const distinct = new Set(present).size;
  const odd = present.find(
    (value) => readNumber(value, options.decimal) === null && readDate(value, options.dateOrder) === null,
  );
  const lead = odd === undefined ? '' : `"${odd}" is not a number or a date; `;
  return distinct <= Math.max(20, present.length / 20)
    ? {
        type: 'category',
        reason: `${lead}${distinct} different values in ${present.length} rows: a category`,
      }
    : {
        type: 'text',
        reason: `${lead}${distinct} different values in ${present.length} rows, too many for a category: text`,
      };
}

export function inspectColumns(file: ReadFile): InspectedColumn[] {
  // A header line repeated in the middle (two exports pasted together) says nothing about the types.
  const headerLine = file.header.join(file.options.delimiter);
  const records = file.records.filter((record) => record.raw.trim() !== headerLine);
  return file.header.map((name, index) => {
    const values = records.map((record) => record.values[index] ?? '');
    const counts = new Map<string, number>();
    for (const value of values) {
      if (!isMissing(value, file.options)) counts.set(value.trim(), (counts.get(value.trim()) ?? 0) + 1);
    }
    const { type, reason } = inferType(values, file.options);
    return {
      index,
      name,
      type,
      typeReason: reason,
      missing: values.filter((value) => isMissing(value, file.options)).length,
      distinct: Math.min(counts.size, 1000),
      topValues: [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([value, count]) => ({ value, count })),
    };
  });
}

/** English column names per role (the fake's whole "mapping suggestion"). */
const roleNames: Record<string, RegExp> = {
  id: /^(customer_?id|id|client_?id)$/i,
  customer: /^(customer_?id|customer|client_?id|user_?id)$/i,
  churned: /^(churn|churned|left)$/i,
  tenure: /^(tenure|months)$/i,
  start: /^(start|start_?date|signup|since)$/i,
  end: /^(end|end_?date|cancel(l)?ed_?at)$/i,
  date: /^(date|order_?date|answered_?at)$/i,
  amount: /^(amount|total|value|price)$/i,
  quantity: /^(quantity|qty|items)$/i,
  product: /^(product|item|sku)$/i,
  plan: /^(plan|product)$/i,
  mrr: /^(mrr|monthly_?amount)$/i,
  currency: /^(currency)$/i,
  time: /^(time|timestamp|at)$/i,
  type: /^(type|event|event_?type)$/i,
  value: /^(value|minutes)$/i,
  score: /^(score|nps|csat)$/i,
  comment: /^(comment|text|feedback)$/i,
  reason: /^(reason|cancel_?reason)$/i,
};

export function suggestMapping(kind: DatasetKind, header: string[]): RoleMapping {
  const mapping: RoleMapping = {};
  for (const spec of datasetRoles[kind]) {
    const name = header.find(
      (column) => roleNames[spec.role]?.test(column) && !Object.values(mapping).includes(column),
    );
    if (name) mapping[spec.role] = name;
  }
  return mapping;
}

/** The kind a file's column names suggest, the way a consultant would read them. */
export function guessKind(header: string[]): { value: DatasetKind; reason: string } {
  const has = (pattern: RegExp) => header.find((name) => pattern.test(name));
  // English and German names, as exports come (the real guess knows many more languages).
  const amount = has(/^(amount|total|price|revenue|betrag|umsatz|summe)$/i);
  const date = has(/^(date|order_?date|datum|bestelldatum|kaufdatum)$/i);
  if (amount && date) {
    return {
      value: 'transactions',
      reason: `the columns "${date}" (date) and "${amount}" (amount) look like transactions`,
    };
  }
  const mrr = has(/^mrr$/i);
  if (mrr) return { value: 'subscriptions', reason: `column “${mrr}” is a recurring amount` };
  const score = has(/^(nps|score|csat)$/i);
  if (score) return { value: 'feedback', reason: `column “${score}” looks like survey scores` };
  const type = has(/^(event|event_?type|type)$/i);
  if (type) return { value: 'events', reason: `column “${type}” looks like event types` };
  return {
    value: 'customers',
    reason:
      'no column names of orders, subscriptions, events or feedback were recognised; one row per customer assumed',
  };
}

/** The columns of a file, for "the same shape as an earlier import". */
export function shapeOf(header: string[]): string {
  return header.join('\u0000');
}

export type { ImportSettings };
