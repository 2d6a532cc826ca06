import type { DateOrder, DecimalSeparator } from '@shared/domain/parse-options';
import { CsvRecordSplitter, CsvSyntaxError, type CsvRecord } from './csv-splitter';

/** A guess and why, in words the import wizard shows next to the choice. */
export interface Guess<T> {
  value: T;
  reason: string;
}

export type { DateOrder, DecimalSeparator };

/** The reason shown for a setting the user chose rather than one Tenure guessed. */
export const chosenByYou = 'chosen by you';

export interface DialectGuess {
  delimiter: Guess<string>;
  quote: Guess<string>;
  hasHeader: Guess<boolean>;
  decimal: Guess<DecimalSeparator>;
  dateOrder: Guess<DateOrder>;
  /** Things the user should check (e.g. dates whose order nothing proves). */
  warnings: string[];
}

/** Choices already made (by the user); the other guesses are made consistent with them. */
export interface DialectChoices {
  delimiter?: string;
  quote?: string;
  hasHeader?: boolean;
  decimal?: DecimalSeparator;
  dateOrder?: DateOrder;
}

const delimiterCandidates = [',', ';', '\t', '|'] as const;
const delimiterNames: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'vertical bar',
};
/** Rows looked at; more add time, not accuracy. */
const sampleRecords = 1000;

export function delimiterName(delimiter: string): string {
  return delimiterNames[delimiter] ?? `"${delimiter}"`;
}

/**
 * Guesses how a delimited text file is written from its first lines (`text` should end at a line
 * break; a cut-off last line would look ragged).
 *
 * - Delimiter: the candidate (, ; tab |) that splits the rows, quotes respected, into the same number
 *   (≥ 2) of fields most consistently. When ',' and ';' are equally consistent, ';' wins if the fields
 *   it leaves with a comma are numbers like 1,5 (a decimal comma, the reason files use ';' at all);
 *   otherwise the candidate giving more fields wins.
 * - Quote: '"' unless there is none and fields are wrapped in single quotes.
 * - Header: see `guessHeader`.
 * - Decimal separator and date order: see `guessDecimal` and `guessDateOrder`.
 */
export function sniffDialect(text: string, choices: DialectChoices = {}): DialectGuess {
  const warnings: string[] = [];
  let quote: Guess<string>;
  if (choices.quote !== undefined) quote = { value: choices.quote, reason: chosenByYou };
  else quote = guessQuote(text, choices.delimiter);

  const delimiter: Guess<string> =
    choices.delimiter !== undefined
      ? { value: choices.delimiter, reason: chosenByYou }
      : guessDelimiter(text, quote.value);
  if (
    choices.delimiter === undefined &&
    delimiter.value === ',' &&
    delimiter.reason.startsWith('only one column')
  ) {
    warnings.push('Only one column was found. If the file has several, choose the delimiter.');
  }

  const records = splitSample(text, delimiter.value, quote.value);
  const hasHeader: Guess<boolean> =
    choices.hasHeader !== undefined
      ? { value: choices.hasHeader, reason: chosenByYou }
      : guessHeader(records);
  const dataRows = hasHeader.value ? records.slice(1) : records;
  const decimal: Guess<DecimalSeparator> =
    choices.decimal !== undefined
      ? { value: choices.decimal, reason: chosenByYou }
      : guessDecimal(dataRows, delimiter.value);
  let dateOrder: Guess<DateOrder>;
  if (choices.dateOrder !== undefined) {
    dateOrder = { value: choices.dateOrder, reason: chosenByYou };
  } else {
    const guessed = guessDateOrder(dataRows);
    dateOrder = guessed.guess;
    if (guessed.ambiguous) warnings.push(`Check the date order: ${guessed.guess.reason}.`);
  }
  return { delimiter, quote, hasHeader, decimal, dateOrder, warnings };
}

