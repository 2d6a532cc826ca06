/**
 * Calendar periods over ISO 'YYYY-MM-DD' dates, in UTC. A date is turned into a day number (days since
 * 1970-01-01) and a period into a running index (months since year 0, quarters since year 0, ISO weeks
 * since the Monday 1969-12-29), so that "the period after" is index + 1 and sweeps use plain arrays.
 */

export type PeriodUnit = 'week' | 'month' | 'quarter';

const msPerDay = 86_400_000;

const digit = (text: string, at: number): number => {
  const value = text.charCodeAt(at) - 48;
  return value >= 0 && value <= 9 ? value : Number.NaN;
};

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date
 * algorithms", days_from_civil) — arithmetic only, as this runs once per activity row.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Months since year 0 (year × 12 + month − 1) of a day number (Hinnant's civil_from_days). */
function monthsFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + month - 1;
}

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/** Days since 1970-01-01 of an ISO date; throws on anything that is not a real calendar date. */
export function dayNumber(date: string): number {
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  if (
    date.length !== 10 ||
    date[4] !== '-' ||
    date[7] !== '-' ||
    !(month >= 1 && month <= 12) ||
    !(day >= 1 && day <= daysInMonth(year, month))
  ) {
    throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${date}`);
  }
  return daysFromCivil(year, month, day);
}

/** The ISO date of a day number. */
export function isoFromDay(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** Index of the period containing a day. */
export function periodIndex(day: number, unit: PeriodUnit): number {
  if (unit === 'week') return Math.floor((day + 3) / 7); // day 0 is a Thursday; weeks start on Monday
  const months = monthsFromDays(day);
  return unit === 'month' ? months : Math.floor(months / 3);
}

/** First day (day number) of a period. */
export function periodStartDay(index: number, unit: PeriodUnit): number {
  if (unit === 'week') return index * 7 - 3;
  const months = unit === 'month' ? index : index * 3;
  return Date.UTC(Math.floor(months / 12), months % 12, 1) / msPerDay;
}

/** The user's name of a period: '1997-03', '1997-Q1', or the Monday of the week ('1997-03-03'). */
export function periodLabel(index: number, unit: PeriodUnit): string {
  if (unit === 'week') return isoFromDay(periodStartDay(index, unit));
  if (unit === 'quarter') return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Whether a period has fully elapsed by the end of the as-of day (as-of is its last day or later). */
export function periodComplete(index: number, unit: PeriodUnit, asOfDay: number): boolean {
  return periodStartDay(index + 1, unit) <= asOfDay + 1;
}
