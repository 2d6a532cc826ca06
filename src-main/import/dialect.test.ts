import { describe, expect, it } from 'vitest';
import { sniffDialect } from './dialect';

describe('sniffDialect: delimiter', () => {
  it('finds comma, semicolon, tab and vertical bar', () => {
    expect(sniffDialect('a,b,c\n1,2,3\n4,5,6\n').delimiter).toEqual({
      value: ',',
      reason: 'comma splits every row into 3 fields',
    });
    expect(sniffDialect('a;b\n1;2\n').delimiter.value).toBe(';');
    expect(sniffDialect('a\tb\n1,5\t2\n').delimiter.value).toBe('\t');
    expect(sniffDialect('a|b|c\n1|2|3\n').delimiter.value).toBe('|');
  });

  it('respects quotes: delimiters inside quoted fields do not count', () => {
    const text = 'id;note\n1;"a, b, c"\n2;"d, e"\n3;"f, g, h, i"\n';
    expect(sniffDialect(text).delimiter.value).toBe(';');
    const quotedNewline = 'id,note\n1,"line one\nline two"\n2,plain\n';
    expect(sniffDialect(quotedNewline).delimiter).toEqual({
      value: ',',
      reason: 'comma splits every row into 2 fields',
    });
  });

  it('prefers the semicolon when commas are decimal commas, even with equally consistent counts', () => {
    expect(sniffDialect('1,5;2,5\n3,5;4,5\n').delimiter).toEqual({
      value: ';',
      reason: 'semicolon splits every row into 2 fields; fields like 1,5 use a decimal comma',
    });
  });

  it('otherwise prefers the candidate with more fields when two fit', () => {
    expect(sniffDialect('a,b,c;d\n1,2,3;4\n').delimiter.value).toBe(',');
  });

  it('falls back to comma for a single column, with a warning', () => {
    const guess = sniffDialect('name\nAnn\nBob\n');
    expect(guess.delimiter).toEqual({
      value: ',',
      reason:
        'only one column found (no comma, semicolon, tab or vertical bar splits the rows); comma assumed',
    });
    expect(guess.warnings).toContain(
      'Only one column was found. If the file has several, choose the delimiter.',
    );
  });

  it('tolerates a few ragged rows', () => {
    const rows = ['a,b,c', ...Array.from({ length: 20 }, (_, i) => `${i},x,y`), '1,2', '1,2,3,4'];
    expect(sniffDialect(rows.join('\n')).delimiter).toEqual({
      value: ',',
      reason: 'comma splits 91% of rows into 3 fields',
    });
  });

  it('uses a delimiter chosen by the user', () => {
    const guess = sniffDialect('a,b;c\n1,2;3\n', { delimiter: ';' });
    expect(guess.delimiter).toEqual({ value: ';', reason: 'chosen by you' });
  });
});

describe('sniffDialect: quote', () => {
  it('is the double quote unless fields are wrapped in single quotes', () => {
    expect(sniffDialect('a,b\n"x",1\n').quote.value).toBe('"');
    expect(sniffDialect('a,b\nx,1\n').quote).toEqual({
      value: '"',
      reason: 'no quoted fields seen; the standard double quote (") is assumed',
    });
    expect(sniffDialect("a,b\n'x, y',1\n'z',2\n").quote).toEqual({
      value: "'",
      reason: "fields are wrapped in single quotes ('…')",
    });
  });
});

describe('sniffDialect: header', () => {
  it('sees text above numbers as a header', () => {
    expect(sniffDialect('id,age\nA1,34\nA2,51\n').hasHeader).toEqual({
      value: true,
      reason: 'the first row is text ("age") above only numbers or dates in the rows below',
    });
  });

  it('sees a first row with numbers as data', () => {
    expect(sniffDialect('A1,34\nA2,51\n').hasHeader).toEqual({
      value: false,
      reason: 'the first row contains numbers or dates (e.g. "34"), so it is data',
    });
  });

  it('keeps R-style headers with an empty first name', () => {
    expect(sniffDialect('"","x"\n"1",2.5\n"2",3.5\n').hasHeader.value).toBe(true);
  });

  it('decides all-text files by whether the first row looks like names', () => {
    expect(sniffDialect('name,city\nAnn,Oslo\nBob,Bergen\n').hasHeader).toEqual({
      value: true,
      reason:
        'every column is text; the first row’s values are unique and never occur again below, so they look like names',
    });
    expect(sniffDialect('Ann,Oslo\nBob,Oslo\n').hasHeader).toEqual({
      value: false,
      reason:
        'every column is text and the first row does not look like names ("Oslo" occurs again further down)',
    });
  });

  it('reads a single text row as a header (a header-only file)', () => {
    expect(sniffDialect('id,name,churned\n').hasHeader).toEqual({
      value: true,
      reason: 'there is only one row, all text: read as a header',
    });
  });
});

