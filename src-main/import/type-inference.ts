import type { ColumnType } from '@shared/domain/columns';
import { booleanWord } from '@shared/domain/flags';
import type { DecimalSeparator, ParseOptions } from '@shared/domain/parse-options';
import {
  dateFormatLabel,
  makeMissingTest,
  parseDate,
  parseDecimal,
  parseInteger,
  quoteValue,
} from '@shared/domain/values';

/**
 * Infers each column's type from its values, one row at a time, in bounded memory.
 *
 * Rules, in order (values are trimmed; missing values — empty or a missing token — never decide):
 * 1. all values missing → text ("every value is missing").
 * 2. boolean: every value is a plain yes/no word (yes/no, true/false, 1/0, ja/nein, oui/non… see
 *    `booleanWord`) and there are at most two different words once case is ignored ("Yes"/"no").
 *    "1"/"2" is not boolean: 2 is not a yes/no word.
 * 3. integer: every value is a whole number (thousands separators in whole groups, per the decimal
 *    separator) that fits a safe integer.
 * 4. decimal: every value is a finite number.
 *    Neither 3 nor 4 accepts a value with a leading zero ("00123", "-007"): that is a code (zip, id),
 *    and reading it as a number would lose the zeros. "0", "0.5" are fine. An all-digit value too long
 *    for a safe integer (an id like 12345678901234567890) is not a number either, for the same reason.
 * 5. date: every value reads as a date with the file's date order (see `parseDate`).
 * 6. category: at most 50 different values, and at most half as many as there are non-missing values
 *    (so a small sample of mostly different values stays text).
 * 7. text otherwise.
 *
 * Memory: each column counts its first 1,000 different values (that is the `distinct` it reports,
 * capped) and their frequencies; values first seen after that are only type-checked. Each different
 * value is type-checked once while it is counted, so low-cardinality columns cost one Map lookup per
 * cell. The top values are exact for columns with up to 1,000 different values.
 */

export interface ColumnProfile {
  type: ColumnType;
  typeReason: string;
  missing: number;
  /** Different non-missing values, counted up to `distinctLimit`. */
  distinct: number;
  /** Most frequent values (at most 12), most frequent first, ties by value. */
  topValues: { value: string; count: number }[];
  /** Rows observed (missing values included). */
  observed: number;
}

export const distinctLimit = 1000;
export const topValuesLimit = 12;
export const categoryMaxDistinct = 50;

const leadingZero = /^[-+]?0\d/;
const longDigits = /^[-+]?\d{16,}$/;

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

interface Counter {
  n: number;
}

class ColumnState {
  missing = 0;
  readonly counts = new Map<string, Counter>();
  full = false;
  maybeBoolean = true;
  maybeInteger = true;
  maybeDecimal = true;
  maybeDate = true;
  /** Lower-cased yes/no words seen (a boolean column has at most two). */
  readonly booleanWords = new Set<string>();
  /** First value that is neither a number nor a date: quoted in the reason for text/category. */
  notNumberOrDate: string | null = null;
  notNumber: string | null = null;
  notDate: string | null = null;
  codeLike: string | null = null;
  /** Date formats seen, for the reason. */
  readonly dateFormats = new Set<string>();

  alive(): boolean {
    return (
      this.maybeBoolean ||
      this.maybeInteger ||
      this.maybeDecimal ||
      this.maybeDate ||
      this.notNumberOrDate === null
    );
  }
}

export class ColumnProfiler {
  private readonly columns: ColumnState[];
  private readonly isMissing: (trimmed: string) => boolean;
  private readonly decimal: DecimalSeparator;
  private readonly dateOrder: ParseOptions['dateOrder'];
  /** Rows not observed because their number of fields differs from the column count. */
  skippedRows = 0;
  /** Rows observed (every column sees every observed row). */
  private rows = 0;

  constructor(
    readonly columnCount: number,
    options: ParseOptions,
  ) {
    this.columns = Array.from({ length: columnCount }, () => new ColumnState());
    this.isMissing = makeMissingTest(options);
    this.decimal = options.decimal;
    this.dateOrder = options.dateOrder;
  }

  /**
   * Observes one data row. A row with a different number of fields is skipped (and counted in
   * `skippedRows`): its values may sit in the wrong columns, and the import rejects it anyway.
   */
  observe(fields: string[]): void {
    if (fields.length !== this.columnCount) {
      this.skippedRows += 1;
      return;
    }
    this.rows += 1;
    for (let i = 0; i < fields.length; i++) {
      const column = this.columns[i] as ColumnState;
      const value = (fields[i] as string).trim();
      if (value.length === 0) {
        column.missing += 1;
        continue;
      }
      // Counted values are never missing tokens, so most cells of a low-cardinality column end here.
      const counter = column.counts.get(value);
      if (counter !== undefined) {
        counter.n += 1;
        continue;
      }
      if (this.isMissing(value)) {
        column.missing += 1;
        continue;
      }
      if (!column.full) {
        // Copy the key: a value sliced out of a big chunk of file text would keep the whole chunk alive.
        column.counts.set((' ' + value).slice(1), { n: 1 });
        if (column.counts.size >= distinctLimit) column.full = true;
        this.check(column, value);
      } else if (column.alive()) {
        this.check(column, value);
      }
    }
  }

