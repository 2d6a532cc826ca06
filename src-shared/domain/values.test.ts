import { describe, expect, it } from 'vitest';
import type { ColumnType } from '@shared/domain/columns';
import { type ParseOptions } from '@shared/domain/parse-options';
import { excelSerialToIso, isMissing, makeValueParser, parseDate, parseExcelSerialDate } from './values';
import { csvOptions } from '../../tests/support/parse-options';

const pointOptions = csvOptions({ dateOrder: 'dmy' });
const commaOptions: ParseOptions = { ...pointOptions, delimiter: ';', decimal: ',' };

type Expected = number | string | boolean | null | { reason: string };

function check(type: ColumnType, options: ParseOptions, table: [string, Expected][]): void {
  const parse = makeValueParser(type, options);
  for (const [raw, expected] of table) {
    const result = parse(raw);
    if (typeof expected === 'object' && expected !== null) {
      expect({ raw, result }).toEqual({ raw, result: { ok: false, reason: expected.reason } });
    } else {
      expect({ raw, result }).toEqual({ raw, result: { ok: true, value: expected } });
    }
  }
}

describe('isMissing', () => {
  it('is true for empty, blank and missing tokens after trimming; tokens are case-sensitive', () => {
    expect(isMissing('', pointOptions)).toBe(true);
    expect(isMissing('   ', pointOptions)).toBe(true);
    expect(isMissing(' NA ', pointOptions)).toBe(true);
    expect(isMissing('#N/A', pointOptions)).toBe(true);
    expect(isMissing('-', pointOptions)).toBe(true);
    expect(isMissing('na', pointOptions)).toBe(false);
    expect(isMissing('0', pointOptions)).toBe(false);
    expect(isMissing('none', { missing: ['none'] })).toBe(true);
    expect(isMissing('NA', { missing: [] })).toBe(false);
  });
});

describe('integer', () => {
  it('reads whole numbers with a decimal point locale (thousands: comma or space)', () => {
    check('integer', pointOptions, [
      ['0', 0],
      ['42', 42],
      [' -17 ', -17],
      ['+5', 5],
      ['-0', 0],
      ['007', 7],
      ['1,234', 1234],
      ['1,234,567', 1234567],
      ['1 234 567', 1234567],
      ['1\u00a0234', 1234],
      ['9007199254740991', 9007199254740991],
      ['NA', null],
      ['', null],
      ['1,23', { reason: '"1,23" is not an integer' }],
      ['12,3456', { reason: '"12,3456" is not an integer' }],
      ['1.234', { reason: '"1.234" is not an integer' }],
      ['1,234 567', { reason: '"1,234 567" is not an integer' }],
      ['1.5', { reason: '"1.5" is not an integer' }],
      ['12.0', { reason: '"12.0" is not an integer' }],
      ['abc', { reason: '"abc" is not an integer' }],
      ['1e3', { reason: '"1e3" is not an integer' }],
      ['9007199254740993', { reason: '"9007199254740993" is too large for an integer' }],
    ]);
  });

  it('reads whole numbers with a decimal comma locale (thousands: dot or space)', () => {
    check('integer', commaOptions, [
      ['1.234', 1234],
      ['1.234.567', 1234567],
      ['1 234', 1234],
      ['1,234', { reason: '"1,234" is not an integer' }],
      ['1.23', { reason: '"1.23" is not an integer' }],
    ]);
  });
});

describe('decimal', () => {
  it('reads numbers with a decimal point', () => {
    check('decimal', pointOptions, [
      ['29.85', 29.85],
      ['-0.5', -0.5],
      ['.5', 0.5],
      ['5.', 5],
      ['12', 12],
      ['1,234.5', 1234.5],
      ['1,234', 1234],
      ['1 234.25', 1234.25],
      ['1.5e3', 1500],
      ['-2E-2', -0.02],
      [' 3.25 ', 3.25],
      ['NaN', null],
      ['1,5', { reason: '"1,5" is not a number' }],
      ['1.234,5', { reason: '"1.234,5" is not a number' }],
      ['12,34.5', { reason: '"12,34.5" is not a number' }],
      ['$5', { reason: '"$5" is not a number' }],
      ['5%', { reason: '"5%" is not a number' }],
      ['Infinity', { reason: '"Infinity" is not a number' }],
      ['1e999', { reason: '"1e999" is not a number' }],
      ['1.2.3', { reason: '"1.2.3" is not a number' }],
    ]);
  });

  it('reads numbers with a decimal comma', () => {
    check('decimal', commaOptions, [
      ['1,5', 1.5],
      ['-0,25', -0.25],
      [',5', 0.5],
      ['1.234,75', 1234.75],
      ['1.234', 1234],
      ['1 234,5', 1234.5],
      ['12', 12],
      ['1,5e2', 150],
      ['1.5', { reason: '"1.5" is not a number (decimal comma expected, like 1,5)' }],
      ['1,234.5', { reason: '"1,234.5" is not a number (decimal comma expected, like 1,5)' }],
    ]);
  });
});