/** Splits a sample into at most `sampleRecords` records; a structural error just ends the sample. */
export function splitSample(text: string, delimiter: string, quote: string): string[][] {
  const out: CsvRecord[] = [];
  const splitter = new CsvRecordSplitter(delimiter, quote);
  try {
    // Feed 16 KiB pieces and stop once enough records are out: a long sample is not split further.
    let pos = 0;
    while (pos < text.length && out.length < sampleRecords) {
      const piece = 16 * 1024;
      splitter.push(text.slice(pos, pos + piece), pos + piece >= text.length, out);
      pos += piece;
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
  }
  return out.slice(0, sampleRecords).map((record) => record.fields);
}

function guessQuote(text: string, delimiter: string | undefined): Guess<string> {
  if (text.includes('"')) {
    return { value: '"', reason: 'fields containing the delimiter are wrapped in double quotes ("…")' };
  }
  if (text.includes("'")) {
    const candidates = delimiter !== undefined ? [delimiter] : delimiterCandidates;
    for (const d of candidates) {
      const records = splitSample(text, d, '"');
      const wrapped = records.filter((fields) =>
        fields.some((f) => f.length >= 2 && f.startsWith("'") && f.endsWith("'")),
      ).length;
      if (records.length > 0 && wrapped >= records.length * 0.3) {
        return { value: "'", reason: "fields are wrapped in single quotes ('…')" };
      }
    }
  }
  return { value: '"', reason: 'no quoted fields seen; the standard double quote (") is assumed' };
}

interface DelimiterScore {
  delimiter: string;
  /** Most common number of fields per row. */
  fields: number;
  /** Share of rows with that number of fields. */
  consistency: number;
  records: string[][];
}

function guessDelimiter(text: string, quote: string): Guess<string> {
  const scores: DelimiterScore[] = [];
  for (const delimiter of delimiterCandidates) {
    if (delimiter === quote) continue;
    const records = splitSample(text, delimiter, quote);
    if (records.length === 0) continue;
    const byCount = new Map<number, number>();
    for (const fields of records) byCount.set(fields.length, (byCount.get(fields.length) ?? 0) + 1);
    let fields = 0;
    let rows = 0;
    for (const [count, n] of byCount) {
      if (n > rows || (n === rows && count > fields)) {
        fields = count;
        rows = n;
      }
    }
    if (fields >= 2) scores.push({ delimiter, fields, consistency: rows / records.length, records });
  }
  if (scores.length === 0) {
    return {
      value: ',',
      reason:
        'only one column found (no comma, semicolon, tab or vertical bar splits the rows); comma assumed',
    };
  }
  const best = Math.max(...scores.map((s) => s.consistency));
  const tied = scores.filter((s) => s.consistency >= best - 0.02);
  let chosen = tied.reduce((a, b) => (b.fields > a.fields ? b : a));
  const semicolon = tied.find((s) => s.delimiter === ';');
  if (semicolon && tied.some((s) => s.delimiter === ',') && commaFieldsAreDecimalNumbers(semicolon.records)) {
    chosen = semicolon;
  }
  const pct = Math.round(chosen.consistency * 100);
  const others =
    tied.length > 1
      ? ` (${tied
          .filter((s) => s !== chosen)
          .map((s) => delimiterName(s.delimiter))
          .join(', ')} also fits)`
      : '';
  return {
    value: chosen.delimiter,
    reason:
      `${delimiterName(chosen.delimiter)} splits ${pct === 100 ? 'every row' : `${pct}% of rows`} into ${chosen.fields} fields` +
      (chosen === semicolon && others ? '; fields like 1,5 use a decimal comma' : others),
  };
}

const decimalCommaNumber = /^[-+]?\d{1,3}(?:\.\d{3})*,\d+$|^[-+]?\d+,\d+$/;

function commaFieldsAreDecimalNumbers(records: string[][]): boolean {
  let withComma = 0;
  let numbers = 0;
  for (const fields of records) {
    for (const field of fields) {
      if (!field.includes(',')) continue;
      withComma += 1;
      if (decimalCommaNumber.test(field.trim())) numbers += 1;
    }
  }
  return withComma > 0 && numbers >= withComma * 0.8;
}

type CellKind = 'empty' | 'number' | 'date' | 'text';

const numberLike = /^[-+]?(?:\d[\d.,\s\u00a0\u202f']*|[.,]\d+)(?:[eE][-+]?\d+)?%?$/;
const dateLike = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T ].*)?$/;

function cellKind(raw: string): CellKind {
  const value = raw.trim();
  if (value === '') return 'empty';
  if (dateLike.test(value)) return 'date';
  if (numberLike.test(value)) return 'number';
  return 'text';
}

/**
 * A first row is a header when it is all text and at least one column below it holds numbers or
 * dates (its type differs from the rows below). When every column is text, the first row counts as a
 * header if its values are non-empty, unique and do not occur again in their column (names, not data).
 */
export function guessHeader(records: string[][]): Guess<boolean> {
  const first = records[0];
  if (first === undefined) return { value: false, reason: 'no rows to look at' };
  const numeric = first.find((f) => {
    const kind = cellKind(f);
    return kind === 'number' || kind === 'date';
  });
  if (numeric !== undefined) {
    return {
      value: false,
      reason: `the first row contains numbers or dates (e.g. "${numeric.trim()}"), so it is data`,
    };
  }
  const rest = records.slice(1);
  if (rest.length === 0) {
    const allNamed = first.every((f) => f.trim() !== '');
    return allNamed
      ? { value: true, reason: 'there is only one row, all text: read as a header' }
      : { value: false, reason: 'there is only one row and it has empty fields' };
  }
  for (let column = 0; column < first.length; column++) {
    let values = 0;
    let typed = 0;
    for (const fields of rest) {
      const field = fields[column];
      if (field === undefined) continue;
      const kind = cellKind(field);
      if (kind === 'empty') continue;
      values += 1;
      if (kind === 'number' || kind === 'date') typed += 1;
    }
    if (values > 0 && typed >= values * 0.9) {
      const name = (first[column] as string).trim();
      return {
        value: true,
        reason: `the first row is text ("${name}") above ${typed === values ? 'only ' : ''}numbers or dates in the rows below`,
      };
    }
  }
  const names = first.map((f) => f.trim());
  const unique = new Set(names).size === names.length;
  const empty = names.some((n) => n === '');
  const repeated = names.find((name, column) => rest.some((fields) => fields[column]?.trim() === name));
  if (!empty && unique && repeated === undefined) {
    return {
      value: true,
      reason:
        'every column is text; the first row’s values are unique and never occur again below, so they look like names',
    };
  }
  const why = empty
    ? 'it has empty fields'
    : !unique
      ? 'it repeats a value'
      : `"${repeated}" occurs again further down`;
  return { value: false, reason: `every column is text and the first row does not look like names (${why})` };
}

const thousandsDot = /^[-+]?\d{1,3}(?:,\d{3})+\.\d+$/; // 1,234.56
const thousandsComma = /^[-+]?\d{1,3}(?:\.\d{3})+,\d+$/; // 1.234,56
const pointNumber = /^[-+]?\d*\.\d+$/;
const commaNumber = /^[-+]?\d*,\d+$/;
/** 1.500 / 1,500: one to three digits (not starting with 0), the separator, then exactly three digits. */
const thousandLikePoint = /^[-+]?[1-9]\d{0,2}\.\d{3}$/;
const thousandLikeComma = /^[-+]?[1-9]\d{0,2},\d{3}$/;

/**
 * Unambiguous evidence decides: 29.85 or 1,234.56 mean a decimal point; 1,5 or 1.234,56 a decimal comma.
 * 1,500 and 1.500 could be a decimal or a thousand; alone they suggest a comma only in a ';' file
 * (the convention where the comma is the decimal separator).
 */
function guessDecimal(rows: string[][], delimiter: string): Guess<DecimalSeparator> {
  let point = 0;
  let comma = 0;
  let pointExample = '';
  let commaExample = '';
  let ambiguousComma = '';
  let ambiguousPoint = '';
  for (const fields of rows) {
    for (const raw of fields) {
      const value = raw.trim();
      if (value.length === 0 || value.length > 30) continue;
      if (thousandsDot.test(value)) {
        point += 1;
        pointExample ||= value;
        continue;
      }
      if (thousandsComma.test(value)) {
        comma += 1;
        commaExample ||= value;
        continue;
      }
      if (pointNumber.test(value)) {
        if (thousandLikePoint.test(value)) ambiguousPoint ||= value;
        else {
          point += 1;
          pointExample ||= value;
        }
        continue;
      }
      if (commaNumber.test(value)) {
        if (thousandLikeComma.test(value)) ambiguousComma ||= value;
        else {
          comma += 1;
          commaExample ||= value;
        }
      }
    }
  }
  if (comma > point) {
    return {
      value: ',',
      reason:
        `numbers like ${commaExample} use a decimal comma` + (point ? ` (${point} look otherwise)` : ''),
    };
  }
  if (point > 0) {
    return {
      value: '.',
      reason:
        `numbers like ${pointExample} use a decimal point` + (comma ? ` (${comma} look otherwise)` : ''),
    };
  }
  if (ambiguousComma && delimiter === ';') {
    return {
      value: ',',
      reason: `numbers like ${ambiguousComma} in a semicolon-separated file: decimal comma assumed`,
    };
  }
  if (ambiguousComma || ambiguousPoint) {
    const example = ambiguousComma || ambiguousPoint;
    return { value: '.', reason: `${example} could be a decimal or a thousand; decimal point assumed` };
  }
  return { value: '.', reason: 'no decimal numbers seen; decimal point assumed' };
}

const isoDate = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ].*)?$/;
const dayMonthDate = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})(?:[T ,].*)?$/;
const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * ISO dates (2024-03-04) are read as year-month-day whatever the order says; the order is for dates
 * written day/month/year or month/day/year. A first part above 12 proves day-month-year, a second part
 * above 12 proves month-day-year. When nothing proves it (03/04/2024 could be 3 April or 4 March), the
 * usual convention of the separator is assumed: day first with '.' or '-', month first with '/'.
 */