describe('sniffDialect: decimal separator', () => {
  it('finds decimal points and decimal commas from unambiguous numbers', () => {
    expect(sniffDialect('a,b\nx,29.85\ny,3\n').decimal).toEqual({
      value: '.',
      reason: 'numbers like 29.85 use a decimal point',
    });
    expect(sniffDialect('a;b\nx;1,5\ny;2\n').decimal).toEqual({
      value: ',',
      reason: 'numbers like 1,5 use a decimal comma',
    });
    expect(sniffDialect('a;b\nx;1.234,56\n').decimal.value).toBe(',');
    expect(sniffDialect('a,b\nx,"1,234.56"\n').decimal.value).toBe('.');
  });

  it('reads 1,500 in a semicolon file as a decimal comma, and assumes a point otherwise', () => {
    expect(sniffDialect('a;b\nx;1,500\n').decimal).toEqual({
      value: ',',
      reason: 'numbers like 1,500 in a semicolon-separated file: decimal comma assumed',
    });
    expect(sniffDialect('a\tb\nx\t1.500\n').decimal).toEqual({
      value: '.',
      reason: '1.500 could be a decimal or a thousand; decimal point assumed',
    });
    expect(sniffDialect('a,b\nx,1\n').decimal).toEqual({
      value: '.',
      reason: 'no decimal numbers seen; decimal point assumed',
    });
  });

  it('does not take dates for decimals', () => {
    expect(sniffDialect('a;b\nx;03.04.2024\n').decimal.reason).toBe(
      'no decimal numbers seen; decimal point assumed',
    );
  });
});

describe('sniffDialect: date order', () => {
  it('reads ISO dates as year-month-day', () => {
    expect(sniffDialect('id,d\n1,2024-03-04\n').dateOrder).toEqual({
      value: 'ymd',
      reason: 'dates like 2024-03-04 are year-month-day (ISO)',
    });
  });

  it('takes a first part above 12 as proof of day-month-year, a second as month-day-year', () => {
    expect(sniffDialect('id;d\n1;03.04.2024\n2;25.12.2023\n').dateOrder).toEqual({
      value: 'dmy',
      reason: 'dates like 25.12.2023 have a day above 12 first: day-month-year',
    });
    const mdy = sniffDialect('id,d\n1,03/04/2024\n2,12/25/2023\n');
    expect(mdy.dateOrder).toEqual({
      value: 'mdy',
      reason: 'dates like 12/25/2023 have a day above 12 second: month-day-year',
    });
    expect(mdy.warnings).toEqual([]);
  });

  it('says when nothing proves the order, and assumes the separator’s usual order', () => {
    const slashed = sniffDialect('id,d\n1,03/04/2024\n2,01/02/2024\n');
    expect(slashed.dateOrder).toEqual({
      value: 'mdy',
      reason:
        '03/04/2024 could be 3 April or 4 March; no date proves the order, so month/day/year is assumed (usual with "/")',
    });
    expect(slashed.warnings).toEqual([
      'Check the date order: 03/04/2024 could be 3 April or 4 March; no date proves the order, so month/day/year is assumed (usual with "/").',
    ]);
    expect(sniffDialect('id;d\n1;03.04.2024\n').dateOrder).toEqual({
      value: 'dmy',
      reason:
        '03.04.2024 could be 3 April or 4 March; no date proves the order, so day.month.year is assumed (usual with ".")',
    });
  });

  it('reports dates that contradict each other', () => {
    const guess = sniffDialect('id,d\n1,25/12/2023\n2,12/25/2023\n3,13/01/2024\n');
    expect(guess.dateOrder).toEqual({
      value: 'dmy',
      reason:
        'dates disagree: 25/12/2023 is day-first but 12/25/2023 is month-first; the more common day-month-year is assumed',
    });
    expect(guess.warnings).toHaveLength(1);
  });

  it('assumes ISO when there are no dates', () => {
    expect(sniffDialect('a,b\n1,2\n').dateOrder).toEqual({
      value: 'ymd',
      reason: 'no dates seen; year-month-day (ISO) assumed',
    });
  });
});