describe('date', () => {
  it('reads ISO dates and date-times whatever the date order', () => {
    for (const dateOrder of ['ymd', 'dmy', 'mdy'] as const) {
      check('date', { ...pointOptions, dateOrder }, [
        ['2024-03-04', '2024-03-04'],
        ['2024-3-4', '2024-03-04'],
        ['2024/03/04', '2024-03-04'],
        ['2024.03.04', '2024-03-04'],
        ['2024-02-29', '2024-02-29'],
        ['2024-03-04T10:15', '2024-03-04T10:15'],
        ['2024-03-04 10:15:30', '2024-03-04T10:15:30'],
        ['2024-03-04T10:15:30.123Z', '2024-03-04T10:15:30'],
        ['2024-03-04T10:15:30+02:00', '2024-03-04T10:15:30'],
        ['2023-02-29', { reason: '"2023-02-29" is not a valid date (yyyy-mm-dd)' }],
        ['2024-13-01', { reason: '"2024-13-01" is not a valid date (yyyy-mm-dd)' }],
        ['2024-04-31', { reason: '"2024-04-31" is not a valid date (yyyy-mm-dd)' }],
        ['2024-03-04 24:00', { reason: '"2024-03-04 24:00" has an invalid time' }],
        ['0999-01-01', { reason: '"0999-01-01" is not a valid date (yyyy-mm-dd)' }],
        ['', null],
        ['NA', null],
      ]);
    }
  });

  it('reads day-month-year dates with dots, slashes and dashes', () => {
    check('date', { ...pointOptions, dateOrder: 'dmy' }, [
      ['04.03.2024', '2024-03-04'],
      ['4.3.2024', '2024-03-04'],
      ['04/03/2024', '2024-03-04'],
      ['04-03-2024', '2024-03-04'],
      ['29.02.2024', '2024-02-29'],
      ['31.12.1999 23:59', '1999-12-31T23:59'],
      ['31.12.1999 23:59:58', '1999-12-31T23:59:58'],
      ['31.02.2024', { reason: '"31.02.2024" is not a valid date (dd.mm.yyyy)' }],
      ['29.02.2023', { reason: '"29.02.2023" is not a valid date (dd.mm.yyyy)' }],
      ['12/25/2023', { reason: '"12/25/2023" is not a valid date (dd/mm/yyyy)' }],
      ['04.03.24', { reason: '"04.03.24" has a two-digit year; write the year in full (dd.mm.yyyy)' }],
      ['04.03.202', { reason: '"04.03.202" is not a valid date (dd.mm.yyyy)' }],
      ['04.03/2024', { reason: '"04.03/2024" is not a date' }],
    ]);
  });

  it('reads month-day-year dates, with 12-hour times', () => {
    check('date', { ...pointOptions, dateOrder: 'mdy' }, [
      ['03/04/2024', '2024-03-04'],
      ['12/25/2023', '2023-12-25'],
      ['3/4/2024 1:05 PM', '2024-03-04T13:05'],
      ['3/4/2024 12:00 am', '2024-03-04T00:00'],
      ['3/4/2024 12:30 p.m.', '2024-03-04T12:30'],
      ['25/12/2023', { reason: '"25/12/2023" is not a valid date (mm/dd/yyyy)' }],
      ['3/4/2024 13:05 PM', { reason: '"3/4/2024 13:05 PM" has an invalid time' }],
      ['03/04/24', { reason: '"03/04/24" has a two-digit year; write the year in full (mm/dd/yyyy)' }],
    ]);
  });

  it('refuses day-first and month-first dates when the order is year-first', () => {
    check('date', { ...pointOptions, dateOrder: 'ymd' }, [
      [
        '03/04/2024',
        {
          reason:
            '"03/04/2024" is not a year-first date (set the date order to day-month-year or month-day-year)',
        },
      ],
    ]);
  });

  it('says plainly when a value is no date at all', () => {
    check('date', pointOptions, [
      ['abc', { reason: '"abc" is not a date' }],
      ['2024', { reason: '"2024" is not a date' }],
      ['4 March 2024', { reason: '"4 March 2024" is not a date' }],
    ]);
  });

  it('shows how ambiguous dates read under each order', () => {
    expect(parseDate('03/04/2024', 'dmy')).toEqual({ ok: true, value: '2024-04-03' });
    expect(parseDate('03/04/2024', 'mdy')).toEqual({ ok: true, value: '2024-03-04' });
  });
});

