import { describe, expect, it } from 'vitest';
import { columnNames } from './columns';

describe('columnNames', () => {
  it('trims header names', () => {
    expect(columnNames([' id ', 'name'], 2)).toEqual(['id', 'name']);
  });

  it('names empty header cells by position', () => {
    expect(columnNames(['', 'x', '  '], 3)).toEqual(['column 1', 'x', 'column 3']);
  });

  it('makes repeated names unique', () => {
    expect(columnNames(['x', 'x', 'y', 'x'], 4)).toEqual(['x', 'x (2)', 'y', 'x (3)']);
    expect(columnNames(['x', 'x (2)', 'x'], 3)).toEqual(['x', 'x (2)', 'x (3)']);
  });

  it('numbers columns when there is no header', () => {
    expect(columnNames(null, 3)).toEqual(['column 1', 'column 2', 'column 3']);
  });

  it('names missing header cells by position and drops extra ones', () => {
    expect(columnNames(['a'], 2)).toEqual(['a', 'column 2']);
    expect(columnNames(['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
  });
});
