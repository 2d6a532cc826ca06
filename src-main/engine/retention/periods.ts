/**
 * Calendar periods over ISO 'YYYY-MM-DD' dates, in UTC. A date is turned into a day number (days since
 * 1970-01-01) and a period into a running index (months since year 0, quarters since year 0, ISO weeks
 * since the Monday 1969-12-29), so that "the period after" is index + 1 and sweeps use plain arrays.
 */

export type PeriodUnit = 'week' | 'month' | 'quarter';

const msPerDay = 86_400_000;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date; throws on anything that is not a real calendar date. */
export function dayNumber(date: string): number {
  const match = isoDate.exec(date);
  if (!match) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return ms / msPerDay;
}

/** The ISO date of a day number. */
export function isoFromDay(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** Index of the period containing a day. */
export function periodIndex(day: number, unit: PeriodUnit): number {
  if (unit === 'week') return Math.floor((day + 3) / 7); // day 0 is a Thursday; weeks start on Monday
  const date = new Date(day * msPerDay);
  const months = date.getUTCFullYear() * 12 + date.getUTCMonth();
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