describe('Excel serial dates', () => {
  // Reference serials from Excel itself (1900 date system): DATE(2024,1,1) = 45292, DATE(2000,1,1) =
  // 36526, DATE(1970,1,1) = 25569, DATE(9999,12,31) = 2958465; 1900-02-28 is 59 and 1900-03-01 is 61,
  // with the non-existent 1900-02-29 as 60 between them.
  it('reads bare numbers in a date column as 1900-system serials, with the fraction as the time of day', () => {
    check('date', pointOptions, [
      ['45292', '2024-01-01'],
      [' 45292 ', '2024-01-01'],
      ['36526', '2000-01-01'],
      ['25569', '1970-01-01'],
      ['1', '1900-01-01'],
      ['59', '1900-02-28'],
      ['61', '1900-03-01'],
      ['2958465', '9999-12-31'],
      ['45292.5', '2024-01-01T12:00'],
      ['45292.4375', '2024-01-01T10:30'],
      ['45292.75', '2024-01-01T18:00'],
      // One second is 1/86400 of a day; times are rounded to the second, as Excel shows them.
      ['45292.0000115741', '2024-01-01T00:00:01'],
      ['45292.99999', '2024-01-01T23:59:59'],
      ['45292.999999999', '2024-01-02'],
      // Serial 60 is Excel's 29 February 1900, which never was.
      [
        '60',
        {
          reason:
            '"60" as an Excel serial date is 29 February 1900, a day that did not exist (an old Excel bug); write the date out',
        },
      ],
      [
        '60.5',
        {
          reason:
            '"60.5" as an Excel serial date is 29 February 1900, a day that did not exist (an old Excel bug); write the date out',
        },
      ],
      // Not serials: a four-digit year, zero, beyond 9999-12-31, a sign, a decimal comma, an exponent.
      ['2024', { reason: '"2024" is not a date' }],
      ['0', { reason: '"0" is not a date' }],
      ['0.5', { reason: '"0.5" is not a date' }],
      ['2958466', { reason: '"2958466" is not a date' }],
      ['-45292', { reason: '"-45292" is not a date' }],
      ['45292,5', { reason: '"45292,5" is not a date' }],
      ['4.5292E4', { reason: '"4.5292E4" is not a date' }],
      // Written dates read as before, NA is missing.
      ['01.01.2024', '2024-01-01'],
      ['NA', null],
    ]);
  });

  it('converts serials in both date systems', () => {
    expect(excelSerialToIso(45292)).toBe('2024-01-01');
    expect(excelSerialToIso(45292, true)).toBe('2028-01-02');
    expect(excelSerialToIso(43830, true)).toBe('2024-01-01');
    expect(excelSerialToIso(0, true)).toBe('1904-01-01');
    expect(excelSerialToIso(0)).toBeNull();
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(2958465.5)).toBe('9999-12-31T12:00');
    expect(excelSerialToIso(2958466)).toBeNull();
    expect(excelSerialToIso(2957003, true)).toBe('9999-12-31');
    expect(excelSerialToIso(2957004, true)).toBeNull();
    expect(excelSerialToIso(Number.NaN)).toBeNull();
    expect(parseExcelSerialDate('2024-01-01')).toBeNull();
    expect(parseExcelSerialDate('45292')).toEqual({ ok: true, value: '2024-01-01' });
  });

  it('are not used by type inference: parseDate itself does not read them', () => {
    expect(parseDate('45292', 'dmy')).toEqual({ ok: false, reason: '"45292" is not a date' });
  });
});

describe('boolean', () => {
  it('reads yes/no words in several languages, any case', () => {
    check('boolean', pointOptions, [
      ['Yes', true],
      ['no', false],
      ['TRUE', true],
      ['f', false],
      ['1', true],
      ['0', false],
      ['ja', true],
      ['Nein', false],
      ['oui', true],
      ['non', false],
      ['sí', true],
      ['não', false],
      ['tak', true],
      ['nie', false],
      ['ano', true],
      ['да', true],
      ['нет', false],
      [' y ', true],
      ['NA', null],
      ['maybe', { reason: '"maybe" is not a yes/no value' }],
      ['2', { reason: '"2" is not a yes/no value' }],
      ['Churned', { reason: '"Churned" is not a yes/no value' }],
    ]);
  });
});

describe('category and text', () => {
  it('trim surrounding blanks and keep everything else', () => {
    for (const type of ['category', 'text'] as const) {
      check(type, pointOptions, [
        ['  Month-to-month ', 'Month-to-month'],
        ['a  b', 'a  b'],
        ['007', '007'],
        ['NA', null],
        ['na', 'na'],
        ['', null],
      ]);
    }
  });

  it('cuts long values short in reasons', () => {
    const parse = makeValueParser('integer', pointOptions);
    expect(parse('x'.repeat(100))).toEqual({ ok: false, reason: `"${'x'.repeat(37)}…" is not an integer` });
  });
});
