import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, neutraliseFormula } from './csv';

describe('csv cells', () => {
  it('neutralises every character a spreadsheet starts a formula with', () => {
    for (const value of ['=1+1', '+49 30 1234', '-3', '@SUM(A1)', '\t=cmd', '\r=cmd']) {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
    expect(neutraliseFormula('a=1')).toBe('a=1');
    expect(neutraliseFormula('')).toBe('');
  });

  it('quotes commas, quotes and line breaks, and reads back exactly with a CSV parser', () => {
    const cells = ['plain', 'a, b', 'say "hi"', 'two\nlines', '=HYPERLINK("x")', '', 12.5, null];
    const line = csvLine(cells);
    expect(line).toBe('plain,"a, b","say ""hi""","two\nlines","\'=HYPERLINK(""x"")",,12.5,\r\n');
    expect(parse(line)).toEqual([
      ['plain', 'a, b', 'say "hi"', 'two\nlines', '\'=HYPERLINK("x")', '', '12.5', ''],
    ]);
    expect(csvCell(undefined)).toBe('');
  });
});
