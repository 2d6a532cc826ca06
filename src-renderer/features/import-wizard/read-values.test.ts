import { describe, expect, it } from 'vitest';
import {
  dateInWords,
  findAmbiguousDate,
  findDecidingDate,
  findSeparatedNumber,
  readAs,
  readDate,
  readNumber,
} from './read-values';

describe('reading numbers with a decimal separator', () => {
  it('reads German-style numbers with a decimal comma and dotted thousands', () => {
    expect(readNumber('1.234,56', ',')).toBe(1234.56);
    expect(readNumber('12,5', ',')).toBe(12.5);
    expect(readNumber('-0,25', ',')).toBe(-0.25);
    expect(readNumber('1 234,5', ',')).toBe(1234.5);
  });

  it('reads English-style numbers with a decimal point and comma thousands', () => {
    expect(readNumber('1,234.56', '.')).toBe(1234.56);
    expect(readNumber('29.85', '.')).toBe(29.85);
    // The same text means something else under the other separator: that is what the preview shows.
    expect(readNumber('1.234', '.')).toBe(1.234);
    expect(readNumber('1.234', ',')).toBe(1234);
  });

  it('says null for what is not a number', () => {
    expect(readNumber('', ',')).toBeNull();
    expect(readNumber('N/A', ',')).toBeNull();
    expect(readNumber('12,5 €', ',')).toBeNull();
    expect(readNumber('1,2,3', ',')).toBeNull();
    // Thousands come in groups of three: a dotted date is no number under either separator.
    expect(readNumber('31.02.2024', ',')).toBeNull();
    expect(readNumber('31.02.2024', '.')).toBeNull();
    expect(readNumber('1234.5', ',')).toBeNull();
  });
});

describe('reading dates with a date order', () => {
  it('reads dd.mm.yyyy day first and mm/dd/yyyy month first', () => {
    expect(readDate('03.04.2024', 'dmy')).toBe('2024-04-03');
    expect(readDate('03/04/2024', 'mdy')).toBe('2024-03-04');
    expect(readDate('13.01.2024', 'dmy')).toBe('2024-01-13');
    expect(readDate('13.01.2024', 'mdy')).toBeNull();
  });

  it('reads ISO dates (with or without a time) whatever the order', () => {
    expect(readDate('2024-03-31', 'dmy')).toBe('2024-03-31');
    expect(readDate('2024-03-31T10:15:00Z', 'mdy')).toBe('2024-03-31');
    expect(readDate('2024-03-31 10:15', 'ymd')).toBe('2024-03-31');
  });

  it('rejects impossible dates and, as the importer does, two-digit years', () => {
    expect(readDate('31.02.2024', 'dmy')).toBeNull();
    expect(readDate('29.02.2024', 'dmy')).toBe('2024-02-29');
    expect(readDate('01.02.97', 'dmy')).toBeNull();
    expect(readDate('gestern', 'dmy')).toBeNull();
  });

  it('finds the ambiguity and what settles it', () => {
    expect(findAmbiguousDate(['13.01.2024', '03/04/2024'])).toEqual({
      example: '03/04/2024',
      dayFirst: '3 April 2024',
      monthFirst: '4 March 2024',
    });
    expect(findAmbiguousDate(['01.01.2024', '2024-03-04'])).toBeNull();
    expect(findDecidingDate(['03.04.2024', '13.01.2024'])).toEqual({ example: '13.01.2024', order: 'dmy' });
    expect(findDecidingDate(['12/25/2023'])).toEqual({ example: '12/25/2023', order: 'mdy' });
    expect(findDecidingDate(['03/04/2024'])).toBeNull();
    expect(dateInWords('1998-06-30')).toBe('30 June 1998');
  });
});

describe('examples for the preview', () => {
  it('prefers a number with both separators', () => {
    expect(findSeparatedNumber(['12', '12,5', '1.234,56'])).toBe('1.234,56');
    expect(findSeparatedNumber(['12', '12,5'])).toBe('12,5');
    expect(findSeparatedNumber(['12', 'abc'])).toBeNull();
    // A date has separators too, and is no example of a number.
    expect(findSeparatedNumber(['01.02.2024', '12/31/2023'])).toBeNull();
  });

  it('shows a cell as the column type reads it', () => {
    const german = { decimal: ',', dateOrder: 'dmy' } as const;
    expect(readAs('1.234,56', 'decimal', german)).toBe('1234.56');
    expect(readAs('03.04.2024', 'date', german)).toBe('2024-04-03');
    expect(readAs('gestern', 'date', german)).toBeNull();
  });
});