function guessDateOrder(rows: string[][]): { guess: Guess<DateOrder>; ambiguous: boolean } {
  let iso = '';
  let dmy = 0;
  let mdy = 0;
  let dmyExample = '';
  let mdyExample = '';
  let ambiguous = '';
  const separators = new Map<string, number>();
  for (const fields of rows) {
    for (const raw of fields) {
      const value = raw.trim();
      if (value.length < 6 || value.length > 40) continue;
      if (isoDate.test(value)) {
        iso ||= value;
        continue;
      }
      const m = dayMonthDate.exec(value);
      if (!m) continue;
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (a < 1 || b < 1 || a > 31 || b > 31) continue;
      separators.set(m[2] as string, (separators.get(m[2] as string) ?? 0) + 1);
      if (a > 12 && b <= 12) {
        dmy += 1;
        dmyExample ||= value;
      } else if (b > 12 && a <= 12) {
        mdy += 1;
        mdyExample ||= value;
      } else if (a <= 12 && b <= 12 && a !== b) {
        ambiguous ||= value;
      }
    }
  }
  if (dmy > 0 && mdy > 0) {
    const value: DateOrder = dmy >= mdy ? 'dmy' : 'mdy';
    return {
      guess: {
        value,
        reason: `dates disagree: ${dmyExample} is day-first but ${mdyExample} is month-first; the more common ${value === 'dmy' ? 'day-month-year' : 'month-day-year'} is assumed`,
      },
      ambiguous: true,
    };
  }
  if (dmy > 0)
    return {
      guess: { value: 'dmy', reason: `dates like ${dmyExample} have a day above 12 first: day-month-year` },
      ambiguous: false,
    };
  if (mdy > 0)
    return {
      guess: { value: 'mdy', reason: `dates like ${mdyExample} have a day above 12 second: month-day-year` },
      ambiguous: false,
    };
  if (ambiguous) {
    const m = dayMonthDate.exec(ambiguous) as RegExpExecArray;
    const a = Number(m[1]);
    const b = Number(m[3]);
    let separator = '/';
    let most = 0;
    for (const [s, n] of separators) {
      if (n > most) {
        separator = s;
        most = n;
      }
    }
    const value: DateOrder = separator === '/' ? 'mdy' : 'dmy';
    const order = value === 'mdy' ? 'month/day/year' : `day${separator}month${separator}year`;
    return {
      guess: {
        value,
        reason: `${ambiguous} could be ${a} ${monthNames[b - 1]} or ${b} ${monthNames[a - 1]}; no date proves the order, so ${order} is assumed (usual with "${separator}")`,
      },
      ambiguous: true,
    };
  }
  if (iso)
    return {
      guess: { value: 'ymd', reason: `dates like ${iso} are year-month-day (ISO)` },
      ambiguous: false,
    };
  return { guess: { value: 'ymd', reason: 'no dates seen; year-month-day (ISO) assumed' }, ambiguous: false };
}
