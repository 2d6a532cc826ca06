import type { ColumnType } from './columns';
import { booleanWord } from './flags';
import type { DateOrder, DecimalSeparator, ParseOptions } from './parse-options';

/**
 * Reading one cell as a value of a column type. These run once per cell on files of millions of rows,
 * so every pattern is compiled once, here, and a parser is made once per column (`makeValueParser`).
 * Nothing is coerced: a value either reads exactly as the type or is refused with a short reason.
 */

export type ParsedValue =
  { ok: true; value: number | string | boolean | null } | { ok: false; reason: string };
export type ValueParser = (raw: string) => ParsedValue;

const missingValue: ParsedValue = Object.freeze({ ok: true, value: null }) as ParsedValue;

const missingSets = new WeakMap<readonly string[], Set<string>>();

function missingSet(tokens: readonly string[]): Set<string> {
  let set = missingSets.get(tokens);
  if (set === undefined) {
    set = new Set(tokens.map((token) => token.trim()));
    missingSets.set(tokens, set);
  }
  return set;
}

/** A cell is missing when it is empty after trimming or, after trimming, one of `options.missing` (case-sensitive). */
export function isMissing(raw: string, options: Pick<ParseOptions, 'missing'>): boolean {
  const value = raw.trim();
  return value.length === 0 || missingSet(options.missing).has(value);
}

/** `isMissing` for a value that is already trimmed. */
export function makeMissingTest(options: Pick<ParseOptions, 'missing'>): (trimmed: string) => boolean {
  const set = missingSet(options.missing);
  return (trimmed) => trimmed.length === 0 || set.has(trimmed);
}

/** How a value appears in a reason: quoted, and cut short when long. */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value);
}

