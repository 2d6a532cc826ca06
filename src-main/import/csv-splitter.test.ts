import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter, CsvSyntaxError, countLineBreaks, type CsvRecord } from './csv-splitter';

function split(text: string, delimiter = ',', quote = '"', pieces?: number[]): CsvRecord[] {
  const splitter = new CsvRecordSplitter(delimiter, quote);
  const out: CsvRecord[] = [];
  if (pieces === undefined) {
    splitter.push(text, true, out);
    return out;
  }
  let pos = 0;
  for (const end of pieces) {
    splitter.push(text.slice(pos, end), false, out);
    pos = end;
  }
  splitter.push(text.slice(pos), true, out);
  return out;
}

function syntaxError(fn: () => unknown): CsvSyntaxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('CsvRecordSplitter', () => {
  it('splits plain lines and numbers them', () => {
    expect(split('a,b\n1,2\n3,4')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('reads quoted delimiters, doubled quotes and quoted line breaks, and counts the lines they span', () => {
    const text = 'id,c\n1,"x, y"\n2,"say ""hi"""\n3,"l1\nl2\r\nl3\rl4"\n4,""\n5,end\n';
    expect(split(text)).toEqual([
      { line: 1, fields: ['id', 'c'] },
      { line: 2, fields: ['1', 'x, y'] },
      { line: 3, fields: ['2', 'say "hi"'] },
      { line: 4, fields: ['3', 'l1\nl2\r\nl3\rl4'] },
      { line: 8, fields: ['4', ''] },
      { line: 9, fields: ['5', 'end'] },
    ]);
  });

  it('accepts LF, CRLF and lone CR record ends, mixed in one file', () => {
    expect(split('a,b\r\n1,2\n3,4\r5,6\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
      { line: 4, fields: ['5', '6'] },
    ]);
  });

  it('skips empty and blank lines but counts them', () => {
    expect(split('a,b\n\n  \n\t\r\n1,2\n\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 5, fields: ['1', '2'] },
    ]);
  });

  it('keeps a line of empty fields and a quoted empty value', () => {
    expect(split(',,\n""\n')).toEqual([
      { line: 1, fields: ['', '', ''] },
      { line: 2, fields: [''] },
    ]);
  });

  it('does not trim, keeps quotes inside unquoted fields, and ignores blanks after a closing quote', () => {
    expect(split(' a , 5" screen ,"q"  ,x\n')).toEqual([
      { line: 1, fields: [' a ', ' 5" screen ', 'q', 'x'] },
    ]);
  });

  it('yields ragged rows as they are', () => {
    expect(split('a,b,c\n1,2\n1,2,3,4\n').map((r) => r.fields.length)).toEqual([3, 2, 4]);
  });

  it('handles a trailing delimiter at the end of the file', () => {
    expect(split('a,b,')).toEqual([{ line: 1, fields: ['a', 'b', ''] }]);
  });

  it('uses other delimiters and quote characters', () => {
    expect(split("a;'b;c';d\n", ';', "'")).toEqual([{ line: 1, fields: ['a', 'b;c', 'd'] }]);
    expect(split('a\tb,c\n', '\t')).toEqual([{ line: 1, fields: ['a', 'b,c'] }]);
  });

  it('reports a quote that is never closed at the line and column where it opens', () => {
    const error = syntaxError(() => split('a,b,c\n1,2,3\n4,"x\n5",6\n7,8,"open\n9,9,9\n'));
    expect(error.line).toBe(5);
    expect(error.column).toBe(3);
    expect(error.problem).toBe('a quoted field is never closed');
  });

  it('reports text after a closing quote', () => {
    const error = syntaxError(() => split('a,b\n1,"x"y\n'));
    expect([error.line, error.column]).toEqual([2, 2]);
    expect(error.problem).toMatch(/^unexpected text after the closing quote \("y\\n"\)/);
  });

  it('stops a pending record that grows past the limit, naming the open quote', () => {
    const splitter = new CsvRecordSplitter(',', '"', 100);
    const out: CsvRecord[] = [];
    splitter.push('a,b\n1,"', false, out);
    const error = syntaxError(() => splitter.push('x'.repeat(200), false, out));
    expect([error.line, error.column]).toEqual([2, 2]);
    expect(error.problem).toBe('a quoted field is never closed (it runs on for more than 100 characters)');
  });

  it('stops an unquoted line that grows past the limit (wrong delimiter or no line breaks)', () => {
    const splitter = new CsvRecordSplitter(',', '"', 100);
    const error = syntaxError(() => splitter.push('y'.repeat(200), false, []));
    expect(error.problem).toBe(
      'a record is longer than 100 characters without a line break; is the delimiter right?',
    );
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'h1,h2,h3\r\n"a\r\nb",2,"x""y"\r\n\r\nplain,"",3\r\n"q,q",  ,"end"\r\nlast,row,here';
    const whole = split(text);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(split(text, ',', '"', [cut])).toEqual(whole);
    }
    for (let size = 1; size <= 7; size++) {
      const pieces: number[] = [];
      for (let end = size; end < text.length; end += size) pieces.push(end);
      expect(split(text, ',', '"', pieces)).toEqual(whole);
    }
  });

  it('agrees with csv-parse on random CSV (fields; and line numbers where csv-parse counts them right)', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', '1', '.'];
    for (let round = 0; round < 200; round++) {
      const rows: string[] = [];
      const rowCount = 1 + random(8);
      for (let r = 0; r < rowCount; r++) {
        const fields: string[] = [];
        const fieldCount = 1 + random(5);
        for (let f = 0; f < fieldCount; f++) {
          let value = '';
          const length = random(6);
          for (let k = 0; k < length; k++) value += alphabet[random(alphabet.length)];
          // A lone unquoted blank field would be a blank line, which we skip and csv-parse does not.
          const needsQuotes = /[",\r\n]/.test(value) || value.trim() === '' || random(3) === 0;
          fields.push(needsQuotes ? `"${value.replace(/"/g, '""')}"` : value);
        }
        rows.push(fields.join(','));
      }
      const text = rows.join('\n') + (random(2) === 0 ? '\n' : '');
      const expected = parse(text, {
        relax_column_count: true,
        record_delimiter: ['\r\n', '\n', '\r'],
        info: true,
      }) as unknown as { info: { lines: number }; record: string[] }[];
      const actual = split(text);
      expect(actual.map((r) => r.fields)).toEqual(expected.map((e) => e.record));
      // csv-parse reports the line a record ends on; ours is where it starts. It counts a CRLF inside
      // quotes as two lines, so only LF files are compared.
      if (text.includes('\r')) continue;
      expect(actual.map((r) => r.line + r.fields.reduce((n, f) => n + countLineBreaks(f), 0))).toEqual(
        expected.map((e) => e.info.lines),
      );
    }
  });

  it('rejects unusable delimiter/quote settings', () => {
    expect(() => new CsvRecordSplitter(',,', '"')).toThrow();
    expect(() => new CsvRecordSplitter('"', '"')).toThrow();
    expect(() => new CsvRecordSplitter('\n', '"')).toThrow();
  });
});

describe('countLineBreaks', () => {
  it('counts CRLF, LF and lone CR once each', () => {
    expect(countLineBreaks('plain')).toBe(0);
    expect(countLineBreaks('a\r\nb\nc\rd')).toBe(3);
    expect(countLineBreaks('\r\r\n\n')).toBe(3);
  });
});
