import type { DateOrder, DecimalSeparator } from '@shared/domain/parse-options';
import { parseDate, parseDecimal } from '@shared/domain/values';

/**
 * How the read options turn a raw cell into a number or a date, for the wizard to show beside the guess
 * ("1.234,56 reads as 1234.56", "03.04.2024 reads as 3 April 2024"), with the importer's own parsers.
 */

const months = [
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
 * A number written with this decimal separator, read exactly as the importer reads it (thousands in whole
 * groups of three — so "31.02.2024" is no number, whatever the separator).
 */
export function readNumber(raw: string, decimal: DecimalSeparator): number | null {
  return parseDecimal(raw.trim(), decimal);
}

/** The date a cell holds under this date order, as the importer reads it: ISO yyyy-mm-dd (any time dropped). */
export function readDate(raw: string, order: DateOrder): string | null {
  const reading = parseDate(raw.trim(), order);
  return reading.ok ? reading.value.slice(0, 10) : null;
}

/** A day-month or month-day date ("03.04.2024", "12/25/23"): the ones whose order is in question. */
const shortLike = /^(\d{1,2})[-./](\d{1,2})[-./](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/** "3 April 2024": a date in words, so nobody has to know which order the digits are in. */
export function dateInWords(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return `${day} ${months[month - 1]} ${year}`;
}

export interface DateAmbiguity {
  /** A value both orders read, differently: "03/04/2024". */
  example: string;
  dayFirst: string;
  monthFirst: string;
}

/** The first short date in `values` that reads differently day-first and month-first (both parts ≤ 12). */
export function findAmbiguousDate(values: Iterable<string>): DateAmbiguity | null {
  for (const value of values) {
    const short = shortLike.exec(value.trim());
    if (!short || short[1] === short[2] || Number(short[1]) === Number(short[2])) continue;
    const dayFirst = readDate(value, 'dmy');
    const monthFirst = readDate(value, 'mdy');
    if (dayFirst && monthFirst) {
      return { example: value.trim(), dayFirst: dateInWords(dayFirst), monthFirst: dateInWords(monthFirst) };
    }
  }
  return null;
}

/** A short date only one order can read (13.01.2024 is day-first), which settles the question. */
export function findDecidingDate(values: Iterable<string>): { example: string; order: DateOrder } | null {
  for (const value of values) {
    const short = shortLike.exec(value.trim());
    if (!short) continue;
    const dayFirst = readDate(value, 'dmy');
    const monthFirst = readDate(value, 'mdy');
    if (dayFirst && !monthFirst) return { example: value.trim(), order: 'dmy' };
    if (monthFirst && !dayFirst) return { example: value.trim(), order: 'mdy' };
  }
  return null;
}

/** A number with a separator in it (the values that show which separator is the decimal one). */
export function findSeparatedNumber(values: Iterable<string>): string | null {
  let fallback: string | null = null;
  for (const value of values) {
    const text = value.trim();
    if (!/^[+-]?[\d.,\s\u00a0']+$/.test(text) || !/\d/.test(text) || shortLike.test(text)) continue;
    // Both separators ("1.234,56") say the most; one separator ("12,5") will do.
    if (/[.,].*[.,]/.test(text) && /,/.test(text) && /\./.test(text)) return text;
    if (fallback === null && /[.,]/.test(text)) fallback = text;
  }
  return fallback;
}

/** How a raw cell reads as a column type, for the preview header ("12,50 → 12.5"); null when it does not. */
export function readAs(
  raw: string,
  type: 'integer' | 'decimal' | 'date',
  options: { decimal: DecimalSeparator; dateOrder: DateOrder },
): string | null {
  if (type === 'date') return readDate(raw, options.dateOrder);
  const value = readNumber(raw, options.decimal);
  if (value === null) return null;
  // Written the same way whatever the user's locale, so "1234.5" is not mistaken for a third format.
  return String(value);
}