  private check(column: ColumnState, value: string): void {
    if (column.maybeBoolean) {
      if (booleanWord(value) === null) column.maybeBoolean = false;
      else {
        column.booleanWords.add(value.toLocaleLowerCase('und'));
        if (column.booleanWords.size > 2) column.maybeBoolean = false;
      }
    }
    let isNumber = false;
    if (column.maybeInteger || column.maybeDecimal || column.notNumberOrDate === null) {
      const code = leadingZero.test(value) || longDigits.test(value);
      if (column.maybeInteger) {
        const n = code ? null : parseInteger(value, this.decimal);
        if (n === null || !Number.isSafeInteger(n)) column.maybeInteger = false;
      }
      const n = parseDecimal(value, this.decimal);
      isNumber = n !== null;
      if (code && isNumber) column.codeLike ??= value;
      if (column.maybeDecimal && (code || n === null)) {
        column.maybeDecimal = false;
        column.notNumber ??= value;
      }
    }
    if (column.maybeDate || (column.notNumberOrDate === null && !isNumber)) {
      const date = parseDate(value, this.dateOrder);
      if (!date.ok) {
        if (column.maybeDate) column.notDate ??= value;
        column.maybeDate = false;
        if (!isNumber) column.notNumberOrDate ??= value;
      } else if (column.maybeDate && !column.full && column.dateFormats.size < 4) {
        column.dateFormats.add(dateShape(value, this.dateOrder));
      }
    }
  }

  result(): ColumnProfile[] {
    return this.columns.map((column) => profileOf(column, this.rows));
  }
}

const yearFirst = /^\d{4}/;
const separatorPattern = /[-/.]/;
const timePattern = /\d:\d\d(:\d\d)?/;

/** How a date is written, for the reason: "yyyy-mm-dd", "dd.mm.yyyy hh:mm". */
function dateShape(value: string, dateOrder: ParseOptions['dateOrder']): string {
  const separator = separatorPattern.exec(value)?.[0] ?? '-';
  const date = dateFormatLabel(yearFirst.test(value) ? 'ymd' : dateOrder, separator);
  const time = timePattern.exec(value);
  return time === null ? date : `${date} hh:mm${time[1] === undefined ? '' : ':ss'}`;
}

function profileOf(column: ColumnState, observed: number): ColumnProfile {
  const present = observed - column.missing;
  const entries = [...column.counts.entries()];
  entries.sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const topValues = entries.slice(0, topValuesLimit).map(([value, counter]) => ({ value, count: counter.n }));
  const distinct = column.counts.size;
  const base = { missing: column.missing, distinct, topValues, observed };
  if (present === 0) {
    const typeReason =
      observed === 0
        ? 'no rows to look at; read as text'
        : `every value is missing (${formatCount(observed)} rows); read as text`;
    return { type: 'text', typeReason, ...base };
  }
  const all =
    column.missing > 0
      ? `all ${formatCount(present)} non-missing values`
      : `all ${formatCount(present)} values`;
  const missingNote = column.missing > 0 ? ` (${formatCount(column.missing)} missing)` : '';
  if (column.maybeBoolean) {
    const words = [...column.counts.keys()]
      .slice(0, 4)
      .map((v) => quoteValue(v))
      .join(', ');
    return { type: 'boolean', typeReason: `${all} are yes/no words (${words})${missingNote}`, ...base };
  }
  if (column.maybeInteger)
    return { type: 'integer', typeReason: `${all} are whole numbers${missingNote}`, ...base };
  if (column.maybeDecimal)
    return { type: 'decimal', typeReason: `${all} are decimal numbers${missingNote}`, ...base };
  if (column.maybeDate) {
    const formats = [...column.dateFormats].join(', ');
    return { type: 'date', typeReason: `${all} are dates (${formats})${missingNote}`, ...base };
  }
  let why: string;
  if (column.notNumberOrDate !== null)
    why = `${quoteValue(column.notNumberOrDate)} is not a number or a date`;
  else if (column.codeLike !== null)
    why = `values like ${quoteValue(column.codeLike)} are codes (leading zeros or too many digits), not numbers`;
  else
    why = `numbers (${quoteValue(column.notDate ?? '')}) and dates (${quoteValue(column.notNumber ?? '')}) are mixed`;
  const different = column.full
    ? `${formatCount(distinctLimit)} or more different values`
    : `${formatCount(distinct)} different value${distinct === 1 ? '' : 's'}`;
  const inRows = `in ${formatCount(present)} rows${missingNote}`;
  if (!column.full && distinct <= categoryMaxDistinct && distinct * 2 <= present) {
    return { type: 'category', typeReason: `${why}; ${different} ${inRows}: a category`, ...base };
  }
  const tooMany =
    distinct > categoryMaxDistinct || column.full ? 'too many for a category' : 'too varied for a category';
  return { type: 'text', typeReason: `${why}; ${different} ${inRows}, ${tooMany}: text`, ...base };
}
