import { describe, expect, it } from 'vitest';
import { RowHashes } from './row-hashes';

describe('RowHashes', () => {
  it('returns the first line of an exact repeat, and 0 for rows not seen before', () => {
    const rows = new RowHashes();
    expect(rows.firstLineOf(['a', 'b'], 2)).toBe(0);
    expect(rows.firstLineOf(['a', 'bc'], 3)).toBe(0);
    expect(rows.firstLineOf(['ab', 'c'], 4)).toBe(0);
    expect(rows.firstLineOf(['a', 'b '], 5)).toBe(0);
    expect(rows.firstLineOf(['a', 'b'], 6)).toBe(2);
    expect(rows.firstLineOf(['ab', 'c'], 9)).toBe(4);
  });

  it('keeps every row through growth: 300,000 distinct rows, then each again', () => {
    const rows = new RowHashes();
    for (let i = 0; i < 300_000; i++) {
      expect(rows.firstLineOf([`c${i % 997}`, `2024-01-${i % 28}`, String(i)], i + 1)).toBe(0);
    }
    let repeats = 0;
    for (let i = 0; i < 300_000; i++) {
      if (rows.firstLineOf([`c${i % 997}`, `2024-01-${i % 28}`, String(i)], 400_000 + i) === i + 1)
        repeats += 1;
    }
    expect(repeats).toBe(300_000);
  });
});