// Numbers. Thousands separators are allowed only in whole groups of three ("1,234,567", not "12,34"):
// with a decimal point they are commas or spaces, with a decimal comma they are dots or spaces.
// Spaces include the no-break spaces French and other locales write.
const plainInteger = /^[-+]?\d+$/;
const integerCommaGroups = /^[-+]?\d{1,3}(?:,\d{3})+$/;
const integerDotGroups = /^[-+]?\d{1,3}(?:\.\d{3})+$/;
const integerSpaceGroups = /^[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+$/;
const pointDecimal = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const commaDecimal = /^[-+]?(?:\d+,?\d*|,\d+)(?:[eE][-+]?\d+)?$/;
const pointDecimalCommaGroups = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const commaDecimalDotGroups = /^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$/;
const pointDecimalSpaceGroups = /^[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d*)?$/;
const commaDecimalSpaceGroups = /^[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d*)?$/;
const groupSeparators = /[,. \u00a0\u202f]/g;
const spaces = /[ \u00a0\u202f]/g;
const dots = /\./g;
const commas = /,/g;

/** The integer a trimmed string holds, or null. Leading zeros are accepted here ("007" is 7). */
export function parseInteger(value: string, decimal: DecimalSeparator): number | null {
  let digits: string;
  if (plainInteger.test(value)) digits = value;
  else if (
    (decimal === '.' ? integerCommaGroups : integerDotGroups).test(value) ||
    integerSpaceGroups.test(value)
  ) {
    digits = value.replace(groupSeparators, '');
  } else return null;
  const n = Number(digits);
  return n === 0 ? 0 : n;
}

/** The finite number a trimmed string holds, or null. */
export function parseDecimal(value: string, decimal: DecimalSeparator): number | null {
  let text: string;
  if (decimal === '.') {
    if (pointDecimal.test(value)) text = value;
    else if (pointDecimalCommaGroups.test(value)) text = value.replace(commas, '');
    else if (pointDecimalSpaceGroups.test(value)) text = value.replace(spaces, '');
    else return null;
  } else {
    if (commaDecimal.test(value)) text = value.replace(',', '.');
    else if (commaDecimalDotGroups.test(value)) text = value.replace(dots, '').replace(',', '.');
    else if (commaDecimalSpaceGroups.test(value)) text = value.replace(spaces, '').replace(',', '.');
    else return null;
  }
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n;
}

// Dates. ISO (year first, with '-', '/' or '.') is read whatever the date order; other dates are
// day/month/year or month/day/year as options.dateOrder says. A time may follow (24-hour, or 12-hour
// with AM/PM); seconds' fractions and a time-zone suffix are dropped: the date and time are kept as
// written, not converted to another zone.
const yearFirstDate =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const dayMonthDate =
  /^(\d{1,2})([-/.])(\d{1,2})\2(\d+)(?:(?:T|,?\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = month === 2 && isLeapYear(year) ? 29 : (daysInMonth[month - 1] as number);
  return day <= last;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export type DateReading = { ok: true; value: string } | { ok: false; reason: string };

/** How a date format is written for people, e.g. "dd.mm.yyyy". */
export function dateFormatLabel(order: DateOrder, separator: string): string {
  if (order === 'ymd') return `yyyy${separator}mm${separator}dd`;
  return order === 'dmy' ? `dd${separator}mm${separator}yyyy` : `mm${separator}dd${separator}yyyy`;
}

/** A trimmed string as an ISO date `YYYY-MM-DD` (or `YYYY-MM-DDTHH:MM[:SS]` with a time). */
export function parseDate(value: string, dateOrder: DateOrder): DateReading {
  let year: number;
  let month: number;
  let day: number;
  let hour: string | undefined;
  let minute: string | undefined;
  let second: string | undefined;
  let meridiem: string | undefined;
  let format: string;
  const iso = yearFirstDate.exec(value);
  if (iso) {
    year = Number(iso[1]);
    month = Number(iso[3]);
    day = Number(iso[4]);
    hour = iso[5];
    minute = iso[6];
    second = iso[7];
    format = dateFormatLabel('ymd', iso[2] as string);
  } else {
    const dm = dayMonthDate.exec(value);
    if (!dm) return { ok: false, reason: `${quoteValue(value)} is not a date` };
    const separator = dm[2] as string;
    const yearText = dm[4] as string;
    if (dateOrder === 'ymd') {
      return {
        ok: false,
        reason: `${quoteValue(value)} is not a year-first date (set the date order to day-month-year or month-day-year)`,
      };
    }
    format = dateFormatLabel(dateOrder, separator);
    if (yearText.length === 2) {
      return {
        ok: false,
        reason: `${quoteValue(value)} has a two-digit year; write the year in full (${format})`,
      };
    }
    if (yearText.length !== 4)
      return { ok: false, reason: `${quoteValue(value)} is not a valid date (${format})` };
    year = Number(yearText);
    const first = Number(dm[1]);
    const second_ = Number(dm[3]);
    day = dateOrder === 'dmy' ? first : second_;
    month = dateOrder === 'dmy' ? second_ : first;
    hour = dm[5];
    minute = dm[6];
    second = dm[7];
    meridiem = dm[8];
  }
  if (year < 1000 || !validDay(year, month, day)) {
    return { ok: false, reason: `${quoteValue(value)} is not a valid date (${format})` };
  }
  const date = `${year}-${pad2(month)}-${pad2(day)}`;
  if (hour === undefined) return { ok: true, value: date };
  let h = Number(hour);
  const m = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (meridiem !== undefined) {
    if (h < 1 || h > 12) return { ok: false, reason: `${quoteValue(value)} has an invalid time` };
    const pm = meridiem === 'p' || meridiem === 'P';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || m > 59 || s > 59) return { ok: false, reason: `${quoteValue(value)} has an invalid time` };
  return { ok: true, value: `${date}T${pad2(h)}:${pad2(m)}${second === undefined ? '' : `:${pad2(s)}`}` };
}

// Excel serial dates. Excel stores a date as the number of days since its epoch, the time of day as
// the fraction: in the 1900 date system (Windows Excel, and the default everywhere since 2011) serial
// 1 is 1900-01-01 and 45292 is 2024-01-01; in the 1904 system (old Mac Excel) serial 0 is 1904-01-01.
// The 1900 system counts a 29 February 1900 that never was (serial 60, copied from Lotus 1-2-3 on
// purpose; see Microsoft's "Excel incorrectly assumes that the year 1900 is a leap year"), so serials
// from 61 on are days since 1899-12-30 and serials 1–59 days since 1899-12-31. Serial 60 itself is
// refused: no real date can be stored that way, so it is a typing or conversion error.

/** The last day Excel can show, 9999-12-31, is serial 2958465 in the 1900 system. */
export const lastExcelSerial = 2_958_465;
const fakeLeapDaySerial = 60;
const dayMs = 86_400_000;
const epoch1900 = Date.UTC(1899, 11, 30);
const epoch1904 = Date.UTC(1904, 0, 1);

/**
 * An Excel serial day number as ISO `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS]` when it has a time of
 * day (rounded to the second, as Excel shows it; seconds are written only when not zero). Null for
 * serials outside 1900-01-01…9999-12-31 (1904-01-01… in the 1904 system) and for the 1900 system's
 * fake 29 February 1900 (serial 60).
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const lastSerial = date1904 ? lastExcelSerial - 1462 : lastExcelSerial;
  if (serial < (date1904 ? 0 : 1) || serial >= lastSerial + 1) return null;
  const seconds = Math.round(serial * 86_400);
  const days = Math.floor(seconds / 86_400);
  if (days > lastSerial) return null;
  const secondOfDay = seconds - days * 86_400;
  let epoch = epoch1904;
  if (!date1904) {
    if (days === fakeLeapDaySerial) return null;
    epoch = days < fakeLeapDaySerial ? epoch1900 + dayMs : epoch1900;
  }
  const date = new Date(epoch + days * dayMs);
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  if (secondOfDay === 0) return day;
  return `${day}T${timeOfDay(secondOfDay)}`;
}

/** Seconds since midnight as `HH:MM`, or `HH:MM:SS` when the seconds are not zero. */
export function timeOfDay(secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return `${pad2(h)}:${pad2(m)}${s === 0 ? '' : `:${pad2(s)}`}`;
}

const bareSerial = /^\d+(?:\.\d+)?$/;
const bareYear = /^\d{4}$/;

/**
 * A trimmed value of a date column that is a bare number in 1…2958465 (optionally with a fraction,
 * the time of day), read as an Excel serial date in the 1900 system: what a spreadsheet leaves when a
 * date cell loses its date format, or a CSV written from one. Null when the value is not such a number
 * (it is then read as a written date). Only a plain decimal point is accepted ("45292.5", not "45292,5").
 * A bare four-digit whole number is a year someone typed ("2024"), not a day in 1902–1927: not a date.
 */
export function parseExcelSerialDate(value: string): DateReading | null {
  if (!bareSerial.test(value) || bareYear.test(value)) return null;
  const serial = Number(value);
  if (serial < 1 || serial >= lastExcelSerial + 1) return null;
  if (Math.floor(serial) === fakeLeapDaySerial) {
    return {
      ok: false,
      reason: `${quoteValue(value)} as an Excel serial date is 29 February 1900, a day that did not exist (an old Excel bug); write the date out`,
    };
  }
  const iso = excelSerialToIso(serial);
  return iso === null ? null : { ok: true, value: iso };
}

/**
 * A parser for one column type under the file's options. Missing cells (see `isMissing`) read as
 * null for every type. Text and category values are trimmed of surrounding blanks. A date column also
 * reads bare numbers as Excel serial dates (`parseExcelSerialDate`); type inference does not, so a
 * column of plain numbers is never guessed to be dates — the user makes it a date column.
 */
export function makeValueParser(type: ColumnType, options: ParseOptions): ValueParser {
  const missing = makeMissingTest(options);
  const decimal = options.decimal;
  const dateOrder = options.dateOrder;
  switch (type) {
    case 'integer':
      return (raw) => {
        const value = raw.trim();
        if (missing(value)) return missingValue;
        const n = parseInteger(value, decimal);
        if (n === null) return { ok: false, reason: `${quoteValue(value)} is not an integer` };
        if (!Number.isSafeInteger(n))
          return { ok: false, reason: `${quoteValue(value)} is too large for an integer` };
        return { ok: true, value: n };
      };
    case 'decimal':
      return (raw) => {
        const value = raw.trim();
        if (missing(value)) return missingValue;
        const n = parseDecimal(value, decimal);
        if (n === null) {
          const hint = decimal === ',' ? ' (decimal comma expected, like 1,5)' : '';
          return { ok: false, reason: `${quoteValue(value)} is not a number${hint}` };
        }
        return { ok: true, value: n };
      };
    case 'date':
      return (raw) => {
        const value = raw.trim();
        if (missing(value)) return missingValue;
        return parseExcelSerialDate(value) ?? parseDate(value, dateOrder);
      };
    case 'boolean':
      return (raw) => {
        const value = raw.trim();
        if (missing(value)) return missingValue;
        const flag = booleanWord(value);
        return flag === null
          ? { ok: false, reason: `${quoteValue(value)} is not a yes/no value` }
          : { ok: true, value: flag };
      };
    case 'category':
    case 'text':
      return (raw) => {
        const value = raw.trim();
        if (missing(value)) return missingValue;
        return { ok: true, value };
      };
  }
}
