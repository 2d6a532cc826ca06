import { describe, expect, it } from 'vitest';
import { dayNumber, isoFromDay, periodComplete, periodIndex, periodLabel, periodStartDay } from './periods';

describe('periods on ISO dates (UTC)', () => {
  it('day numbers round-trip and reject non-dates', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2); // leap year
    expect(isoFromDay(dayNumber('1997-12-31'))).toBe('1997-12-31');
    expect(() => dayNumber('2023-02-29')).toThrow(RangeError);
    expect(() => dayNumber('1997-1-5')).toThrow(RangeError);
    expect(() => dayNumber('1997-13-01')).toThrow(RangeError);
    expect(() => dayNumber('1997-04-31')).toThrow(RangeError);
    expect(() => dayNumber('1997-04-01T00:00')).toThrow(RangeError);
    expect(dayNumber('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / 86_400_000);
  });

  it('day numbers and months agree with Date.UTC over 1900–2100', () => {
    const mismatches: string[] = [];
    for (let day = dayNumber('1900-01-01'); day <= dayNumber('2100-12-31'); day += 1) {
      const date = new Date(day * 86_400_000);
      const iso = date.toISOString().slice(0, 10);
      const months = date.getUTCFullYear() * 12 + date.getUTCMonth();
      if (dayNumber(iso) !== day || periodIndex(day, 'month') !== months) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });

  it('months, quarters and Monday weeks with their labels and first days', () => {
    const day = dayNumber('1997-03-05'); // a Wednesday
    expect(periodLabel(periodIndex(day, 'month'), 'month')).toBe('1997-03');
    expect(periodLabel(periodIndex(day, 'quarter'), 'quarter')).toBe('1997-Q1');
    expect(periodLabel(periodIndex(day, 'week'), 'week')).toBe('1997-03-03');
    expect(isoFromDay(periodStartDay(periodIndex(day, 'quarter') + 1, 'quarter'))).toBe('1997-04-01');
    expect(periodIndex(dayNumber('1997-03-09'), 'week')).toBe(periodIndex(day, 'week')); // Sunday, same week
    expect(periodIndex(dayNumber('1997-03-10'), 'week')).toBe(periodIndex(day, 'week') + 1);
  });

  it('a period is complete once as-of reaches its last day', () => {
    const march = periodIndex(dayNumber('1997-03-01'), 'month');
    expect(periodComplete(march, 'month', dayNumber('1997-03-30'))).toBe(false);
    expect(periodComplete(march, 'month', dayNumber('1997-03-31'))).toBe(true);
  });
});
